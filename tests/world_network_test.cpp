// The shipped world network (data/world, imported by `hourglass import
// openflights`) behaves as a planner expects, and the two shipped scenarios
// give the same coverage from every method and backend present.

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "host/model/compile.hpp"
#include "host/jobs/coverage_report.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/fw/fw_gpu.hpp"
#include "host/solvers/gpu_device.hpp"
#include "host/model/hours.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/jobs/scenario.hpp"
#include "host/jobs/selection.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

constexpr const char* kShanghai = "C-1796236";
constexpr const char* kFrankfurt = "C-2925533";

// One import for the whole suite: it takes seconds.
const std::string& world_snapshot() {
  static const std::string file = [] {
    const std::string out = (test::temp_dir() / "world.h5").string();
    const auto r = test::run_hourglass({"import", "openflights", "--data", test::source_dir() + "/data/world", "-o", out});
    if (r.status != 0) throw std::runtime_error("import openflights failed: " + r.err);
    return out;
  }();
  return file;
}

TEST(WorldNetwork, ShanghaiReachesFrankfurtThroughAirportsWithCustomsOnceAtTheBorder) {
  const auto dir = test::temp_dir();
  const std::string result = (dir / "r.h5").string(), route = (dir / "route.json").string();
  ASSERT_EQ(test::run_hourglass({"solve", world_snapshot(), "--origins", kShanghai, "--destinations", kFrankfurt,
                                 "--paths", "-o", result})
                .status,
            0);
  const auto p = test::run_hourglass({"path", result, "--from", kShanghai, "--to", kFrankfurt, "--json", route});
  ASSERT_EQ(p.status, 0) << p.err;
  const auto j = nlohmann::json::parse(test::read_file(route));
  ASSERT_TRUE(j["reachable"].get<bool>());
  const auto time = j["time"].get<std::uint64_t>();
  EXPECT_LE(time, 48u * 60) << p.out;  // a direct freighter lane: well within two days
  EXPECT_GE(time, 10u * 60) << p.out;  // but not faster than the flight itself

  const auto loaded = load_network(world_snapshot(), "");
  const Network& net = loaded->network;
  const auto node = [&](const std::string& code) { return *loaded->codes.find(code); };
  std::size_t air_legs = 0, borders = 0;
  for (const auto& leg : j["route"]) {
    const NodeId from = node(leg["from"]), to = node(leg["to"]);
    if (leg["mode"] == "air") {
      ++air_legs;
      EXPECT_EQ(static_cast<NodeKind>(net.nodes.kind[from]), NodeKind::airport);
      EXPECT_EQ(static_cast<NodeKind>(net.nodes.kind[to]), NodeKind::airport);
    }
    if (net.nodes.country[from] != net.nodes.country[to]) {
      ++borders;
      EXPECT_GT(leg["customs"].get<std::uint64_t>(), 0u) << "customs at the border " << leg.dump();
    } else {
      EXPECT_EQ(leg["customs"].get<std::uint64_t>(), 0u) << "no customs inside one country " << leg.dump();
    }
  }
  EXPECT_GE(air_legs, 1u) << p.out;
  EXPECT_EQ(borders, 1u) << p.out;  // China -> Germany, once
  EXPECT_EQ(net.nodes.country[node(j["route"].front()["from"])], "CN");
  EXPECT_EQ(net.nodes.country[node(j["route"].back()["to"])], "DE");
}

// Coverage of a scenario from the multi-source search equals the reduction of
// full rows (CPU Dijkstra, and the GPU's Floyd–Warshall where a GPU is
// present), bit for bit.
void expect_scenario_agrees(const std::string& name) {
  const auto loaded = load_network(world_snapshot(), "");
  const Network& net = loaded->network;
  const Scenario s = read_scenario(test::source_dir() + "/data/scenarios/" + name + ".json");
  const std::vector<NodeId> origins = scenario_origins(s, net, loaded->codes);
  const std::vector<NodeId> destinations = select_nodes(net, loaded->codes, s.destinations, "destinations");
  const std::vector<std::uint32_t> hours = parse_hour_list(s.hours, "hours");
  const Time cap = hours_to_time(hours.back(), net.time_unit, "hours");
  const CoverageReport search =
      summarize_coverage(net, origins, destinations, hours, nearest_origins(loaded->problem, origins, destinations, cap));
  EXPECT_GT(search.total_demand, 1e9) << name;  // GeoNames cities outside China: billions of people
  EXPECT_GT(search.covered_demand[1], 0.0) << name;

  std::vector<std::uint32_t> rows(origins.size() * destinations.size());
  DijkstraRows(loaded->problem, destinations, cap, false, 2).solve(origins, rows.data(), nullptr);
  const CoverageReport from_rows = summarize_coverage(
      net, origins, destinations, hours, nearest_origins_from_rows(origins, destinations.size(), rows, cap));
  EXPECT_EQ(from_rows.covered_demand, search.covered_demand) << name;
  EXPECT_EQ(from_rows.histogram, search.histogram) << name;
  for (std::size_t i = 0; i < origins.size(); ++i)
    EXPECT_EQ(from_rows.per_origin[i].covered_demand, search.per_origin[i].covered_demand) << name << " origin " << i;

  if (probe_gpu().usable) {
    const FwGpuPlan plan = plan_fw_gpu(loaded->problem, 16, cap, false);
    if (fw_gpu_fits(plan)) {
      std::vector<std::uint32_t> gpu_rows(rows.size());
      fw_solve_gpu(loaded->problem, plan)->write_rows(origins, destinations, cap, gpu_rows.data(), nullptr);
      EXPECT_EQ(gpu_rows, rows) << name << " on the GPU";
    }
  }
}

TEST(WorldNetwork, ScenarioChinaAgreesOnEveryMethod) { expect_scenario_agrees("china"); }
TEST(WorldNetwork, ScenarioChinaPlus30AgreesOnEveryMethod) { expect_scenario_agrees("china-plus-30"); }

TEST(WorldNetwork, ThirtyAddedSitesInThirtyCountriesOutsideChina) {
  const auto loaded = load_network(world_snapshot(), "");
  const Scenario s = read_scenario(test::source_dir() + "/data/scenarios/china-plus-30.json");
  const std::vector<NodeId> origins = scenario_origins(s, loaded->network, loaded->codes);
  ASSERT_EQ(origins.size(), 40u);
  std::vector<std::string> countries;
  for (std::size_t i = 10; i < origins.size(); ++i) countries.emplace_back(loaded->network.nodes.country[origins[i]]);
  std::sort(countries.begin(), countries.end());
  EXPECT_EQ(std::unique(countries.begin(), countries.end()), countries.end());
  EXPECT_EQ(std::count(countries.begin(), countries.end(), "CN"), 0);
  EXPECT_NE(std::find(countries.begin(), countries.end(), "IN"), countries.end());  // the most city population
  EXPECT_NE(std::find(countries.begin(), countries.end(), "US"), countries.end());
  // The rule lands on the cities a planner would name for those hubs.
  std::vector<std::string> names;
  for (std::size_t i = 10; i < origins.size(); ++i) names.emplace_back(loaded->network.nodes.name[origins[i]]);
  for (const char* city : {"London", "Tokyo", "Paris", "Delhi", "Frankfurt am Main", "Sydney"})
    EXPECT_NE(std::find(names.begin(), names.end(), city), names.end()) << city;
}

}  // namespace
}  // namespace hg

namespace hg {
namespace {

// scripts/plot_coverage.py on both shipped scenarios: both PNGs and the
// table, whose shares are the coverage report's; a missing file is status 2.
TEST(WorldNetwork, PlotScriptDrawsBothPicturesAndTheTable) {
  if (std::system("/usr/bin/python3 -c 'import matplotlib' 2>/dev/null") != 0)
    GTEST_SKIP() << "/usr/bin/python3 with matplotlib is not installed (scripts/setup-deps.sh installs it)";
  const auto dir = test::temp_dir();
  std::string args;
  for (const std::string name : {"china", "china-plus-30"}) {
    const std::string json = (dir / (name + ".json")).string(), csv = (dir / (name + ".csv")).string();
    const auto r = test::run_hourglass({"coverage", world_snapshot(), "--scenario",
                                        test::source_dir() + "/data/scenarios/" + name + ".json", "--json", json,
                                        "--by", "destination", "--csv", csv});
    ASSERT_EQ(r.status, 0) << r.err;
    args += " --scenario " + json + " " + csv;
  }
  const std::string script = "/usr/bin/python3 " + test::source_dir() + "/scripts/plot_coverage.py";
  const std::string table = (dir / "table.txt").string(), errors = (dir / "stderr.txt").string();
  const std::string countries = " --countries " + test::source_dir() + "/data/world/countries/geonames_countryInfo.tsv";
  ASSERT_EQ(std::system((script + args + countries + " --out " + dir.string() + " >" + table + " 2>" + errors).c_str()),
            0)
      << test::read_file(errors);
  for (const char* png : {"coverage_map.png", "coverage_curve.png"}) {
    const std::string bytes = test::read_file((dir / png).string());
    ASSERT_GT(bytes.size(), 50'000u) << png;
    EXPECT_EQ(bytes.substr(1, 3), "PNG") << png;
  }
  EXPECT_EQ(test::read_file(errors).find("warning"), std::string::npos) << test::read_file(errors);  // CSV = JSON
  const std::string text = test::read_file(table);
  EXPECT_NE(text.find("population of GeoNames cities"), std::string::npos) << text;
  const auto report = nlohmann::json::parse(test::read_file((dir / "china.json").string()));
  const double share48 = report["thresholds"][1]["covered_share"].get<double>();
  EXPECT_NE(text.find(fmt::format("{:.1f} %", 100 * share48)), std::string::npos) << text;

  const int status = std::system((script + " --scenario " + (dir / "missing.json").string() + " x.csv" + countries +
                                  " --out " + dir.string() + " >/dev/null 2>&1")
                                     .c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

}  // namespace
}  // namespace hg
