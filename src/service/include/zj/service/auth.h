// Credentials: argon2id password hashing (libsodium crypto_pwhash_str), random secrets for
// session cookies, CSRF tokens and bearer tokens, and SHA-256 digests under which those secrets
// are stored (the database never holds a usable session id or token). Thread-safe; Init() is
// idempotent and called by every function that needs libsodium.
#pragma once

#include <string>
#include <string_view>

#include "zj/common/status.h"

namespace zj::service {

// Initialises libsodium; kInternal when it cannot be initialised.
Status InitCrypto();

// Password policy: 8..128 bytes. kInvalidArgument with a Chinese message otherwise.
Status CheckPasswordPolicy(std::string_view password);

// argon2id string (interactive limits, ~64 MiB and ~0.1 s). At most two hashes or verifications
// run at once in the process, so a burst of logins cannot exhaust memory.
Result<std::string> HashPassword(std::string_view password);
// Whether `password` matches `hash`; false for malformed hashes. A dummy verification is run for
// an empty hash so that unknown usernames take as long as known ones.
bool VerifyPassword(std::string_view password, const std::string& hash);

// `bytes` random bytes as lower-case hex (2 × bytes characters).
std::string RandomHex(size_t bytes);
// SHA-256 of `data` as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);

// Bearer tokens look like "zjt_" + 48 hex characters.
inline constexpr std::string_view kTokenPrefix = "zjt_";
std::string NewBearerToken();

// Usernames: 2..32 characters of [A-Za-z0-9_.-]. kInvalidArgument otherwise.
Status CheckUsername(std::string_view username);

}  // namespace zj::service
