// Failed-login throttling (numbers from LoginLimits in the server config). A login reserves a
// password check before it runs (Reserve) and settles it afterwards (Attempt::Fail/Succeed), all
// under one mutex, so checks still in flight count against every limit: N parallel wrong
// passwords run at most the limit's number of checks. Three limits:
//   - per (account, address) pair: max_failures_per_account failures within the window lock
//     that pair for lock_seconds — an attacker elsewhere cannot lock the real user out;
//   - per address: max_failures_per_address failures of any accounts lock the address;
//   - per account, from anywhere: after slowdown_after_failures failures within the window, at
//     most one password check per slowdown_seconds for the account (a short wait, not a lock).
// State is in memory (a restart clears it); memory is bounded by pruning stale keys. Thread-safe.
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

  // Why a login was refused before its password was checked.
  enum class Refusal {
    kNone,
    kLocked,    // the (account, address) pair or the address is locked after failures
    kBusy,      // the limit is taken up by checks still in flight
    kSlowDown,  // the account's global slow-down: one check per slowdown_seconds
  };

  // A reserved password check. Move-only; settle it with Fail or Succeed. One that is destroyed
  // unsettled (an error before the check finished) is released without counting.
  class Attempt {
   public:
    Attempt() = default;
    Attempt(Attempt&& other) noexcept;
    Attempt& operator=(Attempt&& other) noexcept;
    Attempt(const Attempt&) = delete;
    Attempt& operator=(const Attempt&) = delete;
    ~Attempt();

    // Whether the check may run; otherwise refusal() says why and retry_after() for how long.
    explicit operator bool() const { return throttle_ != nullptr; }
    Refusal refusal() const { return refusal_; }
    int64_t retry_after() const { return retry_after_; }

    // The password was wrong (or the account disabled): counts against every limit.
    void Fail(int64_t now);
    // The login succeeded: clears the pair's failures (not the address's or the account's).
    void Succeed();

   private:
    friend class LoginThrottle;
    LoginThrottle* throttle_ = nullptr;
    std::string account_;
    std::string address_;
    Refusal refusal_ = Refusal::kNone;
    int64_t retry_after_ = 0;
  };

  // Reserves one password check of `account` from `address` at `now` (unix seconds), or refuses.
  Attempt Reserve(const std::string& account, const std::string& address, int64_t now);

  // Counters for tests: keys tracked per map (pairs, addresses, accounts).
  size_t TrackedKeys();

 private:
  struct Counter {
    int failures = 0;
    int in_flight = 0;
    int64_t window_start = 0;
    int64_t locked_until = 0;
    int64_t last_check = 0;  // accounts: when the slow-down last admitted a check
  };
  using Map = std::map<std::string, Counter>;
  enum class Outcome { kFailed, kSucceeded, kReleased };

  void Settle(const std::string& account, const std::string& address, Outcome outcome, int64_t now);
  void Roll(Counter& c, int64_t now) const;
  Counter& Slot(Map& m, const std::string& key, int64_t now);
  void Prune(Map& m, int64_t now);
  static std::string PairKey(const std::string& account, const std::string& address);

  std::mutex mu_;
  LoginLimits limits_;
  Map pairs_;
  Map addresses_;
  Map accounts_;
};

}  // namespace zj::server
