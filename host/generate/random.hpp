#pragma once
// Randomness and trigonometry for the network generators that give the same
// bits on every platform: xoshiro256** seeded by splitmix64, transforms built
// only from exactly rounded operations (+ - * / sqrt), and a sine by its
// Taylor series (libm's last bits differ between platforms). The generators
// compile with floating-point contraction off, so that no a * b + c becomes a
// fused multiply-add; this header does the same for its own functions.

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <array>
#include <cmath>
#include <cstdint>

namespace hg::deterministic {

inline constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  // One independent stream per purpose (an enum of the generator) and index
  // (a country, a node, …): any item can be generated alone, by any thread,
  // in any order.
  template <class StreamId>
  Rng(std::uint64_t seed, StreamId stream, std::uint64_t index) {
    std::uint64_t key = seed;
    key = splitmix64(key) ^ (static_cast<std::uint64_t>(stream) * 0xD1B54A32D192ED03ull);
    key = splitmix64(key) ^ index;
    for (std::uint64_t& word : state_) word = splitmix64(key);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }           // [0, 1)
  double uniform_open() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }

  // Unbiased integer in [0, n), n > 0, by rejection: integers only.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
      const std::uint64_t x = next();
      if (x >= threshold) return x % n;
    }
  }
  std::uint32_t between(std::uint32_t lo, std::uint32_t hi) {  // inclusive
    return lo + static_cast<std::uint32_t>(below(std::uint64_t{hi} - lo + 1));
  }

  // Standard normal, approximated by the sum of four uniforms (Irwin–Hall):
  // additions only, and bounded at ±3.46σ, which keeps points near their
  // centre. (Draws are sequenced by statements throughout this file: the
  // operands of + and of a function call are evaluated in unspecified order.)
  double normal() {
    constexpr double kSqrt3 = 1.7320508075688772;
    double sum = uniform();
    for (int k = 1; k < 4; ++k) sum += uniform();
    return (sum - 2.0) * kSqrt3;
  }

  // Pareto with shape 2 and mean 1 (scale 1/2): u^(-1/2) needs only a sqrt.
  double pareto2() { return 0.5 / std::sqrt(uniform_open()); }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

// Taylor series on |r| <= π/4; the first omitted term is below 1e-17.
inline double sin_small(double r) {
  const double r2 = r * r;
  double p = 1.0 / 355687428096000.0;  // 1/17!
  p = p * r2 - 1.0 / 1307674368000.0;
  p = p * r2 + 1.0 / 6227020800.0;
  p = p * r2 - 1.0 / 39916800.0;
  p = p * r2 + 1.0 / 362880.0;
  p = p * r2 - 1.0 / 5040.0;
  p = p * r2 + 1.0 / 120.0;
  p = p * r2 - 1.0 / 6.0;
  return r + r * r2 * p;
}

}  // namespace hg::deterministic
