// Document → UTF-8 text for plan extraction (zj/io/document_text.h): sniffs PDF / zip / text
// from the first bytes; decodes text with iconv (BOMs, UTF-8 validity, else GB18030); reads a
// .docx's word/document.xml with libzip + expat (a paragraph per line, tabs and breaks kept, one
// line per table cell, an empty line after each table row); reads a PDF page by page with
// poppler-cpp and refuses one whose pages carry no text (a scan).
#include "zj/io/document_text.h"

#include <expat.h>
#include <iconv.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <zip.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "text.h"

namespace zj::io {
namespace {

Status NotADocument() {
  return Status::InvalidArgument(
      "无法识别文件内容：不是文本、Word (.docx) 或 PDF 文件（.doc/.wps 请先另存为 .docx）");
}

// ---- text ---------------------------------------------------------------------------------

Result<std::string> Iconv(std::string_view in, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return Status::Internal(std::string("iconv ") + from);
  std::string out(in.size() * 2 + 16, '\0');
  std::string input(in);
  char* in_p = input.data();
  size_t in_left = input.size();
  char* out_p = out.data();
  size_t out_left = out.size();
  Status status;
  while (in_left > 0) {
    if (iconv(cd, &in_p, &in_left, &out_p, &out_left) != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      size_t used = static_cast<size_t>(out_p - out.data());
      out.resize(out.size() * 2);
      out_p = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    status = Status::InvalidArgument(std::string("文件中有无法按 ") + from +
                                     " 解码的字节，请确认文件编码（支持 UTF-8、GB18030/GBK）");
    break;
  }
  iconv_close(cd);
  if (!status.ok()) return status;
  out.resize(static_cast<size_t>(out_p - out.data()));
  return out;
}

Result<DocumentText> DecodeText(std::string bytes) {
  DocumentText doc;
  std::string_view s = bytes;
  if (s.starts_with("\xEF\xBB\xBF")) {
    doc.encoding = "UTF-8 (BOM)";
    s.remove_prefix(3);
    if (!internal::IsValidUtf8(s)) {
      return Status::InvalidArgument("文件开头是 UTF-8 标记，但内容中有无效的 UTF-8 字节");
    }
    doc.text = std::string(s);
  } else if (s.starts_with("\xFF\xFE") || s.starts_with("\xFE\xFF")) {
    doc.encoding = s[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    ZJ_ASSIGN_OR_RETURN(doc.text, Iconv(s.substr(2), doc.encoding.c_str()));
  } else {
    size_t control = 0;
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      if (c == 0) return NotADocument();
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++control;
    }
    if (control * 50 > s.size()) return NotADocument();
    if (internal::IsValidUtf8(s)) {
      doc.encoding = "UTF-8";
      doc.text = std::move(bytes);
    } else {
      doc.encoding = "GB18030";
      ZJ_ASSIGN_OR_RETURN(doc.text, Iconv(s, "GB18030"));
    }
  }
  // \r\n and lone \r → \n
  std::string text;
  text.reserve(doc.text.size());
  for (size_t i = 0; i < doc.text.size(); ++i) {
    char c = doc.text[i];
    if (c == '\r') {
      text.push_back('\n');
      if (i + 1 < doc.text.size() && doc.text[i + 1] == '\n') ++i;
    } else {
      text.push_back(c);
    }
  }
  doc.text = std::move(text);
  return doc;
}

// ---- docx ---------------------------------------------------------------------------------

// word/document.xml → text: <w:t> runs, <w:tab/> as a tab, <w:br/>/<w:cr/> and </w:p> as line
// ends, </w:tr> as an empty line. DTDs and entity declarations are refused (XML bombs).
class DocxSax {
 public:
  DocxSax() {
    parser_ = XML_ParserCreateNS(nullptr, '|');
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Start, &End);
    XML_SetCharacterDataHandler(parser_, &Chars);
    XML_SetStartDoctypeDeclHandler(parser_, &Doctype);
  }
  ~DocxSax() { XML_ParserFree(parser_); }
  DocxSax(const DocxSax&) = delete;
  DocxSax& operator=(const DocxSax&) = delete;

  Status Feed(const char* data, size_t n, bool final) {
    if (XML_Parse(parser_, data, static_cast<int>(n), final ? 1 : 0) == XML_STATUS_ERROR) {
      if (refused_) return Status::InvalidArgument("Word 文件含有 DTD 声明，已拒绝");
      return Status::InvalidArgument("Word 文件已损坏：word/document.xml 第 " +
                                     std::to_string(XML_GetCurrentLineNumber(parser_)) +
                                     " 行 XML 错误：" + XML_ErrorString(XML_GetErrorCode(parser_)));
    }
    return Status::Ok();
  }
  std::string& text() { return text_; }

 private:
  static std::string_view Local(const XML_Char* name) {
    std::string_view n(name);
    size_t bar = n.rfind('|');
    return bar == std::string_view::npos ? n : n.substr(bar + 1);
  }
  static void Start(void* ud, const XML_Char* name, const XML_Char**) {
    auto* self = static_cast<DocxSax*>(ud);
    std::string_view n = Local(name);
    if (n == "t") self->in_text_ = true;
    if (n == "tab") self->text_.push_back('\t');
    if (n == "br" || n == "cr") self->text_.push_back('\n');
  }
  static void End(void* ud, const XML_Char* name) {
    auto* self = static_cast<DocxSax*>(ud);
    std::string_view n = Local(name);
    if (n == "t") self->in_text_ = false;
    if (n == "p") self->text_.push_back('\n');
    if (n == "tr") self->text_.push_back('\n');
  }
  static void Chars(void* ud, const XML_Char* s, int len) {
    auto* self = static_cast<DocxSax*>(ud);
    if (self->in_text_) self->text_.append(s, static_cast<size_t>(len));
  }
  static void Doctype(void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* self = static_cast<DocxSax*>(ud);
    self->refused_ = true;
    XML_StopParser(self->parser_, XML_FALSE);
  }

  XML_Parser parser_;
  std::string text_;
  bool in_text_ = false;
  bool refused_ = false;
};

Result<DocumentText> ReadDocx(const std::string& bytes, const DocumentLimits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (src == nullptr) {
    zip_error_fini(&error);
    return Status::Internal("zip_source_buffer_create");
  }
  zip_t* zip = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (zip == nullptr) {
    zip_source_free(src);
    return Status::InvalidArgument("Word 文件已损坏：不是有效的 zip 压缩包");
  }
  std::unique_ptr<zip_t, int (*)(zip_t*)> guard(zip, zip_close);
  zip_int64_t idx = zip_name_locate(zip, "word/document.xml", 0);
  if (idx < 0) {
    return Status::InvalidArgument(
        "不是 Word 文档：压缩包里没有 word/document.xml（可能是 .xlsx 或其他 zip 文件）");
  }
  zip_file_t* f = zip_fopen_index(zip, static_cast<zip_uint64_t>(idx), 0);
  if (f == nullptr) return Status::InvalidArgument("Word 文件已损坏：无法解压 word/document.xml");
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file_guard(f, zip_fclose);
  DocxSax sax;
  char buf[64 * 1024];
  int64_t total = 0;
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) return Status::InvalidArgument("Word 文件已损坏：word/document.xml 解压失败");
    total += n;
    if (total > limits.max_xml_bytes) {
      return Status::ResourceExhausted("Word 文件内容过大（word/document.xml 超过 " +
                                       std::to_string(limits.max_xml_bytes >> 20) + " MB）");
    }
    ZJ_RETURN_IF_ERROR(sax.Feed(buf, static_cast<size_t>(n), n == 0));
    if (n == 0) break;
  }
  DocumentText doc;
  doc.kind = DocumentKind::kDocx;
  doc.encoding = "UTF-8";
  doc.text = std::move(sax.text());
  return doc;
}

// ---- pdf ----------------------------------------------------------------------------------

Result<DocumentText> ReadPdf(const std::string& bytes) {
  // poppler reports syntax errors of damaged files on stderr by default; the caller gets one
  // Status instead, so its messages are dropped.
  static std::once_flag quiet;
  std::call_once(
      quiet, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (pdf == nullptr) return Status::InvalidArgument("PDF 文件已损坏或无法打开");
  if (pdf->is_locked()) return Status::InvalidArgument("PDF 文件已加密，请提供未加密的版本");
  DocumentText doc;
  doc.kind = DocumentKind::kPdf;
  doc.encoding = "UTF-8";
  doc.pages = pdf->pages();
  size_t visible = 0;
  for (int i = 0; i < doc.pages; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (page == nullptr) continue;
    poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
    std::string text(utf8.begin(), utf8.end());
    for (char c : text) {
      if (!std::isspace(static_cast<unsigned char>(c))) ++visible;
    }
    doc.text += text;
    if (!doc.text.empty() && doc.text.back() != '\n') doc.text.push_back('\n');
  }
  if (visible == 0) {
    return Status::InvalidArgument(
        "PDF 没有文字层（可能是扫描件），无法提取文字：请先做文字识别（OCR），或提供 Word/文本版");
  }
  // Form feeds between pages → line ends.
  for (char& c : doc.text) {
    if (c == '\f') c = '\n';
  }
  return doc;
}

}  // namespace

const char* DocumentKindName(DocumentKind k) {
  switch (k) {
    case DocumentKind::kText:
      return "text";
    case DocumentKind::kDocx:
      return "docx";
    case DocumentKind::kPdf:
      return "pdf";
  }
  return "?";
}

Result<DocumentText> DocumentTextFromBytes(std::string bytes, const DocumentLimits& limits) {
  if (bytes.empty()) return Status::InvalidArgument("文件为空");
  if (static_cast<int64_t>(bytes.size()) > limits.max_file_bytes) {
    return Status::ResourceExhausted("文件过大（超过 " +
                                     std::to_string(limits.max_file_bytes >> 20) + " MB）");
  }
  std::string_view s = bytes;
  if (s.starts_with("%PDF-")) return ReadPdf(bytes);
  if (s.starts_with("PK\x03\x04") || s.starts_with("PK\x05\x06")) return ReadDocx(bytes, limits);
  if (s.starts_with("\xD0\xCF\x11\xE0")) {
    return Status::InvalidArgument("不支持旧版 Word (.doc) 文件，请在 Word/WPS 中另存为 .docx");
  }
  return DecodeText(std::move(bytes));
}

Result<DocumentText> ReadDocumentText(const std::string& path, const DocumentLimits& limits) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument("不是文件而是目录：" + path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return Status::NotFound("文件不存在：" + path);
    return Status::IoError("无法读取文件：" + path + "（" + std::strerror(errno) + "）");
  }
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return Status::IoError("无法读取文件：" + path);
  if (size > limits.max_file_bytes) {
    return Status::ResourceExhausted(
        "文件过大（超过 " + std::to_string(limits.max_file_bytes >> 20) + " MB）：" + path);
  }
  in.seekg(0);
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), size);
  if (!in) return Status::IoError("无法读取文件：" + path);
  return DocumentTextFromBytes(std::move(bytes), limits);
}

}  // namespace zj::io
