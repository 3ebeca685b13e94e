// The GPU Floyd–Warshall's work split and arithmetic, run on the CPU by its
// emulation (host/solvers/fw/fw_emulated.cpp): every index, lane and clamp of the
// shared code in kernels/fw/fw_packed.cuh is held to the CPU reference here,
// on every CI run; tests/gpu_fw_test.cpp repeats the cases on the device.

#include <gtest/gtest.h>

#include "host/solvers/fw/fw_gpu.hpp"
#include "host/solvers/time_width.hpp"
#include "tests/support/fw_packed_cases.hpp"

namespace hg {
namespace {

const test::PackedSolver kEmulated = [](const Problem& p, const FwGpuPlan& plan) {
  return fw_solve_emulated(p, plan, 2);
};

TEST(FwLanes16, StepIsTheInstructionsDefinition) {
  // Both lanes: min(c, a + b) as signed 16-bit with a wrapping add.
  const FwWord a = FwLanes16::broadcast(7);
  EXPECT_EQ(FwLanes16::step(a, (20u << 16) | 3u, (30u << 16) | 5u), (27u << 16) | 5u);
  // The largest sums the clamp allows stay positive: 16383 + 16383.
  const FwWord big = FwLanes16::broadcast(kFwClamp16Max);
  EXPECT_EQ(FwLanes16::step(big, big, FwLanes16::broadcast(32767)), FwLanes16::broadcast(32766));
  // Beyond the clamp rule the add wraps negative, which is why the rule exists.
  EXPECT_EQ(FwLanes16::lane(FwLanes16::step(FwLanes16::broadcast(32767), FwLanes16::broadcast(1), 5u), 0), 0x8000u);
  EXPECT_EQ(FwLanes16::with_lane(0xAAAABBBBu, 1, 0x1234), 0x1234BBBBu);
  EXPECT_EQ(FwLanes32::step(kInfinity, kInfinity, kInfinity), kInfinity);  // never wraps
}

TEST(FwGpuPlan, WidthClampAndReachability) {
  const Problem p = compile(test::fw_case_network(200, false, 1), "plan");
  const Time max_handling = *std::max_element(p.handling.begin(), p.handling.end());
  ASSERT_GT(p.path_bound, 2 * kFwClamp16Max);
  const FwGpuPlan capped = plan_fw_gpu(p, 16, 2880, false);  // 48 hours in minutes
  EXPECT_EQ(capped.compute_width, 16);
  EXPECT_EQ(capped.layout.clamp, 2880 + 1 + max_handling);
  EXPECT_FALSE(capped.clamp_means_unreachable);
  EXPECT_GT(capped.reachability_bytes, 0u);
  EXPECT_EQ(capped.layout.n_pad, 256u);
  EXPECT_EQ(plan_fw_gpu(p, 16, 2880, true).compute_width, 32);   // next hops
  EXPECT_EQ(plan_fw_gpu(p, 32, 2880, false).compute_width, 32);  // stored 32
  EXPECT_EQ(plan_fw_gpu(p, 16, 16383, false).compute_width, 32); // clamp too large
  const Problem small = compile(test::fw_case_network(200, true, 1), "plan");
  ASSERT_LE(2 * (std::uint64_t{small.path_bound} + 1), 32767u);
  const FwGpuPlan uncapped = plan_fw_gpu(small, 16, 0, false);
  EXPECT_EQ(uncapped.compute_width, 16);
  EXPECT_EQ(uncapped.layout.clamp, small.path_bound + 1);
  EXPECT_TRUE(uncapped.clamp_means_unreachable);
  EXPECT_EQ(uncapped.reachability_bytes, 0u);
  // The largest n that fits: its matrix fits, one more tile does not.
  const FwGpuPlan wide = plan_fw_gpu(p, 32, 0, false);
  const std::uint64_t free_bytes = std::uint64_t{3} << 30;
  const NodeId largest = fw_gpu_largest_n(wide, free_bytes, 1000);
  EXPECT_LE(fw_gpu_device_bytes(fw_layout(largest, 32, kInfinity), false, 1000), free_bytes);
  EXPECT_GT(fw_gpu_device_bytes(fw_layout(largest + FwLanes32::kTile, 32, kInfinity), false, 1000), free_bytes);
}

TEST(FwEmulated, MatchesTheCpuReferenceInBothWidthsWithAndWithoutACap) {
  for (const NodeId n : {1u, 2u, 127u, 300u}) {
    const Problem short_legs = compile(test::fw_case_network(n, true, n), "short");
    const Problem long_legs = compile(test::fw_case_network(n, false, n), "long");
    const std::string at = "n " + std::to_string(n);
    // Uncapped: 16-bit lanes where the bound fits, 32-bit always.
    test::expect_packed_matches_reference(kEmulated, short_legs, 16, 0, false, 16, at + " short 16");
    test::expect_packed_matches_reference(kEmulated, short_legs, 32, 0, false, 32, at + " short 32");
    test::expect_packed_matches_reference(kEmulated, long_legs, 32, 0, false, 32, at + " long 32");
    // Capped at one hour: 16-bit lanes clamp, reachability tells the rest.
    const auto s16 = test::expect_packed_matches_reference(kEmulated, long_legs, 16, 60, false, 16, at + " cap 16");
    test::expect_packed_matches_reference(kEmulated, long_legs, 32, 60, false, 32, at + " cap 32");
    if (n >= 127) {
      EXPECT_GT(s16.beyond_cap, 0u) << at;  // the cases are not vacuous
      EXPECT_GT(s16.unreachable, 0u) << at;
      EXPECT_GT(s16.exact, n) << at;
    }
  }
}

// Long unique paths through every tile: a block that misses a round shows.
TEST(FwEmulated, RingsThroughEveryTile) {
  for (const NodeId n : {300u, 700u}) test::expect_ring_matches_reference(kEmulated, n);
}

TEST(FwEmulated, NextHopsWalkToEveryExactTime) {
  for (const NodeId n : {2u, 127u, 200u}) {
    const Problem p = compile(test::fw_case_network(n, false, 7 * n), "hops");
    test::expect_packed_matches_reference(kEmulated, p, 32, 0, true, 32, "hops n " + std::to_string(n));
    test::expect_packed_matches_reference(kEmulated, p, 16, 120, true, 32, "hops capped n " + std::to_string(n));
  }
}

TEST(FwEmulated, ReproducesTheGoldenCases) {
  test::expect_packed_reproduces_every_golden_case(kEmulated);
}

}  // namespace
}  // namespace hg
