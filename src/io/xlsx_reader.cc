// Streaming XLSX reader: libzip for the package, expat (SAX, namespace-aware, DTDs refused) for
// the parts. Sheets are inflated and parsed chunk by chunk while rows are pulled by Next().
#include "zj/io/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "text.h"

namespace zj::io {
namespace {

constexpr size_t kChunk = 64 * 1024;

Status Corrupt(const std::string& what) {
  return Status::InvalidArgument("Excel 文件已损坏或不完整（" + what +
                                 "），请在 Excel/WPS 中打开后重新另存为 .xlsx");
}

std::string_view LocalName(const XML_Char* name) {
  std::string_view n(name);
  size_t bar = n.rfind('|');
  if (bar != std::string_view::npos) n.remove_prefix(bar + 1);
  size_t colon = n.rfind(':');
  if (colon != std::string_view::npos) n.remove_prefix(colon + 1);
  return n;
}

// Attribute by local name ("r", "t", "id" …); nullptr when absent.
const char* Attr(const XML_Char** attrs, std::string_view local) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

// Attribute whose full (namespace-qualified) name ends with `suffix` — used for r:id, which
// shares its local name "id" with other attributes.
const char* RelId(const XML_Char** attrs) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    std::string_view n(attrs[i]);
    if (n.find('|') != std::string_view::npos && LocalName(attrs[i]) == "id") return attrs[i + 1];
  }
  return Attr(attrs, "id");
}

bool ParseInt64(const char* s, int64_t* out) {
  if (s == nullptr || *s == '\0') return false;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(s, &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

// OOXML escapes characters XML cannot carry as _xHHHH_.
std::string DecodeXEscapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      bool hex = true;
      unsigned v = 0;
      for (size_t k = i + 2; k < i + 6; ++k) {
        char c = s[k];
        int d = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (d < 0) {
          hex = false;
          break;
        }
        v = v * 16 + static_cast<unsigned>(d);
      }
      if (hex) {
        if (v < 0x80) {
          out.push_back(static_cast<char>(v));
        } else if (v < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (v >> 6)));
          out.push_back(static_cast<char>(0x80 | (v & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xE0 | (v >> 12)));
          out.push_back(static_cast<char>(0x80 | ((v >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (v & 0x3F)));
        }
        i += 7;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

// Whether a number format shows a date: built-in ids, or a custom code with day/year parts.
bool IsDateFormat(int id, const std::string* code) {
  if (code == nullptr) {
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
  }
  std::string c;
  bool in_quote = false;
  for (size_t i = 0; i < code->size(); ++i) {
    char ch = (*code)[i];
    if (in_quote) {
      if (ch == '"') in_quote = false;
      continue;
    }
    if (ch == '"') {
      in_quote = true;
    } else if (ch == '\\' || ch == '_' || ch == '*') {
      ++i;  // escaped / padding character
    } else if (ch == '[') {
      size_t close = code->find(']', i);
      if (close == std::string::npos) break;
      i = close;
    } else if (ch == ';') {
      break;  // first section decides
    } else {
      c.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    }
  }
  if (c.find("general") != std::string::npos) return false;
  return c.find('y') != std::string::npos || c.find('d') != std::string::npos;
}

// Joins a relationship target to the directory of its source part.
std::string ResolveTarget(const std::string& base_dir, const std::string& target) {
  std::string path = target.starts_with("/") ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string part =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// ---- SAX base -----------------------------------------------------------------------------

class Sax {
 public:
  Sax() {
    parser_ = XML_ParserCreateNS(nullptr, '|');
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &StartThunk, &EndThunk);
    XML_SetCharacterDataHandler(parser_, &TextThunk);
    XML_SetStartDoctypeDeclHandler(parser_, &DoctypeThunk);
    XML_SetEntityDeclHandler(parser_, &EntityThunk);
  }
  virtual ~Sax() { XML_ParserFree(parser_); }
  Sax(const Sax&) = delete;
  Sax& operator=(const Sax&) = delete;

  // Feeds one chunk; `what` names the part in error messages.
  Status Feed(const char* data, size_t n, bool final, const std::string& what) {
    if (!error_.ok()) return error_;
    if (XML_Parse(parser_, data, static_cast<int>(n), final ? 1 : 0) == XML_STATUS_ERROR) {
      if (!error_.ok()) return error_;
      return Corrupt(what + " 第 " + std::to_string(XML_GetCurrentLineNumber(parser_)) +
                     " 行 XML 错误：" + XML_ErrorString(XML_GetErrorCode(parser_)));
    }
    return error_;
  }

 protected:
  virtual void OnStart(std::string_view name, const XML_Char** attrs) = 0;
  virtual void OnEnd(std::string_view name) = 0;
  virtual void OnText(const char* s, int len) { (void)s, (void)len; }
  // Stops parsing with an error (reported by Feed).
  void Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
    XML_StopParser(parser_, XML_FALSE);
  }
  bool failed() const { return !error_.ok(); }

 private:
  static void StartThunk(void* ud, const XML_Char* name, const XML_Char** attrs) {
    auto* self = static_cast<Sax*>(ud);
    if (!self->failed()) self->OnStart(LocalName(name), attrs);
  }
  static void EndThunk(void* ud, const XML_Char* name) {
    auto* self = static_cast<Sax*>(ud);
    if (!self->failed()) self->OnEnd(LocalName(name));
  }
  static void TextThunk(void* ud, const XML_Char* s, int len) {
    auto* self = static_cast<Sax*>(ud);
    if (!self->failed()) self->OnText(s, len);
  }
  static void DoctypeThunk(void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<Sax*>(ud)->Fail(Corrupt("文件含有 DTD 声明，已拒绝"));
  }
  static void EntityThunk(void* ud, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                          const XML_Char*, const XML_Char*, const XML_Char*) {
    static_cast<Sax*>(ud)->Fail(Corrupt("文件含有实体声明，已拒绝"));
  }

  XML_Parser parser_;
  Status error_;
};

// ---- zip access ---------------------------------------------------------------------------

// One zip entry being inflated, with the size limits enforced on the bytes actually produced.
class EntryStream {
 public:
  EntryStream(zip_file_t* f, std::string name, int64_t limit)
      : f_(f), name_(std::move(name)), limit_(limit) {}
  ~EntryStream() {
    if (f_ != nullptr) zip_fclose(f_);
  }
  EntryStream(const EntryStream&) = delete;
  EntryStream& operator=(const EntryStream&) = delete;

  // Reads up to n bytes; 0 at the end.
  Result<size_t> Read(char* buf, size_t n) {
    zip_int64_t r = zip_fread(f_, buf, n);
    if (r < 0) return Corrupt(name_ + " 解压失败：" + zip_file_strerror(f_));
    total_ += r;
    if (total_ > limit_) {
      return Status::ResourceExhausted("Excel 文件中 " + name_ +
                                       " 解压后超过大小上限，已拒绝（疑似压缩炸弹）");
    }
    return static_cast<size_t>(r);
  }

 private:
  zip_file_t* f_;
  std::string name_;
  int64_t limit_;
  int64_t total_ = 0;
};

}  // namespace

// ---- workbook internals -------------------------------------------------------------------

struct XlsxWorkbook::Impl {
  std::string memory;  // backing bytes for FromBytes
  zip_t* zip = nullptr;
  ReaderLimits limits;
  std::vector<std::string> shared_strings;
  std::vector<bool> date_styles;  // by cellXfs index
  bool date1904 = false;

  ~Impl() {
    if (zip != nullptr) zip_discard(zip);
  }

  bool Has(const std::string& name) const {
    return zip_name_locate(zip, name.c_str(), ZIP_FL_NOCASE) >= 0;
  }

  Result<std::unique_ptr<EntryStream>> OpenEntry(const std::string& name) {
    zip_int64_t idx = zip_name_locate(zip, name.c_str(), 0);
    if (idx < 0) idx = zip_name_locate(zip, name.c_str(), ZIP_FL_NOCASE);
    if (idx < 0) return Corrupt("缺少 " + name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, static_cast<zip_uint64_t>(idx), 0, &st) != 0) {
      return Corrupt("无法读取 " + name);
    }
    if ((st.valid & ZIP_STAT_SIZE) != 0) {
      auto size = static_cast<int64_t>(st.size);
      if (size > limits.max_entry_bytes) {
        return Status::ResourceExhausted("Excel 文件中 " + name + " 解压后有 " +
                                         std::to_string(size >> 20) + " MiB，超过上限，已拒绝");
      }
      if ((st.valid & ZIP_STAT_COMP_SIZE) != 0 && size > (int64_t{16} << 20) &&
          size / std::max<int64_t>(1, static_cast<int64_t>(st.comp_size)) >
              limits.max_compression_ratio) {
        return Status::ResourceExhausted("Excel 文件中 " + name +
                                         " 的压缩比异常（疑似压缩炸弹），已拒绝");
      }
    }
    zip_file_t* f = zip_fopen_index(zip, static_cast<zip_uint64_t>(idx), 0);
    if (f == nullptr) return Corrupt("无法解压 " + name + "：" + zip_strerror(zip));
    return std::make_unique<EntryStream>(f, name, limits.max_entry_bytes);
  }

  // Parses a whole (small or medium) part with `sax`.
  Status ParseEntry(const std::string& name, Sax* sax) {
    ZJ_ASSIGN_OR_RETURN(auto stream, OpenEntry(name));
    std::string buf(kChunk, '\0');
    while (true) {
      ZJ_ASSIGN_OR_RETURN(size_t n, stream->Read(buf.data(), buf.size()));
      ZJ_RETURN_IF_ERROR(sax->Feed(buf.data(), n, n == 0, name));
      if (n == 0) return Status::Ok();
    }
  }
};

namespace {

struct Relationship {
  std::string type;
  std::string target;
};

class RelsSax final : public Sax {
 public:
  std::map<std::string, Relationship> rels;

 protected:
  void OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    const char* id = Attr(attrs, "Id");
    const char* type = Attr(attrs, "Type");
    const char* target = Attr(attrs, "Target");
    const char* mode = Attr(attrs, "TargetMode");
    if (id == nullptr || target == nullptr) return;
    if (mode != nullptr && std::string_view(mode) == "External") return;
    rels[id] = {type != nullptr ? type : "", target};
  }
  void OnEnd(std::string_view) override {}
};

class WorkbookSax final : public Sax {
 public:
  struct Sheet {
    std::string name, rel_id;
    bool hidden = false;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;

 protected:
  void OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name == "sheet") {
      const char* n = Attr(attrs, "name");
      const char* id = RelId(attrs);
      const char* state = Attr(attrs, "state");
      if (n == nullptr || id == nullptr) return;
      sheets.push_back({n, id, state != nullptr && std::string_view(state) != "visible"});
    } else if (name == "workbookPr") {
      const char* d = Attr(attrs, "date1904");
      date1904 = d != nullptr && (std::string_view(d) == "1" || std::string_view(d) == "true");
    }
  }
  void OnEnd(std::string_view) override {}
};

class StylesSax final : public Sax {
 public:
  std::unordered_map<int, std::string> formats;
  std::vector<int> xf_formats;

 protected:
  void OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmt") {
      int64_t id;
      const char* code = Attr(attrs, "formatCode");
      if (ParseInt64(Attr(attrs, "numFmtId"), &id) && code != nullptr) {
        formats[static_cast<int>(id)] = code;
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      int64_t id = 0;
      ParseInt64(Attr(attrs, "numFmtId"), &id);
      if (xf_formats.size() < 1'000'000) xf_formats.push_back(static_cast<int>(id));
    }
  }
  void OnEnd(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  bool in_cell_xfs_ = false;
};

class SharedStringsSax final : public Sax {
 public:
  SharedStringsSax(std::vector<std::string>* out, const ReaderLimits& limits)
      : out_(out), limits_(limits) {}

 protected:
  void OnStart(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_si_ = true;
      current_.clear();
    } else if (name == "rPh") {
      ++in_phonetic_;
    } else if (name == "t" && in_si_ && in_phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void OnEnd(std::string_view name) override {
    if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      --in_phonetic_;
    } else if (name == "si") {
      in_si_ = false;
      if (static_cast<int64_t>(out_->size()) >= limits_.max_shared_strings) {
        Fail(Status::ResourceExhausted("Excel 文件的共享字符串数量超过上限，已拒绝"));
        return;
      }
      out_->push_back(DecodeXEscapes(std::move(current_)));
      current_.clear();
    }
  }
  void OnText(const char* s, int len) override {
    if (!in_t_) return;
    total_ += len;
    if (total_ > limits_.max_shared_string_bytes ||
        static_cast<int64_t>(current_.size()) + len > limits_.max_cell_bytes) {
      Fail(Status::ResourceExhausted("Excel 文件的共享字符串超过大小上限，已拒绝"));
      return;
    }
    current_.append(s, static_cast<size_t>(len));
  }

 private:
  std::vector<std::string>* out_;
  const ReaderLimits& limits_;
  std::string current_;
  bool in_si_ = false, in_t_ = false;
  int in_phonetic_ = 0;
  int64_t total_ = 0;
};

// Parses <sheetData> into SheetRows queued for the row source.
class SheetSax final : public Sax {
 public:
  SheetSax(const XlsxWorkbook::Impl* wb, std::deque<SheetRow>* out) : wb_(wb), out_(out) {}

 protected:
  void OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name == "row") {
      int64_t r;
      row_.row = ParseInt64(Attr(attrs, "r"), &r) ? r : last_row_ + 1;
      if (row_.row < 1 || row_.row > wb_->limits.max_rows) {
        Fail(Status::ResourceExhausted("工作表行号 " + std::to_string(row_.row) + " 超过行数上限 " +
                                       std::to_string(wb_->limits.max_rows)));
        return;
      }
      if (row_.row <= last_row_) {
        Fail(Corrupt("工作表行号重复或倒序：" + std::to_string(row_.row)));
        return;
      }
      last_row_ = row_.row;
      row_.cells.clear();
      last_col_ = -1;
      in_row_ = true;
    } else if (name == "c" && in_row_) {
      const char* ref = Attr(attrs, "r");
      int col = ref != nullptr ? ColumnIndexOfRef(ref) : last_col_ + 1;
      if (col < 0 || col >= wb_->limits.max_columns) {
        Fail(Status::ResourceExhausted(std::string("工作表单元格 ") + (ref ? ref : "?") +
                                       " 超出列数上限 " + std::to_string(wb_->limits.max_columns)));
        return;
      }
      if (col <= last_col_) {
        Fail(Corrupt("单元格列号重复或倒序：第 " + std::to_string(row_.row) + " 行"));
        return;
      }
      last_col_ = col;
      cell_ = Cell{};
      cell_.col = col;
      const char* t = Attr(attrs, "t");
      type_ = t != nullptr ? t : "n";
      int64_t s = 0;
      style_ = ParseInt64(Attr(attrs, "s"), &s) ? s : 0;
      text_.clear();
      in_cell_ = true;
    } else if (in_cell_) {
      if (name == "v") {
        in_text_ = true;
      } else if (name == "f") {
        cell_.formula = true;
      } else if (name == "rPh") {
        ++in_phonetic_;
      } else if (name == "t" && in_phonetic_ == 0) {
        in_text_ = true;
      }
    }
  }

  void OnEnd(std::string_view name) override {
    if (name == "v" || name == "t") {
      in_text_ = false;
    } else if (name == "rPh") {
      --in_phonetic_;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      FinishCell();
    } else if (name == "row" && in_row_) {
      in_row_ = false;
      if (!row_.cells.empty()) out_->push_back(std::move(row_));
      row_ = SheetRow{};
    }
  }

  void OnText(const char* s, int len) override {
    if (!in_text_) return;
    if (static_cast<int64_t>(text_.size()) + len > wb_->limits.max_cell_bytes) {
      Fail(Status::ResourceExhausted("第 " + std::to_string(row_.row) +
                                     " 行有单元格内容超过长度上限，已拒绝"));
      return;
    }
    text_.append(s, static_cast<size_t>(len));
  }

 private:
  void FinishCell() {
    if (type_ == "s") {
      int64_t idx;
      if (!ParseInt64(text_.c_str(), &idx)) {
        if (text_.empty()) return;
        Fail(Corrupt("共享字符串索引无效"));
        return;
      }
      if (idx < 0 || idx >= static_cast<int64_t>(wb_->shared_strings.size())) {
        Fail(Corrupt("第 " + std::to_string(row_.row) + " 行引用的共享字符串 " +
                     std::to_string(idx) + " 不存在"));
        return;
      }
      cell_.type = CellType::kString;
      cell_.text = wb_->shared_strings[static_cast<size_t>(idx)];
    } else if (type_ == "str" || type_ == "inlineStr") {
      cell_.type = CellType::kString;
      cell_.text = DecodeXEscapes(std::move(text_));
    } else if (type_ == "b") {
      cell_.type = CellType::kBool;
      cell_.text = text_ == "1" || text_ == "true" ? "TRUE" : "FALSE";
    } else if (type_ == "e") {
      cell_.type = CellType::kError;
      cell_.text = text_;
    } else if (type_ == "d") {  // ISO 8601 (strict OOXML); keep the date part
      cell_.type = CellType::kDate;
      cell_.text = text_.substr(0, text_.find('T'));
    } else {
      std::string_view v = internal::TrimAscii(text_);
      if (v.empty()) return;
      char* end = nullptr;
      std::string tmp(v);
      double d = std::strtod(tmp.c_str(), &end);
      if (end == tmp.c_str() || *end != '\0') {
        Fail(Corrupt("第 " + std::to_string(row_.row) + " 行有无效的数值 " + tmp.substr(0, 40)));
        return;
      }
      cell_.number = d;
      bool is_date = style_ >= 0 && style_ < static_cast<int64_t>(wb_->date_styles.size()) &&
                     wb_->date_styles[static_cast<size_t>(style_)];
      std::optional<internal::YmdHms> date;
      if (is_date) date = internal::SerialToDateTime(d, wb_->date1904);
      if (date) {
        cell_.type = CellType::kDate;
        cell_.text = internal::FormatDateTime(*date);
      } else {
        cell_.type = CellType::kNumber;
        cell_.text = internal::RenderNumber(d);
      }
    }
    if (cell_.type == CellType::kString && cell_.text.empty()) return;
    row_.cells.push_back(std::move(cell_));
  }

  const XlsxWorkbook::Impl* wb_;
  std::deque<SheetRow>* out_;
  SheetRow row_;
  Cell cell_;
  std::string type_;
  int64_t style_ = 0;
  std::string text_;
  int64_t last_row_ = 0;
  int last_col_ = -1;
  bool in_row_ = false, in_cell_ = false, in_text_ = false;
  int in_phonetic_ = 0;
};

class XlsxSheetSource final : public RowSource {
 public:
  XlsxSheetSource(std::string name, std::unique_ptr<EntryStream> stream,
                  const XlsxWorkbook::Impl* wb, std::string part)
      : name_(std::move(name)),
        part_(std::move(part)),
        stream_(std::move(stream)),
        sax_(wb, &queue_),
        buf_(kChunk, '\0') {}

  Result<bool> Next(SheetRow* row) override {
    while (queue_.empty()) {
      if (done_) return false;
      auto n = stream_->Read(buf_.data(), buf_.size());
      Status s = n.ok() ? sax_.Feed(buf_.data(), *n, *n == 0, part_) : n.status();
      if (!s.ok()) {
        done_ = true;
        queue_.clear();
        return s;
      }
      if (*n == 0) done_ = true;
    }
    *row = std::move(queue_.front());
    queue_.pop_front();
    return true;
  }
  const std::string& sheet_name() const override { return name_; }

 private:
  std::string name_, part_;
  std::unique_ptr<EntryStream> stream_;
  std::deque<SheetRow> queue_;
  SheetSax sax_;
  std::string buf_;
  bool done_ = false;
};

const char kOfficeDocument[] = "/officeDocument";

}  // namespace

XlsxWorkbook::XlsxWorkbook(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxWorkbook::~XlsxWorkbook() = default;

Result<std::unique_ptr<XlsxWorkbook>> XlsxWorkbook::Open(const std::string& path,
                                                         const ReaderLimits& limits) {
  FILE* probe = std::fopen(path.c_str(), "rb");
  if (probe == nullptr) {
    if (errno == ENOENT) return Status::NotFound("文件不存在：" + path);
    return Status::IoError("无法读取文件：" + path + "（" + std::strerror(errno) + "）");
  }
  std::fclose(probe);
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  int err = 0;
  impl->zip = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (impl->zip == nullptr) return Corrupt("不是有效的 zip 压缩包");
  std::unique_ptr<XlsxWorkbook> wb(new XlsxWorkbook(std::move(impl)));
  ZJ_RETURN_IF_ERROR(wb->Load());
  return wb;
}

Result<std::unique_ptr<XlsxWorkbook>> XlsxWorkbook::FromBytes(std::string bytes,
                                                              const ReaderLimits& limits) {
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->memory = std::move(bytes);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(impl->memory.data(), impl->memory.size(), 0, &error);
  if (src == nullptr) return Corrupt("无法读取");
  impl->zip = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (impl->zip == nullptr) {
    zip_source_free(src);
    return Corrupt("不是有效的 zip 压缩包");
  }
  std::unique_ptr<XlsxWorkbook> wb(new XlsxWorkbook(std::move(impl)));
  ZJ_RETURN_IF_ERROR(wb->Load());
  return wb;
}

Status XlsxWorkbook::Load() {
  Impl& m = *impl_;
  // The workbook part: from the package relationships, else the conventional path.
  std::string workbook = "xl/workbook.xml";
  if (m.Has("_rels/.rels")) {
    RelsSax rels;
    ZJ_RETURN_IF_ERROR(m.ParseEntry("_rels/.rels", &rels));
    for (const auto& [id, rel] : rels.rels) {
      if (rel.type.ends_with(kOfficeDocument)) workbook = ResolveTarget("", rel.target);
    }
  }
  if (!m.Has(workbook)) {
    return Status::InvalidArgument(
        "不是 Excel 工作簿：压缩包里没有 workbook.xml（可能是 .docx 或其他 zip 文件）");
  }
  std::string dir = workbook.substr(0, workbook.rfind('/') + 1);
  std::string rels_path = dir + "_rels/" + workbook.substr(dir.size()) + ".rels";
  WorkbookSax wbsax;
  ZJ_RETURN_IF_ERROR(m.ParseEntry(workbook, &wbsax));
  m.date1904 = date1904_ = wbsax.date1904;
  RelsSax rels;
  if (m.Has(rels_path)) ZJ_RETURN_IF_ERROR(m.ParseEntry(rels_path, &rels));
  std::string styles_path, strings_path;
  for (const auto& [id, rel] : rels.rels) {
    if (rel.type.ends_with("/styles")) styles_path = ResolveTarget(dir, rel.target);
    if (rel.type.ends_with("/sharedStrings")) strings_path = ResolveTarget(dir, rel.target);
  }
  for (const auto& s : wbsax.sheets) {
    auto it = rels.rels.find(s.rel_id);
    std::string path;
    if (it != rels.rels.end()) {
      if (!it->second.type.ends_with("/worksheet")) continue;  // chart sheets, dialog sheets
      path = ResolveTarget(dir, it->second.target);
    } else {
      continue;
    }
    sheets_.push_back({s.name, path, s.hidden});
  }
  if (sheets_.empty()) return Corrupt("工作簿中没有工作表");
  if (!styles_path.empty() && m.Has(styles_path)) {
    StylesSax styles;
    ZJ_RETURN_IF_ERROR(m.ParseEntry(styles_path, &styles));
    m.date_styles.reserve(styles.xf_formats.size());
    for (int id : styles.xf_formats) {
      auto f = styles.formats.find(id);
      m.date_styles.push_back(IsDateFormat(id, f == styles.formats.end() ? nullptr : &f->second));
    }
  }
  if (!strings_path.empty() && m.Has(strings_path)) {
    SharedStringsSax sst(&m.shared_strings, m.limits);
    ZJ_RETURN_IF_ERROR(m.ParseEntry(strings_path, &sst));
  }
  return Status::Ok();
}

int XlsxWorkbook::FindSheet(const std::string& name) const {
  for (size_t i = 0; i < sheets_.size(); ++i) {
    if (sheets_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Result<std::unique_ptr<RowSource>> XlsxWorkbook::OpenSheet(int index) {
  if (index < 0 || index >= static_cast<int>(sheets_.size())) {
    return Status::NotFound("工作表不存在：第 " + std::to_string(index + 1) + " 个");
  }
  const SheetInfo& info = sheets_[static_cast<size_t>(index)];
  if (!impl_->Has(info.path)) return Corrupt("工作表「" + info.name + "」的内容缺失");
  ZJ_ASSIGN_OR_RETURN(auto stream, impl_->OpenEntry(info.path));
  return std::unique_ptr<RowSource>(
      new XlsxSheetSource(info.name, std::move(stream), impl_.get(), info.path));
}

}  // namespace zj::io
