// Hours, caps, the 16-bit rule and the block plan of `solve`.

#include <gtest/gtest.h>

#include "host/core/errors.hpp"
#include "host/model/hours.hpp"
#include "host/jobs/solve.hpp"
#include "host/solvers/time_width.hpp"
#include "io/result.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

TEST(Hours, ConvertWithTheUnit) {
  EXPECT_EQ(hours_to_time(48, TimeUnit::minute, "--max-hours"), 2880u);
  EXPECT_EQ(hours_to_time(36.5, TimeUnit::minute, "--max-hours"), 2190u);
  EXPECT_EQ(hours_to_time(2, TimeUnit::second, "--max-hours"), 7200u);
  EXPECT_THROW(hours_to_time(0.01, TimeUnit::minute, "--max-hours"), InputError);  // 0.6 minutes
  EXPECT_THROW(hours_to_time(0, TimeUnit::minute, "--max-hours"), InputError);
  EXPECT_THROW(hours_to_time(-3, TimeUnit::minute, "--max-hours"), InputError);
  EXPECT_THROW(hours_to_time(1e9, TimeUnit::second, "--max-hours"), InputError);  // beyond the largest cap
}

TEST(Hours, Lists) {
  EXPECT_EQ(parse_hour_list("72,24,48,24", "--hours"), (std::vector<std::uint32_t>{24, 48, 72}));
  EXPECT_THROW(parse_hour_list("24,,48", "--hours"), InputError);
  EXPECT_THROW(parse_hour_list("24,0", "--hours"), InputError);
  EXPECT_THROW(parse_hour_list("24h", "--hours"), InputError);
}

TEST(Width, SixteenBitsOnlyWhereExact) {
  EXPECT_TRUE(width16_exact(2880, 0));          // 48 h in minutes: 2 x 2881 <= 32767
  EXPECT_TRUE(width16_exact(16382, 0));         // 2 x 16383 = 32766
  EXPECT_FALSE(width16_exact(16383, 0));        // 2 x 16384 = 32768
  EXPECT_TRUE(width16_exact(0, 16383));         // uncapped: 2 x bound <= 32767
  EXPECT_FALSE(width16_exact(0, 16384));
  EXPECT_EQ(choose_width(WidthChoice::automatic, 2880, 1000000), 16);
  EXPECT_EQ(choose_width(WidthChoice::automatic, 0, 1000000), 32);
  EXPECT_EQ(choose_width(WidthChoice::bits32, 2880, 0), 32);
  EXPECT_THROW(choose_width(WidthChoice::bits16, 0, 1000000), InputError);
}

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
  EXPECT_EQ(plan_solve(dense, 300, 300, o).method, Method::fw);
  EXPECT_EQ(plan_solve(dense, 3, 300, o).method, Method::sssp);  // three searches are cheaper
  o.memory_budget = 600000;  // blocks fit (523 KB), the 360 KB matrix does not fit half of it
  EXPECT_EQ(plan_solve(dense, 300, 300, o).method, Method::sssp);
  o.method = MethodChoice::fw;
  EXPECT_THROW(plan_solve(dense, 300, 300, o), InputError);
}

}  // namespace
}  // namespace hg
