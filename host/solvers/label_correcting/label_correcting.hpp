#pragma once
// A label-correcting one-to-all search (FIFO Bellman–Ford, "SPFA"): the
// independent second opinion `verify` uses on networks too large for
// Floyd–Warshall. It shares no code with Dijkstra: no heap, nodes may be
// scanned many times, and it only stops when no label can improve.

#include <vector>

#include "host/model/compile.hpp"

namespace hg {

// Internal times from `origin` to every node (kInfinity where unreachable).
std::vector<Time> label_correcting_one_to_all(const Problem& problem, NodeId origin);

}  // namespace hg
