#pragma once
// A bound on every shortest transit time of a compiled network, proved in
// one of two ways (docs/design.md#the-path-bound):
//
// - largest weights: a shortest path is simple, so it has at most N - 1 arcs
//   and weighs at most the sum of the N - 1 largest folded weights. Free to
//   compute, but it grows with N: a real city of 264,000 nodes already
//   reaches two thirds of 2^31.
// - component searches: for each strongly connected component C, one search
//   forward and one backward from a root r of C, inside C, bound every
//   shortest time between two nodes of C by ecc_in(r) + ecc_out(r); a
//   shortest path crosses the components in topological order, so the
//   longest chain of (component bound + connecting arc) over the component
//   graph bounds every shortest time. Two searches per component: about two
//   Dijkstra runs on a road network, and tight to a factor of two of its
//   longest shortest time.
//
// compile() takes the first where it lies below the internal infinity and the
// second otherwise.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/model/compile.hpp"

namespace hg {

std::string_view path_bound_method_name(PathBoundMethod method);  // "largest-weights", …

struct ComponentBound {
  std::uint64_t value = 0;       // every shortest folded time is at most this
  std::uint32_t components = 0;  // strongly connected components
  // The chain that gives the value: it starts in the component of `from`
  // and ends in the component of `to` (representative nodes).
  NodeId from = 0, to = 0;
};

// The sum of the min(arcs, node_count - 1) largest folded weights, in 64 bits.
std::uint64_t largest_weights_bound(const Csr& forward, NodeId node_count);

// The component bound described above; forward and reverse must be the
// problem's two CSRs (weights below the internal infinity). `threads` runs the
// forward and the backward searches side by side when 2 or more.
ComponentBound component_bound(const Problem& problem, int threads = 2);

// The largest finite shortest folded time from `origin`, and where it is
// reached: an exact 64-bit Dijkstra over the whole network.
struct Farthest {
  std::uint64_t time = 0;
  NodeId node = 0;
};
Farthest farthest_from(const Csr& graph, NodeId origin);

}  // namespace hg
