#pragma once
// A contraction hierarchy of a compiled problem's forward graph: the
// preprocessing behind the batched PHAST sweeps (host/solvers/phast/phast_cpu.hpp).
//
// Nodes are contracted one by one, least important first (Geisberger,
// Sanders, Schultes, Delling, "Contraction Hierarchies: Faster and Simpler
// Hierarchical Routing in Road Networks", WEA 2008). Contracting v removes it
// and adds a shortcut u -> x of weight w(u, v) + w(v, x) for every pair of
// remaining neighbours unless a bounded local search (the witness search)
// finds a path u -> x avoiding v that is no longer. A witness search that
// gives up early only adds a shortcut that is not needed: the hierarchy stays
// exact whatever the search limits; they trade preprocessing time against
// arcs.
//
// Shortest paths then always exist as an up-down path: arcs to ever
// higher-ranked nodes, then arcs to ever lower-ranked ones. The priority is
// the edge difference (shortcuts added minus arcs removed), the number of
// contracted neighbours (spreads contraction evenly) and the level, so that
// the hierarchy stays shallow: the sweeps run one level after the other, and
// on the GPU each level is a kernel launch. Contraction runs in rounds: every
// node whose priority is below its neighbours' is contracted at once, in
// parallel (Vetter, "Parallel Time-Dependent Contraction Hierarchies", 2009).

#include <cstdint>
#include <vector>

#include "host/model/compile.hpp"

namespace hg {

struct ContractionOptions {
  // Witness searches settle at most this many nodes while ordering (cheap,
  // to estimate) and while contracting (thorough, to avoid shortcuts).
  std::uint32_t order_search_limit = 10;
  std::uint32_t contract_search_limit = 64;
  int threads = 1;  // OpenMP threads for the witness searches; the result does not depend on it
};

struct ContractionHierarchy {
  NodeId node_count = 0;
  std::vector<NodeId> rank;           // node -> contraction rank, 0 first
  std::vector<std::uint32_t> level;   // node -> level: 0, or 1 + the largest level of a lower neighbour
  std::uint32_t level_count = 0;
  // The arcs of the augmented graph (input arcs and shortcuts), each stored
  // at its lower-ranked end: upward[v] holds v -> x with rank x > rank v;
  // downward[v] holds u -> v with rank u > rank v, as (u, weight).
  Csr upward;
  Csr downward;
  std::uint64_t shortcuts = 0;  // arcs beyond the input ones, parallel merges counted once
  double seconds = 0;           // preprocessing time

  std::uint64_t arc_count() const { return upward.edge_count() + downward.edge_count(); }
};

// Builds the hierarchy of problem.forward. Deterministic: the same problem
// and options always give the same hierarchy.
ContractionHierarchy contract(const Problem& problem, const ContractionOptions& options = {});

}  // namespace hg
