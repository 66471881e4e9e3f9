// Deterministic pseudo-random numbers for the demo microsimulation. The standard library's
// distributions (std::uniform_int_distribution, std::normal_distribution, …) are implementation
// defined, so the simulation draws everything through this class: the same seed gives the same
// sequence on every platform and compiler (up to libm rounding in Normal()).
//
// Rng is xoshiro256** seeded through splitmix64. It is a value type; copying it copies the stream.
// Not thread-safe; use one Rng per thread (Fork derives independent streams).
#pragma once

#include <cstdint>
#include <initializer_list>

namespace zj::sim {

// One splitmix64 step: advances `state` and returns the next output.
uint64_t SplitMix64(uint64_t& state);
// Mixes a list of integers into one well-spread 64-bit value (for stream keys and stable hashes).
uint64_t MixKeys(std::initializer_list<uint64_t> keys);

class Rng {
 public:
  explicit Rng(uint64_t seed);
  // A stream keyed by `keys` (e.g. {seed, county, process, year}).
  static Rng ForKeys(std::initializer_list<uint64_t> keys) { return Rng(MixKeys(keys)); }

  uint64_t Next();
  // Uniform double in [0, 1) with 53 random bits.
  double Uniform();
  // Uniform integer in [0, n); n must be > 0. Unbiased (Lemire's method with rejection).
  uint64_t Below(uint64_t n);
  // Uniform integer in [lo, hi] (inclusive); requires lo <= hi.
  int Range(int lo, int hi);
  bool Bernoulli(double p) { return Uniform() < p; }
  // Standard normal deviate (Box–Muller, both values used in turn).
  double Normal();
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // Poisson(mean): inversion below mean 30, rounded normal approximation above.
  int64_t Poisson(double mean);
  // Binomial(n, p): sum of Bernoullis for small n, inversion for small n·p, rounded normal
  // approximation (clamped to [0, n]) otherwise.
  int64_t Binomial(int64_t n, double p);
  // floor(x) plus 1 with probability frac(x): an unbiased integer with the least variance.
  int64_t StochasticRound(double x);

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace zj::sim
