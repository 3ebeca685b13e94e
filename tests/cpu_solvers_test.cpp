// The CPU solvers Dijkstra, Floyd–Warshall and label-correcting against two
// oracles that share no code with them: brute-force path enumeration on
// small random networks with zero-time edges, self loops, parallel edges,
// handling, customs and unreachable nodes (next hops walk optimal routes),
// and the golden cases, whose answers an independent implementation
// computed. (PHAST on the CPU: phast_test.cpp.)

#include <gtest/gtest.h>

#include "host/generate/road_generator.hpp"
#include "host/model/compile.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/fw/fw_cpu.hpp"
#include "host/solvers/label_correcting/label_correcting.hpp"
#include "tests/support/brute_force.hpp"
#include "tests/support/golden_cases.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using test::all_nodes;
using test::expected_stored;
using test::walk_hops;

class CpuSolvers : public ::testing::TestWithParam<int> {};

TEST_P(CpuSolvers, AllMethodsAgreeWithBruteForce) {
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
          EXPECT_EQ(walk_hops(p, dj_hops, o, d), brute[k]) << "dijkstra hops " << o << "->" << d;
          // FW next hops are followed through other origins' rows.
          if (cap == 0) {
            EXPECT_EQ(walk_hops(p, fw_hops, o, d), brute[k]) << "fw hops " << o << "->" << d;
          }
        } else {
          EXPECT_EQ(dj_hops[k], kNoNode);
          EXPECT_EQ(fw_hops[k], kNoNode);
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, CpuSolvers, ::testing::Range(1, 61), test::seed_name);

class CpuSolversGolden : public ::testing::TestWithParam<test::GoldenCase> {};

TEST_P(CpuSolversGolden, EveryMethodReproducesEveryEntry) {
  const test::Golden g = test::read_golden(GetParam());
  const Problem& p = g.problem;
  const NodeId n = p.node_count;
  ASSERT_EQ(g.expected.size(), std::size_t{n} * n);
  const std::vector<NodeId> nodes = all_nodes(n);

  EXPECT_EQ(test::dijkstra_rows(p, nodes, nodes, 0), g.expected) << "dijkstra";

  FwMatrix m = fw_initial_matrix(p, false);
  fw_solve_cpu(m, 2);
  std::vector<std::uint32_t> fw(g.expected.size());
  fw_write_rows(m, p, nodes, nodes, 0, fw.data(), nullptr);
  EXPECT_EQ(fw, g.expected) << "floyd-warshall";

  for (NodeId o = 0; o < n; o += 37) {
    const std::vector<Time> lc = label_correcting_one_to_all(p, o);
    for (NodeId d = 0; d < n; ++d) ASSERT_EQ(stored_time(lc[d], 0), g.expected[std::size_t{o} * n + d]);
  }
}

// The buckets of the label-correcting search: a road network in tenths of a
// second (mean weight about 250: labels spread over thousands of buckets,
// nodes rescanned inside them), and a ring whose one long arc makes the mean
// weight wide: the 400 short arcs share one bucket, corrected first in,
// first out as in Bellman–Ford.
TEST(LabelCorrecting, BucketsEqualDijkstraOnARoadNetworkAndOnSpreadWeights) {
  const Problem road = compile(generate_road({20000, 3, "road", /*tenths=*/true}), "road");
  EXPECT_GT(label_bucket_width(road), 100u);
  const std::vector<NodeId> nodes = all_nodes(road.node_count);
  for (const NodeId o : {NodeId{0}, NodeId{9999}, NodeId{19999}}) {
    const std::vector<Time> lc = label_correcting_one_to_all(road, o);
    const std::vector<std::uint32_t> want = test::dijkstra_rows(road, std::vector<NodeId>{o}, nodes, 0);
    for (NodeId d = 0; d < road.node_count; ++d) ASSERT_EQ(stored_time(lc[d], 0), want[d]) << o << " -> " << d;
  }
  // A ring of 400 arcs of 1 and one of 2^30 back: mean 2.7 million.
  test::NetworkBuilder b;
  for (int i = 0; i < 401; ++i) b.node("n" + std::to_string(i));
  for (int i = 0; i < 400; ++i) b.edge("n" + std::to_string(i), "n" + std::to_string(i + 1), 1);
  b.edge("n400", "n0", 1u << 30);
  const Problem spread = compile(b.build(), "spread");
  const std::vector<NodeId> all = all_nodes(spread.node_count);
  for (const NodeId o : {NodeId{0}, NodeId{200}, NodeId{400}}) {
    const std::vector<Time> lc = label_correcting_one_to_all(spread, o);
    const std::vector<std::uint32_t> want = test::dijkstra_rows(spread, std::vector<NodeId>{o}, all, 0);
    for (NodeId d = 0; d < spread.node_count; ++d) ASSERT_EQ(stored_time(lc[d], 0), want[d]) << o << " -> " << d;
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, CpuSolversGolden, ::testing::ValuesIn(test::kGoldenCases), test::golden_case_name);

}  // namespace
}  // namespace hg
