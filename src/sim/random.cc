// xoshiro256** with splitmix64 seeding, and the small distribution helpers the simulation needs.
#include "zj/sim/random.h"

#include <cmath>

namespace zj::sim {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t MixKeys(std::initializer_list<uint64_t> keys) {
  uint64_t h = 0x6A09E667F3BCC909ULL;
  for (uint64_t k : keys) {
    uint64_t s = h ^ k;
    h = SplitMix64(s) + 0x9E3779B97F4A7C15ULL * (k + 1);
    s = h;
    h = SplitMix64(s);
  }
  return h;
}

namespace {
inline uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Rng::Rng(uint64_t seed) {
  uint64_t st = seed;
  for (auto& s : s_) s = SplitMix64(st);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

uint64_t Rng::Below(uint64_t n) {
  // Modulo with rejection of the incomplete last block: unbiased for every n.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x = Next();
  while (x >= limit) x = Next();
  return x % n;
}

int Rng::Range(int lo, int hi) {
  return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo) + 1));
}

double Rng::Normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = Uniform();
  while (u1 <= 0.0) u1 = Uniform();
  const double u2 = Uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 6.283185307179586 * u2;
  spare_ = r * std::sin(theta);
  has_spare_ = true;
  return r * std::cos(theta);
}

int64_t Rng::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean < 30) {
    // Inversion by sequential search.
    double p = std::exp(-mean);
    double cdf = p;
    const double u = Uniform();
    int64_t k = 0;
    while (u > cdf && k < 1000) {
      ++k;
      p *= mean / static_cast<double>(k);
      cdf += p;
    }
    return k;
  }
  const double x = std::floor(Normal(mean, std::sqrt(mean)) + 0.5);
  return x < 0 ? 0 : static_cast<int64_t>(x);
}

int64_t Rng::Binomial(int64_t n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 40) {
    int64_t k = 0;
    for (int64_t i = 0; i < n; ++i) k += Bernoulli(p) ? 1 : 0;
    return k;
  }
  const double mean = static_cast<double>(n) * p;
  if (mean < 20 || static_cast<double>(n) * (1 - p) < 20) {
    // Inversion on the smaller tail.
    const bool flip = p > 0.5;
    const double q = flip ? 1 - p : p;
    const double r = q / (1 - q);
    double prob = std::pow(1 - q, static_cast<double>(n));
    double cdf = prob;
    const double u = Uniform();
    int64_t k = 0;
    while (u > cdf && k < n) {
      prob *= r * static_cast<double>(n - k) / static_cast<double>(k + 1);
      ++k;
      cdf += prob;
    }
    return flip ? n - k : k;
  }
  double x = std::floor(Normal(mean, std::sqrt(mean * (1 - p))) + 0.5);
  if (x < 0) x = 0;
  if (x > static_cast<double>(n)) x = static_cast<double>(n);
  return static_cast<int64_t>(x);
}

int64_t Rng::StochasticRound(double x) {
  const double f = std::floor(x);
  return static_cast<int64_t>(f) + (Uniform() < x - f ? 1 : 0);
}

}  // namespace zj::sim
