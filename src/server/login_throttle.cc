// Failed-login throttling (see login_throttle.h).
#include "login_throttle.h"

#include <algorithm>

namespace zj::server {
namespace {
constexpr size_t kMaxKeys = 100000;  // prune beyond this many tracked keys
}

void LoginThrottle::set_limits(LoginLimits limits) {
  std::lock_guard lock(mu_);
  limits_ = limits;
}

int64_t LoginThrottle::LockedFor(std::map<std::string, Counter>& m, const std::string& key,
                                 int64_t now) {
  auto it = m.find(key);
  if (it == m.end()) return 0;
  return std::max<int64_t>(0, it->second.locked_until - now);
}

int64_t LoginThrottle::LockedFor(const std::string& account, const std::string& address,
                                 int64_t now) {
  std::lock_guard lock(mu_);
  return std::max(LockedFor(accounts_, account, now), LockedFor(addresses_, address, now));
}

void LoginThrottle::Fail(std::map<std::string, Counter>& m, const std::string& key, int limit,
                         int64_t now) {
  if (m.size() >= kMaxKeys) Prune(m, now);
  Counter& c = m[key];
  if (now - c.window_start >= limits_.window_seconds || c.locked_until != 0) {
    if (c.locked_until <= now) c = Counter{0, now, 0};
  }
  ++c.failures;
  if (limit > 0 && c.failures >= limit) c.locked_until = now + limits_.lock_seconds;
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address,
                                  int64_t now) {
  std::lock_guard lock(mu_);
  Fail(accounts_, account, limits_.max_failures_per_account, now);
  Fail(addresses_, address, limits_.max_failures_per_address, now);
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mu_);
  accounts_.erase(account);
}

void LoginThrottle::Prune(std::map<std::string, Counter>& m, int64_t now) {
  std::erase_if(m, [&](const auto& kv) {
    const Counter& c = kv.second;
    return c.locked_until <= now && now - c.window_start >= limits_.window_seconds;
  });
  if (m.size() >= kMaxKeys) m.clear();  // under a flood, forget rather than grow
}

}  // namespace zj::server
