// Coverage on hand-built networks with hand-computed answers (ties, zero
// demand, a threshold exactly on a value, unreachable and later demand), and
// the multi-source nearest-origin search against per-origin rows.

#include <gtest/gtest.h>

#include <numeric>

#include "host/model/compile.hpp"
#include "host/jobs/coverage_report.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

// S1 and S2 are the sites; A ties between them at 1 h (S1 wins: lower
// index); B sits exactly on 24 h; C has zero demand; D is one minute past
// 24 h; E is unreachable; F needs 73 h.
Network hand_network() {
  return test::NetworkBuilder("coverage")
      .node("S1", "CN", 0, 7).node("S2", "CN", 0, 3)
      .node("A", "DE", 0, 100).node("B", "DE", 0, 50)
      .node("C", "FR", 0, 0).node("D", "FR", 0, 25)
      .node("E", "US", 0, 10).node("F", "US", 0, 5)
      .edge("S1", "A", 60).edge("S2", "A", 60)
      .edge("S2", "B", 1440)
      .edge("S1", "C", 30)
      .edge("S1", "D", 1441)
      .edge("S2", "F", 73 * 60)
      .build();
}

TEST(Coverage, HandComputedReport) {
  const Network net = hand_network();
  const Problem p = compile(net, "hand");
  const std::vector<NodeId> origins{0, 1};
  std::vector<NodeId> all(8);
  std::iota(all.begin(), all.end(), 0);
  const std::vector<std::uint32_t> hours{24, 48, 72};
  const NearestOrigins nearest = nearest_origins(p, origins, all, 72 * 60);
  EXPECT_EQ(nearest.time, (std::vector<std::uint32_t>{0, 0, 60, 1440, 30, 1441, kUnreachable32, 72 * 60 + 1}));
  EXPECT_EQ(nearest.origin, (std::vector<NodeId>{0, 1, 0, 1, 0, 0, kNoNode, kNoNode}));

  const CoverageReport r = summarize_coverage(net, origins, all, hours, nearest);
  EXPECT_EQ(r.total_demand, 200.0);
  EXPECT_EQ(r.covered_demand, (std::vector<double>{160, 185, 185}));
  EXPECT_EQ(r.covered_count, (std::vector<std::size_t>{5, 6, 6}));
  EXPECT_EQ(r.beyond_demand, 5.0);
  EXPECT_EQ(r.beyond_count, 1u);
  EXPECT_EQ(r.unreachable_demand, 10.0);
  EXPECT_EQ(r.unreachable_count, 1u);

  ASSERT_EQ(r.per_origin.size(), 2u);
  EXPECT_EQ(r.per_origin[0].nearest_demand, 132.0);
  EXPECT_EQ(r.per_origin[0].nearest_count, 4u);
  EXPECT_EQ(r.per_origin[0].covered_demand, (std::vector<double>{107, 132, 132}));
  EXPECT_EQ(r.per_origin[1].nearest_demand, 53.0);
  EXPECT_EQ(r.per_origin[1].covered_demand, (std::vector<double>{53, 53, 53}));

  ASSERT_EQ(r.per_country.size(), 4u);  // CN DE FR US, by code
  EXPECT_EQ(r.per_country[0].country, "CN");
  EXPECT_EQ(r.per_country[0].covered_demand, (std::vector<double>{10, 10, 10}));
  EXPECT_EQ(r.per_country[1].country, "DE");
  EXPECT_EQ(r.per_country[1].total_demand, 150.0);
  EXPECT_EQ(r.per_country[1].covered_demand, (std::vector<double>{150, 150, 150}));
  EXPECT_EQ(r.per_country[2].country, "FR");
  EXPECT_EQ(r.per_country[2].covered_demand, (std::vector<double>{0, 25, 25}));
  EXPECT_EQ(r.per_country[3].country, "US");
  EXPECT_EQ(r.per_country[3].covered_demand, (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(r.per_country[3].destination_count, 2u);

  ASSERT_EQ(r.histogram.size(), 73u);  // bins 0 .. 72
  EXPECT_EQ(r.histogram[0], 10.0);     // S1, S2, C
  EXPECT_EQ(r.histogram[1], 100.0);    // A at exactly 1 h
  EXPECT_EQ(r.histogram[24], 75.0);    // B at 24 h, D at 24 h 1 min
  EXPECT_EQ(std::accumulate(r.histogram.begin(), r.histogram.end(), 0.0), 185.0);
}

TEST(Coverage, OriginHandlingChargedOnlyWhenPassedThrough) {
  // S2 (handling 100) sits between S1 and X: S1 -> S2 -> X costs 0 + 100 + 10,
  // S2 -> X costs 10. X's nearest origin is S2, at 10.
  const Network net = test::NetworkBuilder("h")
                          .node("S1", "CN", 50).node("S2", "CN", 100).node("X", "CN", 0, 1)
                          .edge("S1", "S2", 0).edge("S2", "X", 10)
                          .build();
  const Problem p = compile(net, "hand");
  const std::vector<NodeId> origins{0, 1}, dest{2};
  const NearestOrigins nearest = nearest_origins(p, origins, dest, 600);
  EXPECT_EQ(nearest.time[0], 10u);
  EXPECT_EQ(nearest.origin[0], 1u);
  // With S1 alone, X is at 0 + 100 + 10 (S1's own handling is not charged).
  const std::vector<NodeId> only_s1{0};
  EXPECT_EQ(nearest_origins(p, only_s1, dest, 600).time[0], 110u);
}

TEST(Coverage, MultiSourceEqualsPerOriginRowsOnRandomNetworks) {
  for (int seed = 1; seed <= 40; ++seed) {
    const Network net = test::random_network(static_cast<std::uint64_t>(seed),
                                             {.nodes = 120, .edges = 360, .max_transit = 30, .zero_weight_share = 0.2});
    const Problem p = compile(net, "random");
    std::vector<NodeId> origins, destinations;
    for (NodeId v = 0; v < p.node_count; ++v) {
      if ((v * 7 + static_cast<NodeId>(seed)) % 9 == 0) origins.push_back(v);
      if (v % 3 != 1) destinations.push_back(v);
    }
    for (const Time cap : {Time{20}, Time{60}, Time{100000}}) {
      std::vector<std::uint32_t> rows(origins.size() * destinations.size());
      DijkstraRows(p, destinations, cap, false, 2).solve(origins, rows.data(), nullptr);
      const NearestOrigins want = nearest_origins_from_rows(origins, destinations.size(), rows, cap);
      const NearestOrigins got = nearest_origins(p, origins, destinations, cap);
      ASSERT_EQ(got.time, want.time) << "seed " << seed << " cap " << cap;
      ASSERT_EQ(got.origin, want.origin) << "seed " << seed << " cap " << cap;
    }
  }
}

TEST(Coverage, SumsDoNotDependOnOriginOrder) {
  const Network net = test::random_network(5, {.nodes = 300, .edges = 900});
  const Problem p = compile(net, "random");
  std::vector<NodeId> origins{3, 77, 150, 299, 12}, reversed(origins.rbegin(), origins.rend());
  std::vector<NodeId> all(p.node_count);
  std::iota(all.begin(), all.end(), 0);
  const std::vector<std::uint32_t> hours{1, 2, 5};
  const CoverageReport a = summarize_coverage(net, origins, all, hours, nearest_origins(p, origins, all, 300));
  const CoverageReport b = summarize_coverage(net, reversed, all, hours, nearest_origins(p, reversed, all, 300));
  EXPECT_EQ(a.covered_demand, b.covered_demand);  // bit for bit
  EXPECT_EQ(a.histogram, b.histogram);
}

}  // namespace
}  // namespace hg
