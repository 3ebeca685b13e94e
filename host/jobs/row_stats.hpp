#pragma once
// What `solve` reports about the rows it stored: unreachable pairs, pairs
// beyond the cap, the largest exact time.

#include <algorithm>
#include <cstdint>
#include <span>

#include "host/core/time.hpp"

namespace hg {

struct RowStats {
  std::uint64_t unreachable = 0;
  std::uint64_t beyond_cap = 0;
  std::uint32_t max_exact = 0;

  void add(std::span<const std::uint32_t> times, Time cap) {
    for (const std::uint32_t t : times) {
      if (t == kUnreachable32)
        ++unreachable;
      else if (cap != 0 && t > cap)
        ++beyond_cap;
      else
        max_exact = std::max(max_exact, t);
    }
  }
};

}  // namespace hg
