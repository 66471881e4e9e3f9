// Failed-login throttling per account name and per client address: after N failures within a
// window the key is locked for a while (numbers from LoginLimits in the server config). State is
// in memory (a restart clears it); memory is bounded by pruning stale keys. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "zj/server/server.h"

namespace zj::server {

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginLimits limits = {}) : limits_(limits) {}
  void set_limits(LoginLimits limits);

  // Seconds until a login for (account, address) is allowed again; 0 when allowed now.
  int64_t LockedFor(const std::string& account, const std::string& address, int64_t now);
  void RecordFailure(const std::string& account, const std::string& address, int64_t now);
  // A successful login clears the account's failures (not the address's).
  void RecordSuccess(const std::string& account);

 private:
  struct Counter {
    int failures = 0;
    int64_t window_start = 0;
    int64_t locked_until = 0;
  };
  int64_t LockedFor(std::map<std::string, Counter>& m, const std::string& key, int64_t now);
  void Fail(std::map<std::string, Counter>& m, const std::string& key, int limit, int64_t now);
  void Prune(std::map<std::string, Counter>& m, int64_t now);

  std::mutex mu_;
  LoginLimits limits_;
  std::map<std::string, Counter> accounts_;
  std::map<std::string, Counter> addresses_;
};

}  // namespace zj::server
