#pragma once
// Which nodes some origin reaches within a cap, by one multi-source Dijkstra,
// optionally with one node that no route may pass through (it may still be
// reached, and be an origin): what hub criticality repeats once per hub
// (docs/planning.md#hub-criticality). Times follow coverage's rules: an
// origin's own departure handling is not charged (host/solvers/dijkstra/multi_source.hpp).
// The workspace is reused across searches: one per thread.

#include <cstdint>
#include <span>
#include <vector>

#include "host/core/quad_heap.hpp"
#include "host/model/compile.hpp"

namespace hg {

class CappedReach {
 public:
  explicit CappedReach(const Problem& problem);

  // Searches from `origins` up to `cap`, never relaxing the arcs out of
  // `no_transit` (kNoNode: none).
  void run(std::span<const NodeId> origins, Time cap, NodeId no_transit = kNoNode);

  // After run: whether `v` was reached within the cap.
  bool reached(NodeId v) const { return stamp_[v] == epoch_ && settled_[v]; }

 private:
  const Problem& problem_;
  std::vector<Time> time_;
  std::vector<std::uint32_t> stamp_;  // time_ and settled_ hold for this run when stamp_ == epoch_
  std::vector<std::uint8_t> settled_;
  std::uint32_t epoch_ = 0;
  QuadHeap<Time> heap_;
};

}  // namespace hg
