#pragma once
// Randomness for the network generators that gives the same bits on every
// platform: xoshiro256** seeded by splitmix64, and transforms built only from
// exactly rounded operations (+ - * / sqrt). The trigonometry is in
// exact_math.hpp.

#include "host/generate/fp_contract_off.hpp"

#include <array>
#include <cmath>
#include <cstdint>

#include "host/core/random.hpp"

namespace hg::deterministic {

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

}  // namespace hg::deterministic
