// Reachability oracle: hand-checked components, BFS from every node on random
// networks, and a deep cycle that a recursive Tarjan could not survive.

#include <gtest/gtest.h>

#include <numeric>
#include <set>

#include "host/model/compile.hpp"
#include "host/solvers/fw/reachability.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

// seen[u * n + v]: v is reachable from u (u itself included).
std::vector<std::uint8_t> bfs_closure(const Problem& p) {
  const NodeId n = p.node_count;
  std::vector<std::uint8_t> seen(std::size_t{n} * n, 0);
  std::vector<NodeId> queue;
  for (NodeId o = 0; o < n; ++o) {
    std::uint8_t* row = seen.data() + std::size_t{o} * n;
    queue.assign(1, o);
    row[o] = 1;
    for (std::size_t head = 0; head < queue.size(); ++head)
      for (std::uint32_t e = p.forward.begin(queue[head]); e < p.forward.end(queue[head]); ++e) {
        const NodeId v = p.forward.arcs[e].target;
        if (!row[v]) {
          row[v] = 1;
          queue.push_back(v);
        }
      }
  }
  return seen;
}

// Components by brute force: nodes of one component have the same closure
// row, and nodes with the same row reach each other, so distinct rows count them.
std::size_t brute_components(const std::vector<std::uint8_t>& seen, NodeId n) {
  std::set<std::vector<std::uint8_t>> rows;
  for (NodeId u = 0; u < n; ++u)
    rows.emplace(seen.begin() + static_cast<std::ptrdiff_t>(std::size_t{u} * n),
                 seen.begin() + static_cast<std::ptrdiff_t>(std::size_t{u + 1} * n));
  return rows.size();
}

TEST(Reachability, HandBuiltChainOfComponents) {
  // {A, B} -> {C, D}, and E alone: three components.
  const test::NetworkBuilder b = test::NetworkBuilder()
                                     .node("A").node("B").node("C").node("D").node("E")
                                     .edge("A", "B", 5).edge("B", "A", 5).edge("B", "C", 5)
                                     .edge("C", "D", 5).edge("D", "C", 5);
  const Problem p = compile(b.build(), "hand");
  const Reachability r(p);
  EXPECT_EQ(r.component_count(), 3u);
  const std::string codes = "ABCDE";
  const std::set<std::string> expected = {"AA", "AB", "AC", "AD", "BA", "BB", "BC", "BD",
                                          "CC", "CD", "DC", "DD", "EE"};
  for (char from : codes)
    for (char to : codes) {
      const std::string pair{from, to};
      EXPECT_EQ(r.reaches(b.id(std::string(1, from)), b.id(std::string(1, to))), expected.count(pair) == 1) << pair;
    }
  EXPECT_EQ(r.bytes(), Reachability::bytes_for_components(3) + 5 * sizeof(std::uint32_t));
  EXPECT_EQ(Reachability::bytes_for_components(3), 3 * sizeof(std::uint64_t));
}

TEST(Reachability, MatchesBreadthFirstSearchOnRandomNetworks) {
  struct Shape {
    std::uint32_t nodes, edges, isolated;
  };
  // Empty to dense; sparse ones have many components (over 64 and 128, so
  // rows span several words), isolated nodes make them disconnected.
  const Shape shapes[] = {{1, 0, 0},    {2, 1, 0},     {6, 0, 6},    {20, 10, 2},   {60, 50, 5},
                          {130, 90, 10}, {200, 180, 20}, {150, 300, 3}, {100, 600, 0}, {300, 1500, 8}};
  for (const Shape& shape : shapes)
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      const Network net = test::random_network(
          seed * 1000 + shape.nodes, {.nodes = shape.nodes, .edges = shape.edges, .isolated = shape.isolated});
      const Problem p = compile(net, "random");
      const NodeId n = p.node_count;
      const Reachability r(p);
      const std::vector<std::uint8_t> seen = bfs_closure(p);
      ASSERT_EQ(r.component_count(), brute_components(seen, n)) << shape.nodes << "/" << shape.edges << " seed " << seed;
      EXPECT_EQ(r.bytes(), Reachability::bytes_for_components(r.component_count()) + std::uint64_t{n} * 4);
      for (NodeId u = 0; u < n; ++u)
        for (NodeId v = 0; v < n; ++v)
          ASSERT_EQ(r.reaches(u, v), seen[std::size_t{u} * n + v] == 1)
              << u << "->" << v << " in " << shape.nodes << "/" << shape.edges << " seed " << seed;
    }
}

TEST(Reachability, EmptyProblemHoldsNothing) {
  const Reachability r(Problem{});
  EXPECT_EQ(r.component_count(), 0u);
  EXPECT_EQ(r.bytes(), 0u);
  EXPECT_EQ(Reachability::bytes_for_components(0), 0u);
}

TEST(Reachability, DeepCycleNeedsNoRecursion) {
  // One cycle through a million nodes: depth-first search goes a million deep.
  const NodeId n = 1'000'000;
  std::vector<NodeId> src(n), dst(n);
  std::iota(src.begin(), src.end(), NodeId{0});
  for (NodeId u = 0; u < n; ++u) dst[u] = (u + 1) % n;
  Problem p;
  p.node_count = n;
  p.forward = build_csr(n, src, dst, std::vector<Time>(n, 1));
  const Reachability r(p);
  EXPECT_EQ(r.component_count(), 1u);
  EXPECT_TRUE(r.reaches(n - 1, 0));
  EXPECT_TRUE(r.reaches(0, n - 1));
  EXPECT_EQ(r.bytes(), std::uint64_t{n} * 4 + 8);
}

TEST(Reachability, BytesForComponentsIsSquareBits) {
  EXPECT_EQ(Reachability::bytes_for_components(64), 64u * 8);
  EXPECT_EQ(Reachability::bytes_for_components(65), 65u * 2 * 8);
  EXPECT_EQ(Reachability::bytes_for_components(1'000'000), 1'000'000ull * 15'625 * 8);
}

}  // namespace
}  // namespace hg
