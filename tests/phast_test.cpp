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

#include <algorithm>

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
  for (const Time cap : {Time{0}, Time{40}, Time{7}}) {
    const std::vector<std::uint32_t> want = dijkstra_rows(p, nodes, nodes, cap);
    for (const PhastLabelForm& form : test::phast_forms(p, cap)) {
      // 12 lanes: batches of 16, the last one partial.
      EXPECT_EQ(phast_rows(p, forward, nodes, nodes, cap, 12, form), want)
          << "forward, cap " << cap << ", " << test::form_name(form);
      // The reverse sweep takes every destination as one batch.
      EXPECT_EQ(phast_rows(p, reverse, nodes, nodes, cap, 4, form), want)
          << "reverse, cap " << cap << ", " << test::form_name(form);
    }
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
  for (const PhastLabelForm& form : test::phast_forms(p, 0)) {
    EXPECT_EQ(phast_rows(p, g, origins, nodes, 0, 16, form), dijkstra_rows(p, origins, nodes, 0))
        << test::form_name(form);
  }

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
    const Reachability reach(p);
    for (const Time cap : {Time{0}, Time{9}, Time{3}})
      for (const PhastLabelForm& form : test::phast_forms(p, cap)) {
        const std::vector<std::uint64_t> labels = phast_nearest_labels_cpu(p, g, origins, destinations, 8, 2, form);
        const NearestOrigins want = nearest_origins(p, origins, destinations, cap);
        const NearestOrigins got =
            nearest_from_labels(labels, cap, form.bits == 16 ? &reach : nullptr, origins, destinations);
        EXPECT_EQ(got.time, want.time) << "seed " << seed << " cap " << cap << ", " << test::form_name(form);
        EXPECT_EQ(got.origin, want.origin) << "seed " << seed << " cap " << cap << ", " << test::form_name(form);
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
  // Not even eight lanes: does not fit.
  EXPECT_FALSE(plan_phast_gpu(10'000'000, 50'000'000, 5000, 100, GiB / 2).fits);

  // 16-bit labels: twice the lanes for the same bytes a node, whole warps
  // of 8-lane words when memory is tight.
  const PhastLabelForm narrow = phast_label_form(PhastUpward::searched, 2911);
  plan = plan_phast_gpu(1'000'000, 4'000'000, 5000, 1'000'000, 80 * GiB, false, narrow);
  EXPECT_EQ(plan.lanes, 2048u);
  EXPECT_EQ(plan.batches, 3u);
  EXPECT_EQ(plan.form.bits, 16u);
  EXPECT_NE(plan.reason.find("16-bit labels (saturating at 2911), upward searches"), std::string::npos) << plan.reason;
  plan = plan_phast_gpu(10'000'000, 50'000'000, 5000, 10'000'000, 10 * GiB, false, narrow);
  EXPECT_TRUE(plan.fits);
  EXPECT_EQ(plan.lanes % 256, 0u);
  EXPECT_LE(plan.device_bytes + kGpuMemoryMargin, 10 * GiB);
}

// The backends' forms: upward searches everywhere, 16 bits on the GPU under
// a cap that leaves the limit within 16 bits.
TEST(PhastLabels, BackendFormsFollowTheCap) {
  Problem p;
  p.node_count = 1;
  p.handling = {60};
  EXPECT_EQ(phast_backend_form(p, true, 2880).bits, 16u);
  EXPECT_EQ(phast_backend_form(p, true, 2880).limit, 2941u);
  EXPECT_EQ(phast_backend_form(p, true, 0).bits, 32u);
  EXPECT_EQ(phast_backend_form(p, true, 70000).bits, 32u);
  EXPECT_EQ(phast_backend_form(p, false, 2880).bits, 32u);
  EXPECT_EQ(phast_backend_form(p, false, 2880).upward, PhastUpward::searched);
}

// The 16-bit arithmetic by hand: sums saturate at the limit, never wrap,
// and a label below the limit is exact.
TEST(PhastLabels, SixteenBitPullsSaturateAtTheLimit) {
  constexpr std::uint16_t kLimit = 1000;
  std::vector<PhastLanes16> labels(2);
  labels[0] = phast_fill<std::uint16_t>(kLimit);
  labels[0].t[0] = 10;
  labels[0].t[1] = 995;     // + 7 passes the limit
  labels[0].t[2] = kLimit;  // saturated stays saturated, whatever the weight
  labels[0].t[3] = 0;
  const std::vector<PhastArc> arcs = {{0, 7}, {0, 0x7FFFFF00u}};  // a weight far beyond 16 bits
  const PhastLanes16 got = phast_pull<std::uint16_t>(arcs.data(), 0, 2, phast_fill<std::uint16_t>(kLimit),
                                                     [&](std::uint32_t tail) { return labels[tail]; });
  EXPECT_EQ(got.t[0], 17);
  EXPECT_EQ(got.t[1], kLimit);
  EXPECT_EQ(got.t[2], kLimit);
  EXPECT_EQ(got.t[3], 7);
  for (std::uint32_t i = 4; i < PhastLanes16::kLanes; ++i) EXPECT_EQ(got.t[i], kLimit) << "lane " << i;
  // The stored forms: exact below the limit, saturated at it.
  EXPECT_EQ(phast_stored_time(17, 5, false, 20, kLimit), 12u);
  EXPECT_EQ(phast_stored_time(kLimit, 5, false, 20, kLimit), kPhastSaturated);
  EXPECT_EQ(phast_stored_time(kInfinity, 5, false, 20), kUnreachable32);
}

// A word's starts come from its own lanes only, found by binary search.
TEST(PhastLabels, SearchStartsPickTheWordsLanes) {
  const std::vector<PhastStart> starts = {{0, 3}, {5, 9}, {8, 1}, {9, 70000}, {15, 2}, {16, 4}};
  const std::vector<PhastStartRun> runs = {{0, 0}, {0, 6}};
  const PhastLanes16 none = phast_search_start<std::uint16_t>(runs.data(), starts.data(), 0, 0, 500);
  for (std::uint32_t i = 0; i < 8; ++i) EXPECT_EQ(none.t[i], 500) << "lane " << i;
  const PhastLanes16 w1 = phast_search_start<std::uint16_t>(runs.data(), starts.data(), 1, 1, 500);
  EXPECT_EQ(w1.t[0], 1);    // lane 8
  EXPECT_EQ(w1.t[1], 500);  // lane 9: 70000 clamped to the limit
  EXPECT_EQ(w1.t[7], 2);    // lane 15
  const PhastLanes w0 = phast_search_start<Time>(runs.data(), starts.data(), 1, 0, kInfinity);
  EXPECT_EQ(w0.t[0], 3u);
  EXPECT_EQ(w0.t[1], kInfinity);
  const PhastLanes w4 = phast_search_start<Time>(runs.data(), starts.data(), 1, 4, kInfinity);
  EXPECT_EQ(w4.t[0], 4u);  // lane 16
}

// Each lane's search holds its source at time 0, groups cover each position
// once with lanes ascending, and every start is an upper bound of the
// lane's true time (a path's length) that the sweep turns into the exact one.
TEST(PhastSearchStarts, GroupsHoldEachLanesSearchOnce) {
  const test::HierarchyCase c = test::random_hierarchy_case(3);
  const Problem& p = c.problem;
  const SweepGraph g = build_sweep_graph(contract(p, c.options), SweepDirection::forward);
  std::vector<NodeId> sources;
  for (NodeId v = 0; v < p.node_count; v += 3) sources.push_back(v);
  PhastStartSearches searches(g, 2);
  PhastSearchStarts out;
  searches.run(sources, out);
  const std::vector<std::uint32_t> want = dijkstra_rows(p, sources, all_nodes(p.node_count), 0);
  std::vector<bool> seen(p.node_count, false), source_seen(sources.size(), false);
  std::uint32_t covered = 0;
  for (const PhastStartGroup& group : out.groups) {
    ASSERT_FALSE(seen[group.position]) << "position " << group.position << " grouped twice";
    seen[group.position] = true;
    ASSERT_LT(group.first, group.end);
    covered += group.end - group.first;
    for (std::uint32_t k = group.first; k < group.end; ++k) {
      const PhastStart s = out.starts[k];
      if (k > group.first) {
        ASSERT_LT(out.starts[k - 1].lane, s.lane);
      }
      const NodeId node = g.node_at[group.position];
      if (node == sources[s.lane]) {
        EXPECT_EQ(s.time, 0u);
        source_seen[s.lane] = true;
      } else {
        const std::uint32_t exact = want[s.lane * p.node_count + node];
        ASSERT_NE(exact, kUnreachable32);
        EXPECT_GE(s.time, exact + p.handling[sources[s.lane]]) << "a start below the true time";
      }
    }
  }
  EXPECT_EQ(covered, out.starts.size());
  EXPECT_TRUE(std::all_of(source_seen.begin(), source_seen.end(), [](bool b) { return b; }));
}

// The fused launch of the thin top levels, emulated on the CPU with the
// kernel's own item map: each block's words through every thin level (the
// blocks one after another, last first: they never meet), then level by
// level below. The labels equal the CPU sweeps'.
TEST(PhastLabels, FusedThinLevelsEqualLevelByLevel) {
  const Problem p = compile(test::road_grid(40, 5), "grid");
  const SweepGraph g = build_sweep_graph(contract(p, {.threads = 2}), SweepDirection::forward);
  std::vector<NodeId> sources;
  for (NodeId v = 0; v < p.node_count; v += 41) sources.push_back(v);
  const std::uint32_t lanes = phast_round_lanes(static_cast<std::uint32_t>(sources.size()));
  const std::uint32_t words = lanes / PhastLanes::kLanes;
  PhastSweeps want(g, lanes, 2);
  want.run(sources);

  PhastStartSearches searches(g, 2);
  PhastSearchStarts starts;
  searches.run(sources, starts);
  std::vector<PhastStartRun> runs(p.node_count, PhastStartRun{0, 0});
  phast_scatter_runs(starts.groups, runs.data());
  std::vector<PhastLanes> labels(std::size_t{p.node_count} * words, phast_fill<Time>(12345));
  const std::uint32_t levels = g.level_count();
  const std::uint32_t thin = phast_first_thin_level(g.level_begin.data(), levels, words, 40 * words);
  ASSERT_GT(thin, 0u);
  ASSERT_LT(thin + 1, levels);
  const auto node = [&](std::uint32_t position, std::uint32_t word) {
    phast_searched_node<Time>(labels.data(), words, word, position, g.down_offsets.data(), g.down_arcs.data(),
                              runs.data(), starts.starts.data(), kInfinity);
  };
  const std::uint32_t per_block = 3;  // a partial last block
  for (std::uint32_t b = (words + per_block - 1) / per_block; b-- > 0;) {
    const std::uint32_t first_word = b * per_block, block_words = std::min(per_block, words - first_word);
    for (std::uint32_t l = levels; l-- > thin;) {
      const std::uint32_t first = g.level_begin[l];
      for (std::uint64_t i = 0; i < std::uint64_t{g.level_begin[l + 1] - first} * block_words; ++i) {
        const PhastItem at = phast_thin_item(first, first_word, block_words, i);
        node(at.position, at.word);
      }
    }
  }
  for (std::uint32_t l = thin; l-- > 0;)
    for (std::uint32_t position = g.level_begin[l]; position < g.level_begin[l + 1]; ++position)
      for (std::uint32_t w = 0; w < words; ++w) node(position, w);
  for (NodeId v = 0; v < p.node_count; ++v)
    for (std::uint32_t s = 0; s < sources.size(); ++s)
      ASSERT_EQ(labels[std::uint64_t{g.position_of[v]} * words + s / 4].t[s % 4], want.label(v, s))
          << "node " << v << " lane " << s;
  EXPECT_EQ(phast_first_thin_level(g.level_begin.data(), levels, words, 0), levels);
  EXPECT_EQ(phast_first_thin_level(g.level_begin.data(), levels, words, ~std::uint64_t{0}), 0u);
}

// Saturation needs a cap; 16 bits hold the cap plus the largest handling.
TEST(PhastLabels, SixteenBitLimitFollowsTheCapAndHandling) {
  Problem p;
  p.node_count = 2;
  p.handling = {30, 5};
  EXPECT_EQ(phast_label_limit(p, 0), 0u);
  EXPECT_EQ(phast_label_limit(p, 2880), 2880u + 30 + 1);
  EXPECT_EQ(phast_label_limit(p, 65504), 0xFFFFu);
  EXPECT_EQ(phast_label_limit(p, 65505), 0u);  // the limit would need 17 bits
  EXPECT_EQ(phast_label_form(PhastUpward::searched, 2911).bits, 16u);
  EXPECT_EQ(phast_label_form(PhastUpward::searched, 0).limit, kInfinity);
}

class PhastGolden : public ::testing::TestWithParam<test::GoldenCase> {};

TEST_P(PhastGolden, BothDirectionsReproduceEveryEntry) {
  const test::Golden g = test::read_golden(GetParam());
  const Problem& p = g.problem;
  const ContractionHierarchy ch = contract(p, {.threads = 2});
  const std::vector<NodeId> nodes = all_nodes(p.node_count);
  for (const PhastLabelForm& form : test::phast_forms(p, 0)) {
    EXPECT_EQ(phast_rows(p, build_sweep_graph(ch, SweepDirection::forward), nodes, nodes, 0, 64, form), g.expected)
        << test::form_name(form);
    EXPECT_EQ(phast_rows(p, build_sweep_graph(ch, SweepDirection::reverse), nodes, nodes, 0, 4, form), g.expected)
        << test::form_name(form);
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, PhastGolden, ::testing::ValuesIn(test::kGoldenCases), test::golden_case_name);

}  // namespace
}  // namespace hg
