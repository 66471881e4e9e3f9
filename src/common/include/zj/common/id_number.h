// 公民身份号码 (GB 11643-1999): 18 characters = 6-digit address code, 8-digit birth date,
// 3-digit sequence (odd = male, even = female) and a check character computed as ISO 7064 MOD 11-2.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "zj/common/date.h"
#include "zj/common/status.h"

namespace zj {

// Check character ('0'..'9' or 'X') for the first 17 digits; nullopt when `first17` is not 17
// ASCII digits.
std::optional<char> IdCheckChar(std::string_view first17);

struct IdNumberInfo {
  std::string address_code;  // 6 digits
  Date birth_date;
  bool male = false;
};

// Validates an 18-character number (a lower-case 'x' is accepted) and decodes it. Errors name the
// failing part in Chinese ("校验码错误", "出生日期无效", …) with code kInvalidArgument.
Result<IdNumberInfo> ValidateIdNumber(std::string_view id);

// Builds a valid number from its parts: address (6 digits), birth date, 3-digit sequence (1..999).
std::string MakeIdNumber(std::string_view address6, const Date& birth, int sequence);

// Masks for display to users without the personal-data permission: "500235********1234".
std::string MaskIdNumber(std::string_view id);
// "张*" / "欧阳**": keeps the first character (UTF-8 aware) and masks the rest.
std::string MaskName(std::string_view name);

}  // namespace zj
