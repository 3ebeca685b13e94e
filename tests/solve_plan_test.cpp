// The plan of `solve` (host/jobs/solve.hpp): row blocks within the memory
// budget, aligned with the result chunks, and the automatic method.

#include <gtest/gtest.h>

#include "host/core/errors.hpp"
#include "host/jobs/solve.hpp"
#include "io/result.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

TEST(Plan, BlocksFitTheBudgetAndAlignWithChunks) {
  const auto loaded = load_network(test::data_file("golden/medium-vlen.h5"), "");
  SolveOptions o;
  o.memory_budget = 1 << 20;
  o.method = MethodChoice::sssp;
  o.backend = BackendChoice::cpu;
  const SolvePlan plan = plan_solve(*loaded, 800, 800, o);
  const io::ChunkShape chunk = io::result_chunk_shape(800, 800);
  EXPECT_EQ(plan.block_rows % chunk.rows, 0u);
  EXPECT_LE(plan.block_bytes, o.memory_budget);
  EXPECT_EQ(plan.blocks, (800 + plan.block_rows - 1) / plan.block_rows);
  EXPECT_EQ(plan.width, 32);  // medium-vlen's path bound is far above 16 bits
  o.memory_budget = 1 << 10;
  EXPECT_THROW(plan_solve(*loaded, 800, 800, o), InputError);
}

TEST(Plan, AutoMethodPrefersFloydWarshallOnlyWhenItIsLessWork) {
  LoadedNetwork dense;  // 300 nodes, 100 edges each: n^3 / 64 beats 300 searches
  dense.problem = compile(test::random_network(1, {.nodes = 300, .edges = 30000}), "dense");
  SolveOptions o;
  o.backend = BackendChoice::cpu;
  EXPECT_EQ(plan_solve(dense, 300, 300, o).solver.method, Method::fw);
  EXPECT_EQ(plan_solve(dense, 3, 300, o).solver.method, Method::sssp);  // three searches are cheaper
  o.memory_budget = 600000;  // blocks fit (523 KB), the 360 KB matrix does not fit half of it
  EXPECT_EQ(plan_solve(dense, 300, 300, o).solver.method, Method::sssp);
  o.method = MethodChoice::fw;
  EXPECT_THROW(plan_solve(dense, 300, 300, o), InputError);
}

}  // namespace
}  // namespace hg
