// The simulation's own random helpers: fixed sequences for a seed, ranges, and the moments of the
// distributions (the standard library's distributions are implementation defined, so these are
// what make datasets identical across platforms).
#include "zj/sim/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace zj::sim {
namespace {

TEST(RandomTest, KnownSequenceAndStreams) {
  Rng a(1), b(1), c(2);
  const uint64_t first = a.Next();
  EXPECT_EQ(first, b.Next());
  EXPECT_NE(first, c.Next());
  // splitmix64 reference value (Vigna): state 0 → 0xE220A8397B1DCDAF.
  uint64_t st = 0;
  EXPECT_EQ(SplitMix64(st), 0xE220A8397B1DCDAFULL);
  EXPECT_NE(MixKeys({1, 2, 3}), MixKeys({1, 3, 2}));
  EXPECT_EQ(Rng::ForKeys({5, 6}).Next(), Rng::ForKeys({5, 6}).Next());
}

TEST(RandomTest, RangesAndUniformity) {
  Rng r(99);
  std::vector<int> bins(10, 0);
  for (int i = 0; i < 100000; ++i) {
    const double u = r.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    ++bins[static_cast<size_t>(r.Below(10))];
    const int x = r.Range(-3, 3);
    ASSERT_GE(x, -3);
    ASSERT_LE(x, 3);
  }
  for (int b : bins) EXPECT_NEAR(b, 10000, 450);
}

TEST(RandomTest, DistributionMoments) {
  Rng r(7);
  const int n = 20000;
  double sum_n = 0, sum_n2 = 0, sum_p = 0, sum_b = 0, sum_b_small = 0, sum_round = 0;
  for (int i = 0; i < n; ++i) {
    const double z = r.Normal();
    sum_n += z;
    sum_n2 += z * z;
    sum_p += static_cast<double>(r.Poisson(4.5));
    const int64_t b = r.Binomial(1000, 0.3);
    ASSERT_GE(b, 0);
    ASSERT_LE(b, 1000);
    sum_b += static_cast<double>(b);
    sum_b_small += static_cast<double>(r.Binomial(500, 0.01));
    sum_round += static_cast<double>(r.StochasticRound(2.25));
  }
  EXPECT_NEAR(sum_n / n, 0, 0.03);
  EXPECT_NEAR(sum_n2 / n, 1, 0.04);
  EXPECT_NEAR(sum_p / n, 4.5, 0.06);
  EXPECT_NEAR(sum_b / n, 300, 0.5);
  EXPECT_NEAR(sum_b_small / n, 5, 0.08);
  EXPECT_NEAR(sum_round / n, 2.25, 0.02);
  EXPECT_EQ(r.Binomial(0, 0.5), 0);
  EXPECT_EQ(r.Binomial(10, 1.0), 10);
  EXPECT_EQ(r.Poisson(0), 0);
}

}  // namespace
}  // namespace zj::sim
