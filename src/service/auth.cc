// Password hashing, secrets and digests on libsodium (see zj/service/auth.h).
#include "zj/service/auth.h"

#include <sodium.h>

#include <condition_variable>
#include <mutex>

namespace zj::service {
namespace {

// Counting gate: argon2id at interactive limits takes 64 MiB per call.
class HashGate {
 public:
  void Enter() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return active_ < kMaxConcurrent; });
    ++active_;
  }
  void Leave() {
    {
      std::lock_guard lock(mu_);
      --active_;
    }
    cv_.notify_one();
  }

 private:
  static constexpr int kMaxConcurrent = 2;
  std::mutex mu_;
  std::condition_variable cv_;
  int active_ = 0;
};

HashGate& Gate() {
  static HashGate gate;
  return gate;
}

struct GateHold {
  GateHold() { Gate().Enter(); }
  ~GateHold() { Gate().Leave(); }
};

std::string ToHex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

}  // namespace

Status InitCrypto() {
  static const int rc = sodium_init();
  if (rc < 0) return Status::Internal("无法初始化 libsodium");
  return Status::Ok();
}

Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() < 8) return Status::InvalidArgument("密码至少需要 8 个字符");
  if (password.size() > 128) return Status::InvalidArgument("密码不能超过 128 个字符");
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  ZJ_RETURN_IF_ERROR(InitCrypto());
  ZJ_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  char out[crypto_pwhash_STRBYTES];
  GateHold hold;
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::ResourceExhausted("内存不足，无法计算密码哈希");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  if (!InitCrypto().ok()) return false;
  // A fixed, valid hash of a random string: same cost as a real verification.
  static const std::string kDummy = [] {
    Result<std::string> h = HashPassword(RandomHex(16));
    return h.ok() ? *h : std::string();
  }();
  const std::string& target = hash.empty() ? kDummy : hash;
  if (target.size() >= crypto_pwhash_STRBYTES) return false;
  GateHold hold;
  bool ok = crypto_pwhash_str_verify(target.c_str(), password.data(), password.size()) == 0;
  return ok && !hash.empty();
}

std::string RandomHex(size_t bytes) {
  (void)InitCrypto();
  std::string buf(bytes, '\0');
  randombytes_buf(buf.data(), bytes);
  return ToHex(reinterpret_cast<const unsigned char*>(buf.data()), bytes);
}

std::string Sha256Hex(std::string_view data) {
  (void)InitCrypto();
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(out, sizeof out);
}

std::string NewBearerToken() { return std::string(kTokenPrefix) + RandomHex(24); }

Status CheckUsername(std::string_view username) {
  if (username.size() < 2 || username.size() > 32) {
    return Status::InvalidArgument("用户名长度须为 2–32 个字符");
  }
  for (char c : username) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return Status::InvalidArgument("用户名只能包含字母、数字、下划线、连字符和点");
  }
  return Status::Ok();
}

}  // namespace zj::service
