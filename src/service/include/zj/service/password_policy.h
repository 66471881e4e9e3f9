// The policy for new passwords (zhijiao user add|passwd, zhijiao init, POST/PATCH /api/v1/users)
// and the documented demo passwords, which only synthetic (demo) databases accept. Thread-safe:
// the embedded lists (data/security/) are loaded once.
#pragma once

#include <string_view>

#include "zj/common/status.h"

namespace zj::service {

// Checks a new password of account `username`: 8–128 bytes; not the username; not a common
// password (data/security/common_passwords.txt, case-insensitive); not a common word, keyboard
// walk, county name in pinyin or the username with digits and symbols around it
// ("Password2024!", "yunyang2021"); on a non-synthetic database not a documented demo password.
// kInvalidArgument with a Chinese message naming the rule.
Status CheckNewPassword(std::string_view username, std::string_view password, bool synthetic);

// Whether `password` is in the common-password list or is a weak stem with digits and symbols
// around it (the two common-password rules of CheckNewPassword).
bool IsCommonPassword(std::string_view password);

// Whether `password` is a documented demo password (docs/api.md): "<username>-demo" for the
// account, or the password of any demo account. Exact comparison.
bool IsDemoPassword(std::string_view username, std::string_view password);

}  // namespace zj::service
