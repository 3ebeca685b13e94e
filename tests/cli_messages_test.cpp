// Messages that are true (docs/cli.md, docs/errors.md): what a command says
// matches what it did, and every limit a user can type is named when it is
// crossed.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/core/progress.hpp"
#include "io/h5.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;
using test::run_hourglass;
constexpr auto has = test::contains;

const std::string kSmall = test::data_file("golden/small-fixed.h5");


TEST(Messages, AMovedSnapshotIsAMissingFileWithTheWayOut) {
  const fs::path dir = test::temp_dir();
  fs::copy_file(kSmall, dir / "ex.h5");
  ASSERT_EQ(run_hourglass({"solve", "ex.h5", "--paths", "-o", "r.h5"}, dir.string()).status, 0);
  fs::rename(dir / "ex.h5", dir / "moved.h5");
  const auto r = run_hourglass({"path", "r.h5", "--from", "N0000001", "--to", "N0000003"}, dir.string());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "error [missing-file]")) << r.err;
  EXPECT_TRUE(has(r.err, "--snapshot-file")) << r.err;
  const auto pointed = run_hourglass(
      {"path", "r.h5", "--from", "N0000001", "--to", "N0000003", "--snapshot-file", "moved.h5"}, dir.string());
  EXPECT_EQ(pointed.status, 0) << pointed.err;
}

TEST(Messages, AHierarchyNoSweepReadsIsRefused) {
  const fs::path dir = test::temp_dir();
  const std::string ch = (dir / "ch.h5").string(), out = (dir / "r.h5").string();
  // Under --method auto the cost model weighs the hierarchy's methods and
  // may find another quicker: it says the file is not used, and writes none.
  const auto automatic = run_hourglass({"solve", kSmall, "--backend", "cpu", "--hierarchy", ch, "-o", out});
  EXPECT_EQ(automatic.status, 0) << automatic.err;
  EXPECT_TRUE(has(automatic.err, "--hierarchy " + ch + ": not used (auto: the quickest estimate, fw on the cpu"))
      << automatic.err;
  EXPECT_FALSE(fs::exists(ch));
  fs::remove(out);
  // A method that reads none, named or the only one: refused.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"solve", kSmall, "--method", "fw", "--hierarchy", ch, "-o", out},
        std::vector<std::string>{"solve", kSmall, "--method", "sssp", "--hierarchy", ch, "-o", out},
        std::vector<std::string>{"coverage", kSmall, "--origins", "N0000001", "--hierarchy", ch},
        std::vector<std::string>{"verify", kSmall, "--backend", "cpu", "--hierarchy", ch}}) {
    const auto r = run_hourglass(args);
    EXPECT_EQ(r.status, 2) << args[0] << ": " << r.err;
    EXPECT_TRUE(has(r.err, "only the PHAST sweeps and the bucket tables read or write a hierarchy")) << r.err;
    EXPECT_FALSE(fs::exists(ch));
    EXPECT_FALSE(fs::exists(out));
  }
  // A snapshot given as the hierarchy of the sweeps is not one.
  const auto snapshot = run_hourglass({"solve", kSmall, "--method", "phast", "--hierarchy",
                                       test::data_file("golden/medium-vlen.h5"), "-o", out});
  EXPECT_EQ(snapshot.status, 2) << snapshot.err;
  EXPECT_TRUE(has(snapshot.err, "error [unknown-format]")) << snapshot.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Messages, AnHdf5FileWithoutAttributesIsNeitherSnapshotNorResult) {
  const fs::path dir = test::temp_dir();
  const std::string bare = (dir / "bare.h5").string();
  { const io::h5::Id f = io::h5::create_truncate(bare); }
  for (const std::vector<std::string>& args : {std::vector<std::string>{"export", bare, "--nodes", "n.csv", "--edges",
                                                                        "e.csv"},
                                               std::vector<std::string>{"info", bare}}) {
    const auto r = run_hourglass(args, dir.string());
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(has(r.err, "error [not-a-result]")) << r.err;
    EXPECT_TRUE(has(r.err, "neither a snapshot")) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir / "n.csv"));
}

TEST(Messages, VerifyRefusesTheWidthSolveRefuses) {
  const std::string out = (test::temp_dir() / "r.h5").string();
  const auto solve = run_hourglass({"solve", kSmall, "--width", "16", "-o", out});
  ASSERT_EQ(solve.status, 2) << solve.err;
  const auto verify = run_hourglass({"verify", kSmall, "--width", "16", "--backend", "cpu"});
  EXPECT_EQ(verify.status, 2) << verify.err;
  EXPECT_TRUE(has(verify.err, "error [usage]")) << verify.err;
}

TEST(Messages, RepeatsAndUnsortedHoursAreSaidOnce) {
  const auto r = run_hourglass(
      {"coverage", kSmall, "--origins", "N0000001,N0000002,N0000001,N0000001", "--hours", "72,24,48,24"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.err, "--hours: '72,24,48,24' taken as 24,48,72")) << r.err;
  EXPECT_TRUE(has(r.err, "--origins: 2 selections of a node already selected counted once")) << r.err;
  const auto quiet = run_hourglass({"coverage", kSmall, "--origins", "N0000001,N0000002", "--hours", "24,48"});
  EXPECT_FALSE(has(quiet.err, "taken as")) << quiet.err;
  EXPECT_FALSE(has(quiet.err, "already selected")) << quiet.err;
}

TEST(Messages, ADryRunWritesItsPlanAsJson) {
  const fs::path dir = test::temp_dir();
  const std::string json = (dir / "plan.json").string(), out = (dir / "r.h5").string();
  const auto r = run_hourglass({"solve", kSmall, "--dry-run", "--json", json, "-o", out});
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json plan = nlohmann::json::parse(test::read_file(json));
  EXPECT_TRUE(plan.at("dry_run").get<bool>());
  EXPECT_EQ(plan.at("rows").get<int>(), 200);
  EXPECT_FALSE(plan.at("method").get<std::string>().empty());
  EXPECT_FALSE(fs::exists(out));
}

TEST(Messages, TheWorldDataIsFoundFromAnyFolder) {
  const fs::path dir = test::temp_dir();  // outside the repository
  // Found beside the program (the build folder of this source tree): the
  // import gets past the default folder to the bad file named.
  const auto r = run_hourglass({"import", "openflights", "--cities", "/nonexistent/cities.txt", "-o", "w.h5"},
                               dir.string());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "/nonexistent/cities.txt")) << r.err;
  EXPECT_FALSE(fs::exists(dir / "w.h5"));
  // A program far from any data says where it looked.
  const char* binary_env = std::getenv("HG_BINARY");
  const std::string binary = binary_env ? binary_env : HG_BINARY;
  fs::create_directories(dir / "elsewhere/bin");
  const fs::path copy = dir / "elsewhere/bin/hourglass";
  fs::copy_file(binary, copy);
  ::setenv("HG_BINARY", copy.c_str(), 1);
  const auto lost = run_hourglass({"import", "openflights", "-o", "w.h5"}, dir.string());
  if (binary_env) ::setenv("HG_BINARY", binary_env, 1); else ::unsetenv("HG_BINARY");
  EXPECT_EQ(lost.status, 2) << lost.err;
  EXPECT_TRUE(has(lost.err, "error [missing-file]")) << lost.err;
  EXPECT_TRUE(has(lost.err, "looked in")) << lost.err;
  EXPECT_TRUE(has(lost.err, "--data")) << lost.err;
  EXPECT_FALSE(fs::exists(dir / "w.h5"));
}

TEST(Messages, HelpNamesEveryOption) {
  const auto coverage = run_hourglass({"coverage", "--help"});
  EXPECT_TRUE(has(coverage.out, "per country, origin or destination")) << coverage.out;
  const auto demo = run_hourglass({"demo", "--help"});
  EXPECT_FALSE(has(demo.out, "default data")) << demo.out;
  EXPECT_TRUE(has(demo.out, "generated")) << demo.out;
}

TEST(Limits, CoverageThresholdsStopAtOneYear) {
  const auto r = run_hourglass({"coverage", kSmall, "--origins", "N0000001", "--hours", "35791394"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "above the largest threshold, 8760 h")) << r.err;
  const fs::path dir = test::temp_dir();
  const std::string json = (dir / "c.json").string();
  const auto year = run_hourglass({"coverage", kSmall, "--origins", "N0000001", "--hours", "8760", "--json", json});
  ASSERT_EQ(year.status, 0) << year.err;
  EXPECT_LT(fs::file_size(json), 2'000'000u);
}

TEST(Limits, VerifySampleMustFitTheMemoryBudget) {
  const auto r = run_hourglass({"verify", kSmall, "--sample", "4000000000", "--backend", "cpu"});
  EXPECT_EQ(r.status, 0) << "a sample above the node count checks every node: " << r.err;
  // 30,000 full rows of 30,000 nodes would be 3.4 GiB of times under a 2 GiB budget.
  const std::string road = (test::temp_dir() / "road.h5").string();
  ASSERT_EQ(run_hourglass({"generate", "--kind", "road", "--nodes", "30000", "-o", road}).status, 0);
  const auto big = run_hourglass({"verify", road, "--sample", "30000", "--backend", "cpu"});
  EXPECT_EQ(big.status, 2) << big.err;
  EXPECT_TRUE(has(big.err, "error [too-large]")) << big.err;
  EXPECT_TRUE(has(big.err, "--sample 30000")) << big.err;
}

TEST(Limits, WorldImportParametersArePhysical) {
  // 4e9 neighbours ran out of memory; a 1e12 km radius linked every city to
  // every airport (208 million edges); a detour below 1 made roads shorter
  // than the great circle.
  const std::string out = (test::temp_dir() / "w.h5").string();
  for (const auto& [flag, value, says] :
       {std::tuple<std::string, std::string, std::string>{"--city-neighbours", "4000000000", "is more than 1000"},
        {"--airport-radius-km", "1e12", "half the Earth's circumference"},
        {"--airport-fallback-km", "30000", "half the Earth's circumference"},
        {"--city-link-km", "25000", "half the Earth's circumference"},
        {"--road-detour", "0.5", "is not between 1"}}) {
    const auto r = run_hourglass({"import", "openflights", flag, value, "-o", out});
    EXPECT_EQ(r.status, 2) << flag << ": " << r.err;
    EXPECT_TRUE(has(r.err, "error [usage]") && has(r.err, says)) << flag << ": " << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
}

TEST(Limits, ProgressEveryIsBounded) {
  const auto r = run_hourglass({"--progress-every", "-1", "info", kSmall});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "--progress-every")) << r.err;
}

// In-process: the closing line says what happened.
TEST(ProgressLines, DoneOnlyWhenDoneAndStoppedOtherwise) {
  Progress::set_log_interval(0);
  ::testing::internal::CaptureStderr();
  { Progress p("phase-a", 10, "rows"); p.advance(10); p.finish(); }
  try {
    Progress p("phase-b", 10, "rows");
    p.advance(4);
    throw std::bad_alloc();
  } catch (const std::bad_alloc&) {
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(has(err, "phase-a: done in")) << err;
  EXPECT_FALSE(has(err, "phase-b: done in")) << err;
  EXPECT_TRUE(has(err, "phase-b: stopped after")) << err;
  EXPECT_TRUE(has(err, "(4 of 10 rows)")) << err;
  Progress::set_log_interval(15);
}

TEST(ProgressLines, PeriodicLinesCarryDoneRateAndTimeLeft) {
  Progress::set_log_interval(0.05);
  ::testing::internal::CaptureStderr();
  {
    Progress p("phase-c", 100, "rows");
    for (int i = 0; i < 10; ++i) {
      p.advance(5);
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    p.finish();
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  Progress::set_log_interval(15);
  EXPECT_TRUE(has(err, "phase-c: started (100 rows)")) << err;
  EXPECT_TRUE(has(err, " of 100 rows (")) << err;
  EXPECT_TRUE(has(err, " rows/s, about ")) << err;
  EXPECT_TRUE(has(err, " left\n")) << err;
  EXPECT_EQ(duration_text(3725), "1 h 02 min");
  EXPECT_EQ(duration_text(185), "3 min 05 s");
  EXPECT_EQ(duration_text(12.4), "12 s");
}

}  // namespace
}  // namespace hg
