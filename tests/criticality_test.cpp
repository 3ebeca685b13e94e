// Hub criticality (host/jobs/criticality.cpp, host/solvers/dijkstra/capped_reach.hpp):
// the search that may not pass through a node against coverage on the
// network with that node's out-edges removed, on random networks; and the
// command on a hand-made network.

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/model/compile.hpp"
#include "host/solvers/dijkstra/capped_reach.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

// The network without the edges out of `node`: no route passes through it.
Network without_transit(Network net, NodeId node) {
  Edges kept;
  for (std::size_t e = 0; e < net.edges.size(); ++e) {
    if (net.edges.src[e] == node) continue;
    kept.src.push_back(net.edges.src[e]);
    kept.dst.push_back(net.edges.dst[e]);
    kept.mode.push_back(net.edges.mode[e]);
    kept.transit_time.push_back(net.edges.transit_time[e]);
  }
  net.edges = kept;
  return net;
}

TEST(CappedReach, EqualsCoverageWithoutTheNodesOutEdgesOnRandomNetworks) {
  for (int seed = 1; seed <= 25; ++seed) {
    const Network net = test::random_network(static_cast<std::uint64_t>(seed),
                                             {.nodes = 60, .edges = 180, .max_transit = 30, .zero_weight_share = 0.2});
    const Problem p = compile(net, "random");
    std::vector<NodeId> origins, all;
    for (NodeId v = 0; v < p.node_count; ++v) {
      if ((v * 5 + static_cast<NodeId>(seed)) % 11 == 0) origins.push_back(v);
      all.push_back(v);
    }
    CappedReach search(p);
    for (const Time cap : {Time{25}, Time{70}}) {
      for (NodeId blocked = 0; blocked < p.node_count; ++blocked) {
        search.run(origins, cap, blocked);
        const bool is_origin = std::find(origins.begin(), origins.end(), blocked) != origins.end();
        // An origin that may not be passed through changes nothing.
        const Problem q = is_origin ? compile(net, "random") : compile(without_transit(net, blocked), "random");
        const NearestOrigins want = nearest_origins(q, origins, all, cap);
        for (NodeId v = 0; v < p.node_count; ++v)
          ASSERT_EQ(search.reached(v), want.time[v] <= cap)
              << "seed " << seed << " cap " << cap << " blocked " << blocked << " node " << v;
      }
    }
  }
}

// O reaches D1 only through H within 24 h (through X it takes 2,060 min);
// D2 directly. Only H is critical: X is too slow to matter, O is an origin,
// and D2 may still be reached itself.
TEST(CriticalityCli, OnlyTheHubOnTheOnlyRouteIsCritical) {
  const fs::path dir = test::temp_dir();
  const std::string net = (dir / "hub.h5").string(), json = (dir / "c.json").string();
  io::write_snapshot(net, test::NetworkBuilder("hub")
                              .node("O", "CN", 0, 0.0, NodeKind::site)
                              .node("H", "CN", 0, 0.0, NodeKind::hub)
                              .node("X", "CN", 0, 0.0, NodeKind::hub)
                              .node("D1", "DE", 0, 5.0)
                              .node("D2", "FR", 0, 3.0)
                              .edge("O", "H", 60)
                              .edge("H", "D1", 60)
                              .edge("O", "X", 60)
                              .edge("X", "D1", 2000)
                              .edge("O", "D2", 60)
                              .build());
  const auto r = test::run_hourglass({"criticality", net, "--origins", "O", "--destinations", "D1,D2", "--nodes",
                                      "X,H,O,D2", "--hours", "24", "--json", json,
                                      "--csv", (dir / "c.csv").string()});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto c = nlohmann::json::parse(test::read_file(json));
  EXPECT_EQ(c["covered_demand"].get<double>(), 8.0);
  ASSERT_EQ(c["nodes"].size(), 4u);
  EXPECT_EQ(c["nodes"][0]["code"], "H");
  EXPECT_EQ(c["nodes"][0]["lost_demand"].get<double>(), 5.0);
  EXPECT_EQ(c["nodes"][0]["lost_destinations"], 1);
  for (int i = 1; i < 4; ++i) EXPECT_EQ(c["nodes"][i]["lost_demand"].get<double>(), 0.0) << c["nodes"][i];
  // Equal losses in node order: O, X, D2.
  EXPECT_EQ(c["nodes"][1]["code"], "O");
  EXPECT_EQ(c["nodes"][2]["code"], "X");
  EXPECT_EQ(c["nodes"][3]["code"], "D2");
  EXPECT_NE(test::read_file((dir / "c.csv").string()).find("\n1,H,"), std::string::npos);
}

TEST(CriticalityErrors, NodesAndOriginsAreRequired) {
  const std::string small = test::data_file("golden/small-fixed.h5");
  const fs::path dir = test::temp_dir();
  const std::string json = (dir / "c.json").string();
  auto r = test::run_hourglass({"criticality", small, "--origins", "kind:site", "--hours", "24", "--json", json});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--nodes"), std::string::npos) << r.err;
  r = test::run_hourglass({"criticality", small, "--nodes", "kind:hub", "--hours", "24", "--json", json});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--origins or --scenario"), std::string::npos) << r.err;
  r = test::run_hourglass(
      {"criticality", small, "--nodes", "country:XX", "--origins", "kind:site", "--hours", "24", "--json", json});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("error [unknown-code]"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(json));
}

}  // namespace
}  // namespace hg
