// The golden cases: snapshots whose all-pairs answers were computed by an
// independent implementation; every method must reproduce every entry.

#include <gtest/gtest.h>

#include <numeric>

#include "host/model/compile.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/fw/fw_cpu.hpp"
#include "host/solvers/label_correcting/label_correcting.hpp"
#include "io/result.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

struct Golden {
  const char* snapshot;
  const char* expected;
};

class GoldenCases : public ::testing::TestWithParam<Golden> {};

TEST_P(GoldenCases, EveryMethodReproducesEveryEntry) {
  const Golden g = GetParam();
  const Network net = io::read_snapshot(test::data_file(g.snapshot));
  const Problem p = compile(net, g.snapshot);
  const io::ResultReader expected_file(test::data_file(g.expected));
  const NodeId n = p.node_count;
  ASSERT_EQ(expected_file.meta().rows, n);
  ASSERT_EQ(expected_file.meta().cols, n);
  for (NodeId i = 0; i < n; ++i) ASSERT_EQ(expected_file.origins()[i], net.nodes.code[i]);
  std::vector<std::uint32_t> expected(std::size_t{n} * n);
  expected_file.read_rows(0, n, expected.data(), nullptr);

  std::vector<NodeId> nodes(n);
  std::iota(nodes.begin(), nodes.end(), 0);

  std::vector<std::uint32_t> dijkstra(expected.size());
  DijkstraRows(p, nodes, 0, false, 2).solve(nodes, dijkstra.data(), nullptr);
  EXPECT_EQ(dijkstra, expected) << "dijkstra";

  FwMatrix m = fw_initial_matrix(p, false);
  fw_solve_cpu(m, 2);
  std::vector<std::uint32_t> fw(expected.size());
  fw_write_rows(m, p, nodes, nodes, 0, fw.data(), nullptr);
  EXPECT_EQ(fw, expected) << "floyd-warshall";

  for (NodeId o = 0; o < n; o += 37) {
    const std::vector<Time> lc = label_correcting_one_to_all(p, o);
    for (NodeId d = 0; d < n; ++d) ASSERT_EQ(stored_time(lc[d], 0), expected[std::size_t{o} * n + d]);
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenCases,
                         ::testing::Values(Golden{"golden/small-fixed.h5", "golden/small-fixed.expected.h5"},
                                           Golden{"golden/medium-vlen.h5", "golden/medium-vlen.expected.h5"}));

}  // namespace
}  // namespace hg
