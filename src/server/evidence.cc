// Evidence files (see evidence.h).
#include "zj/server/evidence.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "zj/common/file.h"

namespace zj::server {
namespace {

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += len;
  }
  return true;
}

// Code points of valid UTF-8 text (checked by ValidUtf8 first).
std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

// Bidirectional formatting characters: they reorder how a name is displayed, so that
// "报告\u202Efdp.exe" shows as "报告exe.pdf".
bool IsBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

// Other control and invisible characters: C0/C1 controls, DEL, zero-width characters, line and
// paragraph separators, the byte-order mark.
bool IsOtherControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200D) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x2060 || cp == 0xFEFF;
}

std::string CodePointText(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Extension(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? "" : Lower(std::string(name.substr(dot)));
}

bool HexId(const std::string& id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

}  // namespace

Result<std::string> SanitizeEvidenceName(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (name.empty()) return Status::InvalidArgument("文件名不能为空");
  if (name.size() > 120) return Status::InvalidArgument("文件名过长（上限 120 字节）");
  if (!ValidUtf8(name)) return Status::InvalidArgument("文件名不是有效的 UTF-8 文本");
  for (char32_t cp : CodePoints(name)) {
    if (IsBidiControl(cp)) {
      return Status::InvalidArgument("文件名含有双向文本控制字符（" + CodePointText(cp) +
                                     "），它会改变文件名的显示顺序、伪装文件类型");
    }
    if (IsOtherControl(cp)) {
      return Status::InvalidArgument("文件名含有控制字符或不可见字符（" + CodePointText(cp) + "）");
    }
  }
  for (unsigned char c : name) {
    if (c == '/' || c == '\\' || c == ':') {
      return Status::InvalidArgument("文件名不能包含路径分隔符（/ \\ :）");
    }
  }
  if (name.find("..") != std::string_view::npos) {
    return Status::InvalidArgument("文件名不能包含“..”");
  }
  if (name.front() == '.') return Status::InvalidArgument("文件名不能以“.”开头");
  const std::string ext = Extension(name);
  static const char* kAllowed[] = {".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".docx"};
  if (std::none_of(std::begin(kAllowed), std::end(kAllowed),
                   [&](const char* a) { return ext == a; })) {
    return Status::InvalidArgument("不支持的文件类型" + (ext.empty() ? "" : "（" + ext + "）") +
                                   "：仅接受 PDF、PNG、JPEG、xlsx、docx");
  }
  return std::string(name);
}

Result<std::string> DetectEvidenceType(std::string_view content, std::string_view name) {
  if (content.empty()) return Status::InvalidArgument("文件内容为空");
  auto starts = [&](std::string_view magic) { return content.substr(0, magic.size()) == magic; };
  std::string detected;
  if (starts("%PDF-")) {
    detected = "application/pdf";
  } else if (starts(std::string_view("\x89PNG\r\n\x1a\n", 8))) {
    detected = "image/png";
  } else if (starts("\xFF\xD8\xFF")) {
    detected = "image/jpeg";
  } else if (starts(std::string_view("PK\x03\x04", 4))) {
    detected = "zip";
  } else {
    return Status::InvalidArgument("无法识别的文件内容：仅接受 PDF、PNG、JPEG、xlsx、docx");
  }
  const std::string ext = Extension(name);
  std::string expected;
  if (ext == ".pdf") expected = "application/pdf";
  if (ext == ".png") expected = "image/png";
  if (ext == ".jpg" || ext == ".jpeg") expected = "image/jpeg";
  if (ext == ".xlsx" || ext == ".docx") expected = "zip";
  if (detected != expected) {
    return Status::InvalidArgument("文件内容与扩展名 " + ext + " 不符");
  }
  if (detected == "zip") {
    return std::string(ext == ".xlsx"
                           ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "application/"
                             "vnd.openxmlformats-officedocument.wordprocessingml.document");
  }
  return detected;
}

Status StoreEvidenceFile(const std::string& dir, const std::string& id, std::string_view content) {
  namespace fs = std::filesystem;
  if (dir.empty()) return Status::FailedPrecondition("服务器未配置佐证材料目录，无法上传");
  if (!HexId(id)) return Status::InvalidArgument("佐证材料编号无效");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("无法创建佐证材料目录：" + ec.message());
  Status written = common::WriteFileAtomic((fs::path(dir) / id).string(), content);
  if (!written.ok()) return Status::IoError("佐证材料写入失败：" + written.message());
  return Status::Ok();
}

Result<std::string> ReadEvidenceFile(const std::string& dir, const std::string& id) {
  if (dir.empty() || !HexId(id)) return Status::NotFound("佐证材料不存在");
  std::ifstream in(std::filesystem::path(dir) / id, std::ios::binary);
  if (!in) return Status::NotFound("佐证材料文件缺失：" + id);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void RemoveEvidenceFile(const std::string& dir, const std::string& id) {
  if (dir.empty() || !HexId(id)) return;
  std::error_code ec;
  std::filesystem::remove(std::filesystem::path(dir) / id, ec);
}

}  // namespace zj::server
