#include "host/solvers/dijkstra/capped_reach.hpp"

#include <algorithm>

namespace hg {

CappedReach::CappedReach(const Problem& problem)
    : problem_(problem),
      time_(problem.node_count, 0),
      stamp_(problem.node_count, 0),
      settled_(problem.node_count, 0),
      heap_(problem.node_count) {}

void CappedReach::run(std::span<const NodeId> origins, Time cap, NodeId no_transit) {
  if (++epoch_ == 0) {  // wrapped: forget every stamp
    std::fill(stamp_.begin(), stamp_.end(), 0);
    epoch_ = 1;
  }
  heap_.clear();
  const Problem& p = problem_;
  const auto offer = [&](NodeId v, std::uint64_t t) {
    if (t > cap) return;
    const auto time = static_cast<Time>(t);
    if (stamp_[v] != epoch_) {
      stamp_[v] = epoch_;
      settled_[v] = 0;
      time_[v] = time;
      heap_.push(v, time);
    } else if (!settled_[v] && time < time_[v]) {
      time_[v] = time;
      heap_.decrease(v, time);
    }
  };
  // An origin's out-arcs leave without its departure handling; settled
  // later, it relaxes nothing more (every path through it starts there no
  // later), so an origin that may not be passed through changes nothing.
  for (const NodeId o : origins) offer(o, 0);
  for (const NodeId o : origins)
    for (std::uint32_t e = p.forward.begin(o); e < p.forward.end(o); ++e)
      offer(p.forward.arcs[e].target, p.weight_from(o, o, e));
  std::vector<std::uint8_t>& settled = settled_;
  while (!heap_.empty()) {
    const auto [t, u] = heap_.pop();
    settled[u] = 1;
    if (u == no_transit) continue;
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e)
      offer(p.forward.arcs[e].target, std::uint64_t{t} + p.forward.arcs[e].weight);
  }
}

}  // namespace hg
