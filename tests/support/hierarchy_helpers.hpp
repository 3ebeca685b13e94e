#pragma once
// Checks shared by the tests of contraction hierarchies.

#include <gtest/gtest.h>

#include <utility>

#include "host/solvers/phast/contraction.hpp"

namespace hg::test {

// Same ranks, levels and arcs (targets and weights), in the same order.
inline void expect_same_hierarchy(const ContractionHierarchy& a, const ContractionHierarchy& b) {
  EXPECT_EQ(a.rank, b.rank);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.level_count, b.level_count);
  EXPECT_EQ(a.shortcuts, b.shortcuts);
  for (auto [x, y] : {std::pair{&a.upward, &b.upward}, std::pair{&a.downward, &b.downward}}) {
    ASSERT_EQ(x->offsets, y->offsets);
    ASSERT_EQ(x->arcs.size(), y->arcs.size());
    for (std::size_t e = 0; e < x->arcs.size(); ++e) {
      ASSERT_EQ(x->arcs[e].target, y->arcs[e].target);
      ASSERT_EQ(x->arcs[e].weight, y->arcs[e].weight);
    }
  }
}

}  // namespace hg::test
