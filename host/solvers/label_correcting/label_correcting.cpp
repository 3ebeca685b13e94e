#include "host/solvers/label_correcting/label_correcting.hpp"

#include <deque>

namespace hg {

std::vector<Time> label_correcting_one_to_all(const Problem& p, NodeId origin) {
  std::vector<Time> dist(p.node_count, kInfinity);
  std::vector<bool> queued(p.node_count, false);
  std::deque<NodeId> queue;
  dist[origin] = 0;
  queue.push_back(origin);
  queued[origin] = true;
  while (!queue.empty()) {
    const NodeId u = queue.front();
    queue.pop_front();
    queued[u] = false;
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
      const NodeId v = p.forward.arcs[e].target;
      // Summed in 64 bits, not with Dijkstra's wrap trick.
      const std::uint64_t nd = std::uint64_t{dist[u]} + p.weight_from(origin, u, e);
      if (nd < dist[v]) {
        dist[v] = static_cast<Time>(nd);
        if (!queued[v]) {
          queued[v] = true;
          queue.push_back(v);
        }
      }
    }
  }
  return dist;
}

}  // namespace hg
