// CPU Dijkstra: hops through other rows, destination subsets, caps.

#include <gtest/gtest.h>

#include "host/model/compile.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using test::all_nodes;
using test::walk_hops;

TEST(Dijkstra, FollowingDijkstraHopsThroughTheirOwnRowsWorks) {
  // Each origin's hops come from its own tree; walking through other rows
  // must still reach the destination at the optimal total (subpaths of
  // shortest paths are shortest).
  for (int seed = 100; seed < 120; ++seed) {
    const Network net = test::random_network(static_cast<std::uint64_t>(seed), {.nodes = 30, .edges = 90});
    const Problem p = compile(net, "random");
    const NodeId n = p.node_count;
    const std::vector<NodeId> nodes = all_nodes(n);
    std::vector<std::uint32_t> t(std::size_t{n} * n);
    std::vector<NodeId> h(std::size_t{n} * n);
    DijkstraRows(p, nodes, 0, true, 1).solve(nodes, t.data(), h.data());
    for (NodeId o = 0; o < n; ++o)
      for (NodeId d = 0; d < n; ++d)
        if (o != d && t[std::size_t{o} * n + d] != kUnreachable32) {
          ASSERT_EQ(walk_hops(p, h, o, d), t[std::size_t{o} * n + d]) << o << "->" << d;
        }
  }
}

TEST(Dijkstra, OneSearchStoppedAtTheTargetGivesAShortestPath) {
  // `path` asks for one target: the search stops once it is settled, and the
  // predecessor chain is a path whose arcs add up to the full rows' time.
  for (int seed = 200; seed < 215; ++seed) {
    const Network net = test::random_network(static_cast<std::uint64_t>(seed), {.nodes = 40, .edges = 120});
    const Problem p = compile(net, "random");
    const NodeId n = p.node_count;
    const std::vector<NodeId> nodes = all_nodes(n);
    std::vector<std::uint32_t> t(std::size_t{n} * n);
    DijkstraRows(p, nodes, 0, false, 1).solve(nodes, t.data(), nullptr);
    DijkstraSearch search(p);
    for (NodeId o = 0; o < n; o += 3)
      for (NodeId d = 0; d < n; ++d) {
        DijkstraSearch::Limits limits;
        limits.target = d;
        limits.parents = true;
        search.run(o, limits);
        const std::vector<NodeId> path = search.path_to(d);
        if (t[std::size_t{o} * n + d] == kUnreachable32) {
          EXPECT_TRUE(path.empty()) << o << "->" << d;
          continue;
        }
        ASSERT_FALSE(path.empty()) << o << "->" << d;
        ASSERT_EQ(path.front(), o);
        ASSERT_EQ(path.back(), d);
        std::uint64_t total = 0;
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
          std::uint64_t w = ~std::uint64_t{0};
          for (std::uint32_t e = p.forward.begin(path[i]); e < p.forward.end(path[i]); ++e)
            if (p.forward.arcs[e].target == path[i + 1]) w = std::min<std::uint64_t>(w, p.forward.arcs[e].weight);
          ASSERT_NE(w, ~std::uint64_t{0}) << "no arc " << path[i] << "->" << path[i + 1];
          total += i == 0 ? w - p.handling[o] : w;
        }
        EXPECT_EQ(total, t[std::size_t{o} * n + d]) << o << "->" << d;
      }
  }
}

TEST(Dijkstra, DestinationSubsetAndCapMatchFullRows) {
  const Network net = test::random_network(7, {.nodes = 300, .edges = 900, .max_transit = 40});
  const Problem p = compile(net, "random");
  const std::vector<NodeId> nodes = all_nodes(p.node_count);
  std::vector<NodeId> subset;
  for (NodeId v = 0; v < p.node_count; v += 7) subset.push_back(v);
  std::vector<NodeId> origins{0, 5, 17, 299, 150};
  for (const Time cap : {Time{0}, Time{30}, Time{80}}) {
    std::vector<std::uint32_t> full(origins.size() * nodes.size()), part(origins.size() * subset.size());
    DijkstraRows(p, nodes, cap, false, 2).solve(origins, full.data(), nullptr);
    DijkstraRows(p, subset, cap, false, 2).solve(origins, part.data(), nullptr);
    for (std::size_t r = 0; r < origins.size(); ++r)
      for (std::size_t j = 0; j < subset.size(); ++j)
        ASSERT_EQ(part[r * subset.size() + j], full[r * nodes.size() + subset[j]]) << "cap " << cap;
  }
}

TEST(Dijkstra, CapStoresCapPlusOneOnlyForReachableNodes) {
  // a -10-> b -10-> c, d isolated; cap 15: b exact, c beyond, d unreachable.
  const Network net = test::NetworkBuilder()
                          .node("a").node("b").node("c").node("d")
                          .edge("a", "b", 10).edge("b", "c", 10)
                          .build();
  const Problem p = compile(net, "hand");
  const std::vector<NodeId> nodes = all_nodes(4), origin{0};
  std::vector<std::uint32_t> row(4);
  DijkstraRows(p, nodes, 15, false, 1).solve(origin, row.data(), nullptr);
  EXPECT_EQ(row, (std::vector<std::uint32_t>{0, 10, 16, kUnreachable32}));
}
}  // namespace
}  // namespace hg
