#pragma once
// Random maximal covering instances for the planner's tests
// (tests/max_cover_test.cpp against brute force, tests/gpu_plan_test.cpp
// against the device).

#include <cstdint>
#include <vector>

#include "host/planning/max_cover.hpp"

namespace hg::test {

struct Instance {
  CoverageSets sets;
  std::vector<double> demand;
  MaxCoverInstance view() const {
    MaxCoverInstance in;
    in.sets = &sets;
    in.demand = demand;
    in.fixed = fixed;
    in.group = group;
    in.max_per_group = max_per_group;
    return in;
  }
  DestinationSet fixed;
  std::vector<std::uint32_t> group;
  std::uint32_t max_per_group = 0;
};

// Random coverage: candidates reach the destinations "near" them on a line,
// with some random long links, so that sets overlap as real ones do.
// Deterministic for a seed.
Instance random_instance(std::uint32_t seed, std::uint32_t candidates, std::uint32_t destinations,
                         bool with_fixed, std::uint32_t groups);

}  // namespace hg::test
