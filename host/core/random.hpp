#pragma once
// splitmix64: one step of the integer mixer behind every seeded choice (the
// generators' xoshiro256** seeds, the sampled origins of `verify`). Integers
// only, so the same on every platform.

#include <cstdint>

namespace hg {

inline constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace hg
