#pragma once
// One-to-all Dijkstra on the forward CSR with a 4-ary heap, the CPU reference
// for every GPU solver. Early stops: at a cap (once the next label exceeds
// it) and once every requested destination is settled. Rows come out in the
// stored form (docs/design.md#caps): exact up to the cap, cap + 1 for reachable times
// beyond it, kUnreachable32 where no path exists.

#include <cstdint>
#include <span>
#include <vector>

#include "host/model/compile.hpp"
#include "host/core/quad_heap.hpp"

namespace hg {

class DijkstraSearch {
 public:
  explicit DijkstraSearch(const Problem& problem);

  struct Limits {
    Time cap = 0;                                    // 0: no cap
    const std::vector<std::uint8_t>* targets = nullptr;  // mask of destinations; stop when all settled
    std::uint32_t target_count = 0;
    bool hops = false;                               // track the first hop of every path
    NodeId target = kNoNode;                         // one destination: stop once it is settled
    bool parents = false;                            // track each node's predecessor (path_to)
  };

  void run(NodeId origin, const Limits& limits);

  // Internal time of v after run(): exact where <= cap (or everywhere without
  // a cap or target stop), kInfinity where never labelled.
  Time distance(NodeId v) const { return dist_[v]; }
  std::span<const Time> distances() const { return dist_; }
  NodeId first_hop(NodeId v) const { return hop_[v]; }
  NodeId origin() const { return origin_; }
  // The nodes from the origin to v (both included) after a run with
  // parents; empty when v was not reached.
  std::vector<NodeId> path_to(NodeId v) const;

  // Stored times (and next hops) of the last run for `destinations`.
  void write_row(std::span<const NodeId> destinations, std::uint32_t* times, NodeId* hops);

 private:
  bool reachable_beyond_stop(NodeId v);  // after an early stop, decides reachability

  const Problem& problem_;
  std::vector<Time> dist_;
  std::vector<NodeId> hop_;
  std::vector<NodeId> parent_;  // allocated at the first run that asks for parents
  QuadHeap<Time> heap_;
  std::vector<NodeId> touched_;  // labelled nodes, reset at the next run
  NodeId origin_ = kNoNode;
  Time cap_ = 0;
  bool stopped_early_ = false;
  bool track_hops_ = false;
  bool track_parents_ = false;
  // Reachability beyond an early stop: nodes marked with the current epoch.
  std::vector<std::uint32_t> mark_;
  std::uint32_t epoch_ = 0;
  bool reach_done_ = false;
  std::vector<NodeId> queue_;
};

// Rows for many origins, parallel over origins (OpenMP), one search
// workspace per thread kept across calls.
class DijkstraRows {
 public:
  DijkstraRows(const Problem& problem, std::span<const NodeId> destinations, Time cap, bool hops, int threads);
  // times (and hops, if enabled) are row-major origins.size() x destinations.size().
  void solve(std::span<const NodeId> origins, std::uint32_t* times, NodeId* hops);

 private:
  const Problem& problem_;
  std::vector<NodeId> destinations_;
  DijkstraSearch::Limits limits_;
  std::vector<std::uint8_t> target_mask_;
  int threads_;
  std::vector<DijkstraSearch> searches_;
};

}  // namespace hg
