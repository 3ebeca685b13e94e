#include "host/solvers/label_correcting/label_correcting.hpp"

#include <algorithm>

namespace hg {

std::uint64_t label_bucket_width(const Problem& p) {
  std::uint64_t total = 0;
  for (const Arc& a : p.forward.arcs) total += a.weight;
  const std::uint64_t arcs = std::max<std::uint64_t>(1, p.forward.arcs.size());
  const std::uint64_t mean = (total + arcs - 1) / arcs;
  const std::uint64_t span = (std::uint64_t{p.path_bound} + kLabelBuckets - 1) / (kLabelBuckets - 1);
  return std::max<std::uint64_t>({1, mean, span});
}

std::vector<Time> label_correcting_one_to_all(const Problem& p, NodeId origin, std::uint64_t delta) {
  std::vector<Time> dist(p.node_count, kInfinity);
  std::vector<Time> scanned(p.node_count, kInfinity);  // the label a node was last scanned with
  std::vector<std::vector<NodeId>> buckets;
  const auto queue = [&](NodeId v, std::uint64_t d) {
    const std::size_t k = std::min<std::uint64_t>(d / delta, kLabelBuckets - 1);
    if (k >= buckets.size()) buckets.resize(k + 1);
    buckets[k].push_back(v);
  };
  dist[origin] = 0;
  queue(origin, 0);
  for (std::size_t k = 0; k < buckets.size(); ++k) {
    // First in, first out; the bucket may grow while it is emptied.
    for (std::size_t i = 0; i < buckets[k].size(); ++i) {
      const NodeId u = buckets[k][i];
      // Moved to an earlier bucket since, or scanned with this label already.
      if (std::min<std::uint64_t>(dist[u] / delta, kLabelBuckets - 1) != k || scanned[u] == dist[u]) continue;
      scanned[u] = dist[u];
      for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
        const NodeId v = p.forward.arcs[e].target;
        // Summed in 64 bits, not with Dijkstra's wrap trick.
        const std::uint64_t nd = std::uint64_t{dist[u]} + p.weight_from(origin, u, e);
        if (nd < dist[v]) {
          dist[v] = static_cast<Time>(nd);
          queue(v, nd);
        }
      }
    }
    std::vector<NodeId>().swap(buckets[k]);  // its memory back
  }
  return dist;
}

}  // namespace hg
