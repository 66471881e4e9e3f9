// Evidence files of the work ledger (佐证材料): name sanitising, type check by magic bytes, size
// limit, and storage under the evidence folder next to the database. Files are stored under their
// evidence id (hex), never under a name from the request, so no request can choose a path.
#pragma once

#include <string>
#include <string_view>

#include "zj/common/status.h"

namespace zj::server {

// The name as stored: trimmed; kInvalidArgument (Chinese message) when it is empty, longer than
// 120 bytes, not UTF-8, contains a path separator, "..", a bidirectional formatting character
// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: they disguise "x\u202Efdp.exe" as
// "xexe.pdf"), a control or invisible character (C0/C1, DEL, zero-width, U+2028/2029, BOM) or
// NUL, starts with a dot, or has no extension from the allowed list (.pdf .png .jpg .jpeg .xlsx
// .docx).
Result<std::string> SanitizeEvidenceName(std::string_view name);

// The media type detected from the content's magic bytes, which must agree with the extension:
// %PDF- → application/pdf; \x89PNG → image/png; \xFF\xD8\xFF → image/jpeg; PK\x03\x04 (OOXML)
// → the xlsx/docx types. kInvalidArgument for empty content, unknown content or a mismatch.
Result<std::string> DetectEvidenceType(std::string_view content, std::string_view sanitized_name);

// Writes `content` to dir/<id> through a temporary file renamed into place (creating dir).
Status StoreEvidenceFile(const std::string& dir, const std::string& id, std::string_view content);
Result<std::string> ReadEvidenceFile(const std::string& dir, const std::string& id);
void RemoveEvidenceFile(const std::string& dir, const std::string& id);

}  // namespace zj::server
