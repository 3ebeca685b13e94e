#pragma once
// Shared helpers for the tests: temporary folders, fixtures in tests/data/,
// running the hourglass binary, and small networks built by hand or at random.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/errors.hpp"
#include "host/model/network.hpp"

namespace hg::test {

// tests/data/<name>; $HG_TEST_DATA_DIR/<name> when that is set.
std::string data_file(std::string_view name);

// The repository root: $HG_SOURCE_DIR when set, else the one built from.
std::string source_dir();

// A fresh, empty folder for this test (removed at process exit).
std::filesystem::path temp_dir();

// dir/name with exactly `text` in it; returns the path.
std::string write_file(const std::filesystem::path& dir, const std::string& name, std::string_view text);
std::string read_file(const std::string& path);

// Every array and attribute of two networks, one by one so a failure names
// it; floats bit for bit.
void expect_same_network(const Network& a, const Network& b);

// Whether `text` holds `part` (messages and printed reports).
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Expects `action` to throw InputError of `kind` whose message holds `where`.
void expect_input_error(const std::function<void()>& action, ErrorKind kind, const std::string& where);

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};
// Runs the built `hourglass` binary ($HG_BINARY when set) with the given
// arguments (no shell).
// `cwd`: the folder it runs in (default: the test's own).
CommandResult run_hourglass(const std::vector<std::string>& args, const std::string& cwd = "");

// The same in two halves, for tests that signal the process while it runs.
struct RunningHourglass {
  int pid = -1;
  std::string out_path, err_path;
};
RunningHourglass start_hourglass(const std::vector<std::string>& args, const std::string& cwd = "");
CommandResult wait_hourglass(const RunningHourglass& running);  // status 128 + signal when killed
// Any program (command[0], a path) started the same way; wait_hourglass waits for it.
RunningHourglass start_program(const std::vector<std::string>& command, const std::string& cwd = "");
// The binary run_hourglass runs.
std::string hourglass_binary();

// FNV-1a over every array of the network (nodes, edges, customs), in a fixed
// order: the generators' pinned fingerprints.
std::uint64_t network_fingerprint(const Network& net);

// make() with 1 and with 3 OpenMP threads gives the same network.
void expect_same_for_any_thread_count(const std::function<Network()>& make);

// Names the instances of a test over seeds by their seed (seed_7), not by
// their index: INSTANTIATE_TEST_SUITE_P(Seeds, Suite, ::testing::Range(1, 61), test::seed_name).
inline std::string seed_name(const ::testing::TestParamInfo<int>& info) { return "seed_" + std::to_string(info.param); }

// Builds networks node by node; codes are what edges refer to.
class NetworkBuilder {
 public:
  explicit NetworkBuilder(std::string name = "test", TimeUnit unit = TimeUnit::minute);
  NetworkBuilder& node(std::string code, std::string country = "CN", Time handling = 0, double demand = 0.0,
                       NodeKind kind = NodeKind::demand_zone);
  NetworkBuilder& edge(std::string_view from, std::string_view to, Time transit, EdgeMode mode = EdgeMode::road);
  NetworkBuilder& customs(std::string from, std::string to, Time time);
  NetworkBuilder& default_customs(Time time);
  Network build() const { return net_; }
  NodeId id(std::string_view code) const;

 private:
  Network net_;
  std::unordered_map<std::string, NodeId> index_;  // the first node of each code
};

struct RandomNetworkOptions {
  std::uint32_t nodes = 20;
  std::uint32_t edges = 60;
  Time max_transit = 50;
  double zero_weight_share = 0.1;   // edges with transit 0
  double self_loop_share = 0.05;
  double parallel_share = 0.1;      // edges that repeat an earlier pair
  double handling_share = 0.3;      // nodes with handling > 0
  std::uint32_t countries = 3;
  bool customs = true;
  std::uint32_t isolated = 2;       // nodes with no edges at all
};
// Deterministic for a given seed.
Network random_network(std::uint64_t seed, const RandomNetworkOptions& options = {});

// A side x side street grid in seconds, arterials every 8th row and column,
// some one-way streets: deep hierarchies and long shortcuts.
Network road_grid(std::uint32_t side, std::uint64_t seed);

}  // namespace hg::test
