// Tables by buckets over the contraction hierarchy
// (host/solvers/phast/bucket_table.hpp): equal to Dijkstra on every pair of
// the random hierarchy cases (zero-time cycles, handling, customs,
// unreachable pairs, witness searches that give up at once), with and
// without a cap; on sampled tables of a street grid, with origins among the
// destinations and a destination listed twice; on the golden cases; and
// through `solve --method buckets` against `--method sssp`.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "host/model/compile.hpp"
#include "host/solvers/phast/bucket_table.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "io/result.hpp"
#include "tests/support/golden_cases.hpp"
#include "tests/support/hierarchy_helpers.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using test::all_nodes;
using test::dijkstra_rows;

std::vector<std::uint32_t> bucket_rows(const Problem& p, const ContractionHierarchy& ch,
                                       std::span<const NodeId> origins, std::span<const NodeId> destinations,
                                       Time cap, int threads) {
  std::vector<std::uint32_t> rows(origins.size() * destinations.size());
  BucketTable(p, ch, destinations, cap, threads).solve(origins, rows.data());
  return rows;
}

class BucketRandom : public ::testing::TestWithParam<int> {};

TEST_P(BucketRandom, TablesEqualDijkstraOnEveryPair) {
  const test::HierarchyCase c = test::random_hierarchy_case(GetParam());
  const Problem& p = c.problem;
  const ContractionHierarchy ch = contract(p, c.options);
  const std::vector<NodeId> nodes = all_nodes(p.node_count);
  for (const Time cap : {Time{0}, Time{40}})
    EXPECT_EQ(bucket_rows(p, ch, nodes, nodes, cap, 1 + GetParam() % 2), dijkstra_rows(p, nodes, nodes, cap))
        << "cap " << cap;
}

INSTANTIATE_TEST_SUITE_P(Seeds, BucketRandom, ::testing::Range(0, 24), test::seed_name);

TEST(BucketGrid, SampledTablesEqualDijkstra) {
  const Problem p = compile(test::road_grid(70, 3), "grid");
  const ContractionHierarchy ch = contract(p, {.threads = 2});
  std::vector<NodeId> origins, destinations;
  for (NodeId v = 5; v < p.node_count; v += 61) origins.push_back(v);
  for (NodeId v = 0; v < p.node_count; v += 83) destinations.push_back(v);
  destinations.push_back(origins[3]);     // an origin among the destinations: 0 on its diagonal
  destinations.push_back(destinations[0]);  // a column twice
  for (const Time cap : {Time{0}, Time{900}})
    EXPECT_EQ(bucket_rows(p, ch, origins, destinations, cap, 2), dijkstra_rows(p, origins, destinations, cap))
        << "cap " << cap;
  // One origin, one destination; and no origins at all.
  EXPECT_EQ(bucket_rows(p, ch, std::span(origins).first(1), std::span(destinations).first(1), 0, 2),
            dijkstra_rows(p, std::span(origins).first(1), std::span(destinations).first(1), 0));
  EXPECT_TRUE(bucket_rows(p, ch, {}, destinations, 0, 2).empty());
}

class BucketGolden : public ::testing::TestWithParam<test::GoldenCase> {};

TEST_P(BucketGolden, ReproducesEveryEntry) {
  const test::Golden g = test::read_golden(GetParam());
  const std::vector<NodeId> nodes = all_nodes(g.problem.node_count);
  EXPECT_EQ(bucket_rows(g.problem, contract(g.problem, {.threads = 2}), nodes, nodes, 0, 2), g.expected);
}

INSTANTIATE_TEST_SUITE_P(Golden, BucketGolden, ::testing::ValuesIn(test::kGoldenCases), test::golden_case_name);

TEST(BucketCli, SolveByBucketsEqualsDijkstraAndRecordsItsMethod) {
  const std::filesystem::path dir = test::temp_dir();
  const std::string snapshot = test::data_file("golden/medium-vlen.h5");
  const std::string buckets = (dir / "buckets.h5").string(), sssp = (dir / "sssp.h5").string();
  const std::vector<std::string> table{"--origins", "N0000001,N0000300,N0000007", "--destinations",
                                       "N0000700,N0000001,N0000042,N0000300"};
  auto args = std::vector<std::string>{"solve", snapshot, "--method", "buckets", "--backend", "cpu", "-o", buckets};
  args.insert(args.end(), table.begin(), table.end());
  const auto r = test::run_hourglass(args);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("buckets: "), std::string::npos) << r.err;
  args = {"solve", snapshot, "--method", "sssp", "--backend", "cpu", "-o", sssp};
  args.insert(args.end(), table.begin(), table.end());
  ASSERT_EQ(test::run_hourglass(args).status, 0);
  const auto read = [](const std::string& file) {
    const io::ResultReader result(file);
    std::vector<std::uint32_t> t(std::size_t{result.meta().rows} * result.meta().cols);
    result.read_rows(0, result.meta().rows, t.data(), nullptr);
    return t;
  };
  EXPECT_EQ(read(buckets), read(sssp));
  const auto attributes = io::ResultReader(buckets).meta().attributes;
  const auto method = std::find_if(attributes.begin(), attributes.end(), [](const auto& a) { return a.first == "method"; });
  ASSERT_NE(method, attributes.end());
  EXPECT_EQ(method->second, "buckets");

  // Buckets keep no next hops, run on the CPU, and are not verify's method.
  const auto hops = test::run_hourglass({"solve", snapshot, "--method", "buckets", "--paths", "-o", buckets + "2"});
  EXPECT_EQ(hops.status, 2);
  EXPECT_NE(hops.err.find("--method buckets keeps no next hops"), std::string::npos) << hops.err;
  const auto verify = test::run_hourglass({"verify", snapshot, "--method", "buckets"});
  EXPECT_EQ(verify.status, 2);
  EXPECT_NE(verify.err.find("verify --method buckets"), std::string::npos) << verify.err;
}

}  // namespace
}  // namespace hg
