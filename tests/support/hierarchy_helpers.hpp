#pragma once
// Shared by the tests of contraction hierarchies and of the PHAST sweeps
// over them: the hierarchy's invariants, equality of two hierarchies, the
// random cases both hold to Dijkstra, and the CPU sweeps' rows.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "host/model/compile.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/phast/phast_cpu.hpp"
#include "tests/support/test_support.hpp"

namespace hg::test {

// Same ranks, levels and arcs (targets and weights), in the same order.
inline void expect_same_hierarchy(const ContractionHierarchy& a, const ContractionHierarchy& b) {
  EXPECT_EQ(a.rank, b.rank);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.level_count, b.level_count);
  EXPECT_EQ(a.shortcuts, b.shortcuts);
  for (auto [x, y] : {std::pair{&a.upward, &b.upward}, std::pair{&a.downward, &b.downward}}) {
    ASSERT_EQ(x->offsets, y->offsets);
    ASSERT_EQ(x->arcs.size(), y->arcs.size());
    for (std::size_t e = 0; e < x->arcs.size(); ++e) {
      ASSERT_EQ(x->arcs[e].target, y->arcs[e].target);
      ASSERT_EQ(x->arcs[e].weight, y->arcs[e].weight);
    }
  }
}

// Ranks are a permutation; every arc is stored at its lower end, climbs in
// rank and level, and weighs at most the path bound (so sweep sums never
// wrap).
inline void expect_hierarchy_invariants(const ContractionHierarchy& ch, const Problem& p) {
  std::vector<NodeId> ranks = ch.rank;
  std::sort(ranks.begin(), ranks.end());
  for (NodeId i = 0; i < ch.node_count; ++i) ASSERT_EQ(ranks[i], i) << "ranks are a permutation";
  for (const Csr* csr : {&ch.upward, &ch.downward})
    for (NodeId v = 0; v < ch.node_count; ++v)
      for (std::uint32_t e = csr->begin(v); e < csr->end(v); ++e) {
        const NodeId x = csr->arcs[e].target;
        ASSERT_GT(ch.rank[x], ch.rank[v]) << v << " - " << x;
        ASSERT_GT(ch.level[x], ch.level[v]) << v << " - " << x;
        ASSERT_LE(csr->arcs[e].weight, p.path_bound) << v << " - " << x;
      }
}

// The random networks of the contraction and sweep tests, one a seed: 30 to
// 119 nodes, zero-time cycles on every fifth seed, unreachable pairs; on
// every fourth seed witness searches that give up at once (every shortcut
// is added: still exact); one or two threads.
struct HierarchyCase {
  Problem problem;
  ContractionOptions options;
};

inline HierarchyCase random_hierarchy_case(int seed) {
  RandomNetworkOptions network;
  network.nodes = 30 + static_cast<std::uint32_t>(seed * 7 % 90);
  network.edges = network.nodes * (2 + static_cast<std::uint32_t>(seed % 3));
  network.zero_weight_share = seed % 5 == 0 ? 0.5 : 0.1;
  network.isolated = 3;
  HierarchyCase c{compile(random_network(static_cast<std::uint64_t>(seed) + 100, network), "random"), {}};
  if (seed % 4 == 1) c.options.order_search_limit = c.options.contract_search_limit = 1;
  c.options.threads = 1 + seed % 2;
  return c;
}

// The CPU sweeps' stored times, origins x destinations, row-major, in
// batches of `lanes` (the graph's direction decides forward or reverse).
// The CPU sweeps' rows in any form (16-bit forms with the network's
// reachability).
inline std::vector<std::uint32_t> phast_rows(const Problem& p, const SweepGraph& g, std::span<const NodeId> origins,
                                             std::span<const NodeId> destinations, Time cap, std::uint32_t lanes,
                                             PhastLabelForm form = {}) {
  std::vector<std::uint32_t> rows(origins.size() * destinations.size());
  const Reachability reach(p);
  PhastRows(p, g, destinations, cap, lanes, 2, form, &reach).solve(origins, rows.data());
  return rows;
}

// Every form the sweeps run under `cap`: the upward sweep and the upward
// searches, at 32 bits and (where the cap allows) at 16.
inline std::vector<PhastLabelForm> phast_forms(const Problem& p, Time cap) {
  std::vector<PhastLabelForm> forms;
  const Time limit16 = phast_label_limit(p, cap);
  for (const PhastUpward upward : {PhastUpward::swept, PhastUpward::searched}) {
    forms.push_back(phast_label_form(upward, 0));
    if (limit16) forms.push_back(phast_label_form(upward, limit16));
  }
  return forms;
}

inline std::string form_name(const PhastLabelForm& form) { return phast_form_text(form); }

}  // namespace hg::test
