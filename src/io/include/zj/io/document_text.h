// The text of a document the user names — a plan as plain text (UTF-8, UTF-16 with BOM or
// GB18030/GBK), a Word .docx (zip + word/document.xml: paragraphs, table cells one per line) or a
// PDF with a text layer (poppler) — as UTF-8, for `zhijiao plan extract`
// (zj/engine/plan_extract.h). The kind is sniffed from the bytes, never from the file name.
#pragma once

#include <cstdint>
#include <string>

#include "zj/common/status.h"

namespace zj::io {

enum class DocumentKind { kText, kDocx, kPdf };
const char* DocumentKindName(DocumentKind k);  // "text", "docx", "pdf"

struct DocumentText {
  DocumentKind kind = DocumentKind::kText;
  std::string encoding;  // text: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "GB18030"
  std::string text;      // UTF-8, lines separated by '\n'
  int pages = 0;         // PDF only
};

struct DocumentLimits {
  int64_t max_file_bytes = 64LL << 20;  // the file itself
  int64_t max_xml_bytes = 128LL << 20;  // word/document.xml once inflated
};

// Reads and converts `path`. Errors (kInvalidArgument unless said otherwise), each one Chinese
// line: the file is missing (kNotFound) or unreadable (kIoError); empty; larger than the limit
// (kResourceExhausted); binary content that is no supported document; a zip without
// word/document.xml or a broken docx; a PDF that cannot be opened or is encrypted; a PDF without
// a text layer (a scan: "没有文字层"); text in no supported encoding.
Result<DocumentText> ReadDocumentText(const std::string& path, const DocumentLimits& = {});
// The same over bytes in memory (the HTTP upload, tests).
Result<DocumentText> DocumentTextFromBytes(std::string bytes, const DocumentLimits& = {});

}  // namespace zj::io
