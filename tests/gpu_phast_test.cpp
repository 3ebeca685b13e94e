// ctest label `gpu`: the GPU PHAST sweeps against CPU Dijkstra on every pair
// (forward batches whose count is no multiple of the lanes, reverse sweeps,
// caps, destination subsets, zero-time edges, unreachable nodes) and the
// GPU coverage reduction against the multi-source search. Skips without a
// GPU. Tests named *Small* run under compute-sanitizer (scripts/gpu-check.sh).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <numeric>

#include <nlohmann/json.hpp>

#include "host/model/compile.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"
#include "host/solvers/gpu_device.hpp"
#include "host/solvers/phast/phast_gpu.hpp"
#include "io/result.hpp"
#include "io/snapshot.hpp"
#include "kernels/planning/cover_sums.cuh"
#include "tests/support/gpu_requirement.hpp"
#include "tests/support/hierarchy_helpers.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

// GPU rows with a chosen direction, lane count and form, solved in row
// blocks of `block` origins (as `solve` hands them over).
std::vector<std::uint32_t> gpu_rows(const Problem& p, const ContractionHierarchy& ch, SweepDirection direction,
                                    std::uint32_t lanes, std::span<const NodeId> origins,
                                    std::span<const NodeId> destinations, Time cap, std::size_t block,
                                    PhastLabelForm form = {}, PhastLaunch launch = {}) {
  PhastGpuPlan plan = plan_phast_gpu(p.node_count, ch.arc_count(), origins.size(), destinations.size(),
                                     probe_gpu().free_bytes, direction == SweepDirection::forward, form);
  EXPECT_EQ(plan.direction, direction);
  plan.lanes = direction == SweepDirection::reverse ? phast_round_lanes(static_cast<std::uint32_t>(destinations.size()))
                                                    : lanes;
  plan.launch = launch;
  const Reachability reach(p);
  PhastGpuRows rows(p, ch, plan, origins, destinations, cap, &reach, 2);
  std::vector<std::uint32_t> times(origins.size() * destinations.size());
  for (std::size_t first = 0; first < origins.size(); first += block) {
    const std::size_t count = std::min(block, origins.size() - first);
    rows.solve(first, count, times.data() + first * destinations.size());
  }
  return times;
}

Network random_case(int seed, std::uint32_t nodes) {
  test::RandomNetworkOptions options;
  options.nodes = nodes;
  options.edges = nodes * 3;
  options.zero_weight_share = 0.2;
  options.isolated = 4;
  return test::random_network(static_cast<std::uint64_t>(seed) + 900, options);
}

TEST(GpuPhastSmall, ForwardRowsEqualDijkstraOnEveryPair) {
  REQUIRE_GPU();
  for (int seed = 0; seed < 4; ++seed) {
    const Problem p = compile(random_case(seed, 150), "random");
    const ContractionHierarchy ch = contract(p, {.threads = 4});
    const std::vector<NodeId> nodes = test::all_nodes(p.node_count);
    for (const Time cap : {Time{0}, Time{30}}) {
      const std::vector<std::uint32_t> want = test::dijkstra_rows(p, nodes, nodes, cap, 4);
      for (const PhastLabelForm& form : test::phast_forms(p, cap)) {
        // 150 origins in batches of 8 and 128 lanes: partial last batches;
        // row blocks of 37 split batches across solve() calls.
        EXPECT_EQ(gpu_rows(p, ch, SweepDirection::forward, 8, nodes, nodes, cap, 37, form), want)
            << "seed " << seed << ", " << test::form_name(form);
        EXPECT_EQ(gpu_rows(p, ch, SweepDirection::forward, 128, nodes, nodes, cap, 150, form), want)
            << "seed " << seed << ", " << test::form_name(form);
        if (form.upward == PhastUpward::searched) {  // the thin top levels in one launch
          EXPECT_EQ(gpu_rows(p, ch, SweepDirection::forward, 128, nodes, nodes, cap, 150, form, {true}), want)
              << "seed " << seed << ", " << test::form_name(form) << ", fused";
        }
      }
    }
  }
}

TEST(GpuPhastSmallRace, ReverseRowsAndDestinationSubsets) {
  REQUIRE_GPU();
  const Problem p = compile(random_case(7, 200), "random");
  const ContractionHierarchy ch = contract(p, {.threads = 4});
  std::vector<NodeId> origins = test::all_nodes(p.node_count), destinations;
  for (NodeId v = 0; v < p.node_count; v += 7) destinations.push_back(v);
  std::reverse(destinations.begin(), destinations.end());  // any order
  std::rotate(origins.begin(), origins.begin() + 50, origins.end());
  for (const Time cap : {Time{0}, Time{25}}) {
    const std::vector<std::uint32_t> want = test::dijkstra_rows(p, origins, destinations, cap, 4);
    for (const PhastLabelForm& form : test::phast_forms(p, cap)) {
      EXPECT_EQ(gpu_rows(p, ch, SweepDirection::reverse, 0, origins, destinations, cap, 64, form), want)
          << "cap " << cap << ", " << test::form_name(form);
      EXPECT_EQ(gpu_rows(p, ch, SweepDirection::forward, 16, origins, destinations, cap, 200, form), want)
          << "cap " << cap << ", " << test::form_name(form);
    }
  }
}

TEST(GpuPhastSmall, NearestOriginsEqualTheMultiSourceSearch) {
  REQUIRE_GPU();
  for (int seed = 0; seed < 3; ++seed) {
    test::RandomNetworkOptions options;
    options.nodes = 300;
    options.edges = 900;
    options.max_transit = 5;  // ties everywhere
    const Problem p = compile(test::random_network(static_cast<std::uint64_t>(seed) + 40, options), "random");
    const ContractionHierarchy ch = contract(p, {.threads = 4});
    std::vector<NodeId> origins, destinations;
    for (NodeId v = 0; v < p.node_count; ++v) (v % 4 == 1 ? origins : destinations).push_back(v);
    destinations.push_back(origins[3]);
    const Reachability reach(p);
    for (const Time cap : {Time{0}, Time{8}, Time{3}})
      for (const PhastLabelForm& form : test::phast_forms(p, cap)) {
        PhastGpuPlan plan = plan_phast_gpu(p.node_count, ch.arc_count(), origins.size(), destinations.size(),
                                           probe_gpu().free_bytes, true, form);
        plan.lanes = 16;  // several batches folded on the device
        const NearestOrigins want = nearest_origins(p, origins, destinations, cap);
        const NearestOrigins got = phast_nearest_gpu(p, ch, plan, origins, destinations, cap, nullptr, &reach, 2);
        EXPECT_EQ(got.time, want.time) << "seed " << seed << " cap " << cap << ", " << test::form_name(form);
        EXPECT_EQ(got.origin, want.origin) << "seed " << seed << " cap " << cap << ", " << test::form_name(form);
      }
  }
}

// Coverage sets thresholded on the device (PhastGpuRows::cover) against
// CPU Dijkstra rows thresholded on the host by the same threshold_word:
// targets no multiple of 64 (a partial last word), batches split across
// calls, thresholds below and at the cap.
TEST(GpuPhastSmall, CoverRowsEqualThresholdedDijkstraRows) {
  REQUIRE_GPU();
  const Problem p = compile(random_case(11, 230), "random");
  const ContractionHierarchy ch = contract(p, {.threads = 4});
  const std::vector<NodeId> origins = test::all_nodes(p.node_count);
  std::vector<NodeId> destinations;
  for (NodeId v = 0; v < p.node_count; v += 2) destinations.push_back(v);  // 115: two words, the last partial
  const Time cap = 30;
  const std::vector<std::uint32_t> times = test::dijkstra_rows(p, origins, destinations, cap, 4);
  const Reachability reach(p);
  for (const PhastLabelForm& form : test::phast_forms(p, cap)) {
    PhastGpuPlan plan = plan_phast_gpu(p.node_count, ch.arc_count(), origins.size(), destinations.size(),
                                       probe_gpu().free_bytes, true, form);
    plan.lanes = 16;
    PhastGpuRows rows(p, ch, plan, origins, destinations, cap, &reach, 2);
    const std::uint32_t words = cover_words(destinations.size());
    for (const Time threshold : {Time{0}, Time{12}, cap}) {
      std::vector<std::uint64_t> want(origins.size() * words), got(origins.size() * words, ~std::uint64_t{0});
      threshold_rows(times.data(), static_cast<std::uint32_t>(origins.size()),
                     static_cast<std::uint32_t>(destinations.size()), threshold, want.data());
      for (std::size_t first = 0; first < origins.size(); first += 37)
        rows.cover(first, std::min<std::size_t>(37, origins.size() - first), threshold, got.data() + first * words);
      EXPECT_EQ(got, want) << "threshold " << threshold << ", " << test::form_name(form);
    }
  }
}

// A 250 x 250 street grid (62,500 nodes, a deep hierarchy): 1,100 origins in
// full 1,024-lane batches plus a partial one (2,048 lanes at 16 bits), all
// destinations, in every form: no cap, and a cap of 40 minutes.
TEST(GpuPhast, StreetGridSampledRowsEqualDijkstra) {
  REQUIRE_GPU();
  const Problem p = compile(test::road_grid(250, 11), "grid");
  const ContractionHierarchy ch = contract(p, {.threads = 8});
  std::vector<NodeId> origins;
  for (NodeId o = 0; o < 1100; ++o) origins.push_back(o * 53 % p.node_count);
  const std::vector<NodeId> nodes = test::all_nodes(p.node_count);
  std::vector<NodeId> sample;
  for (std::size_t i = 0; i < origins.size(); i += 23) sample.push_back(origins[i]);
  for (const Time cap : {Time{0}, Time{40}}) {
    const std::vector<std::uint32_t> want = test::dijkstra_rows(p, sample, nodes, cap, 4);
    for (const PhastLabelForm& form : test::phast_forms(p, cap)) {
      const std::uint32_t lanes = phast_max_lanes(form);
      for (const bool fused : {false, true}) {
        if (fused && form.upward != PhastUpward::searched) continue;
        const std::vector<std::uint32_t> got =
            gpu_rows(p, ch, SweepDirection::forward, lanes, origins, nodes, cap, 1100, form, {fused});
        std::size_t mismatches = 0;
        for (std::size_t k = 0; k < sample.size(); ++k)
          for (NodeId d = 0; d < p.node_count; ++d)
            mismatches += got[(k * 23) * p.node_count + d] != want[k * p.node_count + d];
        EXPECT_EQ(mismatches, 0u) << "cap " << cap << ", " << test::form_name(form) << (fused ? ", fused" : "");
      }
    }
  }
}

// The CLI on a generated road network: solve on the GPU equals solve on the
// CPU entry for entry; --hierarchy builds the file once and reads it after;
// a hierarchy of another network is refused before anything is written;
// coverage on the GPU equals coverage on the CPU.
TEST(GpuPhastCli, SolveHierarchyReuseAndCoverage) {
  REQUIRE_GPU();
  const auto dir = test::temp_dir();
  const std::string net = (dir / "road.h5").string(), other = (dir / "other.h5").string();
  const std::string ch = (dir / "road.ch.h5").string();
  ASSERT_EQ(test::run_hourglass({"generate", "--kind", "road", "--nodes", "20000", "--seed", "2", "-o", net}).status, 0);
  ASSERT_EQ(test::run_hourglass({"generate", "--kind", "road", "--nodes", "20000", "--seed", "3", "-o", other}).status,
            0);
  const std::string sel = "R0,R17,R999,R5000,R12345,R19999";
  const auto solve = [&](const std::string& snapshot, const std::string& backend, const std::string& out) {
    std::vector<std::string> args{"solve", snapshot, "--backend", backend, "--origins", sel, "--max-hours", "2",
                                  "-o", out};
    if (backend == "gpu") args.insert(args.end(), {"--hierarchy", ch});
    return test::run_hourglass(args);
  };
  const std::string gpu1 = (dir / "gpu1.h5").string(), gpu2 = (dir / "gpu2.h5").string(),
                    cpu = (dir / "cpu.h5").string();
  const auto first = solve(net, "gpu", gpu1);
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.err.find("stored in " + ch), std::string::npos) << first.err;
  const auto second = solve(net, "gpu", gpu2);
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.err.find("read from " + ch), std::string::npos) << second.err;
  ASSERT_EQ(solve(net, "cpu", cpu).status, 0);
  const io::ResultReader a(gpu1), b(gpu2), c(cpu);
  const std::size_t cells = std::size_t{a.meta().rows} * a.meta().cols;
  std::vector<std::uint32_t> ta(cells), tb(cells), tc(cells);
  a.read_rows(0, a.meta().rows, ta.data(), nullptr);
  b.read_rows(0, b.meta().rows, tb.data(), nullptr);
  c.read_rows(0, c.meta().rows, tc.data(), nullptr);
  EXPECT_EQ(ta, tc);
  EXPECT_EQ(tb, tc);

  const std::string refused = (dir / "refused.h5").string();
  const auto mismatch = solve(other, "gpu", refused);
  EXPECT_EQ(mismatch.status, 2) << mismatch.err;
  EXPECT_NE(mismatch.err.find("hierarchy-mismatch"), std::string::npos) << mismatch.err;
  EXPECT_FALSE(std::filesystem::exists(refused));
  EXPECT_FALSE(std::filesystem::exists(refused + ".partial"));

  std::string reports[2];
  int k = 0;
  for (const std::string backend : {"gpu", "cpu"}) {
    const std::string csv = (dir / ("coverage-" + backend + ".csv")).string();
    // The CPU answers with one multi-source search, which reads no
    // hierarchy (and refuses --hierarchy): only the GPU's sweeps take it.
    std::vector<std::string> args{"coverage", net,     "--backend", backend, "--origins", sel,
                                  "--hours",  "1,2",   "--by",      "destination", "--csv", csv};
    if (backend == "gpu") args.insert(args.end(), {"--hierarchy", ch});
    const auto r = test::run_hourglass(args);
    ASSERT_EQ(r.status, 0) << r.err;
    reports[k++] = test::read_file(csv);
  }
  EXPECT_EQ(reports[0], reports[1]);

  // plan: coverage sets thresholded on the device give the plan of the CPU,
  // bit for bit (the JSON but for the backend, the method and the times).
  nlohmann::json plans[2];
  k = 0;
  for (const std::string backend : {"gpu", "cpu"}) {
    const std::string json = (dir / ("plan-" + backend + ".json")).string();
    const auto r = test::run_hourglass({"plan", net, "--backend", backend, "--method", "phast", "--hierarchy", ch,
                                        "--candidates", "R0,R17,R999,R5000,R12345,R19999,R3,R777,R4242",
                                        "--hours", "1", "--sites", "3", "--json", json});
    ASSERT_EQ(r.status, 0) << r.err;
    plans[k++] = nlohmann::json::parse(test::read_file(json));
  }
  for (const char* key : {"chosen", "covered_demand", "upper_bound", "curve"})
    EXPECT_EQ(plans[0][key], plans[1][key]) << key;

  // diff: the network against itself without every tenth edge; the
  // nearest origins on both reduced on the device give the CPU's comparison.
  Network changed = io::read_snapshot(net);
  Edges kept;
  for (std::size_t e = 0; e < changed.edges.size(); ++e) {
    if (e % 10 == 0) continue;
    kept.src.push_back(changed.edges.src[e]);
    kept.dst.push_back(changed.edges.dst[e]);
    kept.mode.push_back(changed.edges.mode[e]);
    kept.transit_time.push_back(changed.edges.transit_time[e]);
  }
  changed.edges = kept;
  const std::string thinner = (dir / "thinner.h5").string();
  io::write_snapshot(thinner, changed);
  nlohmann::json diffs[2];
  k = 0;
  for (const std::string backend : {"gpu", "cpu"}) {
    const std::string json = (dir / ("diff-" + backend + ".json")).string();
    const auto r = test::run_hourglass({"diff", net, thinner, "--backend", backend, "--origins", sel, "--hours", "1,2",
                                        "--json", json});
    ASSERT_EQ(r.status, 0) << r.err;
    diffs[k] = nlohmann::json::parse(test::read_file(json));
    diffs[k++].erase("backend");
  }
  EXPECT_EQ(diffs[0], diffs[1]);
  EXPECT_GT(diffs[1]["thresholds"][0]["lost_destinations"].get<int>(), 0);
}

}  // namespace
}  // namespace hg
