#pragma once
// A label-correcting one-to-all search: the independent second opinion
// `verify` uses on networks too large for Floyd–Warshall. It shares no code
// with Dijkstra: no heap, nodes may be scanned many times, and it only stops
// when no label can improve.
//
// Labels are corrected in buckets of width delta, as in the threshold and
// delta-stepping algorithms: a node waits in the bucket its label fell in,
// the buckets are emptied in order, each first-in first-out until no label in
// it improves. Weights are non-negative, so once bucket k is empty no label
// below (k + 1) delta changes again. delta = 1 would be Dial's algorithm,
// one bucket plain FIFO Bellman–Ford ("SPFA"), whose rescans grow with the
// network's diameter: 14 s per origin at 3 million road nodes, about 10
// minutes at 24 million. With delta the mean arc weight, a road network's
// nodes are scanned about twice.

#include <cstdint>
#include <vector>

#include "host/model/compile.hpp"

namespace hg {

// The bucket width: the mean folded arc weight (at least 1), widened so that
// the path bound spans at most kLabelBuckets buckets. Labels at or beyond the
// last bucket share it, corrected FIFO: correct for any width.
inline constexpr std::size_t kLabelBuckets = std::size_t{1} << 20;
std::uint64_t label_bucket_width(const Problem& problem);

// Internal times from `origin` to every node (kInfinity where unreachable),
// in buckets of `bucket_width` (label_bucket_width: one pass over the arcs,
// so a caller searching from many origins computes it once).
std::vector<Time> label_correcting_one_to_all(const Problem& problem, NodeId origin, std::uint64_t bucket_width);
inline std::vector<Time> label_correcting_one_to_all(const Problem& problem, NodeId origin) {
  return label_correcting_one_to_all(problem, origin, label_bucket_width(problem));
}

}  // namespace hg
