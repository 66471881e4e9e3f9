// New-password policy and demo passwords (see zj/service/password_policy.h). The lists are data:
// data/security/common_passwords.txt (full passwords), data/security/password_stems.txt (words
// and keyboard walks) and the pinyin column of data/codes/county_codes.csv.
#include "zj/service/password_policy.h"

#include <optional>
#include <string>
#include <unordered_set>

#include "zj/common/code_tables.h"
#include "zj/common/embedded.h"
#include "zj/service/accounts.h"
#include "zj/service/auth.h"

namespace zj::service {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Lines of an embedded text file, lower case, without blanks and # comments.
void AddLines(std::string_view path, std::unordered_set<std::string>& out) {
  std::optional<std::string_view> text = common::EmbeddedFile(path);
  if (!text) return;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t end = text->find('\n', pos);
    if (end == std::string_view::npos) end = text->size();
    std::string_view line = text->substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') out.insert(Lower(line));
    pos = end + 1;
  }
}

const std::unordered_set<std::string>& CommonPasswords() {
  static const auto set = [] {
    std::unordered_set<std::string> s;
    AddLines("data/security/common_passwords.txt", s);
    return s;
  }();
  return set;
}

const std::unordered_set<std::string>& WeakStems() {
  static const auto set = [] {
    std::unordered_set<std::string> s;
    AddLines("data/security/password_stems.txt", s);
    for (const common::CountyEntry& c : common::Counties()) {
      if (!c.pinyin.empty()) s.insert(Lower(c.pinyin));
    }
    return s;
  }();
  return set;
}

// The password without the digits and symbols (any ASCII but letters) at either end, lower case:
// "Admin@123" → "admin", "!Qwerty2024" → "qwerty"; "p@ssw0rd" keeps its inner characters.
std::string Stem(std::string_view password) {
  auto edge = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && !((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'));
  };
  while (!password.empty() && edge(password.front())) password.remove_prefix(1);
  while (!password.empty() && edge(password.back())) password.remove_suffix(1);
  return Lower(password);
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  const std::string lower = Lower(password);
  if (CommonPasswords().count(lower)) return true;
  const std::string stem = Stem(password);
  return !stem.empty() && WeakStems().count(stem);
}

bool IsDemoPassword(std::string_view username, std::string_view password) {
  if (password == std::string(username) + "-demo") return true;
  for (const DemoAccount& d : DemoAccountSpecs("", "")) {
    if (password == d.password) return true;
  }
  return false;
}

Status CheckNewPassword(std::string_view username, std::string_view password, bool synthetic) {
  ZJ_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  const std::string lower_name = Lower(username);
  if (!lower_name.empty() && (Lower(password) == lower_name || Stem(password) == lower_name)) {
    return Status::InvalidArgument("密码不能与用户名相同（也不能只是用户名加数字或符号）");
  }
  if (!synthetic &&
      (IsDemoPassword(username, password) || IsDemoPassword(username, Lower(password)))) {
    return Status::InvalidArgument(
        "不能使用演示密码（<用户名>-demo）：演示密码是公开的，只能用于合成演示数据库");
  }
  if (IsCommonPassword(password)) {
    return Status::InvalidArgument(
        "密码过于常见或容易猜到（常用密码、键盘序列、常用词或县名拼音加数字），请换一个");
  }
  return Status::Ok();
}

}  // namespace zj::service
