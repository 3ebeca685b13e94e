#pragma once
// Small many-to-many tables over a contraction hierarchy by buckets (Knopp,
// Sanders, Schultes, Schulz, Wagner, "Computing Many-to-Many Shortest Paths
// Using Highway Hierarchies", ALENEX 2007, on the hierarchy of
// host/solvers/phast/contraction.hpp): a warehouse-to-store table of a few
// hundred by a few hundred on a road network of millions of nodes, where a
// full row from every origin would compute millions of times nobody asked for.
//
//   1. Buckets: from each destination t, one backward search upward in the
//      hierarchy; every node v it settles gets the entry (t, d(v -> t)).
//   2. Rows: from each origin s, one forward search upward; at every node v
//      it settles, each entry (t, b) of v's bucket offers d(s -> v) + b for
//      the pair (s, t).
//
// Every shortest path has an up-down form whose highest node both searches
// settle with exact distances, so the minimum over the offers is exact. Both
// searches stall on demand (a node reached more quickly from above is not
// on any up-down shortest path: it neither relaxes its arcs nor offers its
// bucket), which keeps the search spaces to a few hundred nodes on roads.
// The work is the searches plus, per pair, the nodes the two search spaces
// share: the method for tables, not for full rows.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/phast/upward_search.hpp"

namespace hg {

class BucketTable {
 public:
  // Builds the buckets of `destinations` (parallel over them).
  BucketTable(const Problem& problem, const ContractionHierarchy& hierarchy, std::span<const NodeId> destinations,
              Time cap, int threads);
  ~BucketTable();

  // Stored rows (docs/design.md#caps) of `origins` x the destinations,
  // row-major into `times`; parallel over the origins. One call at a time:
  // each thread keeps its search from call to call.
  void solve(std::span<const NodeId> origins, std::uint32_t* times);

  std::uint64_t bucket_entries() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint32_t column;  // the destination's index
    Time time;             // folded d(node -> destination)
  };

  const Problem& problem_;
  const ContractionHierarchy& hierarchy_;
  std::vector<NodeId> destinations_;
  Time cap_;
  int threads_;
  std::vector<std::uint32_t> bucket_offsets_;  // node_count + 1
  std::vector<Entry> entries_;
  std::vector<std::unique_ptr<UpwardSearch>> searches_;  // one a thread, kept for every call
};

}  // namespace hg
