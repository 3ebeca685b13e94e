#pragma once
// Compiles a validated Network into what the solvers see: forward and reverse
// CSR graphs whose weights fold handling and directed customs into the edges.
//
// The transit time of a path v0 -> ... -> vk (docs/design.md#transit-time) is the sum of edge
// transit times, plus handling at v1 .. v(k-1), plus the customs delay of
// every country-crossing edge (directed row, else the default). We fold
//
//     w(u, v) = transit(u, v) + customs(country(u), country(v)) + handling(u)
//
// (handling charged on departure), so a path's folded sum is its transit time
// plus handling(v0). A forward search from origin o therefore relaxes o's own
// out-edges with w - handling(o) and all others with w; a reverse search from
// destination d yields transit(t, d) + handling(t) at every t != d. Self loops
// are dropped (they never help) and of parallel edges the quickest is kept.

#include <cstdint>
#include <string>
#include <vector>

#include "host/model/network.hpp"
#include "host/core/time.hpp"

namespace hg {

// One arc: target and folded weight side by side, so a search touching a
// node's adjacency pays one cache miss, not one per array.
struct Arc {
  NodeId target;
  Time weight;
};

struct Csr {
  std::vector<std::uint32_t> offsets;  // node_count + 1
  std::vector<Arc> arcs;               // sorted by target within each node

  std::size_t edge_count() const { return arcs.size(); }
  std::uint32_t begin(NodeId u) const { return offsets[u]; }
  std::uint32_t end(NodeId u) const { return offsets[u + 1]; }
};

// How compile() proved the path bound (host/model/path_bound.hpp).
enum class PathBoundMethod : std::uint8_t { largest_weights, component_searches };

struct Problem {
  NodeId node_count = 0;
  TimeUnit time_unit = TimeUnit::minute;
  Csr forward;                 // u -> v with folded weight w(u, v)
  Csr reverse;                 // v <- u with the same weight w(u, v)
  std::vector<Time> handling;  // handling(u), folded into u's out-edges
  Time path_bound = 0;         // no shortest transit time exceeds it; < kInfinity unless refused
  PathBoundMethod path_bound_method = PathBoundMethod::largest_weights;
  std::uint32_t strong_components = 0;  // counted by the component searches only (else 0)
  // Empty when every solver can run; otherwise why none can (the
  // path-overflow message that compile() throws under OverflowPolicy::refuse).
  std::string refusal;
  std::size_t self_loops_dropped = 0;
  std::size_t parallel_edges_merged = 0;

  // The folded weight of the edge at forward position e, as seen by a search
  // that started at `origin` (its departure handling is not charged).
  Time weight_from(NodeId origin, NodeId u, std::uint32_t e) const {
    return u == origin ? forward.arcs[e].weight - handling[u] : forward.arcs[e].weight;
  }
};

// What compile() does with a network whose times could reach the internal
// infinity: throw (every solver), or keep the reason in Problem::refusal
// (`info`, which describes any network that loads).
enum class OverflowPolicy : std::uint8_t { refuse, report };

// `file` names the source in errors. Throws InputError(path_overflow) when an
// edge or a shortest transit time could reach the internal infinity
// (2^31 - 1), unless `policy` is report.
Problem compile(const Network& network, const std::string& file, OverflowPolicy policy = OverflowPolicy::refuse);

// Builds CSR from an edge list (already folded, no self loops), keeping the
// quickest of parallel edges. Exposed for tests and benchmarks.
Csr build_csr(NodeId node_count, const std::vector<NodeId>& src, const std::vector<NodeId>& dst,
              const std::vector<Time>& weight, std::size_t* merged = nullptr);
Csr reverse_csr(const Csr& forward);

}  // namespace hg
