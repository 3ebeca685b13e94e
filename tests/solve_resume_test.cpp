// Pre-emption and resume: real `hourglass solve` runs are stopped with
// SIGTERM and SIGKILL while provably mid-run (the .partial file and its
// progress record exist, and the record lists some but not all blocks), then
// continued with --resume; the final file equals an uninterrupted run's in
// every dataset and every attribute but `created`.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "io/result.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

// 5,000 nodes, row blocks of 52 origins under --memory 2M: about 100 blocks
// of a few tens of milliseconds each with one thread.
struct Case {
  fs::path dir = test::temp_dir();
  std::string snapshot = (dir / "net.h5").string();
  std::string output = (dir / "result.h5").string();
  std::string reference = (dir / "reference.h5").string();

  Case() {
    EXPECT_EQ(test::run_hourglass({"generate", "--nodes", "5000", "--seed", "8", "-o", snapshot}).status, 0);
    // The reference is made under the same output name (the command line is
    // recorded in the file), then moved aside.
    const auto r = test::run_hourglass(args());
    EXPECT_EQ(r.status, 0) << r.err;
    fs::rename(output, reference);
  }
  std::vector<std::string> args(std::vector<std::string> extra = {}) const {
    std::vector<std::string> a{"solve", snapshot, "--method", "sssp", "--threads", "1", "--memory", "2M",
                               "--max-hours", "30", "-o", output};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  std::string partial() const { return output + ".partial"; }
  std::string progress() const { return output + ".progress"; }
};

// Blocks recorded as done, and all blocks; {-1, -1} while there is no
// complete record yet.
std::pair<int, int> recorded(const std::string& progress) {
  std::ifstream in(progress);
  if (!in) return {-1, -1};
  std::stringstream text;
  text << in.rdbuf();
  try {
    const auto record = nlohmann::json::parse(text.str());
    return {static_cast<int>(record.at("done").size()), record.at("blocks").get<int>()};
  } catch (const std::exception&) {
    return {-1, -1};
  }
}

// Starts the run, waits until at least `blocks` blocks are recorded (and not
// all), checks that it is provably mid-run, and sends `signal`.
test::CommandResult stop_mid_run(const Case& c, int blocks, int signal) {
  const test::RunningHourglass run = test::start_hourglass(c.args());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::pair<int, int> seen{-1, -1};
  while (std::chrono::steady_clock::now() < deadline) {
    seen = recorded(c.progress());
    if (seen.first >= blocks) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(fs::exists(c.partial()));
  EXPECT_GE(seen.first, blocks);
  EXPECT_LT(seen.first, seen.second) << "the run ended before it could be stopped";
  kill(run.pid, signal);
  return test::wait_hourglass(run);
}

// Every dataset equal, every root and dataset attribute equal but `created`.
void expect_same_result(const std::string& a_path, const std::string& b_path) {
  const io::ResultReader a(a_path), b(b_path);
  ASSERT_EQ(a.meta().rows, b.meta().rows);
  ASSERT_EQ(a.meta().cols, b.meta().cols);
  EXPECT_EQ(a.meta().dtype, b.meta().dtype);
  EXPECT_EQ(a.meta().cap, b.meta().cap);
  EXPECT_EQ(a.meta().has_hops, b.meta().has_hops);
  for (std::uint32_t i = 0; i < a.meta().rows; ++i) ASSERT_EQ(a.origins()[i], b.origins()[i]);
  for (std::uint32_t j = 0; j < a.meta().cols; ++j) ASSERT_EQ(a.destinations()[j], b.destinations()[j]);
  const std::size_t cells = std::size_t{a.meta().rows} * a.meta().cols;
  std::vector<std::uint32_t> ta(cells), tb(cells);
  a.read_rows(0, a.meta().rows, ta.data(), nullptr);
  b.read_rows(0, b.meta().rows, tb.data(), nullptr);
  EXPECT_TRUE(ta == tb) << "the matrices differ";
  auto attributes = [](const io::ResultReader& r) {
    auto list = r.meta().attributes;
    std::erase_if(list, [](const auto& kv) { return kv.first == "created"; });
    return list;
  };
  EXPECT_EQ(attributes(a), attributes(b));
}

void expect_resumes_to_the_reference(const Case& c) {
  const auto resumed = test::run_hourglass(c.args({"--resume"}));
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("--resume: continuing"), std::string::npos) << resumed.err;
  // The plan shown is the one run: the blocks taken over are in it.
  EXPECT_NE(resumed.err.find("done already"), std::string::npos) << resumed.err;
  EXPECT_LT(resumed.err.find("--resume: continuing"), resumed.err.find("plan:")) << resumed.err;
  EXPECT_FALSE(fs::exists(c.partial()));
  EXPECT_FALSE(fs::exists(c.progress()));
  expect_same_result(c.output, c.reference);
}

TEST(Resume, SigtermFinishesTheBlockInFlightAndSaysHowToResume) {
  const Case c;
  const auto stopped = stop_mid_run(c, 3, SIGTERM);
  EXPECT_EQ(stopped.status, 128 + SIGTERM) << stopped.err;
  EXPECT_NE(stopped.err.find("stopped by SIGTERM"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("--resume"), std::string::npos) << stopped.err;
  // Done only when done: the phase says where it stopped instead.
  EXPECT_EQ(stopped.err.find("solve: done in"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("solve: stopped after"), std::string::npos) << stopped.err;
  EXPECT_FALSE(fs::exists(c.output));
  EXPECT_TRUE(fs::exists(c.partial()));
  const auto [done, blocks] = recorded(c.progress());
  EXPECT_GE(done, 3);
  EXPECT_LT(done, blocks);
  expect_resumes_to_the_reference(c);
}

// A log without a terminal gets a line every --progress-every seconds with
// the rows done, the rate and the time left.
TEST(Resume, ABatchLogGetsProgressLines) {
  const Case c;
  fs::remove(c.output);
  const auto r = test::run_hourglass(c.args({"--progress-every", "0.2"}));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("solve: started (5000 rows)"), std::string::npos) << r.err;
  std::size_t lines = 0;
  for (std::size_t at = r.err.find(" rows/s, "); at != std::string::npos; at = r.err.find(" rows/s, ", at + 1)) ++lines;
  EXPECT_GE(lines, 2u) << r.err;
  EXPECT_NE(r.err.find(" left\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("solve: done in"), std::string::npos) << r.err;
  const auto none = test::run_hourglass(c.args({"--progress-every", "0", "--dry-run"}));
  EXPECT_EQ(none.status, 0) << none.err;
}

TEST(Resume, SigintStopsLikeSigterm) {
  const Case c;
  const auto stopped = stop_mid_run(c, 1, SIGINT);
  EXPECT_EQ(stopped.status, 128 + SIGINT) << stopped.err;
  EXPECT_EQ(stopped.err.find("solve: done in"), std::string::npos) << stopped.err;
  expect_resumes_to_the_reference(c);
}

// SIGKILL cannot be caught: whatever the record lists is read back and
// checked before it counts. Killed early, halfway, and twice in a row.
TEST(Resume, SigkillAtSeveralPointsThenResume) {
  for (const int blocks : {1, 40}) {
    const Case c;
    const auto killed = stop_mid_run(c, blocks, SIGKILL);
    EXPECT_EQ(killed.status, 128 + SIGKILL);
    EXPECT_FALSE(fs::exists(c.output));
    expect_resumes_to_the_reference(c);
  }
  const Case c;
  ASSERT_EQ(stop_mid_run(c, 5, SIGKILL).status, 128 + SIGKILL);
  // The resumed run is killed too, further on; the second resume finishes.
  const test::RunningHourglass again = test::start_hourglass(c.args({"--resume"}));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (recorded(c.progress()).first < 30 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  kill(again.pid, SIGKILL);
  test::wait_hourglass(again);
  expect_resumes_to_the_reference(c);
}

// A block whose rows do not read back with the recorded checksum is
// computed again.
TEST(Resume, BlocksThatDoNotReadBackAreComputedAgain) {
  const Case c;
  ASSERT_EQ(stop_mid_run(c, 4, SIGTERM).status, 128 + SIGTERM);
  auto record = nlohmann::json::parse(test::read_file(c.progress()));
  record["done"]["1"] = std::string(64, '0');
  std::ofstream(c.progress()) << record.dump();
  const auto resumed = test::run_hourglass(c.args({"--resume"}));
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  const int done_before = static_cast<int>(record["done"].size());
  EXPECT_NE(resumed.err.find(std::to_string(done_before - 1) + " of "), std::string::npos) << resumed.err;
  expect_same_result(c.output, c.reference);
}

TEST(Resume, AnotherRequestIsRefusedAndNothingIsTouched) {
  const Case c;
  ASSERT_EQ(stop_mid_run(c, 2, SIGTERM).status, 128 + SIGTERM);
  const auto before = test::read_file(c.progress());
  std::vector<std::string> other{"solve", c.snapshot, "--method", "sssp", "--threads", "1", "--memory", "2M",
                                 "--max-hours", "31", "-o", c.output, "--resume"};
  const auto refused = test::run_hourglass(other);
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_NE(refused.err.find("another request"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(c.partial()), std::string::npos) << refused.err;
  EXPECT_TRUE(fs::exists(c.partial()));
  EXPECT_EQ(test::read_file(c.progress()), before);
  expect_resumes_to_the_reference(c);
}

TEST(Resume, NothingToResumeStartsAfresh) {
  const Case c;
  const auto r = test::run_hourglass(c.args({"--resume"}));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("starting afresh"), std::string::npos) << r.err;
  expect_same_result(c.output, c.reference);
}

}  // namespace
}  // namespace hg
