// Text helpers of the importer: UTF-8 validation, width folding, header normal forms, Excel-like
// number rendering, Excel serial dates and SHA-256 of input files.
#include "text.h"

#include <openssl/evp.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace zj::io::internal {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, 0 when invalid, -1 when truncated.
int SequenceLength(std::string_view s, size_t i, uint32_t* cp) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  int n;
  uint32_t v;
  if ((b & 0xE0) == 0xC0) {
    n = 2, v = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3, v = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4, v = b & 0x07;
  } else {
    return 0;
  }
  for (int k = 1; k < n; ++k) {
    if (i + k >= s.size()) return -1;
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    v = (v << 6) | (c & 0x3F);
  }
  if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10FFFF ||
      (v >= 0xD800 && v <= 0xDFFF)) {
    return 0;
  }
  *cp = v;
  return n;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Removes every occurrence of `needle` from *s.
void EraseAll(std::string* s, std::string_view needle) {
  size_t p;
  while ((p = s->find(needle)) != std::string::npos) s->erase(p, needle.size());
}

}  // namespace

size_t ValidUtf8Prefix(std::string_view s, bool allow_truncated_tail) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    uint32_t cp;
    int n = SequenceLength(s, i, &cp);
    if (n == -1) return allow_truncated_tail ? s.size() : i;
    if (n == 0) return i;
    i += static_cast<size_t>(n);
  }
  return i;
}

std::string FoldWidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out.push_back(s[i++]);
      continue;
    }
    uint32_t cp;
    int n = SequenceLength(s, i, &cp);
    if (n <= 0) {  // invalid byte: keep as is (callers validate encoding separately)
      out.push_back(s[i++]);
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
    } else if (cp == 0x3000 || cp == 0x00A0) {
      out.push_back(' ');
    } else if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF) {
      // zero-width characters: dropped
    } else {
      AppendUtf8(&out, cp);
    }
    i += static_cast<size_t>(n);
  }
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string NormalizeValue(std::string_view s) {
  // Fast path: plain ASCII without surrounding blanks is already normal.
  bool ascii = true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return std::string(TrimAscii(s));
  return std::string(TrimAscii(FoldWidth(s)));
}

std::string NormalizeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    int n = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : SequenceLength(s, i, &cp);
    if (n <= 0) n = 1;
    std::string_view ch = s.substr(i, static_cast<size_t>(n));
    if (ch != "\u200B" && ch != "\u200C" && ch != "\u200D" && ch != "\uFEFF") out.append(ch);
    i += static_cast<size_t>(n);
  }
  auto blank_prefix = [](std::string_view v) -> size_t {
    if (!v.empty() && IsAsciiSpace(v.front())) return 1;
    if (v.starts_with("\u3000")) return 3;
    if (v.starts_with("\u00A0")) return 2;
    return 0;
  };
  auto blank_suffix = [](std::string_view v) -> size_t {
    if (!v.empty() && IsAsciiSpace(v.back())) return 1;
    if (v.ends_with("\u3000")) return 3;
    if (v.ends_with("\u00A0")) return 2;
    return 0;
  };
  std::string_view v = out;
  while (size_t k = blank_prefix(v)) v.remove_prefix(k);
  while (size_t k = blank_suffix(v)) v.remove_suffix(k);
  return std::string(v);
}

std::string NormalizeCompact(std::string_view s) {
  // Every space goes, so trimming is implied: fold (non-ASCII only) and drop spaces in one pass.
  bool ascii = true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  std::string folded = ascii ? std::string() : FoldWidth(s);
  std::string_view v = ascii ? s : std::string_view(folded);
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (!IsAsciiSpace(c)) out.push_back(c);
  }
  return out;
}

std::string NormalizeHeader(std::string_view s) {
  std::string h = NormalizeCompact(s);
  EraseAll(&h, "★");
  EraseAll(&h, "☆");
  EraseAll(&h, "*");
  EraseAll(&h, "【");
  EraseAll(&h, "】");
  for (std::string_view suffix : {"(必填)", "(选填)", "(必填项)", "(选填项)", "[必填]"}) {
    if (h.size() > suffix.size() && h.ends_with(suffix)) h.resize(h.size() - suffix.size());
  }
  return h;
}

std::string HeaderStem(std::string_view normalized) {
  if (normalized.empty() || normalized.back() != ')') return std::string(normalized);
  size_t open = normalized.rfind('(');
  if (open == std::string_view::npos || open == 0) return std::string(normalized);
  return std::string(normalized.substr(0, open));
}

std::string RenderNumber(double v) {
  char buf[64];
  if (!std::isfinite(v)) return "#NUM!";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    if (std::strcmp(buf, "-0") == 0) return "0";
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.15G", v);
  std::string out = buf;
  // %G writes "5.00235201001011E+17"; keep Excel's look.
  return out;
}

bool LooksScientific(std::string_view s) {
  size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos || e == 0 || e + 1 >= s.size()) return false;
  std::string_view mant = s.substr(0, e), exp = s.substr(e + 1);
  bool digit = false;
  for (char c : mant) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '.' && c != '-' && c != '+') {
      return false;
    }
  }
  if (!digit) return false;
  if (exp[0] == '+' || exp[0] == '-') exp.remove_prefix(1);
  if (exp.empty()) return false;
  for (char c : exp) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<YmdHms> SerialToDateTime(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return std::nullopt;
  double whole = std::floor(serial);
  auto days = static_cast<int64_t>(whole);
  int64_t seconds = std::llround((serial - whole) * 86400.0);
  if (seconds >= 86400) {
    seconds -= 86400;
    ++days;
  }
  // Days since 1970-01-01.
  int64_t unix_days;
  if (date1904) {
    unix_days = days - 24107;  // 1904-01-01 is serial 0
  } else {
    if (days == 0) return std::nullopt;   // Excel's 1900-01-00
    if (days == 60) return std::nullopt;  // Excel's fictitious 1900-02-29
    if (days < 60) ++days;                // before the bug, serials are one too small
    unix_days = days - 25569;             // 1970-01-01 is serial 25569
  }
  // Civil-from-days (H. Hinnant).
  int64_t z = unix_days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += (m <= 2);
  if (y < 1900 || y > 9999) return std::nullopt;
  return YmdHms{static_cast<int>(y),
                static_cast<int>(m),
                static_cast<int>(d),
                static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60),
                static_cast<int>(seconds % 60)};
}

std::string FormatDateTime(const YmdHms& t) {
  char buf[32];
  if (t.hour == 0 && t.minute == 0 && t.second == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute, t.second);
  }
  return buf;
}

std::optional<std::string> Sha256OfFile(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return std::nullopt;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return std::nullopt;
  std::string buf(1 << 16, '\0');
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), buf.data(), n);
  }
  if (std::ferror(f.get())) return std::nullopt;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

}  // namespace zj::io::internal
