// Runs under mpirun (docs/cluster.md): R ranks give the single process's
// answers bit for bit (every solve method, coverage, plan, verify); a run
// stopped by a signal resumes under another R to the same file; a killed
// rank ends the job with nothing at the result path; bad input across ranks
// is refused by rank 0 with status 2. Skipped in a build without MPI.

#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "io/h5.hpp"
#include "io/result.hpp"
#include "tests/support/omx_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

#define REQUIRE_MPI()                                                              \
  do {                                                                             \
    if (std::string(HG_MPIRUN).empty()) GTEST_SKIP() << "a build without MPI (HOURGLASS_MPI=OFF)"; \
  } while (0)

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// mpirun as root in a container, more ranks than cores, and a hard limit so
// that no test can hang.
std::vector<std::string> mpirun(int ranks) {
  return {HG_MPIRUN, "--allow-run-as-root", "--oversubscribe", "--timeout", "240", "-n", std::to_string(ranks)};
}

test::RunningHourglass start_ranks(int ranks, const std::vector<std::string>& args, const std::string& cwd = "") {
  std::vector<std::string> command = mpirun(ranks);
  command.push_back(test::hourglass_binary());
  command.insert(command.end(), args.begin(), args.end());
  return test::start_program(command, cwd);
}

test::CommandResult run_ranks(int ranks, const std::vector<std::string>& args, const std::string& cwd = "") {
  return test::wait_hourglass(start_ranks(ranks, args, cwd));
}

// A dataset's creation layout: chunk shape and filters, as text.
std::string layout(hid_t dataset) {
  const io::h5::Id plist(H5Dget_create_plist(dataset));
  std::string text;
  if (H5Pget_layout(plist) == H5D_CHUNKED) {
    hsize_t chunk[2] = {0, 0};
    H5Pget_chunk(plist, 2, chunk);
    text += "chunk " + std::to_string(chunk[0]) + "x" + std::to_string(chunk[1]);
  }
  for (int i = 0; i < H5Pget_nfilters(plist); ++i) {
    unsigned flags = 0;
    std::size_t count = 0;
    char name[64] = {};
    unsigned filter_config = 0;
    const H5Z_filter_t filter = H5Pget_filter2(plist, static_cast<unsigned>(i), &flags, &count, nullptr, sizeof name,
                                               name, &filter_config);
    text += " filter " + std::to_string(filter);
  }
  return text;
}

// Every dataset equal, every root attribute equal but `created`, the same
// layout: what a single-process run would have written.
void expect_same_result(const std::string& expected_path, const std::string& got_path) {
  const io::ResultReader expected(expected_path), got(got_path);
  const io::ResultMeta &a = expected.meta(), &b = got.meta();
  ASSERT_EQ(a.rows, b.rows);
  ASSERT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.dtype, b.dtype);
  EXPECT_EQ(a.cap, b.cap);
  EXPECT_EQ(a.has_hops, b.has_hops);
  EXPECT_EQ(expected.origins(), got.origins());
  EXPECT_EQ(expected.destinations(), got.destinations());
  auto attributes = [](const io::ResultMeta& m) {
    auto list = m.attributes;
    std::erase_if(list, [](const auto& kv) { return kv.first == "created"; });
    return list;
  };
  EXPECT_EQ(attributes(a), attributes(b));
  const std::size_t cells = std::size_t{a.rows} * a.cols;
  std::vector<std::uint32_t> ta(cells), tb(cells);
  std::vector<NodeId> ha(a.has_hops ? cells : 0), hb(a.has_hops ? cells : 0);
  expected.read_rows(0, a.rows, ta.data(), a.has_hops ? ha.data() : nullptr);
  got.read_rows(0, b.rows, tb.data(), a.has_hops ? hb.data() : nullptr);
  EXPECT_TRUE(ta == tb) << got_path << ": the times differ from " << expected_path;
  EXPECT_TRUE(ha == hb) << got_path << ": the next hops differ from " << expected_path;
  const io::h5::Id fa = io::h5::open_read(expected_path), fb = io::h5::open_read(got_path);
  const io::h5::Id da(H5Dopen2(fa, "data/transit_time", H5P_DEFAULT)), db(H5Dopen2(fb, "data/transit_time", H5P_DEFAULT));
  EXPECT_EQ(layout(da), layout(db));
  EXPECT_NE(layout(db).find("filter"), std::string::npos) << "the matrix must stay compressed";
}

class MpiRanks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::string(HG_MPIRUN).empty()) return;
    dir_ = new fs::path(test::temp_dir() / "mpi");
    fs::create_directories(*dir_);
    road_ = (*dir_ / "road.h5").string();
    logistics_ = (*dir_ / "logistics.h5").string();
    ASSERT_EQ(test::run_hourglass({"generate", "--kind", "road", "--nodes", "1500", "--seed", "11", "-o", road_}).status, 0);
    ASSERT_EQ(
        test::run_hourglass({"generate", "--kind", "logistics", "--nodes", "2500", "--seed", "5", "-o", logistics_}).status,
        0);
  }
  // A folder of the test's own: the same output name in each, so that the
  // recorded command lines are equal too.
  static std::string folder(const std::string& name) {
    const fs::path p = *dir_ / name;
    fs::create_directories(p);
    return p.string();
  }
  static inline fs::path* dir_ = nullptr;
  static inline std::string road_, logistics_;
};

TEST_F(MpiRanks, SolveEqualsOneProcessForEveryMethodAndRankCount) {
  REQUIRE_MPI();
  const std::vector<std::vector<std::string>> requests = {
      {"--method", "sssp", "--paths"},
      {"--method", "phast"},
      {"--method", "buckets", "--destinations", "all,-R5"},
      {"--method", "fw", "--max-hours", "2"},
      {"--method", "sssp", "--dtype", "float32", "--max-hours", "1"},
  };
  for (std::size_t i = 0; i < requests.size(); ++i) {
    std::vector<std::string> args = {"solve", road_, "--backend", "cpu", "-o", "result.h5", "-q"};
    args.insert(args.end(), requests[i].begin(), requests[i].end());
    const std::string alone = folder("solve" + std::to_string(i) + "-alone");
    const test::CommandResult one = test::run_hourglass(args, alone);
    ASSERT_EQ(one.status, 0) << one.err;
    for (const int ranks : {1, 2, 3}) {
      SCOPED_TRACE(requests[i][1] + " on " + std::to_string(ranks) + " ranks");
      const std::string here = folder("solve" + std::to_string(i) + "-ranks" + std::to_string(ranks));
      const test::CommandResult r = run_ranks(ranks, args, here);
      ASSERT_EQ(r.status, 0) << r.err;
      expect_same_result(alone + "/result.h5", here + "/result.h5");
      // Nothing of the run is left beside the result.
      std::vector<std::string> left;
      for (const auto& entry : fs::directory_iterator(here)) left.push_back(entry.path().filename().string());
      EXPECT_EQ(left, std::vector<std::string>{"result.h5"});
    }
  }
}

// The JSON reports without the seconds they took and the ranks they ran on.
nlohmann::json without_seconds(const std::string& path) {
  nlohmann::json j = nlohmann::json::parse(test::read_file(path));
  j.erase("seconds");
  j.erase("ranks");
  return j;
}

TEST_F(MpiRanks, TheCollectiveFilePassesTheOmxValidator) {
  REQUIRE_MPI();
  std::string why_not;
  const std::string python = test::omx_python(why_not);
  if (python.empty() && !why_not.empty()) GTEST_SKIP() << why_not;
  ASSERT_FALSE(python.empty()) << "build/omx-venv is missing: run scripts/omx-venv.sh (the README's test command does)";
  const std::string here = folder("omx");
  const test::CommandResult r =
      run_ranks(3, {"solve", road_, "--dtype", "int64", "--paths", "--backend", "cpu", "-o", "result.h5", "-q"}, here);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string printed =
      test::run_python(python, "from openmatrix.validator import run_checks; run_checks('" + here + "/result.h5')");
  EXPECT_EQ(test::parse_checks(printed)["overall"], "Pass") << printed;
}

TEST_F(MpiRanks, CoveragePlanAndVerifyEqualOneProcess) {
  REQUIRE_MPI();
  const std::vector<std::vector<std::string>> commands = {
      {"coverage", logistics_, "--origins", "kind:site", "--hours", "24,48", "--json", "out.json", "--csv", "out.csv"},
      {"coverage", logistics_, "--origins", "kind:hub", "--hours", "12", "--backend", "cpu", "--json", "out.json",
       "--csv", "out.csv", "--by", "destination"},
      {"plan", logistics_, "--candidates", "kind:site", "--hours", "24", "--sites", "5", "--json", "out.json", "--csv",
       "out.csv"},
      {"plan", logistics_, "--candidates", "kind:hub", "--fixed", "kind:airport", "--hours", "12", "--target-share",
       "0.5", "--json", "out.json", "--csv", "out.csv"},
      {"verify", road_, "--sample", "24", "--json", "out.json"},
  };
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const std::string alone = folder("report" + std::to_string(i) + "-alone");
    const test::CommandResult one = test::run_hourglass(commands[i], alone);
    ASSERT_EQ(one.status, 0) << one.err;
    for (const int ranks : {1, 2, 3}) {
      SCOPED_TRACE(commands[i][0] + " #" + std::to_string(i) + " on " + std::to_string(ranks) + " ranks");
      const std::string here = folder("report" + std::to_string(i) + "-ranks" + std::to_string(ranks));
      const test::CommandResult r = run_ranks(ranks, commands[i], here);
      ASSERT_EQ(r.status, 0) << r.err;
      EXPECT_EQ(without_seconds(alone + "/out.json"), without_seconds(here + "/out.json"));
      if (fs::exists(alone + "/out.csv")) {
        EXPECT_EQ(test::read_file(alone + "/out.csv"), test::read_file(here + "/out.csv"));
      }
      if (commands[i][0] == "coverage") {
        EXPECT_EQ(one.out, r.out);  // the table, printed once
      }
    }
  }
}

// Waits until `path` exists (the first collective write recorded), at most a minute.
bool wait_for(const std::string& path) {
  for (int i = 0; i < 600; ++i) {
    if (fs::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Alive and not a zombie (a container's init may never reap mpirun's orphans).
bool running_process(int pid) {
  const std::string stat = fs::exists("/proc/" + std::to_string(pid)) ? test::read_file("/proc/" + std::to_string(pid) + "/stat") : "";
  const std::size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

// A solve long enough to be stopped: sssp on one thread a rank.
std::vector<std::string> long_solve(const std::string& snapshot) {
  return {"solve", snapshot, "--backend", "cpu", "--method", "sssp", "--threads", "1", "-o", "result.h5", "-q"};
}

TEST_F(MpiRanks, StoppedBySignalResumesUnderAnotherRankCount) {
  REQUIRE_MPI();
  const std::string big = (*dir_ / "road-big.h5").string();
  ASSERT_EQ(test::run_hourglass({"generate", "--kind", "road", "--nodes", "6000", "--seed", "3", "-o", big}).status, 0);
  const std::string alone = folder("resume-alone");
  ASSERT_EQ(test::run_hourglass(long_solve(big), alone).status, 0);

  const std::string here = folder("resume-ranks");
  const test::RunningHourglass running = start_ranks(2, long_solve(big), here);
  ASSERT_TRUE(wait_for(here + "/result.h5.progress")) << "no collective write within a minute";
  ::kill(running.pid, SIGUSR1);  // mpirun forwards SIGUSR1 to every rank
  const test::CommandResult stopped = test::wait_hourglass(running);
  if (fs::exists(here + "/result.h5")) GTEST_SKIP() << "the run finished before the signal reached it";
  EXPECT_EQ(stopped.status, 128 + SIGUSR1) << stopped.err;
  EXPECT_TRUE(test::contains(stopped.err, "--resume")) << stopped.err;
  EXPECT_TRUE(fs::exists(here + "/result.h5.partial"));

  std::vector<std::string> resume = long_solve(big);
  resume.push_back("--resume");
  const test::CommandResult resumed = run_ranks(3, resume, here);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  expect_same_result(alone + "/result.h5", here + "/result.h5");
  EXPECT_FALSE(fs::exists(here + "/result.h5.progress"));
}

TEST_F(MpiRanks, AKilledRankEndsTheJobWithNothingAtTheResultPath) {
  REQUIRE_MPI();
  const std::string big = (*dir_ / "road-kill.h5").string();
  ASSERT_EQ(test::run_hourglass({"generate", "--kind", "road", "--nodes", "6000", "--seed", "4", "-o", big}).status, 0);
  const std::string here = folder("kill");
  const test::RunningHourglass running = start_ranks(3, long_solve(big), here);
  ASSERT_TRUE(wait_for(here + "/result.h5.progress"));
  // The ranks are mpirun's children on this node: kill the last one.
  const std::string children = test::read_file("/proc/" + std::to_string(running.pid) + "/task/" +
                                               std::to_string(running.pid) + "/children");
  std::vector<int> ranks;
  for (std::size_t at = 0; at < children.size();) {
    const std::size_t end = children.find(' ', at);
    const std::string pid = children.substr(at, end - at);
    if (!pid.empty()) ranks.push_back(std::stoi(pid));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  ASSERT_EQ(ranks.size(), 3u) << children;
  const auto start = std::chrono::steady_clock::now();
  ::kill(ranks.back(), SIGKILL);
  const test::CommandResult r = test::wait_hourglass(running);
  EXPECT_NE(r.status, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60)) << "the job hung after a rank died";
  EXPECT_FALSE(fs::exists(here + "/result.h5"));
  // mpirun ends the others; they are gone within seconds, not hung in a collective.
  for (const int pid : ranks) {
    for (int i = 0; i < 100 && running_process(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(running_process(pid)) << "rank process " << pid << " is still alive 10 s after mpirun ended";
  }
}

TEST_F(MpiRanks, BadInputAcrossRanksIsRefusedByRankZero) {
  REQUIRE_MPI();
  // Ranks given different arguments (two application contexts).
  {
    const std::string here = folder("bad-arguments");
    std::vector<std::string> command = mpirun(1);
    for (const std::string& a : {test::hourglass_binary(), std::string("solve"), road_, std::string("--max-hours"),
                                 std::string("1"), std::string("-o"), std::string("result.h5"), std::string(":"),
                                 std::string("-n"), std::string("1"), test::hourglass_binary(), std::string("solve"),
                                 road_, std::string("--max-hours"), std::string("2"), std::string("-o"),
                                 std::string("result.h5")})
      command.push_back(a);
    const test::CommandResult r = test::wait_hourglass(test::start_program(command, here));
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(test::contains(r.err, "error [rank-mismatch]: rank 1 of 2 has other arguments than rank 0")) << r.err;
    EXPECT_EQ(occurrences(r.err, "hourglass: error"), 1u) << "reported once:\n" << r.err;
    EXPECT_TRUE(fs::is_empty(here));
  }
  // An output folder the ranks do not share: each rank in a folder of its own.
  {
    const std::string a = folder("unshared-a"), b = folder("unshared-b");
    std::vector<std::string> command = mpirun(1);
    const std::vector<std::string> solve = {test::hourglass_binary(), "solve", road_, "-o", "result.h5"};
    command.insert(command.end(), {"-wdir", a});
    command.insert(command.end(), solve.begin(), solve.end());
    command.insert(command.end(), {":", "-n", "1", "-wdir", b});
    command.insert(command.end(), solve.begin(), solve.end());
    const test::CommandResult r = test::wait_hourglass(test::start_program(command));
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(test::contains(r.err, "error [rank-mismatch]")) << r.err;
    EXPECT_TRUE(test::contains(r.err, "file system every rank shares")) << r.err;
    EXPECT_TRUE(fs::is_empty(a)) << "left in " << a;
    EXPECT_TRUE(fs::is_empty(b)) << "left in " << b;
  }
  // More ranks than row blocks: three origins, four ranks.
  {
    const std::string here = folder("too-many-ranks");
    const test::CommandResult r =
        run_ranks(4, {"solve", road_, "--origins", "R0,R1,R2", "--backend", "cpu", "-o", "result.h5"}, here);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(test::contains(r.err, "fewer than the 4 ranks")) << r.err;
    EXPECT_TRUE(fs::is_empty(here));
  }
  // The same bad input on every rank: one message, status 2.
  {
    const std::string here = folder("missing-snapshot");
    const test::CommandResult r = run_ranks(3, {"solve", "missing.h5", "-o", "result.h5"}, here);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(occurrences(r.err, "hourglass: error"), 1u) << "reported once:\n" << r.err;
    EXPECT_TRUE(fs::is_empty(here));
  }
  // A command that does not divide its work.
  {
    const test::CommandResult r = run_ranks(2, {"generate", "--nodes", "10", "-o", "x.h5"}, folder("generate"));
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(test::contains(r.err, "run it without mpirun")) << r.err;
    EXPECT_EQ(occurrences(r.err, "hourglass: error"), 1u) << "reported once:\n" << r.err;
  }
}

}  // namespace
}  // namespace hg
