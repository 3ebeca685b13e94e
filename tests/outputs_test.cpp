// Outputs never destroy inputs (docs/cli.md#outputs): the same file under any
// spelling is refused before anything is written; symlinks are written
// through; `-`, devices and FIFOs are written directly; partial files do not
// outlive a failure, a signal or std::terminate.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <thread>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/core/errors.hpp"
#include "io/output_file.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;
using test::run_hourglass;

// A folder with a snapshot (ex.h5), a result with routes (r.h5), the
// snapshot's CSV tables and a DIMACS pair (z.gr, z.co).
class Outputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::temp_dir();
    fs::copy_file(test::data_file("golden/small-fixed.h5"), dir_ / "ex.h5");
    ASSERT_EQ(run_hourglass({"solve", "ex.h5", "--paths", "-o", "r.h5"}, dir_.string()).status, 0);
    ASSERT_EQ(run_hourglass({"export", "ex.h5", "--nodes", "nodes.csv", "--edges", "edges.csv"}, dir_.string()).status,
              0);
    ASSERT_EQ(run_hourglass({"generate", "--kind", "road", "--nodes", "50", "--format", "dimacs", "-o", "z"},
                            dir_.string())
                  .status,
              0);
    fs::create_directory(dir_ / "sub");
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Status 2, an output_path error naming the output and the file it would
  // replace, and every file of the folder exactly as it was, no partial file.
  void expect_refused(const std::vector<std::string>& args, const std::string& output, const std::string& victim) {
    std::map<std::string, std::string> before;
    for (const auto& entry : fs::recursive_directory_iterator(dir_))
      if (entry.is_regular_file()) before[entry.path().string()] = test::read_file(entry.path().string());
    const auto r = run_hourglass(args, dir_.string());
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("error [output-path]"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(output), std::string::npos) << "names the output: " << r.err;
    EXPECT_NE(r.err.find(victim), std::string::npos) << "names the other file: " << r.err;
    for (const auto& [file, bytes] : before) EXPECT_EQ(test::read_file(file), bytes) << file << " changed";
    for (const auto& entry : fs::recursive_directory_iterator(dir_))
      EXPECT_TRUE(before.count(entry.path().string()) || entry.is_directory()) << "new file " << entry.path();
  }

  fs::path dir_;
};

TEST_F(Outputs, EveryCommandRefusesToWriteOverItsInput) {
  expect_refused({"solve", "ex.h5", "-o", "ex.h5"}, "ex.h5", "ex.h5");
  expect_refused({"export", "r.h5", "--csv", "r.h5"}, "r.h5", "r.h5");
  expect_refused({"coverage", "ex.h5", "--origins", "N0000001", "--json", "ex.h5"}, "ex.h5", "ex.h5");
  expect_refused({"path", "r.h5", "--from", "N0000001", "--to", "N0000002", "--json", "r.h5"}, "r.h5", "r.h5");
  expect_refused({"import", "csv", "--nodes", "nodes.csv", "--edges", "edges.csv", "-o", "nodes.csv"}, "nodes.csv",
                 "nodes.csv");
  expect_refused({"import", "dimacs", "z.gr", "-o", "z.gr"}, "z.gr", "z.gr");
  expect_refused({"info", "ex.h5", "--json", "ex.h5"}, "ex.h5", "ex.h5");
  expect_refused({"verify", "ex.h5", "--json", "ex.h5"}, "ex.h5", "ex.h5");
  expect_refused({"export", "ex.h5", "--nodes", "ex.h5", "--edges", "e2.csv"}, "ex.h5", "ex.h5");
  // The path recorded in the result is an input of `path` too.
  expect_refused({"path", "r.h5", "--from", "N0000001", "--to", "N0000002", "--json", "ex.h5"}, "ex.h5", "ex.h5");
  // A selection file is an input.
  test::write_file(dir_, "sites.txt", "N0000001\n");
  expect_refused({"coverage", "ex.h5", "--origins", "@sites.txt", "--csv", "sites.txt"}, "sites.txt", "sites.txt");
}

TEST_F(Outputs, TwoOutputsOfOneCommandMustDiffer) {
  expect_refused({"solve", "ex.h5", "-o", "x.h5", "--json", "x.h5"}, "x.h5", "--json");
  expect_refused({"solve", "ex.h5", "-o", "x.h5", "--hierarchy", "./x.h5", "--method", "phast"}, "x.h5",
                 "--hierarchy");
  expect_refused({"coverage", "ex.h5", "--origins", "N0000001", "--json", "c.out", "--csv", "sub/../c.out"}, "c.out",
                 "--csv");
  expect_refused({"export", "ex.h5", "--nodes", "n.csv", "--edges", "n.csv"}, "n.csv", "--edges");
  EXPECT_FALSE(fs::exists(path("x.h5")));
}

TEST_F(Outputs, EverySpellingOfTheSameFileIsCaught) {
  fs::create_symlink("ex.h5", dir_ / "link.h5");
  fs::create_hard_link(dir_ / "ex.h5", dir_ / "hard.h5");
  fs::create_directory_symlink(".", dir_ / "here");
  for (const std::string& spelling :
       std::vector<std::string>{"./ex.h5", "sub/../ex.h5", path("ex.h5"), "link.h5", "hard.h5", "here/ex.h5"}) {
    SCOPED_TRACE(spelling);
    expect_refused({"solve", "ex.h5", "-o", spelling}, spelling, "ex.h5");
    expect_refused({"info", "ex.h5", "--json", spelling}, spelling, "ex.h5");
  }
  // A partial file that is the input would be overwritten as well.
  fs::copy_file(dir_ / "ex.h5", dir_ / "y.json.partial");
  expect_refused({"info", "y.json.partial", "--json", "y.json"}, "y.json", "y.json.partial");
}

TEST_F(Outputs, ASymlinkIsWrittenThroughAndStays) {
  fs::create_directory(dir_ / "real");
  fs::create_symlink("real/summary.json", dir_ / "summary.json");
  const auto r = run_hourglass({"info", "ex.h5", "--json", "summary.json"}, dir_.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "summary.json"));
  const nlohmann::json j = nlohmann::json::parse(test::read_file(path("real/summary.json")));
  EXPECT_TRUE(j.contains("snapshots") || j.contains("snapshot")) << j.dump();
  EXPECT_FALSE(fs::exists(path("real/summary.json.partial")));
  EXPECT_FALSE(fs::exists(path("summary.json.partial")));
  // An HDF5 output through a link: the result lands in the target.
  fs::create_symlink("real/out.h5", dir_ / "out.h5");
  ASSERT_EQ(run_hourglass({"solve", "ex.h5", "-o", "out.h5"}, dir_.string()).status, 0);
  EXPECT_TRUE(fs::is_symlink(dir_ / "out.h5"));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "real/out.h5"));
}

TEST_F(Outputs, DashIsStandardOutputAndTheReportMovesToStderr) {
  const auto r = run_hourglass({"info", "ex.h5", "--json", "-"}, dir_.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);  // stdout is the JSON alone
  EXPECT_FALSE(j.empty());
  EXPECT_NE(r.err.find("snapshot"), std::string::npos) << "the text summary went to stderr: " << r.err;
  EXPECT_FALSE(fs::exists(path("-")));
  const auto csv = run_hourglass({"export", "r.h5", "--csv", "-"}, dir_.string());
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("origin,destination,time,status\n", 0), 0u) << csv.out.substr(0, 80);
  const auto both = run_hourglass({"coverage", "ex.h5", "--origins", "N0000001", "--json", "-", "--csv", "-"},
                                  dir_.string());
  EXPECT_EQ(both.status, 2) << both.err;
  EXPECT_NE(both.err.find("standard output"), std::string::npos) << both.err;
  const auto hdf5 = run_hourglass({"solve", "ex.h5", "-o", "-"}, dir_.string());
  EXPECT_EQ(hdf5.status, 2) << hdf5.err;
  EXPECT_NE(hdf5.err.find("standard output"), std::string::npos) << hdf5.err;
}

TEST_F(Outputs, DevicesAndFifosAreWrittenDirectly) {
  const auto null = run_hourglass({"info", "ex.h5", "--json", "/dev/null"}, dir_.string());
  EXPECT_EQ(null.status, 0) << null.err;
  struct stat info {};
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));

  const std::string fifo = path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::future<std::string> reader = std::async(std::launch::async, [&fifo] { return test::read_file(fifo); });
  const auto r = run_hourglass({"info", "ex.h5", "--json", "pipe"}, dir_.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(reader.get()).empty());
  ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode)) << "still a FIFO";
  EXPECT_FALSE(fs::exists(fifo + ".partial"));

  const auto hdf5 = run_hourglass({"solve", "ex.h5", "-o", "/dev/null"}, dir_.string());
  EXPECT_EQ(hdf5.status, 2) << hdf5.err;
  EXPECT_NE(hdf5.err.find("regular file"), std::string::npos) << hdf5.err;
}

TEST_F(Outputs, AStalePartialFileIsTakenOverAndGone) {
  test::write_file(dir_, "s.json.partial", "left by a killed run");
  ASSERT_EQ(run_hourglass({"info", "ex.h5", "--json", "s.json"}, dir_.string()).status, 0);
  EXPECT_FALSE(fs::exists(path("s.json.partial")));
  EXPECT_FALSE(nlohmann::json::parse(test::read_file(path("s.json"))).empty());
  // Something that is not a file in the partial file's place is not touched.
  fs::create_directory(dir_ / "t.json.partial");
  const auto r = run_hourglass({"info", "ex.h5", "--json", "t.json"}, dir_.string());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("t.json.partial"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_directory(dir_ / "t.json.partial"));
}

// `export` of a large result stopped by SIGINT mid-write: nothing is left
// (it left a 270-450 MB partial file), and the status is 128 + SIGINT.
TEST(PartialFiles, AnExportStoppedBySigintLeavesNothing) {
  const fs::path dir = test::temp_dir();
  ASSERT_EQ(run_hourglass({"generate", "--nodes", "5000", "--seed", "8", "-o", "net.h5"}, dir.string()).status, 0);
  ASSERT_EQ(run_hourglass({"solve", "net.h5", "--method", "sssp", "-o", "r.h5"}, dir.string()).status, 0);
  const std::string csv = (dir / "r.csv").string();
  const test::RunningHourglass run = test::start_hourglass({"export", "r.h5", "--csv", "r.csv"}, dir.string());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(csv + ".partial") && !fs::exists(csv) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_TRUE(fs::exists(csv + ".partial")) << "the export ended before it could be stopped";
  ::kill(run.pid, SIGINT);
  const auto r = test::wait_hourglass(run);
  EXPECT_EQ(r.status, 128 + SIGINT) << r.err;
  EXPECT_NE(r.err.find("partial output files removed"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(csv + ".partial"));
  EXPECT_FALSE(fs::exists(csv));
}

// In-process: the guard's partial file is gone after std::terminate (an
// exception escaping a thread) and after SIGINT/SIGTERM.
void write_partial_then(const std::string& target, const std::function<void()>& end) {
  io::PartialFile out(target);
  std::FILE* f = out.open();
  std::fputs("half", f);
  std::fclose(f);
  end();
}

TEST(PartialFiles, GoneAfterTerminate) {
  const std::string target = (test::temp_dir() / "t.csv").string();
  EXPECT_DEATH(write_partial_then(target, [] { std::terminate(); }), "");
  EXPECT_FALSE(fs::exists(target + ".partial"));
  EXPECT_FALSE(fs::exists(target));
}

TEST(PartialFiles, GoneAfterASignal) {
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    const std::string target = (test::temp_dir() / ("s" + std::to_string(signal) + ".csv")).string();
    EXPECT_EXIT(
        {
          io::remove_partials_on_signals();
          write_partial_then(target, [signal] { std::raise(signal); });
        },
        ::testing::KilledBySignal(signal), "");
    EXPECT_FALSE(fs::exists(target + ".partial")) << signal;
  }
}

TEST(PartialFiles, GoneAfterAFailure) {
  const std::string target = (test::temp_dir() / "f.csv").string();
  EXPECT_THROW(write_partial_then(target, [] { throw std::bad_alloc(); }), std::bad_alloc);
  EXPECT_FALSE(fs::exists(target + ".partial"));
}

}  // namespace
}  // namespace hg
