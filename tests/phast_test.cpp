// The contraction hierarchy and the PHAST sweeps on the CPU (the per-node
// arithmetic the GPU kernels run): equal to Dijkstra on every pair, in both
// directions, with and without caps, whatever the witness-search limits and
// thread counts; the hierarchy's own invariants; the golden cases.

#include <gtest/gtest.h>

#include <numeric>

#include "host/solvers/certificate.hpp"
#include "host/model/compile.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/gpu_device.hpp"
#include "host/solvers/phast/phast_cpu.hpp"
#include "host/solvers/phast/phast_gpu.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"
#include "io/result.hpp"
#include "io/snapshot.hpp"
#include "tests/support/hierarchy_helpers.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using test::all_nodes;

std::vector<std::uint32_t> dijkstra_rows(const Problem& p, std::span<const NodeId> origins,
                                         std::span<const NodeId> destinations, Time cap) {
  std::vector<std::uint32_t> rows(origins.size() * destinations.size());
  DijkstraRows(p, destinations, cap, false, 2).solve(origins, rows.data(), nullptr);
  return rows;
}

std::vector<std::uint32_t> phast_rows(const Problem& p, const SweepGraph& g, std::span<const NodeId> origins,
                                      std::span<const NodeId> destinations, Time cap, std::uint32_t lanes) {
  std::vector<std::uint32_t> rows(origins.size() * destinations.size());
  PhastRows(p, g, destinations, cap, lanes, 2).solve(origins, rows.data());
  return rows;
}

// Every arc is stored at its lower end, climbs in rank and level, and weighs
// at most the path bound (so sweep sums never wrap).
void expect_hierarchy_invariants(const ContractionHierarchy& ch, const Problem& p) {
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

class RandomNetworks : public ::testing::TestWithParam<int> {};

TEST_P(RandomNetworks, SweepsEqualDijkstraOnEveryPair) {
  const int seed = GetParam();
  test::RandomNetworkOptions options;
  options.nodes = 30 + static_cast<std::uint32_t>(seed * 7 % 90);
  options.edges = options.nodes * (2 + static_cast<std::uint32_t>(seed % 3));
  options.zero_weight_share = seed % 5 == 0 ? 0.5 : 0.1;  // zero-time cycles
  options.isolated = 3;                                    // unreachable pairs
  const Network net = test::random_network(static_cast<std::uint64_t>(seed) + 100, options);
  const Problem p = compile(net, "random");
  // Witness searches that give up at once add every shortcut: still exact.
  ContractionOptions co;
  if (seed % 4 == 1) co.order_search_limit = co.contract_search_limit = 1;
  co.threads = 1 + seed % 2;
  const ContractionHierarchy ch = contract(p, co);
  expect_hierarchy_invariants(ch, p);

  const std::vector<NodeId> nodes = all_nodes(p.node_count);
  const SweepGraph forward = build_sweep_graph(ch, SweepDirection::forward);
  const SweepGraph reverse = build_sweep_graph(ch, SweepDirection::reverse);
  for (const Time cap : {Time{0}, Time{40}}) {
    const std::vector<std::uint32_t> want = dijkstra_rows(p, nodes, nodes, cap);
    // 12 lanes: batches of 12, the last one partial.
    EXPECT_EQ(phast_rows(p, forward, nodes, nodes, cap, 12), want) << "forward, cap " << cap;
    // The reverse sweep takes every destination as one batch.
    EXPECT_EQ(phast_rows(p, reverse, nodes, nodes, cap, 4), want) << "reverse, cap " << cap;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomNetworks, ::testing::Range(0, 24));

TEST(PhastGrid, SampledRowsEqualDijkstraAndHoldTheCertificate) {
  const Network net = test::road_grid(70, 3);
  const Problem p = compile(net, "grid");
  const ContractionHierarchy ch = contract(p, {.threads = 2});
  expect_hierarchy_invariants(ch, p);
  EXPECT_GT(ch.level_count, 10u);
  const SweepGraph g = build_sweep_graph(ch, SweepDirection::forward);
  std::vector<NodeId> origins;
  for (NodeId o = 0; o < p.node_count; o += 97) origins.push_back(o);
  const std::vector<NodeId> nodes = all_nodes(p.node_count);
  EXPECT_EQ(phast_rows(p, g, origins, nodes, 0, 16), dijkstra_rows(p, origins, nodes, 0));

  PhastSweeps sweeps(g, 8, 2);
  sweeps.run(std::span(origins).first(8));
  for (std::uint32_t s = 0; s < 8; ++s) {
    std::vector<Time> dist(p.node_count);
    for (NodeId v = 0; v < p.node_count; ++v)
      dist[v] = phast_exact_time(sweeps.label(v, s), p.handling[origins[s]], v == origins[s]);
    const auto violation = check_certificate(p, origins[s], dist);
    EXPECT_FALSE(violation) << violation->describe();
  }
}

TEST(Contraction, SameHierarchyForEveryThreadCount) {
  const Problem p = compile(test::road_grid(40, 9), "grid");
  test::expect_same_hierarchy(contract(p, {.threads = 1}), contract(p, {.threads = 2}));
}

TEST(Contraction, EmptyAndTinyNetworks) {
  const Problem one = compile(test::NetworkBuilder().node("A").build(), "one");
  const ContractionHierarchy ch = contract(one);
  EXPECT_EQ(ch.level_count, 1u);
  const SweepGraph g = build_sweep_graph(ch, SweepDirection::forward);
  const std::vector<NodeId> a{0};
  EXPECT_EQ(phast_rows(one, g, a, a, 0, 4), std::vector<std::uint32_t>{0});

  const Problem two = compile(test::NetworkBuilder().node("A", "CN", 30).node("B").edge("A", "B", 5).build(), "two");
  const SweepGraph g2 = build_sweep_graph(contract(two), SweepDirection::forward);
  const std::vector<NodeId> both{0, 1};
  // A -> B: 5 (A's handling is not charged at the origin); B -> A: unreachable.
  EXPECT_EQ(phast_rows(two, g2, both, both, 0, 4), (std::vector<std::uint32_t>{0, 5, kUnreachable32, 0}));
}

// Coverage's nearest origins from the sweeps' per-element reduction (the one
// the GPU kernel runs) equal the multi-source Dijkstra, ties included.
TEST(PhastNearest, EqualsTheMultiSourceSearch) {
  for (int seed = 0; seed < 8; ++seed) {
    test::RandomNetworkOptions options;
    options.nodes = 80;
    options.edges = 240;
    options.max_transit = 6;  // many equal times: the tie rule decides
    const Network net = test::random_network(static_cast<std::uint64_t>(seed) + 500, options);
    const Problem p = compile(net, "random");
    const SweepGraph g = build_sweep_graph(contract(p), SweepDirection::forward);
    std::vector<NodeId> origins, destinations;
    for (NodeId v = 0; v < p.node_count; ++v) (v % 3 == 0 ? origins : destinations).push_back(v);
    destinations.push_back(origins[2]);  // an origin as destination: time 0
    const std::vector<std::uint64_t> labels = phast_nearest_labels_cpu(p, g, origins, destinations, 8, 2);
    for (const Time cap : {Time{0}, Time{9}}) {
      const NearestOrigins want = nearest_origins(p, origins, destinations, cap);
      const NearestOrigins got = nearest_from_labels(labels, cap);
      EXPECT_EQ(got.time, want.time) << "seed " << seed << " cap " << cap;
      EXPECT_EQ(got.origin, want.origin) << "seed " << seed << " cap " << cap;
    }
  }
}

TEST(PhastGpuPlan, DirectionLanesAndMemory) {
  constexpr std::uint64_t GiB = std::uint64_t{1} << 30;
  // Few destinations: one reverse batch holding all of them.
  PhastGpuPlan plan = plan_phast_gpu(1'000'000, 4'000'000, 100'000, 40, 80 * GiB);
  EXPECT_EQ(plan.direction, SweepDirection::reverse);
  EXPECT_EQ(plan.lanes, 40u);
  EXPECT_EQ(plan.batches, 1u);
  EXPECT_TRUE(plan.fits);
  // Many of both: forward batches of the most lanes, a partial last batch.
  plan = plan_phast_gpu(1'000'000, 4'000'000, 5000, 1'000'000, 80 * GiB);
  EXPECT_EQ(plan.direction, SweepDirection::forward);
  EXPECT_EQ(plan.lanes, kPhastMaxLanes);
  EXPECT_EQ(plan.batches, 5u);
  EXPECT_LE(plan.device_bytes + kGpuMemoryMargin, 80 * GiB);
  // Tight memory: fewer lanes, whole warps of words, still within the memory.
  plan = plan_phast_gpu(10'000'000, 50'000'000, 5000, 10'000'000, 10 * GiB);
  EXPECT_TRUE(plan.fits);
  EXPECT_LT(plan.lanes, kPhastMaxLanes);
  EXPECT_EQ(plan.lanes % 128, 0u);
  EXPECT_LE(plan.device_bytes + kGpuMemoryMargin, 10 * GiB);
  EXPECT_GT(phast_gpu_device_bytes(10'000'000, 50'000'000, plan.lanes + 128, 10'000'000) + kGpuMemoryMargin,
            10 * GiB);
  // Not even four lanes: does not fit.
  EXPECT_FALSE(plan_phast_gpu(10'000'000, 50'000'000, 5000, 100, GiB / 2).fits);
}

struct Golden {
  const char* snapshot;
  const char* expected;
};

class PhastGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(PhastGolden, BothDirectionsReproduceEveryEntry) {
  const Golden gc = GetParam();
  const Network net = io::read_snapshot(test::data_file(gc.snapshot));
  const Problem p = compile(net, gc.snapshot);
  const io::ResultReader expected_file(test::data_file(gc.expected));
  const NodeId n = p.node_count;
  std::vector<std::uint32_t> expected(std::size_t{n} * n);
  expected_file.read_rows(0, n, expected.data(), nullptr);
  const ContractionHierarchy ch = contract(p, {.threads = 2});
  const std::vector<NodeId> nodes = all_nodes(n);
  EXPECT_EQ(phast_rows(p, build_sweep_graph(ch, SweepDirection::forward), nodes, nodes, 0, 64), expected);
  EXPECT_EQ(phast_rows(p, build_sweep_graph(ch, SweepDirection::reverse), nodes, nodes, 0, 4), expected);
}

INSTANTIATE_TEST_SUITE_P(Golden, PhastGolden,
                         ::testing::Values(Golden{"golden/small-fixed.h5", "golden/small-fixed.expected.h5"},
                                           Golden{"golden/medium-vlen.h5", "golden/medium-vlen.expected.h5"}));

}  // namespace
}  // namespace hg
