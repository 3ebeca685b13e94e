// The cost model (host/solvers/cost_model.hpp) and the choices plan_solver
// makes with it: Floyd–Warshall on dense all-pairs requests, the sweeps on
// sparse ones, one search per origin for a few origins, on both backends.
// The GPU's choice is a pure function of the request and the card's figures,
// so it is pinned here without a GPU.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "host/model/compile.hpp"
#include "host/solvers/cost_model.hpp"
#include "host/solvers/solver_plan.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

// All pairs of a network with n nodes and `degree` arcs a node each way.
CostRequest all_pairs(NodeId n, std::uint64_t degree, int width, int threads) {
  CostRequest r;
  r.nodes = n;
  r.arcs = std::uint64_t{n} * degree;
  r.degree_pairs = std::uint64_t{n} * degree * degree;
  r.hierarchy_arcs = 2 * r.arcs + n;
  r.origins = n;
  r.destinations = n;
  r.width = width;
  r.threads = threads;
  return r;
}

TEST(CostModel, GpuFloydWarshallShareFollowsTheMeasuredPoints) {
  EXPECT_DOUBLE_EQ(fw_gpu_share_of_peak(4096, 32), 0.51);
  EXPECT_DOUBLE_EQ(fw_gpu_share_of_peak(8192, 16), 0.73);
  EXPECT_DOUBLE_EQ(fw_gpu_share_of_peak(32768, 16), 0.872);
  EXPECT_DOUBLE_EQ(fw_gpu_share_of_peak(100000, 32), 0.863);  // flat beyond the largest measured n
  EXPECT_DOUBLE_EQ(fw_gpu_share_of_peak(2048, 32), 0.255);    // launch gaps weigh more below 4096
  double previous = 0;
  for (NodeId n = 1024; n <= 65536; n *= 2) {
    EXPECT_GE(fw_gpu_share_of_peak(n, 16), previous) << n;
    previous = fw_gpu_share_of_peak(n, 16);
  }
}

TEST(CostModel, GpuTakesFloydWarshallForDenseAllPairs) {
  const GpuFigures h200;
  // 16,384 nodes with a quarter of all arcs: n^3 updates are far less than
  // contracting a network this dense.
  const CostRequest dense = all_pairs(16384, 4096, 16, 16);
  const MethodEstimate fw = estimate_fw(dense, Backend::gpu, CpuRates{}, &h200);
  const MethodEstimate sweeps = estimate_phast(dense, Backend::gpu, 1024, false, CpuRates{}, &h200);
  EXPECT_NEAR(fw.seconds(), 16384.0 * 16384 * 16384 / (33.29e12 * 0.85), 1e-9);
  EXPECT_LT(fw.seconds(), sweeps.seconds());
}

TEST(CostModel, GpuTakesTheSweepsForSparseAllPairs) {
  const GpuFigures h200;
  // A 100,000-node road network: Floyd–Warshall is 10^15 updates (about 34 s
  // at 16 bits on an H200); the sweeps need 98 batches and a hierarchy.
  const CostRequest road = all_pairs(100000, 4, 16, 16);
  const MethodEstimate fw = estimate_fw(road, Backend::gpu, CpuRates{}, &h200);
  const MethodEstimate sweeps = estimate_phast(road, Backend::gpu, 1024, false, CpuRates{}, &h200);
  EXPECT_GT(fw.seconds(), 30);
  EXPECT_LT(fw.seconds(), 40);
  EXPECT_GT(sweeps.preprocessing_seconds, 0);
  EXPECT_LT(sweeps.seconds(), fw.seconds() / 10);
  // A stored hierarchy costs its read, not its build.
  CostRequest stored = road;
  stored.stored_hierarchy = true;
  EXPECT_LT(estimate_phast(stored, Backend::gpu, 1024, false, CpuRates{}, &h200).preprocessing_seconds,
            sweeps.preprocessing_seconds / 5);
}

TEST(CostModel, CpuSweepsWinOnlyWhenTheirBuildPaysOff) {
  // The 1M-node road network of docs/performance.md on 2 threads: a few
  // origins are quicker by Dijkstra, a thousand by the sweeps.
  CostRequest road = all_pairs(1000000, 4, 32, 2);
  road.origins = 64;
  EXPECT_LT(estimate_dijkstra(road, CpuRates{}).seconds(),
            estimate_phast(road, Backend::cpu, 64, false, CpuRates{}, nullptr).seconds());
  road.origins = 1024;
  EXPECT_GT(estimate_dijkstra(road, CpuRates{}).seconds(),
            estimate_phast(road, Backend::cpu, 64, false, CpuRates{}, nullptr).seconds());
}

TEST(CostModel, SmallTablesGoToTheBucketsAndFullRowsToTheSweeps) {
  // The 1M-node road network: a 1,000 x 1,000 table costs two thousand
  // small searches by buckets, against 16 batches of full sweeps.
  CostRequest road = all_pairs(1000000, 4, 32, 2);
  road.origins = 1000;
  road.destinations = 1000;
  const double buckets = estimate_buckets(road, CpuRates{}).seconds();
  EXPECT_LT(buckets, estimate_phast(road, Backend::cpu, 64, false, CpuRates{}, nullptr).seconds());
  EXPECT_LT(buckets, estimate_dijkstra(road, CpuRates{}).seconds());
  road.stored_hierarchy = true;
  EXPECT_LT(estimate_buckets(road, CpuRates{}).seconds(), 1.0);
  // Every destination: each pair costs the buckets more than a sweep lane does.
  road.destinations = road.nodes;
  road.origins = 1024;
  EXPECT_GT(estimate_buckets(road, CpuRates{}).seconds(),
            estimate_phast(road, Backend::cpu, 64, false, CpuRates{}, nullptr).seconds());
}

SolverChoices cpu_choices(std::uint32_t origins, std::uint32_t destinations) {
  SolverChoices c;
  c.origins = origins;
  c.destinations = destinations;
  c.backend = BackendChoice::cpu;
  c.memory_budget = std::uint64_t{1} << 30;
  return c;
}

TEST(CostModel, CpuPlanFollowsTheNetworksShape) {
  // Dense: Floyd–Warshall.
  const Problem dense = compile(test::random_network(1, {.nodes = 300, .edges = 30000}), "dense");
  EXPECT_EQ(plan_solver(dense, cpu_choices(300, 300)).method, Method::fw);

  // A street grid of 3,600 nodes: all pairs by the sweeps, a few origins by
  // Dijkstra, and more of them once the hierarchy is stored.
  const Problem grid = compile(test::road_grid(60, 1), "grid");
  const NodeId n = grid.node_count;
  const SolverPlan all = plan_solver(grid, cpu_choices(n, n));
  EXPECT_EQ(all.method, Method::phast);
  ASSERT_EQ(all.estimates.size(), 4u);
  for (const PlanEstimate& e : all.estimates) EXPECT_GE(e.estimate.seconds(), 0);
  EXPECT_NE(all.reason.find("auto: the quickest estimate, phast on the cpu"), std::string::npos) << all.reason;
  EXPECT_NE(all.estimates_line().find("dijkstra on the cpu"), std::string::npos) << all.estimates_line();

  // A 30 x 30 table on a 300 x 300 grid: 30 searches beat building a
  // hierarchy; with one stored, the buckets beat them and a batch of sweeps
  // over 90,000 nodes. (On the small grid one batch of sweeps is cheaper
  // still.)
  const Problem wide = compile(test::road_grid(300, 1), "grid");
  SolverChoices table = cpu_choices(30, 30);
  EXPECT_EQ(plan_solver(wide, table).method, Method::sssp);
  table.stored_hierarchy = true;
  EXPECT_EQ(plan_solver(wide, table).method, Method::buckets);
  EXPECT_EQ(plan_solver(grid, table).method, Method::phast);

  SolverChoices some = cpu_choices(300, n);
  EXPECT_EQ(plan_solver(grid, some).method, Method::sssp);
  some.stored_hierarchy = true;
  EXPECT_EQ(plan_solver(grid, some).method, Method::phast);

  // Next hops: never the sweeps. Threads scale the estimates, not the choice here.
  SolverChoices hops = cpu_choices(n, n);
  hops.hops = true;
  const SolverPlan with_hops = plan_solver(grid, hops);
  EXPECT_NE(with_hops.method, Method::phast);
  EXPECT_EQ(with_hops.estimates.size(), 2u);  // no sweeps, no buckets
  SolverChoices threads = cpu_choices(n, n);
  threads.threads = 8;
  const SolverPlan eight = plan_solver(grid, threads);
  EXPECT_NEAR(eight.estimates[1].estimate.seconds() * 8, all.estimates[1].estimate.seconds(), 1e-9);
}

TEST(CostModel, ARequestedMethodIsTheOnlyCandidate) {
  const Problem grid = compile(test::road_grid(20, 1), "grid");
  SolverChoices c = cpu_choices(grid.node_count, grid.node_count);
  c.method = MethodChoice::sssp;
  const SolverPlan plan = plan_solver(grid, c);
  EXPECT_EQ(plan.method, Method::sssp);
  EXPECT_EQ(plan.reason, "requested");
  EXPECT_EQ(plan.estimates.size(), 1u);
}

TEST(CostModel, DryRunPrintsTheEstimatesOfEveryAlternative) {
  const std::string snapshot = test::data_file("golden/medium-vlen.h5");
  const auto r = test::run_hourglass({"solve", snapshot, "--backend", "cpu", "--dry-run", "-o", "unused.h5"});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* alternative : {"estimate: fw on the cpu", "dijkstra on the cpu", "phast on the cpu", "buckets on the cpu"})
    EXPECT_NE(r.out.find(alternative), std::string::npos) << alternative << "\n" << r.out;

  const auto j = test::run_hourglass({"solve", snapshot, "--backend", "cpu", "--dry-run", "--json", "-", "-o",
                                      "unused.h5"});
  ASSERT_EQ(j.status, 0) << j.err;
  const auto plan = nlohmann::json::parse(j.out);
  ASSERT_EQ(plan["estimates"].size(), 4u) << j.out;
  for (const auto& e : plan["estimates"]) {
    EXPECT_EQ(e["backend"], "cpu");
    EXPECT_GE(e["seconds"].get<double>(), 0);
    EXPECT_TRUE(e["fits"].get<bool>());
  }
}

}  // namespace
}  // namespace hg
