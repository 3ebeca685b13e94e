// The compile step: folding of customs and handling by hand, parallel edges,
// self loops, the reverse graph, and the refusal of networks whose paths
// could overflow 32 bits.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "host/model/compile.hpp"
#include "host/core/errors.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

Time weight(const Csr& g, NodeId u, NodeId v) {
  for (std::uint32_t e = g.begin(u); e < g.end(u); ++e)
    if (g.arcs[e].target == v) return g.arcs[e].weight;
  return kInfinity;
}

TEST(Compile, FoldsDirectedCustomsAndDepartureHandling) {
  // CN -> DE has a row (240); DE -> CN uses the default (600); DE -> DE none.
  const Network net = test::NetworkBuilder()
                          .node("PVG", "CN", 120).node("FRA", "DE", 90).node("BER", "DE", 0)
                          .edge("PVG", "FRA", 700).edge("FRA", "PVG", 710).edge("FRA", "BER", 300)
                          .customs("CN", "DE", 240)
                          .default_customs(600)
                          .build();
  const Problem p = compile(net, "hand");
  EXPECT_EQ(weight(p.forward, 0, 1), 700u + 240 + 120);  // transit + customs(CN->DE) + handling(PVG)
  EXPECT_EQ(weight(p.forward, 1, 0), 710u + 600 + 90);   // the default applies the other way
  EXPECT_EQ(weight(p.forward, 1, 2), 300u + 0 + 90);     // domestic: no customs
  EXPECT_EQ(p.handling, (std::vector<Time>{120, 90, 0}));
  // A search from PVG does not charge PVG's handling.
  EXPECT_EQ(p.weight_from(0, 0, p.forward.begin(0)), 700u + 240);
}

TEST(Compile, KeepsTheQuickestParallelEdgeAndDropsSelfLoops) {
  const Network net = test::NetworkBuilder()
                          .node("a").node("b")
                          .edge("a", "b", 50).edge("a", "b", 20).edge("a", "b", 35).edge("a", "a", 0).edge("b", "b", 1)
                          .build();
  const Problem p = compile(net, "hand");
  EXPECT_EQ(p.forward.edge_count(), 1u);
  EXPECT_EQ(weight(p.forward, 0, 1), 20u);
  EXPECT_EQ(p.self_loops_dropped, 2u);
  EXPECT_EQ(p.parallel_edges_merged, 2u);
}

TEST(Compile, ReverseGraphHoldsEveryForwardArcOnce) {
  const Network net = test::random_network(9, {.nodes = 200, .edges = 800});
  const Problem p = compile(net, "random");
  ASSERT_EQ(p.reverse.edge_count(), p.forward.edge_count());
  for (NodeId u = 0; u < p.node_count; ++u)
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e)
      EXPECT_EQ(weight(p.reverse, p.forward.arcs[e].target, u), p.forward.arcs[e].weight);
}

TEST(Compile, RefusesAnEdgeThatReachesTheInternalInfinity) {
  const Network net = test::NetworkBuilder().node("a", "CN", 10).node("b").edge("a", "b", kInfinity - 5).build();
  try {
    compile(net, "big.h5");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::path_overflow);
    EXPECT_NE(std::string(e.what()).find("/snapshots/test/edges/transit_time[0]"), std::string::npos) << e.what();
  }
}

TEST(Compile, RefusesNetworksWhoseLongestPathCouldOverflow) {
  // A chain of 5 nodes with 4 edges of 2^29: a path of 2^31 is possible.
  test::NetworkBuilder b;
  for (int i = 0; i < 5; ++i) b.node(fmt::format("n{}", i));
  for (int i = 0; i < 4; ++i) b.edge(fmt::format("n{}", i), fmt::format("n{}", i + 1), 1u << 29);
  try {
    compile(b.build(), "chain.h5");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::path_overflow);
    EXPECT_NE(std::string(e.what()).find("2147483648"), std::string::npos) << e.what();
  }
  // Three such edges (a bound of 3 * 2^29) are fine.
  test::NetworkBuilder ok;
  for (int i = 0; i < 4; ++i) ok.node("n" + std::to_string(i));
  for (int i = 0; i < 3; ++i) ok.edge("n" + std::to_string(i), "n" + std::to_string(i + 1), 1u << 29);
  EXPECT_EQ(compile(ok.build(), "chain.h5").path_bound, 3u << 29);
}

TEST(Compile, RefusesAnEmptyNetwork) {
  Network net;
  net.name = "empty";
  try {
    compile(net, "empty.h5");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::empty_network);
  }
}

TEST(Compile, OneNodeNetwork) {
  const Problem p = compile(test::NetworkBuilder().node("only").build(), "one.h5");
  EXPECT_EQ(p.node_count, 1u);
  EXPECT_EQ(p.forward.edge_count(), 0u);
  EXPECT_EQ(p.path_bound, 0u);
}

}  // namespace
}  // namespace hg
