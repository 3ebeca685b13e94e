#pragma once
// Deterministic sampling of origins: the same seed picks the same nodes on
// every platform (own generator, no std:: distributions).

#include <cstdint>
#include <vector>

#include "host/core/random.hpp"
#include "host/core/time.hpp"

namespace hg {

// k distinct nodes of 0..n-1 (all of them, in order, when k >= n).
inline std::vector<NodeId> sample_nodes(NodeId n, std::uint32_t k, std::uint64_t seed) {
  std::vector<NodeId> nodes(n);
  for (NodeId i = 0; i < n; ++i) nodes[i] = i;
  if (k >= n) return nodes;
  std::uint64_t state = seed;
  for (std::uint32_t i = 0; i < k; ++i) {  // partial Fisher–Yates
    const NodeId j = i + static_cast<NodeId>(splitmix64(state) % (n - i));
    std::swap(nodes[i], nodes[j]);
  }
  nodes.resize(k);
  return nodes;
}

}  // namespace hg
