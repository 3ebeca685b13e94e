// CPU blocked Floyd–Warshall: any size and tile, partial edge tiles.

#include <gtest/gtest.h>

#include "host/model/compile.hpp"
#include "host/solvers/fw/fw_cpu.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using test::all_nodes;
using test::walk_hops;

TEST(FloydWarshall, AnySizeAndTileAgreeWithDijkstra) {
  for (const NodeId n : {1u, 2u, 63u, 64u, 65u, 130u}) {
    const Network net = test::random_network(n, {.nodes = n, .edges = 3 * n, .isolated = n > 4 ? 2u : 0u});
    const Problem p = compile(net, "random");
    const std::vector<NodeId> nodes = all_nodes(n);
    const std::vector<std::uint32_t> dj = test::dijkstra_rows(p, nodes, nodes, 0);
    for (const std::uint32_t tile : {7u, 64u}) {
      FwMatrix m = fw_initial_matrix(p, false);
      fw_solve_cpu(m, 2, tile);
      std::vector<std::uint32_t> fw(std::size_t{n} * n);
      fw_write_rows(m, p, nodes, nodes, 0, fw.data(), nullptr);
      ASSERT_EQ(fw, dj) << "n " << n << " tile " << tile;
    }
  }
}

}  // namespace
}  // namespace hg
