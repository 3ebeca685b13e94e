// `hourglass diff` (host/jobs/diff_report.cpp, host/jobs/diff.cpp): the
// comparison against per-origin Dijkstra rows on random networks whose second
// version lost edges and had its nodes reordered (matched by code, not by
// index); a hand-made network in minutes against its copy in seconds; and
// the errors.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/jobs/diff_report.hpp"
#include "host/model/compile.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

// `net` with its nodes in the order `order` (new index i holds old node
// order[i]) and without the edges `drop` marks: the same codes, other indices.
Network reordered_without(const Network& net, const std::vector<NodeId>& order, const std::vector<bool>& drop) {
  Network out;
  out.name = net.name;
  out.time_unit = net.time_unit;
  out.default_customs_time = net.default_customs_time;
  out.has_customs = net.has_customs;
  out.customs = net.customs;
  std::vector<NodeId> position(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const NodeId v = order[i];
    position[v] = static_cast<NodeId>(i);
    out.nodes.code.push_back(net.nodes.code[v]);
    out.nodes.name.push_back(net.nodes.name[v]);
    out.nodes.kind.push_back(net.nodes.kind[v]);
    out.nodes.country.push_back(net.nodes.country[v]);
    out.nodes.lat.push_back(net.nodes.lat[v]);
    out.nodes.lon.push_back(net.nodes.lon[v]);
    out.nodes.handling_time.push_back(net.nodes.handling_time[v]);
    out.nodes.demand.push_back(net.nodes.demand[v]);
  }
  for (std::size_t e = 0; e < net.edges.size(); ++e) {
    if (drop[e]) continue;
    out.edges.src.push_back(position[net.edges.src[e]]);
    out.edges.dst.push_back(position[net.edges.dst[e]]);
    out.edges.mode.push_back(net.edges.mode[e]);
    out.edges.transit_time.push_back(net.edges.transit_time[e]);
  }
  return out;
}

// Per destination: the best time from any origin, from one Dijkstra row
// per origin (kUnreachable32 when none reaches it within the cap).
std::vector<std::uint32_t> best_times(const Problem& p, const std::vector<NodeId>& origins,
                                      const std::vector<NodeId>& destinations, Time cap) {
  std::vector<std::uint32_t> rows(origins.size() * destinations.size());
  DijkstraRows(p, destinations, cap, false, 1).solve(origins, rows.data(), nullptr);
  std::vector<std::uint32_t> best(destinations.size(), kUnreachable32);
  for (std::size_t o = 0; o < origins.size(); ++o)
    for (std::size_t d = 0; d < destinations.size(); ++d) best[d] = std::min(best[d], rows[o * destinations.size() + d]);
  return best;
}

std::vector<NodeId> by_codes(const Network& net, const Network& from, const std::vector<NodeId>& nodes) {
  std::vector<NodeId> out;
  for (NodeId v : nodes)
    for (NodeId u = 0; u < net.nodes.size(); ++u)
      if (net.nodes.code[u] == from.nodes.code[v]) out.push_back(u);
  return out;
}

TEST(DiffReport, EqualsPerOriginRowsOnRandomNetworksWithLostEdgesAndOtherNodeOrder) {
  const std::vector<std::uint32_t> hours = {1, 2, 3};  // 60, 120, 180 minutes
  std::size_t lost_seen = 0, kept_seen = 0;  // the check is not vacuous
  for (int seed = 1; seed <= 30; ++seed) {
    const Network a_net = test::random_network(static_cast<std::uint64_t>(seed),
                                               {.nodes = 80, .edges = 260, .max_transit = 40});
    std::mt19937_64 rng(static_cast<std::uint64_t>(seed) * 7919);
    std::vector<NodeId> order(a_net.nodes.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<bool> drop(a_net.edges.size());
    for (std::size_t e = 0; e < drop.size(); ++e) drop[e] = rng() % 5 == 0;
    const Network b_net = reordered_without(a_net, order, drop);
    std::vector<NodeId> a_origins, a_destinations;
    for (NodeId v = 0; v < a_net.nodes.size(); ++v) {
      if ((v * 7 + static_cast<NodeId>(seed)) % 13 == 0) a_origins.push_back(v);
      if (v % 4 != 1) a_destinations.push_back(v);
    }
    // B selects the same codes in its own order, and one destination less.
    std::vector<NodeId> b_destinations = by_codes(b_net, a_net, a_destinations);
    std::sort(b_destinations.begin(), b_destinations.end());
    const NodeId dropped = b_destinations.back();
    b_destinations.pop_back();
    const std::vector<NodeId> b_origins = by_codes(b_net, a_net, a_origins);

    const Problem pa = compile(a_net, "a"), pb = compile(b_net, "b");
    const Time cap = 180;
    const NearestOrigins na = nearest_origins(pa, a_origins, a_destinations, cap);
    const NearestOrigins nb = nearest_origins(pb, b_origins, b_destinations, cap);
    const DiffSide a{"A", &a_net, a_origins, a_destinations, &na};
    const DiffSide b{"B", &b_net, b_origins, b_destinations, &nb};
    const DiffReport r = compare_coverage(a, b, hours);

    // The independent answer: per-origin rows, destinations matched by hand.
    const auto ta = best_times(pa, a_origins, a_destinations, cap);
    const auto tb_own = best_times(pb, b_origins, b_destinations, cap);
    ASSERT_EQ(r.destinations.size(), a_destinations.size() - 1) << "seed " << seed;
    ASSERT_EQ(r.only_a.size(), 1u);
    EXPECT_EQ(a_net.nodes.code[r.only_a[0]], b_net.nodes.code[dropped]);
    EXPECT_TRUE(r.only_b.empty());
    EXPECT_TRUE(r.origins_only_a.empty());
    std::vector<DiffReport::Totals> want(hours.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < a_destinations.size(); ++i) {
      const NodeId v = a_destinations[i];
      const auto j = std::find_if(b_destinations.begin(), b_destinations.end(),
                                  [&](NodeId u) { return b_net.nodes.code[u] == a_net.nodes.code[v]; });
      if (j == b_destinations.end()) continue;
      const std::uint32_t tb = tb_own[static_cast<std::size_t>(j - b_destinations.begin())];
      const auto& d = r.destinations[k++];
      ASSERT_EQ(d.a, v);
      ASSERT_EQ(d.b, *j);
      for (std::size_t h = 0; h < hours.size(); ++h) {
        const bool in_a = ta[i] <= hours[h] * 60u, in_b = tb <= hours[h] * 60u;
        const CoverageChange expected = in_a ? (in_b ? CoverageChange::kept : CoverageChange::lost)
                                             : (in_b ? CoverageChange::gained : CoverageChange::neither);
        ASSERT_EQ(d.change[h], expected) << "seed " << seed << " destination " << a_net.nodes.code[v];
        lost_seen += expected == CoverageChange::lost;
        kept_seen += expected == CoverageChange::kept;
        const double demand = a_net.nodes.demand[v];
        if (in_a) want[h].covered_a += demand;
        if (in_b) want[h].covered_b += demand;
        if (in_b && !in_a) want[h].gained += demand, ++want[h].gained_count;
        if (in_a && !in_b) want[h].lost += demand, ++want[h].lost_count;
      }
    }
    for (std::size_t h = 0; h < hours.size(); ++h) {
      EXPECT_EQ(r.at[h].covered_a, want[h].covered_a) << "seed " << seed;
      EXPECT_EQ(r.at[h].covered_b, want[h].covered_b) << "seed " << seed;
      EXPECT_EQ(r.at[h].gained, want[h].gained) << "seed " << seed;
      EXPECT_EQ(r.at[h].lost, want[h].lost) << "seed " << seed;
      EXPECT_EQ(r.at[h].gained_count, want[h].gained_count);
      EXPECT_EQ(r.at[h].lost_count, want[h].lost_count);
      // Only edges were removed: nothing can be gained.
      EXPECT_EQ(r.at[h].gained_count, 0u) << "seed " << seed;
      EXPECT_EQ(r.at[h].covered_a - r.at[h].lost, r.at[h].covered_b) << "seed " << seed;
      std::size_t lost = 0;
      for (const auto& c : r.per_country) lost += c.at[h].lost_count;
      EXPECT_EQ(lost, r.at[h].lost_count);
    }
  }
  EXPECT_GT(lost_seen, 50u);
  EXPECT_GT(kept_seen, 50u);
}

// A: O reaches D1 through H in 2 h and D2 directly in 1 h; D3 not at all.
// B (in seconds, nodes in another order): H-D1 takes 30 h, and a new road
// reaches D3 in 20 h. Within 24 h D1 is lost and D3 gained; within 48 h
// only D3 is gained.
Network hand_a() {
  return test::NetworkBuilder("before")
      .node("O", "CN", 0, 0.0, NodeKind::site)
      .node("H", "CN", 0, 0.0, NodeKind::hub)
      .node("D1", "DE", 0, 5.0)
      .node("D2", "FR", 0, 3.0)
      .node("D3", "FR", 0, 2.0)
      .edge("O", "H", 60)
      .edge("H", "D1", 60)
      .edge("O", "D2", 60)
      .build();
}
Network hand_b() {
  return test::NetworkBuilder("after", TimeUnit::second)
      .node("D3", "FR", 0, 2.0)
      .node("D2", "FR", 0, 3.0)
      .node("D1", "DE", 0, 5.0)
      .node("H", "CN", 0, 0.0, NodeKind::hub)
      .node("O", "CN", 0, 0.0, NodeKind::site)
      .edge("O", "H", 3600)
      .edge("H", "D1", 29 * 3600)
      .edge("O", "D2", 3600)
      .edge("O", "D3", 20 * 3600)
      .build();
}

TEST(DiffCli, HandMadeChangeAcrossFilesAndUnits) {
  const fs::path dir = test::temp_dir();
  const std::string a = (dir / "a.h5").string(), b = (dir / "b.h5").string();
  io::write_snapshot(a, hand_a());
  io::write_snapshot(b, hand_b());
  const std::string json = (dir / "d.json").string(), csv = (dir / "d.csv").string();
  const auto r = test::run_hourglass({"diff", a, b, "--origins", "O", "--destinations", "D1,D2,D3", "--hours",
                                      "24,48", "--json", json, "--csv", csv, "--by", "destination"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(test::contains(r.out, "3 destinations in both")) << r.out;
  const auto d = nlohmann::json::parse(test::read_file(json));
  EXPECT_EQ(d["total_demand"].get<double>(), 10.0);
  ASSERT_EQ(d["thresholds"].size(), 2u);
  const auto& t24 = d["thresholds"][0];
  EXPECT_EQ(t24["covered_demand_a"].get<double>(), 8.0);
  EXPECT_EQ(t24["covered_demand_b"].get<double>(), 5.0);
  EXPECT_EQ(t24["gained_demand"].get<double>(), 2.0);
  EXPECT_EQ(t24["lost_demand"].get<double>(), 5.0);
  const auto& t48 = d["thresholds"][1];
  EXPECT_EQ(t48["covered_demand_b"].get<double>(), 10.0);
  EXPECT_EQ(t48["gained_destinations"], 1);
  EXPECT_EQ(t48["lost_destinations"], 0);
  ASSERT_EQ(d["changed_destinations"].size(), 2u);
  EXPECT_EQ(d["changed_destinations"][0]["code"], "D1");
  EXPECT_EQ(d["changed_destinations"][0]["hours_a"].get<double>(), 2.0);
  EXPECT_EQ(d["changed_destinations"][0]["hours_b"].get<double>(), 30.0);
  EXPECT_EQ(d["changed_destinations"][1]["code"], "D3");
  EXPECT_TRUE(d["changed_destinations"][1]["hours_a"].is_null());
  EXPECT_EQ(d["time_unit_b"], "second");
  const std::string rows = test::read_file(csv);
  EXPECT_TRUE(test::contains(rows, "destination,name,country,lat,lon,demand,hours_a,hours_b,change_24h,change_48h\n"))
      << rows;
  // Rows in A's order: D1, D2, D3 (lat and lon between the country and the demand).
  const auto d1 = rows.find("\nD1,node D1,DE,"), d2 = rows.find("\nD2,node D2,FR,"), d3 = rows.find("\nD3,node D3,FR,");
  ASSERT_TRUE(d1 < d2 && d2 < d3 && d3 != std::string::npos) << rows;
  EXPECT_EQ(rows.find(",5,2,30,lost,kept\n", d1), rows.find('\n', d1 + 1) - 17) << rows;
  EXPECT_TRUE(test::contains(rows, ",3,1,1,kept,kept\n")) << rows;
  EXPECT_TRUE(test::contains(rows, ",2,,20,gained,gained\n")) << rows;

  // The same two snapshots in one file, named by --snapshot twice: the same
  // comparison; and B against A is the mirror image.
  const std::string both = (dir / "both.h5").string();
  const Network pair[2] = {hand_a(), hand_b()};
  io::write_snapshots(both, pair);
  const std::string json2 = (dir / "d2.json").string();
  const auto r2 = test::run_hourglass({"diff", both, "--snapshot", "after", "--snapshot", "before", "--origins", "O",
                                       "--destinations", "D1,D2,D3", "--hours", "24,48", "--json", json2});
  ASSERT_EQ(r2.status, 0) << r2.err;
  const auto m = nlohmann::json::parse(test::read_file(json2));
  EXPECT_EQ(m["thresholds"][0]["gained_demand"].get<double>(), 5.0);
  EXPECT_EQ(m["thresholds"][0]["lost_demand"].get<double>(), 2.0);
  EXPECT_EQ(m["snapshot_a"]["name"], "after");
}

// scripts/plot_diff.py maps a diff (per destination) and a criticality CSV,
// and refuses a file of another kind with status 2.
TEST(DiffCli, ThePlotScriptMapsDiffAndCriticality) {
  if (std::system("/usr/bin/python3 -c 'import matplotlib' 2>/dev/null") != 0)
    GTEST_SKIP() << "/usr/bin/python3 with matplotlib is not installed (scripts/setup-deps.sh installs it)";
  const fs::path dir = test::temp_dir();
  const std::string a = (dir / "a.h5").string(), b = (dir / "b.h5").string();
  io::write_snapshot(a, hand_a());
  io::write_snapshot(b, hand_b());
  const std::string diff_csv = (dir / "d.csv").string(), country_csv = (dir / "c.csv").string(),
                    critical_csv = (dir / "k.csv").string();
  ASSERT_EQ(test::run_hourglass({"diff", a, b, "--origins", "O", "--hours", "24,48", "--by", "destination", "--csv",
                                 diff_csv}).status, 0);
  ASSERT_EQ(test::run_hourglass({"diff", a, b, "--origins", "O", "--hours", "24,48", "--csv", country_csv}).status, 0);
  ASSERT_EQ(test::run_hourglass({"criticality", a, "--origins", "O", "--nodes", "all", "--hours", "24", "--csv",
                                 critical_csv}).status, 0);
  const std::string script = "/usr/bin/python3 " + test::source_dir() + "/scripts/plot_diff.py ";
  auto run = [&](const std::string& args) { return WEXITSTATUS(std::system((script + args + " >/dev/null 2>&1").c_str())); };
  EXPECT_EQ(run("diff --csv " + diff_csv + " --hours 48 --out " + (dir / "d.png").string()), 0);
  EXPECT_EQ(run("criticality --csv " + critical_csv + " --out " + (dir / "k.png").string()), 0);
  for (const char* png : {"d.png", "k.png"})
    EXPECT_EQ(test::read_file((dir / png).string()).substr(1, 3), "PNG") << png;
  EXPECT_EQ(run("diff --csv " + diff_csv + " --hours 72 --out " + (dir / "x.png").string()), 2);
  EXPECT_EQ(run("diff --csv " + country_csv + " --out " + (dir / "x.png").string()), 2);
  EXPECT_EQ(run("criticality --csv " + diff_csv + " --out " + (dir / "x.png").string()), 2);
  EXPECT_FALSE(fs::exists(dir / "x.png"));
  // The map never lands on its input.
  const std::string before = test::read_file(diff_csv);
  EXPECT_EQ(run("diff --csv " + diff_csv + " --out " + diff_csv), 2);
  EXPECT_EQ(test::read_file(diff_csv), before);
}

TEST(DiffErrors, MismatchedSnapshotsAndArguments) {
  const fs::path dir = test::temp_dir();
  const std::string a = (dir / "a.h5").string(), b = (dir / "b.h5").string(), c = (dir / "c.h5").string();
  io::write_snapshot(a, hand_a());
  Network other_demand = hand_b();
  other_demand.nodes.demand[0] = 7.0;  // D3
  io::write_snapshot(b, other_demand);
  const std::string json = (dir / "d.json").string();
  // One destination with two demands.
  auto r = test::run_hourglass({"diff", a, b, "--origins", "O", "--json", json});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(test::contains(r.err, "error [snapshot-mismatch]")) << r.err;
  EXPECT_TRUE(test::contains(r.err, "'D3'")) << r.err;
  EXPECT_TRUE(test::contains(r.err, b)) << r.err;
  // No destination code in both.
  io::write_snapshot(c, test::NetworkBuilder("elsewhere").node("O", "CN").node("X", "US", 0, 1.0).edge("O", "X", 5).build());
  r = test::run_hourglass({"diff", a, c, "--origins", "O", "--destinations", "all,-O", "--json", json});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(test::contains(r.err, "no destination code is selected in both")) << r.err;
  // One file needs two names; more than two names; no origins.
  r = test::run_hourglass({"diff", a, "--origins", "O", "--json", json});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(test::contains(r.err, "give --snapshot twice")) << r.err;
  r = test::run_hourglass({"diff", a, a, "--snapshot", "x", "--snapshot", "y", "--snapshot", "z", "--origins", "O"});
  EXPECT_EQ(r.status, 2);
  r = test::run_hourglass({"diff", a, a, "--json", json});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(test::contains(r.err, "--origins or --scenario")) << r.err;
  // An output over an input.
  r = test::run_hourglass({"diff", a, a, "--origins", "O", "--json", a});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(test::contains(r.err, "error [output-path]")) << r.err;
  EXPECT_FALSE(fs::exists(json));
}

TEST(DiffCli, ASnapshotAgainstItselfChangesNothing) {
  const std::string small = test::data_file("golden/small-fixed.h5");
  const auto r = test::run_hourglass({"diff", small, small, "--origins", "kind:site"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(test::contains(r.out, "no destination changed at any threshold")) << r.out;
}

}  // namespace
}  // namespace hg
