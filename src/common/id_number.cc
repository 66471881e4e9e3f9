// GB 11643 check digit, decoding and masking of 身份证号 and names.
#include "zj/common/id_number.h"

#include <cstdio>

namespace zj {

std::optional<char> IdCheckChar(std::string_view first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kMap[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  if (first17.size() != 17) return std::nullopt;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    char c = first17[static_cast<size_t>(i)];
    if (c < '0' || c > '9') return std::nullopt;
    sum += (c - '0') * kWeights[i];
  }
  return kMap[sum % 11];
}

Result<IdNumberInfo> ValidateIdNumber(std::string_view id) {
  if (id.size() != 18) {
    return Status::InvalidArgument("身份证号应为18位，实际为" + std::to_string(id.size()) + "位");
  }
  for (size_t i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return Status::InvalidArgument("身份证号前17位必须是数字");
  }
  char last = id[17] == 'x' ? 'X' : id[17];
  auto expect = IdCheckChar(id.substr(0, 17));
  if (!expect || *expect != last) {
    return Status::InvalidArgument(std::string("身份证号校验码错误（应为") + *expect + "）");
  }
  auto birth = ParseDate(id.substr(6, 8));
  if (!birth) return Status::InvalidArgument("身份证号中的出生日期无效");
  IdNumberInfo info;
  info.address_code = std::string(id.substr(0, 6));
  info.birth_date = *birth;
  info.male = ((id[16] - '0') % 2) == 1;
  return info;
}

std::string MakeIdNumber(std::string_view address6, const Date& birth, int sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6s%04d%02d%02d%03d", std::string(address6).c_str(), birth.year,
                birth.month, birth.day, sequence % 1000);
  std::string s(buf, 17);
  s.push_back(*IdCheckChar(s));
  return s;
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() < 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string MaskName(std::string_view name) {
  if (name.empty()) return {};
  // Length of the first UTF-8 code point.
  unsigned char c = static_cast<unsigned char>(name[0]);
  size_t first = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  if (first > name.size()) first = name.size();
  size_t rest = 0;
  for (size_t i = first; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) ++rest;
  }
  return std::string(name.substr(0, first)) + std::string(rest, '*');
}

}  // namespace zj
