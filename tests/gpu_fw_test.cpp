// ctest label `gpu`: the GPU Floyd–Warshall against the CPU reference at
// sizes that are no tile multiple, both widths, with and without a cap and
// next hops, the golden cases, and the CLI end to end. Skips without a GPU.
// Tests named *Small* are the ones scripts/gpu-check.sh runs under
// compute-sanitizer.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "host/solvers/gpu_device.hpp"
#include "tests/support/fw_packed_cases.hpp"
#include "tests/support/gpu_requirement.hpp"

namespace hg {
namespace {

const test::PackedSolver kGpu = [](const Problem& p, const FwGpuPlan& plan) { return fw_solve_gpu(p, plan); };

void check_size(NodeId n, bool hops) {
  const Problem short_legs = compile(test::fw_case_network(n, true, n), "short");
  const Problem long_legs = compile(test::fw_case_network(n, false, n), "long");
  const std::string at = "n " + std::to_string(n);
  test::expect_packed_matches_reference(kGpu, short_legs, 16, 0, false, 16, at + " short 16");
  test::expect_packed_matches_reference(kGpu, short_legs, 32, 0, false, 32, at + " short 32");
  test::expect_packed_matches_reference(kGpu, long_legs, 32, 0, false, 32, at + " long 32");
  const auto capped = test::expect_packed_matches_reference(kGpu, long_legs, 16, 60, false, 16, at + " cap 16");
  test::expect_packed_matches_reference(kGpu, long_legs, 32, 60, false, 32, at + " cap 32");
  if (n >= 127) {
    EXPECT_GT(capped.beyond_cap, 0u) << at;
  }
  if (hops) {
    test::expect_packed_matches_reference(kGpu, long_legs, 32, 0, true, 32, at + " hops");
    test::expect_packed_matches_reference(kGpu, long_legs, 16, 60, true, 32, at + " hops cap");
  }
}

TEST(GpuFw, SmallSizesBothWidthsCapsAndHops) {
  REQUIRE_GPU();
  for (const NodeId n : {1u, 2u, 127u, 300u}) check_size(n, true);
}

TEST(GpuFw, SizesThatAreNoTileMultiple) {
  REQUIRE_GPU();
  for (const NodeId n : {1000u, 1537u}) check_size(n, true);
  check_size(4099, false);
  const Problem p = compile(test::fw_case_network(4099, false, 5), "hops 4099");
  test::expect_packed_matches_reference(kGpu, p, 32, 0, true, 32, "n 4099 hops");
}

TEST(GpuFw, RingsThroughEveryTile) {
  REQUIRE_GPU();
  for (const NodeId n : {700u, 3001u}) test::expect_ring_matches_reference(kGpu, n);
}

// One solve of each kernel variant at n = 300 (several rounds), for racecheck.
TEST(GpuFw, SmallRace) {
  REQUIRE_GPU();
  const Problem p = compile(test::fw_ring_network(300, 3), "race");
  test::expect_packed_matches_reference(kGpu, p, 16, 0, false, 16, "race 16");
  test::expect_packed_matches_reference(kGpu, p, 32, 0, false, 32, "race 32");
  test::expect_packed_matches_reference(kGpu, p, 32, 0, true, 32, "race hops");
}

// The rounds captured in one CUDA graph (the launch for small n) give the
// bits of the launches one by one: both widths, caps, hops, several rounds.
TEST(GpuFw, SmallGraphLaunch) {
  REQUIRE_GPU();
  const test::PackedSolver graph = [](const Problem& p, const FwGpuPlan& plan) {
    FwGpuPlan captured = plan;
    captured.graph_launch = true;
    return fw_solve_gpu(p, captured);
  };
  for (const NodeId n : {1u, 300u}) {  // small: compute-sanitizer runs it
    // Uncapped 16-bit compute needs short legs (a path bound within 16
    // bits), as in check_size; the capped and hop cases take long ones.
    const Problem short_legs = compile(test::fw_case_network(n, true, n), "graph");
    const Problem long_legs = compile(test::fw_case_network(n, false, n), "graph");
    const std::string at = "graph n " + std::to_string(n);
    test::expect_packed_matches_reference(graph, short_legs, 16, 0, false, 16, at + " 16");
    test::expect_packed_matches_reference(graph, short_legs, 32, 0, false, 32, at + " 32");
    test::expect_packed_matches_reference(graph, long_legs, 16, 60, false, 16, at + " cap 16");
    test::expect_packed_matches_reference(graph, long_legs, 32, 0, true, 32, at + " hops");
  }
  test::expect_ring_matches_reference(graph, 700);  // rounds through every tile
}

TEST(GpuFw, ReproducesTheGoldenCases) {
  REQUIRE_GPU();
  test::expect_packed_reproduces_every_golden_case(kGpu);
}

TEST(GpuFw, RepeatedSolvesGiveTheSameBits) {
  REQUIRE_GPU();
  const Problem p = compile(test::fw_case_network(1000, false, 11), "repeat");
  const FwGpuPlan plan = plan_fw_gpu(p, 16, 60, false);
  const std::vector<NodeId> nodes = test::all_nodes(p.node_count);
  std::vector<std::uint32_t> first(std::size_t{p.node_count} * p.node_count), again(first.size());
  fw_solve_gpu(p, plan)->write_rows(nodes, nodes, 60, first.data(), nullptr);
  for (int i = 0; i < 3; ++i) {
    fw_solve_gpu(p, plan)->write_rows(nodes, nodes, 60, again.data(), nullptr);
    ASSERT_EQ(again, first) << "run " << i;  // a race would move entries between runs
  }
}

// The CLI: solve on the GPU equals solve on the CPU entry for entry, `path`
// walks a GPU next hop, verify passes, and a matrix too large for the card
// stops before anything is written.
TEST(GpuFwCli, SolvePathVerifyAndTooLarge) {
  REQUIRE_GPU();
  const auto dir = test::temp_dir();
  const std::string net = (dir / "net.h5").string();
  ASSERT_EQ(test::run_hourglass({"generate", "--nodes", "3000", "--seed", "4", "-o", net}).status, 0);
  for (const std::string width : {"auto", "32"}) {
    const std::string gpu = (dir / ("gpu" + width + ".h5")).string(), cpu = (dir / ("cpu" + width + ".h5")).string();
    const std::string json = (dir / ("gpu" + width + ".json")).string();
    const auto g = test::run_hourglass({"solve", net, "--backend", "gpu", "--paths", "--max-hours", "48", "--width",
                                        width, "-o", gpu, "--json", json});
    ASSERT_EQ(g.status, 0) << g.err;
    ASSERT_EQ(test::run_hourglass({"solve", net, "--backend", "cpu", "--method", "sssp", "--paths", "--max-hours",
                                   "48", "--width", width, "-o", cpu})
                  .status,
              0);
    const auto summary = nlohmann::json::parse(test::read_file(json));
    EXPECT_EQ(summary["backend"], "gpu");
    EXPECT_EQ(summary["method"], "fw");
    const io::ResultReader a(gpu), b(cpu);
    ASSERT_EQ(a.meta().dtype, b.meta().dtype);
    if (width == "auto") {
      EXPECT_EQ(a.meta().dtype, io::ResultDtype::uint16);  // 48 h in minutes: the 16-bit rule allows it
    }
    const std::uint32_t n = a.meta().rows;
    std::vector<std::uint32_t> ta(std::size_t{n} * n), tb(ta.size());
    a.read_rows(0, n, ta.data(), nullptr);
    b.read_rows(0, n, tb.data(), nullptr);
    ASSERT_EQ(ta, tb);
    // The farthest exact destination of origin 0: a route of several legs.
    std::uint32_t far = 0;
    for (std::uint32_t j = 1; j < n; ++j)
      if (ta[j] <= 48 * 60 && (ta[far] > 48 * 60 || ta[j] > ta[far])) far = j;
    ASSERT_GT(ta[far], 0u);
    const auto route = test::run_hourglass(
        {"path", gpu, "--from", std::string(a.origins()[0]), "--to", std::string(a.destinations()[far])});
    EXPECT_EQ(route.status, 0) << route.err;  // `path` fails unless the legs add up to the matrix entry
    EXPECT_NE(route.out.find(std::to_string(ta[far])), std::string::npos) << route.out;
  }
  const auto v = test::run_hourglass({"verify", net, "--backend", "gpu", "--sample", "64"});
  EXPECT_EQ(v.status, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("0 mismatches"), std::string::npos) << v.out;

  // 200,000 nodes need 149 GiB at 32 bits: more than any card here has.
  const std::string big = (dir / "big.h5").string(), out = (dir / "big-result.h5").string();
  ASSERT_EQ(test::run_hourglass({"generate", "--nodes", "200000", "--seed", "1", "-o", big}).status, 0);
  const auto t = test::run_hourglass({"solve", big, "--backend", "gpu", "--method", "fw", "--width", "32", "-o", out});
  EXPECT_EQ(t.status, 2) << t.err;
  EXPECT_NE(t.err.find("nodes fit"), std::string::npos) << t.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
  // auto takes the one-to-all sweeps instead, and says so; with next hops
  // (which the sweeps do not keep) it falls back to the CPU.
  const auto d = test::run_hourglass({"solve", big, "--dry-run", "--width", "32", "-o", out});
  EXPECT_EQ(d.status, 0) << d.err;
  EXPECT_NE(d.out.find("compute:  phast on the GPU"), std::string::npos) << d.out;
  const auto h = test::run_hourglass({"solve", big, "--dry-run", "--width", "32", "--paths", "-o", out});
  EXPECT_EQ(h.status, 0) << h.err;
  EXPECT_NE(h.out.find("cpu (auto: the GPU matrix needs"), std::string::npos) << h.out;
}

}  // namespace
}  // namespace hg
