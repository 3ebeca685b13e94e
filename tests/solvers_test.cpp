// Dijkstra = Floyd–Warshall = label-correcting = brute-force path enumeration,
// on small random networks with zero-time edges, self loops, parallel edges,
// handling, customs and unreachable nodes; certificates; next hops.

#include <gtest/gtest.h>

#include <numeric>

#include "host/certificate.hpp"
#include "host/compile.hpp"
#include "host/dijkstra.hpp"
#include "host/fw.hpp"
#include "host/label_correcting.hpp"
#include "tests/brute_force.hpp"
#include "tests/test_support.hpp"

namespace hg {
namespace {

std::vector<NodeId> all_nodes(NodeId n) {
  std::vector<NodeId> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

std::uint32_t expected_stored(std::uint64_t brute, Time cap) {
  if (brute == ~std::uint64_t{0}) return kUnreachable32;
  if (cap != 0 && brute > cap) return cap + 1;
  return static_cast<std::uint32_t>(brute);
}

// Follows next hops from o to d, adding the definition's time of each leg.
std::uint64_t walk_hops(const Network& net, const Problem& p, const std::vector<NodeId>& hops, NodeId o, NodeId d) {
  const NodeId n = p.node_count;
  std::uint64_t total = 0;
  NodeId u = o;
  for (NodeId steps = 0; u != d; ++steps) {
    if (steps > n) return ~std::uint64_t{0};  // a cycle: the hops are wrong
    const NodeId v = hops[std::size_t{u} * n + d];
    if (v == kNoNode) return ~std::uint64_t{0};
    // The quickest u -> v edge after folding, minus u's handling if u is the origin.
    std::uint64_t w = ~std::uint64_t{0};
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e)
      if (p.forward.arcs[e].target == v) w = p.forward.arcs[e].weight;
    if (w == ~std::uint64_t{0}) return w;
    total += u == o ? w - p.handling[u] : w;
    u = v;
  }
  (void)net;
  return total;
}

class RandomNetworks : public ::testing::TestWithParam<int> {};

TEST_P(RandomNetworks, AllMethodsAgreeWithBruteForce) {
  const int seed = GetParam();
  test::RandomNetworkOptions options;
  options.nodes = 7 + static_cast<std::uint32_t>(seed % 3);
  options.edges = 14 + static_cast<std::uint32_t>(seed % 7);
  options.zero_weight_share = seed % 4 == 0 ? 0.5 : 0.15;  // some graphs with many zero-time cycles
  const Network net = test::random_network(static_cast<std::uint64_t>(seed), options);
  const Problem p = compile(net, "random");
  const NodeId n = p.node_count;
  const std::vector<std::uint64_t> brute = test::brute_force_all_pairs(net);
  const std::vector<NodeId> nodes = all_nodes(n);

  FwMatrix fw = fw_initial_matrix(p, true);
  fw_solve_cpu(fw, 2, 4);  // tile 4: several rounds and partial edge tiles
  for (const Time cap : {Time{0}, Time{25}}) {
    std::vector<std::uint32_t> dj(std::size_t{n} * n), fwt(std::size_t{n} * n);
    std::vector<NodeId> dj_hops(std::size_t{n} * n), fw_hops(std::size_t{n} * n);
    DijkstraRows rows(p, nodes, cap, true, 2);
    rows.solve(nodes, dj.data(), dj_hops.data());
    fw_write_rows(fw, p, nodes, nodes, cap, fwt.data(), fw_hops.data());
    for (NodeId o = 0; o < n; ++o) {
      const std::vector<Time> lc = label_correcting_one_to_all(p, o);
      for (NodeId d = 0; d < n; ++d) {
        const std::size_t k = std::size_t{o} * n + d;
        const std::uint32_t want = expected_stored(brute[k], cap);
        ASSERT_EQ(dj[k], want) << "dijkstra seed " << seed << " cap " << cap << " " << o << "->" << d;
        ASSERT_EQ(fwt[k], want) << "floyd-warshall seed " << seed << " cap " << cap << " " << o << "->" << d;
        ASSERT_EQ(stored_time(lc[d], cap), want) << "label-correcting seed " << seed << " " << o << "->" << d;
        const bool exact = want != kUnreachable32 && (cap == 0 || want <= cap);
        if (exact && o != d) {
          EXPECT_EQ(walk_hops(net, p, dj_hops, o, d), brute[k]) << "dijkstra hops " << o << "->" << d;
          // FW next hops are followed through other origins' rows.
          if (cap == 0) EXPECT_EQ(walk_hops(net, p, fw_hops, o, d), brute[k]) << "fw hops " << o << "->" << d;
        } else {
          EXPECT_EQ(dj_hops[k], kNoNode);
          EXPECT_EQ(fw_hops[k], kNoNode);
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomNetworks, ::testing::Range(1, 61));

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
        if (o != d && t[std::size_t{o} * n + d] != kUnreachable32)
          ASSERT_EQ(walk_hops(net, p, h, o, d), t[std::size_t{o} * n + d]) << o << "->" << d;
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

TEST(Certificate, AcceptsExactRowsAndRejectsWrongOnes) {
  const Network net = test::random_network(11, {.nodes = 200, .edges = 700, .zero_weight_share = 0.3});
  const Problem p = compile(net, "random");
  DijkstraSearch search(p);
  for (NodeId o = 0; o < p.node_count; o += 13) {
    search.run(o, {});
    std::vector<Time> dist(search.distances().begin(), search.distances().end());
    ASSERT_FALSE(check_certificate(p, o, dist).has_value());
    // Too large somewhere: an edge is not relaxed.
    for (NodeId v = 0; v < p.node_count; ++v)
      if (v != o && dist[v] < kInfinity && dist[v] > 0 && p.reverse.end(v) > p.reverse.begin(v)) {
        std::vector<Time> bad = dist;
        bad[v] += 1;
        const auto violation = check_certificate(p, o, bad);
        ASSERT_TRUE(violation.has_value());
        break;
      }
    // Too small somewhere: no tight path achieves it.
    for (NodeId v = 0; v < p.node_count; ++v)
      if (v != o && dist[v] < kInfinity && dist[v] > 0) {
        std::vector<Time> bad = dist;
        bad[v] -= 1;
        ASSERT_TRUE(check_certificate(p, o, bad).has_value());
        break;
      }
    // A reachable node claimed unreachable.
    for (NodeId v = 0; v < p.node_count; ++v)
      if (v != o && dist[v] < kInfinity) {
        std::vector<Time> bad = dist;
        bad[v] = kInfinity;
        ASSERT_TRUE(check_certificate(p, o, bad).has_value());
        break;
      }
  }
}

TEST(Certificate, RejectsUnderestimatesHeldUpByAZeroTimeCycle) {
  // o -5-> a, a <-0-> b: the pair (a, b) claiming 1 satisfies "some tight
  // incoming edge" (each other) but not "reached by tight edges from o".
  const Network net = test::NetworkBuilder()
                          .node("o").node("a").node("b")
                          .edge("o", "a", 5).edge("a", "b", 0).edge("b", "a", 0)
                          .build();
  const Problem p = compile(net, "hand");
  const std::vector<Time> wrong{0, 1, 1};
  const auto violation = check_certificate(p, 0, wrong);
  ASSERT_TRUE(violation.has_value());
  EXPECT_EQ(violation->rule, CertificateViolation::Rule::not_reached_by_tight_edges);
  const std::vector<Time> right{0, 5, 5};
  EXPECT_FALSE(check_certificate(p, 0, right).has_value());
}

TEST(FloydWarshall, AnySizeAndTileAgreeWithDijkstra) {
  for (const NodeId n : {1u, 2u, 63u, 64u, 65u, 130u}) {
    const Network net = test::random_network(n, {.nodes = n, .edges = 3 * n, .isolated = n > 4 ? 2u : 0u});
    const Problem p = compile(net, "random");
    const std::vector<NodeId> nodes = all_nodes(n);
    std::vector<std::uint32_t> dj(std::size_t{n} * n);
    DijkstraRows(p, nodes, 0, false, 2).solve(nodes, dj.data(), nullptr);
    for (const std::uint32_t tile : {7u, 64u}) {
      FwMatrix m = fw_initial_matrix(p, false);
      fw_solve_cpu(m, 2, tile);
      std::vector<std::uint32_t> fw(std::size_t{n} * n);
      fw_write_rows(m, p, nodes, nodes, 0, fw.data(), nullptr);
      ASSERT_EQ(fw, dj) << "n " << n << " tile " << tile;
    }
  }
}

}  // namespace
}  // namespace hg

#include "host/generate.hpp"
#include "host/sampling.hpp"

namespace hg {
namespace {

// DESIGN.md: certificates on generated networks of 10^5 nodes, and the
// independent label-correcting method on a few of the same rows.
TEST(Certificate, HoldsOnAGeneratedNetworkOf100kNodes) {
  GenerateOptions g;
  g.nodes = 100000;
  g.seed = 3;
  const Problem p = compile(generate_logistics(g), "generated");
  DijkstraSearch search(p);
  const std::vector<NodeId> origins = sample_nodes(p.node_count, 12, 5);
  for (std::size_t i = 0; i < origins.size(); ++i) {
    search.run(origins[i], {});
    const auto violation = check_certificate(p, origins[i], search.distances());
    ASSERT_FALSE(violation.has_value()) << violation->describe();
    if (i < 3) {
      const std::vector<Time> lc = label_correcting_one_to_all(p, origins[i]);
      ASSERT_TRUE(std::equal(lc.begin(), lc.end(), search.distances().begin()));
    }
  }
}

}  // namespace
}  // namespace hg
