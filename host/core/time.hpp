#pragma once
// Node ids, times and their sentinels: defined once, used by every solver.

#include <cstdint>

#include "host/core/hd.hpp"

namespace hg {

using NodeId = std::uint32_t;  // 0-based index into the snapshot's nodes
using Time = std::uint32_t;    // a transit time in the snapshot's time unit

// No node: the next hop of an unreachable pair, of the diagonal, or beyond a cap.
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

// Internal infinity. Compilation refuses networks whose path bound reaches it,
// so every finite time is below it, and kInfinity + kInfinity still fits in
// 32 bits: min(c, a + b) never wraps, whatever a and b are.
inline constexpr Time kInfinity = 0x7FFFFFFFu;

// Sentinels on output: all ones of the stored width.
inline constexpr std::uint32_t kUnreachable32 = 0xFFFFFFFFu;
inline constexpr std::uint16_t kUnreachable16 = 0xFFFFu;

// The largest cap a run may use: its "beyond the cap" value cap + 1 must stay
// below the internal infinity.
inline constexpr Time kMaxCap = kInfinity - 2;

// The value a result stores for an internal time d. cap = 0 means no cap;
// with a cap, every reachable time above it is stored as cap + 1.
HG_HD std::uint32_t stored_time(Time d, Time cap) {
  if (d >= kInfinity) return kUnreachable32;
  if (cap != 0 && d > cap) return cap + 1;
  return d;
}

}  // namespace hg
