// Scenario files: parsing and its errors, the site rule on a hand-built
// network with hand-checked picks, and `coverage --scenario` equal to the
// same question asked with flags.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "host/model/code_index.hpp"
#include "host/jobs/scenario.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

constexpr auto kCity = NodeKind::demand_zone;
constexpr auto kAirport = NodeKind::airport;

// Three countries. DE has the most city population; in DE, Berlin's and
// Munich's airports fly to three airports each and Munich (more people) wins;
// a town linked to both would win on the union of their flights. In FR both
// cities reach two airports and Lyon (more people) wins the tie. IT is third
// and is left out with countries = 2; CN is excluded.
Network rule_network() {
  test::NetworkBuilder b("rule");
  b.node("C-berlin", "DE", 0, 3.6e6, kCity).node("C-munich", "DE", 0, 4.0e6, kCity);
  b.node("C-paris-small", "FR", 0, 1.0e6, kCity).node("C-lyon", "FR", 0, 2.0e6, kCity);
  b.node("C-rome", "IT", 0, 2.5e6, kCity).node("C-shanghai", "CN", 0, 9e7, kCity);
  b.node("A-BER", "DE", 60, 0, kAirport).node("A-MUC", "DE", 60, 0, kAirport);
  b.node("A-ORY", "FR", 60, 0, kAirport).node("A-LYS", "FR", 60, 0, kAirport);
  b.node("A-FCO", "IT", 60, 0, kAirport).node("A-PVG", "CN", 60, 0, kAirport);
  const auto road = [&](const char* city, const char* airport) {
    b.edge(city, airport, 30, EdgeMode::road).edge(airport, city, 30, EdgeMode::road);
  };
  road("C-berlin", "A-BER"), road("C-munich", "A-MUC"), road("C-paris-small", "A-ORY"), road("C-lyon", "A-LYS");
  road("C-rome", "A-FCO"), road("C-shanghai", "A-PVG");
  for (const char* to : {"A-ORY", "A-FCO", "A-PVG"}) b.edge("A-BER", to, 100, EdgeMode::air);
  b.edge("A-BER", "A-FCO", 90, EdgeMode::air);  // a second flight to the same airport counts once
  // A town linked to both German airports, which fly to three airports each
  // (four between them): the best airport counts, not the union, and of the
  // cities tied at three Munich has the most people.
  b.edge("A-MUC", "A-LYS", 100, EdgeMode::air);
  b.node("C-between", "DE", 0, 1.0e5, kCity);
  road("C-between", "A-BER"), road("C-between", "A-MUC");
  for (const char* to : {"A-FCO", "A-PVG"}) b.edge("A-MUC", to, 100, EdgeMode::air);
  for (const char* to : {"A-BER", "A-PVG"}) b.edge("A-ORY", to, 100, EdgeMode::air);
  for (const char* to : {"A-MUC", "A-PVG"}) b.edge("A-LYS", to, 100, EdgeMode::air);
  b.edge("A-PVG", "A-BER", 600, EdgeMode::air).edge("A-FCO", "A-PVG", 600, EdgeMode::air);
  return b.build();
}

TEST(SiteRule, BestConnectedCityOfTheLargestCountries) {
  const Network net = rule_network();
  const std::vector<NodeId> sites = best_connected_cities(net, 2, {"CN"});
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(net.nodes.code[sites[0]], "C-munich");  // DE: 7.7 M; a tie at 3 airports, Munich is the biggest
  EXPECT_EQ(net.nodes.code[sites[1]], "C-lyon");    // FR: 3.0 M, a tie at 2, Lyon has more people
  const std::vector<NodeId> three = best_connected_cities(net, 3, {"CN"});
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(net.nodes.code[three[2]], "C-rome");
  EXPECT_EQ(best_connected_cities(net, 10, {"CN", "DE", "FR", "IT"}).size(), 0u);
}

TEST(Scenario, OriginsThenRuleSitesSkippingCountriesWithASite) {
  const Network net = rule_network();
  const auto dir = test::temp_dir();
  const std::string file = test::write_file(dir, "s.json", R"({"name": "t", "origins": "C-shanghai,C-munich",
      "add_sites": {"rule": "best-connected-city", "countries": 2, "exclude_countries": ["CN"]},
      "destinations": "all,-country:CN", "hours": [1, 2]})");
  const Scenario s = read_scenario(file);
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.hours, "1,2");
  CodeIndex codes;
  ASSERT_FALSE(CodeIndex::build(net.nodes.code, codes).has_value());
  const std::vector<NodeId> origins = scenario_origins(s, net, codes);
  std::vector<std::string> names;
  for (NodeId v : origins) names.emplace_back(net.nodes.code[v]);
  // DE already has Munich: the rule takes FR and IT.
  EXPECT_EQ(names, (std::vector<std::string>{"C-shanghai", "C-munich", "C-lyon", "C-rome"}));
}

TEST(Scenario, MalformedFilesNameTheFileAndKey) {
  const auto dir = test::temp_dir();
  const auto expect_bad = [&](const std::string& name, const std::string& text, const std::string& where) {
    const std::string file = test::write_file(dir, name, text);
    test::expect_input_error([&] { read_scenario(file); }, ErrorKind::bad_scenario, where);
  };
  expect_bad("a.json", "{\"name\": \"x\", \"origins\": \"all\",", "not valid JSON");
  expect_bad("b.json", R"({"name": "x"})", "\"origins\" is missing");
  expect_bad("c.json", R"({"name": "x", "origins": "all", "hour": [24]})", "unknown key \"hour\"");
  expect_bad("d.json", R"({"name": "x", "origins": "all", "hours": "24"})", "\"hours\"");
  expect_bad("e.json", R"({"name": "x", "origins": 7})", "\"origins\" must be a string");
  expect_bad("f.json", R"({"name": "x", "origins": "all", "add_sites": {"rule": "biggest", "countries": 3}})",
             "unknown rule \"biggest\"");
  expect_bad("g.json", R"({"name": "x", "origins": "all", "add_sites": {"rule": "best-connected-city"}})",
             "add_sites.countries");
  expect_bad("h.json", R"([1, 2])", "a JSON object");
  // Found by fuzz/scenario_fuzz: a number too large for a double escaped as
  // nlohmann::json's out_of_range, not an InputError.
  expect_bad("i.json", R"({"name": "x", "origins": "all", "hours": [888e888]})", "not valid JSON");
  test::expect_input_error([&] { read_scenario((dir / "missing.json").string()); }, ErrorKind::missing_file,
                           "missing.json");
}

TEST(Scenario, CoverageWithAScenarioEqualsTheSameFlags) {
  const auto dir = test::temp_dir();
  const std::string snap = (dir / "net.h5").string();
  io::write_snapshot(snap, rule_network());
  const std::string scenario = test::write_file(dir, "s.json", R"({"name": "two", "origins": "C-shanghai",
      "add_sites": {"rule": "best-connected-city", "countries": 1, "exclude_countries": ["CN"]},
      "destinations": "all,-country:CN", "hours": [12, 24]})");
  const std::string a = (dir / "a.json").string(), b = (dir / "b.json").string();
  const std::string csv = (dir / "d.csv").string();
  const auto r1 = test::run_hourglass(
      {"coverage", snap, "--scenario", scenario, "--json", a, "--by", "destination", "--csv", csv});
  ASSERT_EQ(r1.status, 0) << r1.err;
  const auto r2 = test::run_hourglass({"coverage", snap, "--origins", "C-shanghai,C-munich", "--destinations",
                                       "all,-country:CN", "--hours", "12,24", "--json", b});
  ASSERT_EQ(r2.status, 0) << r2.err;
  auto ja = nlohmann::json::parse(test::read_file(a)), jb = nlohmann::json::parse(test::read_file(b));
  EXPECT_EQ(ja["scenario"], "two");
  EXPECT_EQ(ja["per_origin"][1]["code"], "C-munich");
  EXPECT_TRUE(ja["per_origin"][0].contains("lat"));
  for (auto* j : {&ja, &jb})
    for (const char* key : {"scenario", "scenario_file", "description", "origins_selection", "destinations_selection"})
      j->erase(key);
  EXPECT_EQ(ja, jb);
  // One row per destination: 11 nodes outside China, each with a status.
  const std::string rows = test::read_file(csv);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 12);
  EXPECT_NE(rows.find("destination,name,country,lat,lon,demand,nearest_origin,time,status\n"), std::string::npos);
  EXPECT_NE(rows.find(",reached\n"), std::string::npos);

  // --scenario with --origins is a conflict, nothing written.
  const std::string c = (dir / "c.json").string();
  const auto r3 = test::run_hourglass({"coverage", snap, "--scenario", scenario, "--origins", "C-lyon", "--json", c});
  EXPECT_EQ(r3.status, 2);
  EXPECT_FALSE(std::filesystem::exists(c));
  // The same scenario drives solve: its sites x its destinations.
  const std::string m = (dir / "m.omx").string();
  const auto r4 = test::run_hourglass({"solve", snap, "--scenario", scenario, "-o", m});
  ASSERT_EQ(r4.status, 0) << r4.err;
  const auto info = test::run_hourglass({"info", m});
  EXPECT_NE(info.out.find("2 origins x 11 destinations"), std::string::npos) << info.out;
}

}  // namespace
}  // namespace hg
