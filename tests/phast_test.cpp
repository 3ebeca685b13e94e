// The PHAST sweeps on the CPU (the per-node arithmetic the GPU kernels run):
// equal to Dijkstra on every pair, in both directions, with and without
// caps, whatever the witness-search limits and thread counts; certificates
// on a street grid; the nearest-origin reduction; the GPU plan; the golden
// cases. The hierarchy itself: contraction_test.cpp.

#include <gtest/gtest.h>

#include "host/solvers/certificate.hpp"
#include "host/model/compile.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/gpu_device.hpp"
#include "host/solvers/phast/phast_cpu.hpp"
#include "host/solvers/phast/phast_gpu.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"
#include "tests/support/golden_cases.hpp"
#include "tests/support/hierarchy_helpers.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using test::all_nodes;
using test::dijkstra_rows;
using test::phast_rows;

class PhastRandom : public ::testing::TestWithParam<int> {};

TEST_P(PhastRandom, SweepsEqualDijkstraOnEveryPair) {
  const test::HierarchyCase c = test::random_hierarchy_case(GetParam());
  const Problem& p = c.problem;
  const ContractionHierarchy ch = contract(p, c.options);
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

INSTANTIATE_TEST_SUITE_P(Seeds, PhastRandom, ::testing::Range(0, 24), test::seed_name);

TEST(PhastGrid, SampledRowsEqualDijkstraAndHoldTheCertificate) {
  const Network net = test::road_grid(70, 3);
  const Problem p = compile(net, "grid");
  const SweepGraph g = build_sweep_graph(contract(p, {.threads = 2}), SweepDirection::forward);
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

class PhastGolden : public ::testing::TestWithParam<test::GoldenCase> {};

TEST_P(PhastGolden, BothDirectionsReproduceEveryEntry) {
  const test::Golden g = test::read_golden(GetParam());
  const Problem& p = g.problem;
  const ContractionHierarchy ch = contract(p, {.threads = 2});
  const std::vector<NodeId> nodes = all_nodes(p.node_count);
  EXPECT_EQ(phast_rows(p, build_sweep_graph(ch, SweepDirection::forward), nodes, nodes, 0, 64), g.expected);
  EXPECT_EQ(phast_rows(p, build_sweep_graph(ch, SweepDirection::reverse), nodes, nodes, 0, 4), g.expected);
}

INSTANTIATE_TEST_SUITE_P(Golden, PhastGolden, ::testing::ValuesIn(test::kGoldenCases), test::golden_case_name);

}  // namespace
}  // namespace hg
