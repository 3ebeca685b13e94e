// `hourglass plan` end to end (host/jobs/plan.cpp): the plan against brute
// force over coverage sets built independently from `solve`'s rows, its
// coverage against the `coverage` command, targets, the per-country limit,
// thread counts, and every bad input of docs/errors.md's catalogue.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <tuple>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "host/planning/max_cover.hpp"
#include "io/result.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;
using test::run_hourglass;

const std::string kSmall = test::data_file("golden/small-fixed.h5");

std::string codes_file(const fs::path& dir, const std::string& name, const std::vector<std::string>& codes) {
  std::string text;
  for (const auto& c : codes) text += c + "\n";
  return test::write_file(dir, name, text);
}

nlohmann::json run_plan_json(std::vector<std::string> args, const fs::path& dir, const std::string& name = "p.json") {
  const std::string json = (dir / name).string();
  args.insert(args.begin(), "plan");
  args.push_back("--json");
  args.push_back(json);
  const auto r = run_hourglass(args);
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(test::read_file(json));
}

std::vector<std::string> chosen_codes(const nlohmann::json& plan) {
  std::vector<std::string> codes;
  for (const auto& s : plan["chosen"]) codes.push_back(s["code"]);
  return codes;
}

// 14 candidates and 2 fixed sites of the golden 200-node network; K = 3.
TEST(PlanCli, EqualsBruteForceOverCoverageSetsFromSolveRows) {
  const fs::path dir = test::temp_dir();
  const Network net = io::read_snapshot(kSmall);
  std::vector<std::string> candidates, fixed{std::string(net.nodes.code[100]), std::string(net.nodes.code[150])};
  for (NodeId v = 0; v < 14; ++v) candidates.push_back(std::string(net.nodes.code[v * 7]));
  const std::string cand_file = codes_file(dir, "cand.txt", candidates);
  const std::string fixed_file = codes_file(dir, "fixed.txt", fixed);
  const nlohmann::json plan = run_plan_json({kSmall, "--candidates", "@" + cand_file, "--fixed", "@" + fixed_file,
                                             "--hours", "24", "--sites", "3"},
                                            dir);

  // The same sets from solve's stored rows, capped at 24 h.
  std::vector<std::string> rows = candidates;
  rows.insert(rows.end(), fixed.begin(), fixed.end());
  const std::string result = (dir / "r.h5").string();
  ASSERT_EQ(run_hourglass({"solve", kSmall, "--origins", "@" + codes_file(dir, "rows.txt", rows), "--max-hours", "24",
                           "-o", result})
                .status,
            0);
  const io::ResultReader reader(result);
  const std::uint32_t n = reader.meta().cols;
  std::vector<std::uint32_t> times(std::size_t{reader.meta().rows} * n);
  reader.read_rows(0, reader.meta().rows, times.data(), nullptr);
  const Time cap = 24 * 60;  // the golden network is in minutes
  CoverageSets sets(14, n);
  DestinationSet fixed_set = empty_destination_set(n);
  for (std::uint32_t r = 0; r < rows.size(); ++r)
    for (std::uint32_t d = 0; d < n; ++d) {
      if (times[std::size_t{r} * n + d] > cap) continue;
      if (r < 14) sets.add(r, d);
      else fixed_set[d / 64] |= std::uint64_t{1} << (d % 64);
    }
  MaxCoverInstance instance;
  instance.sets = &sets;
  instance.demand = net.nodes.demand;
  instance.fixed = fixed_set;

  double best = 0;
  for (std::uint32_t a = 0; a < 14; ++a)
    for (std::uint32_t b = a + 1; b < 14; ++b)
      for (std::uint32_t c = b + 1; c < 14; ++c) {
        const std::vector<std::uint32_t> plan_abc{a, b, c};
        best = std::max(best, covered_demand(instance, plan_abc));
      }
  std::vector<std::uint32_t> chosen;
  for (const auto& code : chosen_codes(plan))
    chosen.push_back(static_cast<std::uint32_t>(std::find(candidates.begin(), candidates.end(), code) - candidates.begin()));
  ASSERT_EQ(chosen.size(), 3u);
  EXPECT_EQ(plan["covered_demand"].get<double>(), covered_demand(instance, chosen));
  EXPECT_EQ(plan["covered_demand"].get<double>(), best);  // optimal on this instance
  EXPECT_GE(plan["upper_bound"]["demand"].get<double>(), best);
  EXPECT_EQ(plan["fixed"].size(), 2u);
  EXPECT_EQ(plan["curve"].size(), 4u);
}

// The plan's coverage section is what `coverage` says of the same sites.
TEST(PlanCli, CoverageOfThePlanIsTheCoverageCommandsReport) {
  const fs::path dir = test::temp_dir();
  const nlohmann::json plan =
      run_plan_json({kSmall, "--candidates", "kind:hub", "--fixed", "kind:site", "--destinations", "kind:demand",
                     "--hours", "24", "--sites", "4", "--report-hours", "12,48"},
                    dir);
  std::string sites;
  for (const auto& s : plan["fixed"]) sites += std::string(sites.empty() ? "" : ",") + s["code"].get<std::string>();
  for (const auto& code : chosen_codes(plan)) sites += "," + code;
  const std::string json = (dir / "c.json").string();
  ASSERT_EQ(run_hourglass({"coverage", kSmall, "--origins", sites, "--destinations", "kind:demand", "--hours",
                           "12,24,48", "--json", json})
                .status,
            0);
  const auto coverage = nlohmann::json::parse(test::read_file(json));
  EXPECT_EQ(plan["coverage"]["thresholds"], coverage["thresholds"]);
  EXPECT_EQ(plan["coverage"]["per_country"], coverage["per_country"]);
}

TEST(PlanCli, TargetShareIsReachedWithABoundOnTheSitesNeeded) {
  const fs::path dir = test::temp_dir();
  const nlohmann::json plan =
      run_plan_json({kSmall, "--candidates", "all", "--hours", "48", "--target-share", "0.3"}, dir);
  EXPECT_TRUE(plan["target_reached"].get<bool>());
  EXPECT_GE(plan["covered_share"].get<double>(), 0.3);
  EXPECT_GE(plan["lower_bound_sites"].get<std::uint32_t>(), 1u);
  EXPECT_LE(plan["lower_bound_sites"].get<std::size_t>(), plan["chosen"].size());
}

// A share no plan reaches: the best plan, a clear statement, status 0.
TEST(PlanCli, AnUnreachableTargetSaysTheMostThatCanBeReached) {
  const fs::path dir = test::temp_dir();
  const std::string net = (dir / "two.h5").string(), json = (dir / "p.json").string();
  io::write_snapshot(net, test::NetworkBuilder("two")
                              .node("A", "CN", 0, 0.0, NodeKind::site)
                              .node("B", "DE", 0, 3.0)
                              .node("C", "FR", 0, 1.0)  // no road reaches C
                              .edge("A", "B", 600)
                              .build());
  const auto r = run_hourglass({"plan", net, "--candidates", "A", "--destinations", "B,C", "--hours", "24",
                                "--target-share", "0.9", "--json", json});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("target not reachable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("75.00 %"), std::string::npos) << r.out;
  const auto plan = nlohmann::json::parse(test::read_file(json));
  EXPECT_FALSE(plan["target_reached"].get<bool>());
  EXPECT_EQ(plan["reachable_share"].get<double>(), 0.75);
}

TEST(PlanCli, AtMostNSitesACountry) {
  const fs::path dir = test::temp_dir();
  const nlohmann::json plan =
      run_plan_json({kSmall, "--candidates", "all", "--hours", "24", "--sites", "8", "--max-per-country", "1"}, dir);
  std::set<std::string> countries;
  for (const auto& s : plan["chosen"]) EXPECT_TRUE(countries.insert(s["country"].get<std::string>()).second) << s;
  EXPECT_EQ(plan["max_per_country"], 1);
}

TEST(PlanCli, TheSamePlanForAnyThreadCount) {
  const fs::path dir = test::temp_dir();
  const std::vector<std::string> args{kSmall, "--candidates", "all", "--hours", "24", "--sites", "6"};
  std::vector<std::string> one = args, two = args;
  one.insert(one.end(), {"--threads", "1"});
  two.insert(two.end(), {"--threads", "2"});
  const auto a = run_plan_json(one, dir, "a.json"), b = run_plan_json(two, dir, "b.json");
  EXPECT_EQ(a["chosen"], b["chosen"]);
  EXPECT_EQ(a["upper_bound"], b["upper_bound"]);
  EXPECT_EQ(a["curve"], b["curve"]);
}

// What-if by hand: the fixed site F covers B; X covers B and C; Y covers C
// and D; nobody reaches E.
TEST(PlanCli, EvaluateGivesWhatEachSiteAddsAndWhatItsRemovalLoses) {
  const fs::path dir = test::temp_dir();
  const std::string net = (dir / "whatif.h5").string(), json = (dir / "e.json").string();
  io::write_snapshot(net, test::NetworkBuilder("whatif")
                              .node("F", "CN", 0, 0.0, NodeKind::site)
                              .node("X", "DE", 0, 0.0, NodeKind::site)
                              .node("Y", "FR", 0, 0.0, NodeKind::site)
                              .node("B", "DE", 0, 1.0)
                              .node("C", "FR", 0, 2.0)
                              .node("D", "FR", 0, 4.0)
                              .node("E", "IT", 0, 8.0)
                              .edge("F", "B", 60)
                              .edge("X", "B", 60)
                              .edge("X", "C", 60)
                              .edge("Y", "C", 60)
                              .edge("Y", "D", 60)
                              .build());
  const auto r = run_hourglass({"plan", net, "--evaluate", "X,Y", "--fixed", "F", "--destinations", "B,C,D,E",
                                "--hours", "24", "--json", json, "--csv", (dir / "e.csv").string()});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto e = nlohmann::json::parse(test::read_file(json));
  EXPECT_EQ(e["objective"], "evaluate");
  EXPECT_EQ(e["total_demand"].get<double>(), 15.0);
  EXPECT_EQ(e["fixed_demand"].get<double>(), 1.0);
  EXPECT_EQ(e["covered_demand"].get<double>(), 7.0);
  ASSERT_EQ(e["chosen"].size(), 2u);
  EXPECT_EQ(e["chosen"][0]["added_demand"].get<double>(), 2.0);         // X adds C (B is F's)
  EXPECT_EQ(e["chosen"][0]["removal_loss_demand"].get<double>(), 0.0);  // Y keeps C, F keeps B
  EXPECT_EQ(e["chosen"][1]["added_demand"].get<double>(), 4.0);         // Y adds D
  EXPECT_EQ(e["chosen"][1]["removal_loss_demand"].get<double>(), 4.0);
  EXPECT_FALSE(e.contains("upper_bound"));
  const std::string csv = test::read_file((dir / "e.csv").string());
  EXPECT_NE(csv.find("\n2,Y,"), std::string::npos) << csv;
  EXPECT_EQ(csv.substr(csv.size() - 3), ",4\n") << csv;  // Y's removal loss ends the row
}

// --hours may be a fraction of an hour that is a whole number of time
// units: in seconds, 0.25 h is 900 s. X reaches B (weight 5) in 800 s and
// Y reaches C and D (3 + 3) in 1,000 s: within 0.25 h only X covers
// anything, within 1 h Y covers more. In minutes, 0.01 h is no whole minute.
void expect_bad_plan(const std::vector<std::string>& args, const std::string& kind, const std::string& part);

TEST(PlanCli, AFractionOfAnHourThatIsWholeTimeUnits) {
  const fs::path dir = test::temp_dir();
  const std::string net = (dir / "seconds.h5").string(), json = (dir / "q.json").string();
  io::write_snapshot(net, test::NetworkBuilder("seconds", TimeUnit::second)
                              .node("X", "DE", 0, 0.0, NodeKind::site)
                              .node("Y", "FR", 0, 0.0, NodeKind::site)
                              .node("B", "DE", 0, 5.0)
                              .node("C", "FR", 0, 3.0)
                              .node("D", "FR", 0, 3.0)
                              .edge("X", "B", 800)
                              .edge("Y", "C", 1000)
                              .edge("Y", "D", 1000)
                              .build());
  for (const auto& [hours, site, covered] : {std::tuple{"0.25", "X", 5.0}, std::tuple{"1", "Y", 6.0}}) {
    const auto r = run_hourglass({"plan", net, "--candidates", "X,Y", "--destinations", "B,C,D", "--hours", hours,
                                  "--sites", "1", "--json", json});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto q = nlohmann::json::parse(test::read_file(json));
    EXPECT_EQ(q["chosen"][0]["code"], site) << hours;
    EXPECT_EQ(q["covered_demand"].get<double>(), covered) << hours;
    EXPECT_NE(r.out.find(std::string("≤ ") + hours + " h"), std::string::npos) << r.out;
  }
  const auto q = nlohmann::json::parse(test::read_file(json));
  EXPECT_TRUE(q["hours"].is_number_unsigned());  // a whole H stays an integer
  expect_bad_plan({kSmall, "--candidates", "all", "--hours", "0.01", "--sites", "1"}, "usage", "--hours");
}

// scripts/plot_plan.py draws both pictures from a plan and a coverage report;
// scripts/plan_summary.py prints the demo's lines from them.
TEST(PlanCli, ThePlotAndSummaryScriptsReadThePlan) {
  if (std::system("/usr/bin/python3 -c 'import matplotlib' 2>/dev/null") != 0)
    GTEST_SKIP() << "/usr/bin/python3 with matplotlib is not installed (scripts/setup-deps.sh installs it)";
  const fs::path dir = test::temp_dir();
  const std::string sites = (dir / "s.json").string(), target = (dir / "t.json").string(),
                    rule = (dir / "r.json").string(), out = (dir / "summary.txt").string();
  ASSERT_EQ(run_hourglass({"plan", kSmall, "--candidates", "kind:hub", "--fixed", "kind:site", "--hours", "24",
                           "--sites", "3", "--json", sites})
                .status,
            0);
  ASSERT_EQ(run_hourglass({"plan", kSmall, "--candidates", "kind:hub", "--fixed", "kind:site", "--hours", "48",
                           "--target-share", "0.2", "--json", target})
                .status,
            0);
  ASSERT_EQ(run_hourglass({"coverage", kSmall, "--origins", "kind:site", "--hours", "24,48", "--json", rule}).status, 0);
  const std::string scripts = "/usr/bin/python3 " + test::source_dir() + "/scripts/";
  ASSERT_EQ(std::system((scripts + "plot_plan.py --plan " + sites + " --rule " + rule + " --out " + dir.string() +
                         " >/dev/null 2>&1")
                            .c_str()),
            0);
  for (const char* png : {"plan_curve.png", "plan_map.png"})
    EXPECT_EQ(test::read_file((dir / png).string()).substr(1, 3), "PNG") << png;
  ASSERT_EQ(std::system((scripts + "plan_summary.py --rule " + rule + " --sites " + sites + " --target " + target +
                         " >" + out)
                            .c_str()),
            0);
  const auto plan = nlohmann::json::parse(test::read_file(sites));
  EXPECT_NE(test::read_file(out).find(fmt::format("{:6.2f} %", 100 * plan["covered_share"].get<double>())),
            std::string::npos)
      << test::read_file(out);
  EXPECT_EQ(WEXITSTATUS(std::system((scripts + "plot_plan.py --plan " + (dir / "missing.json").string() +
                                     " >/dev/null 2>&1")
                                        .c_str())),
            2);
}

// --- bad input ------------------------------------------------------------------

void expect_bad_plan(const std::vector<std::string>& args, const std::string& kind, const std::string& part) {
  const fs::path dir = test::temp_dir();
  const std::string json = (dir / "bad.json").string();
  std::vector<std::string> full{"plan"};
  full.insert(full.end(), args.begin(), args.end());
  full.insert(full.end(), {"--json", json});
  const auto r = run_hourglass(full);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("error [" + kind + "]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(json));
}

TEST(PlanErrors, SitesOrTargetShareExactlyOnce) {
  expect_bad_plan({kSmall, "--candidates", "all", "--hours", "24"}, "usage", "--sites K");
  expect_bad_plan({kSmall, "--candidates", "all", "--hours", "24", "--sites", "2", "--target-share", "0.5"}, "usage",
                  "excludes");
  expect_bad_plan({kSmall, "--candidates", "all", "--hours", "24", "--target-share", "1.5"}, "usage", "1.5");
}

TEST(PlanErrors, CandidatesOrEvaluateExactlyOnce) {
  expect_bad_plan({kSmall, "--hours", "24", "--sites", "1"}, "usage", "--evaluate SEL");
  expect_bad_plan({kSmall, "--evaluate", "N0000001", "--hours", "24", "--sites", "1"}, "usage", "do not apply");
  expect_bad_plan({kSmall, "--evaluate", "N0000001", "--candidates", "all", "--hours", "24"}, "usage", "excludes");
}

TEST(PlanErrors, MoreSitesThanCandidates) {
  expect_bad_plan({kSmall, "--candidates", "N0000001,N0000002", "--hours", "24", "--sites", "3"}, "usage",
                  "only 2 candidates");
}

TEST(PlanErrors, ACandidateThatIsAFixedSite) {
  expect_bad_plan({kSmall, "--candidates", "N0000001,N0000002", "--fixed", "N0000002", "--hours", "24", "--sites",
                   "1"},
                  "usage", "N0000002 is a fixed site");
}

TEST(PlanErrors, DestinationsWithoutDemand) {
  const fs::path dir = test::temp_dir();
  const std::string net = (dir / "zero.h5").string();
  io::write_snapshot(net, test::NetworkBuilder("zero").node("A", "CN").node("B", "DE").edge("A", "B", 60).build());
  expect_bad_plan({net, "--candidates", "A", "--destinations", "B", "--hours", "24", "--sites", "1"}, "usage",
                  "no demand");
}

TEST(PlanErrors, APerCountryLimitWithoutCountryData) {
  const fs::path dir = test::temp_dir();
  const std::string net = (dir / "zz.h5").string();
  io::write_snapshot(net,
                     test::NetworkBuilder("zz").node("A", "ZZ").node("B", "ZZ", 0, 5.0).edge("A", "B", 60).build());
  expect_bad_plan({net, "--candidates", "A", "--hours", "24", "--sites", "1", "--max-per-country", "1"}, "usage",
                  "country ZZ");
}

TEST(PlanErrors, ThresholdsBeyondAYear) {
  expect_bad_plan({kSmall, "--candidates", "all", "--hours", "9000", "--sites", "1"}, "usage", "--hours");
  expect_bad_plan({kSmall, "--candidates", "all", "--hours", "24", "--sites", "1", "--report-hours", "24,9000"},
                  "usage", "--report-hours");
}

}  // namespace
}  // namespace hg
