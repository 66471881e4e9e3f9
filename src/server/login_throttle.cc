// Failed-login throttling (see login_throttle.h).
#include "login_throttle.h"

#include <algorithm>
#include <utility>

namespace zj::server {
namespace {
constexpr size_t kMaxKeys = 100000;  // per map; prune beyond this many tracked keys
}  // namespace

// ---- Attempt ----

LoginThrottle::Attempt::Attempt(Attempt&& other) noexcept { *this = std::move(other); }

LoginThrottle::Attempt& LoginThrottle::Attempt::operator=(Attempt&& other) noexcept {
  if (this != &other) {
    if (throttle_) throttle_->Settle(account_, address_, Outcome::kReleased, 0);
    throttle_ = std::exchange(other.throttle_, nullptr);
    account_ = std::move(other.account_);
    address_ = std::move(other.address_);
    refusal_ = other.refusal_;
    retry_after_ = other.retry_after_;
  }
  return *this;
}

LoginThrottle::Attempt::~Attempt() {
  if (throttle_) throttle_->Settle(account_, address_, Outcome::kReleased, 0);
}

void LoginThrottle::Attempt::Fail(int64_t now) {
  if (!throttle_) return;
  std::exchange(throttle_, nullptr)->Settle(account_, address_, Outcome::kFailed, now);
}

void LoginThrottle::Attempt::Succeed() {
  if (!throttle_) return;
  std::exchange(throttle_, nullptr)->Settle(account_, address_, Outcome::kSucceeded, 0);
}

// ---- LoginThrottle ----

void LoginThrottle::set_limits(LoginLimits limits) {
  std::lock_guard lock(mu_);
  limits_ = limits;
}

std::string LoginThrottle::PairKey(const std::string& account, const std::string& address) {
  return account + '\n' + address;  // usernames and addresses never hold a newline
}

// Starts a new window when the old one (or an expired lock) is over. In-flight counts and the
// slow-down's last check survive.
void LoginThrottle::Roll(Counter& c, int64_t now) const {
  if (c.locked_until != 0) {
    if (c.locked_until > now) return;
    c.locked_until = 0;
    c.failures = 0;
    c.window_start = now;
  } else if (now - c.window_start >= limits_.window_seconds) {
    c.failures = 0;
    c.window_start = now;
  }
}

LoginThrottle::Counter& LoginThrottle::Slot(Map& m, const std::string& key, int64_t now) {
  if (m.size() >= kMaxKeys && !m.count(key)) Prune(m, now);
  auto [it, inserted] = m.try_emplace(key);
  if (inserted) it->second.window_start = now;
  Roll(it->second, now);
  return it->second;
}

void LoginThrottle::Prune(Map& m, int64_t now) {
  std::erase_if(m, [&](const auto& kv) {
    const Counter& c = kv.second;
    return c.in_flight == 0 && c.locked_until <= now &&
           now - c.window_start >= limits_.window_seconds &&
           now - c.last_check >= limits_.slowdown_seconds;
  });
  // Under a flood, forget idle keys rather than grow; checks in flight stay counted.
  if (m.size() >= kMaxKeys)
    std::erase_if(m, [](const auto& kv) { return kv.second.in_flight == 0; });
}

LoginThrottle::Attempt LoginThrottle::Reserve(const std::string& account,
                                              const std::string& address, int64_t now) {
  std::lock_guard lock(mu_);
  const Counter zero;
  auto current = [&](Map& m, const std::string& key) -> Counter {
    auto it = m.find(key);
    if (it == m.end()) return zero;
    Roll(it->second, now);
    return it->second;
  };
  const std::string pair_key = PairKey(account, address);
  const Counter pair = current(pairs_, pair_key);
  const Counter addr = current(addresses_, address);
  const Counter acct = current(accounts_, account);

  Attempt a;
  auto refuse = [&](Refusal why, int64_t wait) {
    if (a.refusal_ == Refusal::kNone || wait > a.retry_after_) {
      a.refusal_ = why;
      a.retry_after_ = std::max<int64_t>(1, wait);
    }
  };
  // Locks first: they decide the longest wait.
  if (pair.locked_until > now) refuse(Refusal::kLocked, pair.locked_until - now);
  if (addr.locked_until > now) refuse(Refusal::kLocked, addr.locked_until - now);
  if (a.refusal_ != Refusal::kNone) return a;
  // Checks in flight count as failures until they are settled.
  const int pair_limit = limits_.max_failures_per_account;
  const int addr_limit = limits_.max_failures_per_address;
  if (pair_limit > 0 && pair.failures + pair.in_flight >= pair_limit) refuse(Refusal::kBusy, 1);
  if (addr_limit > 0 && addr.failures + addr.in_flight >= addr_limit) refuse(Refusal::kBusy, 1);
  if (a.refusal_ != Refusal::kNone) return a;
  // The account's global slow-down: one check at a time, one per slowdown_seconds.
  const int slow_after = limits_.slowdown_after_failures;
  if (slow_after > 0 && acct.failures + acct.in_flight >= slow_after) {
    const int64_t next = acct.last_check + limits_.slowdown_seconds;
    if (acct.in_flight > 0 || now < next) {
      refuse(Refusal::kSlowDown, acct.in_flight > 0 ? limits_.slowdown_seconds : next - now);
      return a;
    }
  }
  ++Slot(pairs_, pair_key, now).in_flight;
  ++Slot(addresses_, address, now).in_flight;
  Counter& account_counter = Slot(accounts_, account, now);
  ++account_counter.in_flight;
  account_counter.last_check = now;
  a.throttle_ = this;
  a.account_ = account;
  a.address_ = address;
  return a;
}

void LoginThrottle::Settle(const std::string& account, const std::string& address, Outcome outcome,
                           int64_t now) {
  std::lock_guard lock(mu_);
  const std::string pair_key = PairKey(account, address);
  for (auto [m, key] : {std::pair{&pairs_, &pair_key}, std::pair{&addresses_, &address},
                        std::pair{&accounts_, &account}}) {
    auto it = m->find(*key);
    if (it != m->end() && it->second.in_flight > 0) --it->second.in_flight;
  }
  if (outcome == Outcome::kSucceeded) {
    auto it = pairs_.find(pair_key);
    if (it != pairs_.end()) {
      if (it->second.in_flight == 0) {
        pairs_.erase(it);
      } else {
        it->second.failures = 0;
        it->second.locked_until = 0;
      }
    }
    return;
  }
  if (outcome != Outcome::kFailed) return;
  auto fail = [&](Map& m, const std::string& key, int limit) {
    Counter& c = Slot(m, key, now);
    ++c.failures;
    if (limit > 0 && c.failures >= limit && c.locked_until <= now) {
      c.locked_until = now + limits_.lock_seconds;
    }
  };
  fail(pairs_, pair_key, limits_.max_failures_per_account);
  fail(addresses_, address, limits_.max_failures_per_address);
  fail(accounts_, account, 0);  // the account is slowed down, never locked
}

size_t LoginThrottle::TrackedKeys() {
  std::lock_guard lock(mu_);
  return pairs_.size() + addresses_.size() + accounts_.size();
}

}  // namespace zj::server
