#pragma once
// All-pairs reachability as the host builds it (host/solvers/fw/reachability.hpp)
// and the kernels read it: a component id per node and, per component, a
// bitset of the components it reaches. One function answers a pair on
// either side.

#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/time.hpp"

namespace hg {

struct ReachBits {
  const std::uint32_t* component = nullptr;  // per node; null: no reachability given
  const std::uint64_t* bits = nullptr;       // components x words
  std::uint64_t words = 0;                   // 64-bit words per component's bitset
};

// Does component `from` reach node `to`?
HG_HD bool reach_bits_component_reaches(const ReachBits& r, std::uint32_t from, NodeId to) {
  const std::uint32_t t = r.component[to];
  return (r.bits[std::uint64_t{from} * r.words + t / 64] >> (t % 64)) & 1;
}

HG_HD bool reach_bits_reaches(const ReachBits& r, NodeId from, NodeId to) {
  return reach_bits_component_reaches(r, r.component[from], to);
}

}  // namespace hg
