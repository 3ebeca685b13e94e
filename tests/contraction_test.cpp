// The contraction hierarchy (host/solvers/phast/contraction.hpp) on its own:
// its invariants on random networks (witness searches that give up at once
// included) and on a street grid, the same hierarchy for any thread count,
// and the smallest networks. The sweeps over it: phast_test.cpp.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/model/compile.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/phast/phast_cpu.hpp"
#include "tests/support/hierarchy_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

TEST(Contraction, InvariantsHoldOnRandomNetworks) {
  for (int seed = 0; seed < 24; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const test::HierarchyCase c = test::random_hierarchy_case(seed);
    test::expect_hierarchy_invariants(contract(c.problem, c.options), c.problem);
  }
}

TEST(Contraction, StreetGridIsDeepAndHoldsTheInvariants) {
  const Problem p = compile(test::road_grid(70, 3), "grid");
  const ContractionHierarchy ch = contract(p, {.threads = 2});
  test::expect_hierarchy_invariants(ch, p);
  EXPECT_GT(ch.level_count, 10u);
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
  EXPECT_EQ(test::phast_rows(one, g, a, a, 0, 4), std::vector<std::uint32_t>{0});

  const Problem two = compile(test::NetworkBuilder().node("A", "CN", 30).node("B").edge("A", "B", 5).build(), "two");
  const SweepGraph g2 = build_sweep_graph(contract(two), SweepDirection::forward);
  const std::vector<NodeId> both{0, 1};
  // A -> B: 5 (A's handling is not charged at the origin); B -> A: unreachable.
  EXPECT_EQ(test::phast_rows(two, g2, both, both, 0, 4), (std::vector<std::uint32_t>{0, 5, kUnreachable32, 0}));
}

}  // namespace
}  // namespace hg
