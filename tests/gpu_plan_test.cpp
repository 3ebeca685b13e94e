// ctest label `gpu`: the planner's full passes on the device
// (kernels/planning/cover_gains.cu through host/solvers/cover_gains.hpp)
// against masked_demand on the host, bit for bit, and whole plans with the
// device's gains against the host's. Skips without a GPU. Tests named
// *Small* run under compute-sanitizer (scripts/gpu-check.sh).

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "host/planning/max_cover.hpp"
#include "host/solvers/cover_gains.hpp"
#include "tests/support/cover_instances.hpp"
#include "tests/support/gpu_requirement.hpp"

namespace hg {
namespace {

// 1,000 candidates x 10,000 destinations (157 words, the last partial),
// demand over many magnitudes so that the order of the sums shows.
TEST(GpuPlanSmall, FullGainsEqualTheHostsBitForBit) {
  REQUIRE_GPU();
  test::Instance in = test::random_instance(3, 1000, 10000, false, 0);
  std::mt19937_64 rng(5);
  for (auto& d : in.demand) d = static_cast<double>(rng() % 1000000) * std::pow(10.0, static_cast<int>(rng() % 12) - 4);
  const FullGains gains = device_full_gains(in.sets.row(0).data(), in.sets.candidates(), in.sets.words(),
                                            in.demand.data(), in.sets.destinations());
  for (int round = 0; round < 3; ++round) {
    DestinationSet mask = full_destination_set(in.sets.destinations());
    for (std::uint32_t w = 0; w < mask.size(); ++w) mask[w] &= round == 0 ? ~std::uint64_t{0} : rng();
    std::vector<double> device(in.sets.candidates(), -1.0), host(in.sets.candidates());
    gains(mask.data(), device.data());
    for (std::uint32_t j = 0; j < in.sets.candidates(); ++j)
      host[j] = masked_demand(in.sets.row(j).data(), mask.data(), in.demand.data(), in.sets.words());
    EXPECT_EQ(std::memcmp(device.data(), host.data(), host.size() * sizeof(double)), 0) << "round " << round;
  }
}

TEST(GpuPlanSmall, PlansWithTheDevicesGainsEqualTheHosts) {
  REQUIRE_GPU();
  for (const bool target : {false, true}) {
    const test::Instance in = test::random_instance(11, 600, 8000, true, 25);
    MaxCoverOptions options;
    options.sites = target ? 0 : 20;
    options.target_share = target ? 0.95 : 0;
    const MaxCoverResult host = solve_max_cover(in.view(), options);
    options.full_gains = device_full_gains(in.sets.row(0).data(), in.sets.candidates(), in.sets.words(),
                                           in.demand.data(), in.sets.destinations());
    const MaxCoverResult device = solve_max_cover(in.view(), options);
    EXPECT_EQ(device.chosen, host.chosen) << "target " << target;
    EXPECT_EQ(device.gain, host.gain);
    EXPECT_EQ(device.covered_demand, host.covered_demand);
    EXPECT_EQ(device.upper_bound, host.upper_bound);
    EXPECT_EQ(device.lower_bound_sites, host.lower_bound_sites);
  }
}

}  // namespace
}  // namespace hg
