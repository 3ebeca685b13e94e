#include "host/solvers/dijkstra/dijkstra.hpp"

#include <omp.h>

#include <algorithm>

namespace hg {

DijkstraSearch::DijkstraSearch(const Problem& problem)
    : problem_(problem),
      dist_(problem.node_count, kInfinity),
      hop_(problem.node_count, kNoNode),
      heap_(problem.node_count) {}

void DijkstraSearch::run(NodeId origin, const Limits& limits) {
  // 1. Forget the previous run (only what it touched).
  for (NodeId v : touched_) dist_[v] = kInfinity;
  touched_.clear();
  heap_.clear();
  origin_ = origin;
  cap_ = limits.cap;
  track_hops_ = limits.hops;
  track_parents_ = limits.parents;
  if (track_parents_ && parent_.size() != problem_.node_count) parent_.assign(problem_.node_count, kNoNode);
  stopped_early_ = false;
  reach_done_ = false;

  const Csr& g = problem_.forward;
  const std::vector<std::uint8_t>* targets = limits.targets;
  std::uint32_t targets_left = limits.target_count;

  dist_[origin] = 0;
  hop_[origin] = kNoNode;
  if (track_parents_) parent_[origin] = kNoNode;
  touched_.push_back(origin);
  heap_.push(origin, 0);

  // 2. Settle nodes in time order.
  while (!heap_.empty()) {
    if (cap_ != 0 && heap_.top().key > cap_) {
      stopped_early_ = true;
      break;
    }
    const auto [d, u] = heap_.pop();
    if ((targets && (*targets)[u] && --targets_left == 0) || u == limits.target) {
      stopped_early_ = !heap_.empty();
      break;
    }
    // The origin's own departure handling is not part of any transit time. At
    // the origin d = 0, so base wraps; base + w is still exact because every
    // out-edge weight of u includes handling(u).
    const Time base = u == origin ? d - problem_.handling[u] : d;
    const NodeId hop_via_u = u == origin ? kNoNode : hop_[u];
    // The current heap top is usually the next node settled: start fetching
    // its arcs while this node's are relaxed.
    if (!heap_.empty()) __builtin_prefetch(&g.arcs[g.offsets[heap_.top().node]]);
    for (std::uint32_t e = g.begin(u), end = g.end(u); e < end; ++e) {
      const NodeId v = g.arcs[e].target;
      const Time nd = base + g.arcs[e].weight;
      if (nd < dist_[v]) {
        if (dist_[v] == kInfinity) {
          touched_.push_back(v);
          heap_.push(v, nd);
        } else {
          heap_.decrease(v, nd);
        }
        dist_[v] = nd;
        if (track_hops_) hop_[v] = hop_via_u == kNoNode ? v : hop_via_u;
        if (track_parents_) parent_[v] = u;
      }
    }
  }
}

std::vector<NodeId> DijkstraSearch::path_to(NodeId v) const {
  if (!track_parents_ || dist_[v] == kInfinity) return {};
  std::vector<NodeId> path;
  for (NodeId u = v; u != kNoNode; u = parent_[u]) path.push_back(u);
  std::reverse(path.begin(), path.end());
  return path;
}

bool DijkstraSearch::reachable_beyond_stop(NodeId v) {
  if (!reach_done_) {
    // Every node reachable from the origin is reachable from a labelled node
    // that was not settled (settled nodes have all their successors labelled),
    // so a breadth-first search from the heap finds the rest.
    if (mark_.size() != problem_.node_count) mark_.assign(problem_.node_count, 0);
    if (++epoch_ == 0) {
      std::fill(mark_.begin(), mark_.end(), 0);
      epoch_ = 1;
    }
    queue_.clear();
    for (const auto& entry : heap_.entries()) {
      mark_[entry.node] = epoch_;
      queue_.push_back(entry.node);
    }
    const Csr& g = problem_.forward;
    for (std::size_t head = 0; head < queue_.size(); ++head) {
      const NodeId u = queue_[head];
      for (std::uint32_t e = g.begin(u), end = g.end(u); e < end; ++e) {
        const NodeId w = g.arcs[e].target;
        if (dist_[w] == kInfinity && mark_[w] != epoch_) {
          mark_[w] = epoch_;
          queue_.push_back(w);
        }
      }
    }
    reach_done_ = true;
  }
  return mark_[v] == epoch_;
}

void DijkstraSearch::write_row(std::span<const NodeId> destinations, std::uint32_t* times, NodeId* hops) {
  for (std::size_t j = 0; j < destinations.size(); ++j) {
    const NodeId v = destinations[j];
    const Time d = dist_[v];
    std::uint32_t value = stored_time(d, cap_);
    if (d == kInfinity && stopped_early_ && cap_ != 0 && reachable_beyond_stop(v)) value = cap_ + 1;
    times[j] = value;
    if (hops) {
      const bool exact = d < kInfinity && (cap_ == 0 || d <= cap_);
      hops[j] = exact && v != origin_ ? hop_[v] : kNoNode;
    }
  }
}

DijkstraRows::DijkstraRows(const Problem& problem, std::span<const NodeId> destinations, Time cap, bool hops,
                           int threads)
    : problem_(problem), destinations_(destinations.begin(), destinations.end()), threads_(std::max(1, threads)) {
  limits_.cap = cap;
  limits_.hops = hops;
  if (destinations_.size() < problem.node_count) {
    target_mask_.assign(problem.node_count, 0);
    for (NodeId v : destinations_) target_mask_[v] = 1;
    limits_.targets = &target_mask_;
    limits_.target_count = static_cast<std::uint32_t>(destinations_.size());
  }
}

void DijkstraRows::solve(std::span<const NodeId> origins, std::uint32_t* times, NodeId* hops) {
  const int threads = std::min<int>(threads_, static_cast<int>(std::max<std::size_t>(1, origins.size())));
  while (searches_.size() < static_cast<std::size_t>(threads)) searches_.emplace_back(problem_);
  const std::size_t cols = destinations_.size();
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(origins.size()); ++i) {
    DijkstraSearch& search = searches_[static_cast<std::size_t>(omp_get_thread_num())];
    search.run(origins[i], limits_);
    search.write_row(destinations_, times + static_cast<std::size_t>(i) * cols,
                     hops ? hops + static_cast<std::size_t>(i) * cols : nullptr);
  }
}

}  // namespace hg
