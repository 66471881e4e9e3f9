// The login throttle (src/server/login_throttle.h) with a fake clock: reservations count while
// in flight, locks per (account, address) pair and per address, the account's global slow-down,
// and the windows. The HTTP-level race test is in security_test.cc.
#include "login_throttle.h"

#include <gtest/gtest.h>

#include <vector>

namespace zj::server {
namespace {

using Refusal = LoginThrottle::Refusal;

LoginLimits Limits() {
  LoginLimits l;
  l.max_failures_per_account = 5;
  l.max_failures_per_address = 20;
  l.window_seconds = 900;
  l.lock_seconds = 900;
  l.slowdown_after_failures = 10;
  l.slowdown_seconds = 5;
  return l;
}

TEST(LoginThrottleTest, InFlightChecksCountAgainstThePairLimit) {
  LoginThrottle t(Limits());
  const int64_t now = 1000;
  // 100 attempts reserved before any settles: only 5 may check a password.
  std::vector<LoginThrottle::Attempt> admitted;
  int refused_busy = 0;
  for (int i = 0; i < 100; ++i) {
    LoginThrottle::Attempt a = t.Reserve("victim", "10.0.0.1", now);
    if (a) {
      admitted.push_back(std::move(a));
    } else {
      EXPECT_EQ(a.refusal(), Refusal::kBusy);
      EXPECT_EQ(a.retry_after(), 1);
      ++refused_busy;
    }
  }
  EXPECT_EQ(admitted.size(), 5u);
  EXPECT_EQ(refused_busy, 95);
  for (LoginThrottle::Attempt& a : admitted) a.Fail(now);
  // Now locked for the whole lock time, even for the right password.
  LoginThrottle::Attempt locked = t.Reserve("victim", "10.0.0.1", now + 10);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.refusal(), Refusal::kLocked);
  EXPECT_EQ(locked.retry_after(), 890);
  // The same account from another address is not locked.
  LoginThrottle::Attempt other = t.Reserve("victim", "10.0.0.2", now + 10);
  ASSERT_TRUE(other);
  other.Succeed();
  // After the lock, the pair starts afresh.
  EXPECT_TRUE(t.Reserve("victim", "10.0.0.1", now + 900));
}

TEST(LoginThrottleTest, ReleasedAndSucceededAttemptsDoNotCount) {
  LoginThrottle t(Limits());
  for (int i = 0; i < 50; ++i) {
    LoginThrottle::Attempt a = t.Reserve("u", "a", 1000);
    ASSERT_TRUE(a) << i;
    if (i % 2) a.Succeed();
    // else: destroyed unsettled (an error before the check finished) → released
  }
  // Four failures, a success, then four more: the success cleared the pair's count.
  for (int i = 0; i < 4; ++i) t.Reserve("u", "a", 1000).Fail(1000);
  t.Reserve("u", "a", 1000).Succeed();
  for (int i = 0; i < 4; ++i) t.Reserve("u", "a", 1000).Fail(1000);
  EXPECT_TRUE(t.Reserve("u", "a", 1000));
}

TEST(LoginThrottleTest, FailuresExpireWithTheWindow) {
  LoginThrottle t(Limits());
  for (int i = 0; i < 4; ++i) t.Reserve("u", "a", 1000).Fail(1000);
  // The window is over: four more failures do not lock.
  for (int i = 0; i < 4; ++i) t.Reserve("u", "a", 1900).Fail(1900);
  EXPECT_TRUE(t.Reserve("u", "a", 1900));
  t.Reserve("u", "a", 1900).Fail(1900);
  EXPECT_EQ(t.Reserve("u", "a", 1900).refusal(), Refusal::kLocked);
}

TEST(LoginThrottleTest, AddressLimitCoversEveryAccount) {
  LoginThrottle t(Limits());
  // 20 failures over 10 accounts (2 each) lock the address for every account.
  for (int i = 0; i < 20; ++i)
    t.Reserve("user" + std::to_string(i % 10), "6.6.6.6", 1000).Fail(1000);
  LoginThrottle::Attempt a = t.Reserve("someone-else", "6.6.6.6", 1001);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.refusal(), Refusal::kLocked);
  EXPECT_EQ(a.retry_after(), 899);
  EXPECT_TRUE(t.Reserve("someone-else", "7.7.7.7", 1001));
}

TEST(LoginThrottleTest, GlobalSlowDownOfAnAccount) {
  LoginThrottle t(Limits());
  // 10 failures of one account from 10 addresses (1 each: no pair or address lock).
  for (int i = 0; i < 10; ++i) t.Reserve("victim", "10.0.1." + std::to_string(i), 1000).Fail(1000);
  // Now one password check per 5 s for the account, from anywhere.
  LoginThrottle::Attempt first = t.Reserve("victim", "192.168.1.5", 1003);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.refusal(), Refusal::kSlowDown);
  EXPECT_EQ(first.retry_after(), 2);  // the last check was at 1000
  LoginThrottle::Attempt real = t.Reserve("victim", "192.168.1.5", 1005);
  ASSERT_TRUE(real);
  // While it runs, nobody else checks a password of this account.
  LoginThrottle::Attempt parallel = t.Reserve("victim", "10.0.9.9", 1006);
  ASSERT_FALSE(parallel);
  EXPECT_EQ(parallel.refusal(), Refusal::kSlowDown);
  EXPECT_EQ(parallel.retry_after(), 5);
  real.Succeed();
  EXPECT_EQ(t.Reserve("victim", "10.0.9.9", 1007).refusal(), Refusal::kSlowDown);
  EXPECT_TRUE(t.Reserve("victim", "10.0.9.9", 1010));
  // Other accounts are not slowed down.
  EXPECT_TRUE(t.Reserve("other", "10.0.9.9", 1007));
  // The slow-down ends with the window.
  EXPECT_TRUE(t.Reserve("victim", "10.0.9.9", 1000 + 900));
}

TEST(LoginThrottleTest, ParallelAttemptsFromManyAddressesStopAtTheSlowDown) {
  LoginThrottle t(Limits());
  // 100 addresses, one attempt each, all in flight at once: the account's limit (10) holds.
  std::vector<LoginThrottle::Attempt> admitted;
  for (int i = 0; i < 100; ++i) {
    LoginThrottle::Attempt a = t.Reserve("victim", "10.1.0." + std::to_string(i), 1000);
    if (a) admitted.push_back(std::move(a));
  }
  EXPECT_EQ(admitted.size(), 10u);
}

TEST(LoginThrottleTest, SlowDownOff) {
  LoginLimits l = Limits();
  l.slowdown_after_failures = 0;
  LoginThrottle t(l);
  for (int i = 0; i < 50; ++i) t.Reserve("victim", "10.2.0." + std::to_string(i), 1000).Fail(1000);
  EXPECT_TRUE(t.Reserve("victim", "10.2.1.1", 1000));
}

TEST(LoginThrottleTest, MovedAttemptsSettleOnce) {
  LoginThrottle t(Limits());
  LoginThrottle::Attempt a = t.Reserve("u", "a", 1000);
  LoginThrottle::Attempt b = std::move(a);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  b.Fail(1000);
  b.Fail(1000);  // no second count
  for (int i = 0; i < 3; ++i) t.Reserve("u", "a", 1000).Fail(1000);
  EXPECT_TRUE(t.Reserve("u", "a", 1000));  // 4 failures so far
}

}  // namespace
}  // namespace zj::server
