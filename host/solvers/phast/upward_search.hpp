#pragma once
// A Dijkstra upward in a contraction hierarchy from one node, stalling on
// demand: the searches of the bucket tables (host/solvers/phast/bucket_table.hpp)
// and the upward labels of the searched PHAST sweeps (host/solvers/phast/search_starts.hpp).
//
// `relax` lists, at each node, the arcs the search follows upward; `stall`
// lists the arcs by which a higher node could reach the node more quickly.
// A node reached more quickly from above lies on no up-down shortest path:
// it neither relaxes its arcs nor is visited. Every node of an up-down
// shortest path's upward part is settled with its exact distance, so the
// visited nodes hold every label a downward pass needs. Stalled nodes keep
// their (too large) distance, which still proves stalls of others: a
// shorter path only makes them stricter.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "host/model/compile.hpp"
#include "kernels/phast/phast.cuh"

namespace hg {

// Arcs grouped by node: arcs[offsets[v] .. offsets[v + 1]) are v's, each
// naming the other end (Arc::target or PhastArc::tail) and a weight.
template <class A>
struct AdjacencyView {
  const std::uint32_t* offsets;
  const A* arcs;
};

inline AdjacencyView<Arc> adjacency(const Csr& csr) { return {csr.offsets.data(), csr.arcs.data()}; }
inline NodeId other_end(const Arc& a) { return a.target; }
inline NodeId other_end(const PhastArc& a) { return a.tail; }

class UpwardSearch {
 public:
  explicit UpwardSearch(NodeId n) : distance_(n, kInfinity) {}

  // visit(node, distance) for every node settled and not stalled.
  template <class A, class Visit>
  void run(AdjacencyView<A> relax, AdjacencyView<A> stall, NodeId source, Visit&& visit) {
    for (const NodeId v : touched_) distance_[v] = kInfinity;
    touched_.clear();
    heap_.clear();
    reach(source, 0);
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const std::uint64_t top = heap_.back();
      heap_.pop_back();
      const auto d = static_cast<Time>(top >> 32);
      const auto v = static_cast<NodeId>(top);
      if (d > distance_[v] || stalled(stall, v, d)) continue;
      visit(v, d);
      for (std::uint32_t e = relax.offsets[v]; e < relax.offsets[v + 1]; ++e) {
        const A& a = relax.arcs[e];
        const Time via = d + a.weight;  // both below 2^31: no overflow
        if (via < distance_[other_end(a)]) reach(other_end(a), via);
      }
    }
  }

 private:
  template <class A>
  bool stalled(AdjacencyView<A> stall, NodeId v, Time d) const {
    for (std::uint32_t e = stall.offsets[v]; e < stall.offsets[v + 1]; ++e) {
      const A& a = stall.arcs[e];
      const Time above = distance_[other_end(a)];
      if (above != kInfinity && above + a.weight < d) return true;
    }
    return false;
  }

  void reach(NodeId v, Time d) {
    if (distance_[v] == kInfinity) touched_.push_back(v);
    distance_[v] = d;
    heap_.push_back(std::uint64_t{d} << 32 | v);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  }

  std::vector<Time> distance_;
  std::vector<NodeId> touched_;
  std::vector<std::uint64_t> heap_;
};

}  // namespace hg
