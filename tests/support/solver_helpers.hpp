#pragma once
// Helpers shared by the solver tests.

#include <numeric>
#include <span>
#include <vector>

#include "host/model/compile.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"

namespace hg::test {

inline std::vector<NodeId> all_nodes(NodeId n) {
  std::vector<NodeId> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

// Dijkstra's stored times, origins x destinations, row-major: the reference
// the other solvers' rows are held to.
inline std::vector<std::uint32_t> dijkstra_rows(const Problem& p, std::span<const NodeId> origins,
                                                std::span<const NodeId> destinations, Time cap, int threads = 2) {
  std::vector<std::uint32_t> rows(origins.size() * destinations.size());
  DijkstraRows(p, destinations, cap, false, threads).solve(origins, rows.data(), nullptr);
  return rows;
}

// Follows next hops (an n x n matrix) from o to d, adding each leg's folded
// time (minus the origin's handling on the first leg). ~0 when the hops do
// not lead to d (a cycle, a missing hop or a missing edge).
inline std::uint64_t walk_hops(const Problem& p, const std::vector<NodeId>& hops, NodeId o, NodeId d) {
  const NodeId n = p.node_count;
  std::uint64_t total = 0;
  NodeId u = o;
  for (NodeId steps = 0; u != d; ++steps) {
    if (steps > n) return ~std::uint64_t{0};
    const NodeId v = hops[std::size_t{u} * n + d];
    if (v == kNoNode) return ~std::uint64_t{0};
    std::uint64_t w = ~std::uint64_t{0};
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e)
      if (p.forward.arcs[e].target == v) w = p.forward.arcs[e].weight;
    if (w == ~std::uint64_t{0}) return w;
    total += u == o ? w - p.handling[u] : w;
    u = v;
  }
  return total;
}

}  // namespace hg::test
