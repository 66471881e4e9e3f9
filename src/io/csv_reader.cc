// Streaming CSV/TSV reader: encoding sniffing (BOM, UTF-8 validity, GB18030 via glibc iconv),
// separator detection and an RFC 4180 state machine that refills its buffer chunk by chunk.
#include "zj/io/csv_reader.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "text.h"

namespace zj::io {
namespace {

constexpr size_t kChunk = 64 * 1024;

Status NotText() {
  return Status::InvalidArgument(
      "文件内容不是表格：既不是 Excel (.xlsx) 文件，也不是文本 (CSV) 文件");
}

}  // namespace

const char* TextEncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8:
      return "UTF-8";
    case TextEncoding::kUtf8Bom:
      return "UTF-8 (BOM)";
    case TextEncoding::kGb18030:
      return "GB18030";
    case TextEncoding::kUtf16Le:
      return "UTF-16LE";
    case TextEncoding::kUtf16Be:
      return "UTF-16BE";
  }
  return "?";
}

// Turns raw bytes of the detected encoding into UTF-8, chunk by chunk, carrying incomplete
// multi-byte sequences over to the next chunk.
class CsvReader::Decoder {
 public:
  explicit Decoder(TextEncoding e) { SetEncoding(e); }
  ~Decoder() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  TextEncoding encoding() const { return enc_; }

  Status Decode(std::string_view raw, bool final, std::string* out) {
    std::string input = carry_;
    input.append(raw);
    carry_.clear();
    if (enc_ == TextEncoding::kUtf8 || enc_ == TextEncoding::kUtf8Bom) {
      size_t ok = internal::ValidUtf8Prefix(input, /*allow_truncated_tail=*/!final);
      if (ok == input.size()) {
        size_t complete = internal::ValidUtf8Prefix(input, false);
        out->append(input, 0, complete);
        carry_ = input.substr(complete);
        TrackAscii(std::string_view(input).substr(0, complete));
        return Status::Ok();
      }
      // Invalid UTF-8. A file whose first 64 KiB were plain ASCII may still be GBK further on:
      // ASCII is the same in both, so switch decoders when nothing but ASCII came before.
      if (ascii_so_far_ && enc_ == TextEncoding::kUtf8) {
        SetEncoding(TextEncoding::kGb18030);
        return Decode(input, final, out);
      }
      return Status::InvalidArgument(
          "文件编码不一致：文件开头是 UTF-8，后面出现了无效的 UTF-8 字节");
    }
    size_t start = out->size();
    out->resize(start + input.size() * 2 + 16);
    char* in_p = input.data();
    size_t in_left = input.size();
    char* out_p = out->data() + start;
    size_t out_left = out->size() - start;
    while (in_left > 0) {
      size_t r = iconv(cd_, &in_p, &in_left, &out_p, &out_left);
      if (r != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) {
        size_t used = static_cast<size_t>(out_p - out->data());
        out->resize(out->size() * 2 + 64);
        out_p = out->data() + used;
        out_left = out->size() - used;
        continue;
      }
      if (errno == EINVAL && !final) {  // incomplete sequence at the end of the chunk
        carry_.assign(in_p, in_left);
        break;
      }
      out->resize(static_cast<size_t>(out_p - out->data()));
      return Status::InvalidArgument(std::string("文件中有无法按 ") + TextEncodingName(enc_) +
                                     " 解码的字节，请确认文件编码");
    }
    out->resize(static_cast<size_t>(out_p - out->data()));
    return Status::Ok();
  }

 private:
  void SetEncoding(TextEncoding e) {
    enc_ = e;
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
    cd_ = reinterpret_cast<iconv_t>(-1);
    const char* from = e == TextEncoding::kGb18030   ? "GB18030"
                       : e == TextEncoding::kUtf16Le ? "UTF-16LE"
                       : e == TextEncoding::kUtf16Be ? "UTF-16BE"
                                                     : nullptr;
    if (from != nullptr) cd_ = iconv_open("UTF-8", from);
  }
  void TrackAscii(std::string_view s) {
    if (!ascii_so_far_) return;
    for (char c : s) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii_so_far_ = false;
        return;
      }
    }
  }

  TextEncoding enc_ = TextEncoding::kUtf8;
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
  std::string carry_;
  bool ascii_so_far_ = true;
};

CsvReader::CsvReader(FILE* file, std::string memory, const ReaderLimits& limits)
    : file_(file), memory_(std::move(memory)), limits_(limits) {}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path,
                                                   const ReaderLimits& limits) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    if (errno == ENOENT) return Status::NotFound("文件不存在：" + path);
    return Status::IoError("无法读取文件：" + path + "（" + std::strerror(errno) + "）");
  }
  std::unique_ptr<CsvReader> r(new CsvReader(f, {}, limits));
  ZJ_RETURN_IF_ERROR(r->Init());
  return r;
}

Result<std::unique_ptr<CsvReader>> CsvReader::FromBytes(std::string bytes,
                                                        const ReaderLimits& limits) {
  std::unique_ptr<CsvReader> r(new CsvReader(nullptr, std::move(bytes), limits));
  ZJ_RETURN_IF_ERROR(r->Init());
  return r;
}

size_t CsvReader::ReadRaw(char* dst, size_t n) {
  if (file_ != nullptr) return std::fread(dst, 1, n, file_);
  size_t k = std::min(n, memory_.size() - memory_pos_);
  std::memcpy(dst, memory_.data() + memory_pos_, k);
  memory_pos_ += k;
  return k;
}

Status CsvReader::Init() {
  std::string sample(kChunk, '\0');
  sample.resize(ReadRaw(sample.data(), sample.size()));
  if (file_ != nullptr && std::ferror(file_)) return Status::IoError("读取文件失败");
  std::string_view s = sample;
  size_t skip = 0;
  if (s.starts_with("\xEF\xBB\xBF")) {
    encoding_ = TextEncoding::kUtf8Bom, skip = 3;
  } else if (s.starts_with("\xFF\xFE")) {
    encoding_ = TextEncoding::kUtf16Le, skip = 2;
  } else if (s.starts_with("\xFE\xFF")) {
    encoding_ = TextEncoding::kUtf16Be, skip = 2;
  } else {
    // Binary content: NUL bytes, or many control characters.
    size_t control = 0;
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      if (c == 0) return NotText();
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1B && c != '\f') ++control;
    }
    if (control * 100 > s.size()) return NotText();
    if (internal::ValidUtf8Prefix(s, /*allow_truncated_tail=*/sample.size() == kChunk) ==
        s.size()) {
      encoding_ = TextEncoding::kUtf8;
    } else {
      encoding_ = TextEncoding::kGb18030;
      Decoder probe(TextEncoding::kGb18030);
      std::string scratch;
      if (!probe.Decode(s, /*final=*/sample.size() < kChunk, &scratch).ok()) {
        return Status::InvalidArgument(
            "无法识别文件编码：既不是 UTF-8 也不是 GBK/GB18030，请在 Excel/WPS 中另存为 .xlsx");
      }
    }
  }
  decoder_ = std::make_unique<Decoder>(encoding_);
  input_done_ = sample.size() < kChunk;
  ZJ_RETURN_IF_ERROR(decoder_->Decode(s.substr(skip), input_done_, &text_));
  // Excel's "sep=;" hint line.
  for (char c : {',', ';', '\t', '|'}) {
    std::string hint = std::string("sep=") + c;
    if (text_.starts_with(hint + "\n") || text_.starts_with(hint + "\r\n")) {
      separator_ = c;
      pos_ = text_.find('\n') + 1;
      return Status::Ok();
    }
  }
  // Separator: the most frequent of , \t ; outside quotes on the first line.
  while (text_.find('\n') == std::string::npos && !input_done_ && text_.size() < (1u << 20)) {
    ZJ_ASSIGN_OR_RETURN(bool more, Refill());
    if (!more) break;
  }
  int commas = 0, tabs = 0, semis = 0;
  bool quoted = false;
  for (char c : text_) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    commas += c == ',';
    tabs += c == '\t';
    semis += c == ';';
  }
  separator_ = ',';
  if (tabs > commas && tabs >= semis) separator_ = '\t';
  if (semis > commas && semis > tabs) separator_ = ';';
  return Status::Ok();
}

Result<bool> CsvReader::Refill() {
  if (input_done_) return false;
  if (pos_ > 0) {
    text_.erase(0, pos_);
    pos_ = 0;
  }
  std::string raw(kChunk, '\0');
  raw.resize(ReadRaw(raw.data(), raw.size()));
  if (file_ != nullptr && std::ferror(file_)) return Status::IoError("读取文件失败");
  input_done_ = raw.size() < kChunk;
  size_t before = text_.size();
  ZJ_RETURN_IF_ERROR(decoder_->Decode(raw, input_done_, &text_));
  return text_.size() > before || !input_done_;
}

Result<bool> CsvReader::Next(SheetRow* row) {
  if (failed_) return false;
  while (true) {
    auto r = ReadRecord(row);
    if (!r.ok()) {
      failed_ = true;
      return r.status();
    }
    if (!*r) return false;
    if (!row->cells.empty()) return true;
  }
}

Result<bool> CsvReader::ReadRecord(SheetRow* row) {
  row->cells.clear();
  std::string field;
  int col = 0;
  bool quoted = false;
  bool after_quote = false;  // a quoted field was closed; text up to the separator is appended
  bool started = false;      // any character of this record was consumed
  int64_t start_record = record_ + 1;
  auto emit = [&]() -> Status {
    if (col >= limits_.max_columns) {
      return Status::ResourceExhausted("第 " + std::to_string(start_record) + " 行的列数超过上限 " +
                                       std::to_string(limits_.max_columns));
    }
    if (!field.empty()) {
      Cell c;
      c.col = col;
      c.type = CellType::kString;
      c.text = std::move(field);
      row->cells.push_back(std::move(c));
    }
    field.clear();
    ++col;
    after_quote = false;
    return Status::Ok();
  };
  while (true) {
    if (pos_ >= text_.size()) {
      ZJ_ASSIGN_OR_RETURN(bool more, Refill());
      if (!more && pos_ >= text_.size()) {
        if (quoted) {
          return Status::InvalidArgument("第 " + std::to_string(start_record) +
                                         " 行的引号没有闭合（文件可能被截断）");
        }
        if (!started) return false;
        ZJ_RETURN_IF_ERROR(emit());
        break;
      }
    }
    started = true;
    char c = text_[pos_];
    if (quoted) {
      if (c == '"') {
        ++pos_;
        if (pos_ >= text_.size()) {
          ZJ_ASSIGN_OR_RETURN(bool more, Refill());
          (void)more;
        }
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
        } else {
          quoted = false;
          after_quote = true;
        }
        continue;
      }
      // Bulk-copy up to the next quote.
      size_t q = text_.find('"', pos_);
      size_t end = q == std::string::npos ? text_.size() : q;
      field.append(text_, pos_, end - pos_);
      pos_ = end;
    } else if (c == separator_) {
      ++pos_;
      ZJ_RETURN_IF_ERROR(emit());
    } else if (c == '\n' || c == '\r') {
      ++pos_;
      if (c == '\r') {
        if (pos_ >= text_.size()) {
          ZJ_ASSIGN_OR_RETURN(bool more, Refill());
          (void)more;
        }
        if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      }
      ZJ_RETURN_IF_ERROR(emit());
      break;
    } else if (c == '"' && field.empty() && !after_quote) {
      quoted = true;
      ++pos_;
    } else {
      // Bulk-copy plain characters.
      size_t end = pos_;
      while (end < text_.size()) {
        char d = text_[end];
        if (d == separator_ || d == '\n' || d == '\r' || d == '"') break;
        ++end;
      }
      if (end == pos_) {  // a stray quote inside an unquoted field is kept literally
        field.push_back(c);
        ++pos_;
      } else {
        field.append(text_, pos_, end - pos_);
        pos_ = end;
      }
    }
    if (static_cast<int64_t>(field.size()) > limits_.max_cell_bytes) {
      return Status::ResourceExhausted("第 " + std::to_string(start_record) +
                                       " 行有单元格内容超过长度上限");
    }
  }
  ++record_;
  if (record_ > limits_.max_rows) {
    return Status::ResourceExhausted("行数超过上限 " + std::to_string(limits_.max_rows));
  }
  row->row = record_;
  return true;
}

}  // namespace zj::io
