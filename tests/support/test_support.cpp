#include "tests/support/test_support.hpp"

#include <omp.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <bit>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "tests/support/temp_dir.hpp"

extern char** environ;

namespace hg::test {

namespace fs = std::filesystem;

namespace {
// An environment variable when set and not empty, else the compiled-in path:
// test binaries copied to another machine (scripts/gpu-check.sh) find their
// data, the hourglass binary and the sources there.
std::string env_or(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  return value && *value ? std::string(value) : std::string(fallback);
}
}  // namespace

std::string data_file(std::string_view name) {
  return env_or("HG_TEST_DATA_DIR", HG_TEST_DATA_DIR) + "/" + std::string(name);
}

std::string source_dir() { return env_or("HG_SOURCE_DIR", HG_SOURCE_DIR); }


std::string write_file(const fs::path& dir, const std::string& name, std::string_view text) {
  const fs::path path = dir / name;
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return path.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  return true;
}
}  // namespace

void expect_same_network(const Network& a, const Network& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.time_unit, b.time_unit);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.valid_from, b.valid_from);
  EXPECT_EQ(a.default_customs_time, b.default_customs_time);
  EXPECT_EQ(a.extra_attributes, b.extra_attributes);
  EXPECT_TRUE(a.nodes.code == b.nodes.code);
  EXPECT_TRUE(a.nodes.name == b.nodes.name);
  EXPECT_EQ(a.nodes.kind, b.nodes.kind);
  EXPECT_TRUE(a.nodes.country == b.nodes.country);
  EXPECT_TRUE(same_bits(a.nodes.lat, b.nodes.lat));
  EXPECT_TRUE(same_bits(a.nodes.lon, b.nodes.lon));
  EXPECT_EQ(a.nodes.handling_time, b.nodes.handling_time);
  EXPECT_TRUE(same_bits(a.nodes.demand, b.nodes.demand));
  EXPECT_EQ(a.edges.src, b.edges.src);
  EXPECT_EQ(a.edges.dst, b.edges.dst);
  EXPECT_EQ(a.edges.mode, b.edges.mode);
  EXPECT_EQ(a.edges.transit_time, b.edges.transit_time);
  EXPECT_EQ(a.has_customs, b.has_customs);
  EXPECT_TRUE(a.customs.from == b.customs.from);
  EXPECT_TRUE(a.customs.to == b.customs.to);
  EXPECT_EQ(a.customs.time, b.customs.time);
}

void expect_input_error(const std::function<void()>& action, ErrorKind kind, const std::string& where) {
  try {
    action();
    ADD_FAILURE() << "no error; expected " << error_kind_name(kind) << " at " << where;
  } catch (const InputError& e) {
    EXPECT_EQ(error_kind_name(e.kind()), error_kind_name(kind)) << e.what();
    EXPECT_NE(std::string(e.what()).find(where), std::string::npos)
        << "message: " << e.what() << "\nexpected: " << where;
  }
}

fs::path temp_dir() {
  static std::atomic<int> counter{0};
  fs::path dir = process_temp_dir() / fmt::format("t{}", counter++);
  fs::create_directories(dir);
  return dir;
}

CommandResult run_hourglass(const std::vector<std::string>& args, const std::string& cwd) {
  return wait_hourglass(start_hourglass(args, cwd));
}

std::string hourglass_binary() { return env_or("HG_BINARY", HG_BINARY); }

RunningHourglass start_hourglass(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> command{hourglass_binary()};
  command.insert(command.end(), args.begin(), args.end());
  return start_program(command, cwd);
}

RunningHourglass start_program(const std::vector<std::string>& command, const std::string& cwd) {
  const fs::path dir = temp_dir();
  const std::string out_path = (dir / "stdout").string(), err_path = (dir / "stderr").string();
  const std::string& binary = command.front();
  std::vector<std::string> argv_storage = command;
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + binary);
  return {pid, out_path, err_path};
}

CommandResult wait_hourglass(const RunningHourglass& running) {
  int status = 0;
  waitpid(running.pid, &status, 0);
  CommandResult result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(running.out_path);
  result.err = read_file(running.err_path);
  return result;
}

NetworkBuilder::NetworkBuilder(std::string name, TimeUnit unit) {
  net_.name = std::move(name);
  net_.time_unit = unit;
}

NetworkBuilder& NetworkBuilder::node(std::string code, std::string country, Time handling, double demand,
                                     NodeKind kind) {
  net_.nodes.name.push_back("node " + code);
  index_.emplace(code, static_cast<NodeId>(net_.nodes.code.size()));
  net_.nodes.code.push_back(code);
  net_.nodes.kind.push_back(static_cast<std::uint8_t>(kind));
  net_.nodes.country.push_back(country);
  net_.nodes.lat.push_back(30.0 + 0.01 * static_cast<double>(net_.nodes.lat.size()));
  net_.nodes.lon.push_back(120.0);
  net_.nodes.handling_time.push_back(handling);
  net_.nodes.demand.push_back(demand);
  return *this;
}

NodeId NetworkBuilder::id(std::string_view code) const {
  if (const auto it = index_.find(std::string(code)); it != index_.end()) return it->second;
  throw std::runtime_error("NetworkBuilder: unknown code " + std::string(code));
}

NetworkBuilder& NetworkBuilder::edge(std::string_view from, std::string_view to, Time transit, EdgeMode mode) {
  net_.edges.src.push_back(id(from));
  net_.edges.dst.push_back(id(to));
  net_.edges.mode.push_back(static_cast<std::uint8_t>(mode));
  net_.edges.transit_time.push_back(transit);
  return *this;
}

NetworkBuilder& NetworkBuilder::customs(std::string from, std::string to, Time time) {
  net_.has_customs = true;
  net_.customs.from.push_back(from);
  net_.customs.to.push_back(to);
  net_.customs.time.push_back(time);
  return *this;
}

NetworkBuilder& NetworkBuilder::default_customs(Time time) {
  net_.default_customs_time = time;
  return *this;
}

Network random_network(std::uint64_t seed, const RandomNetworkOptions& o) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&](std::uint64_t bound) { return static_cast<std::uint32_t>(rng() % bound); };
  const auto chance = [&](double p) { return static_cast<double>(rng() >> 11) * 0x1.0p-53 < p; };
  static const char* kCountries[] = {"CN", "DE", "NA", "US", "FR", "BR", "JP", "IN"};
  const std::uint32_t countries = std::min<std::uint32_t>(o.countries, 8);

  NetworkBuilder b("random");
  for (std::uint32_t i = 0; i < o.nodes; ++i)
    b.node(fmt::format("n{}", i), kCountries[uniform(countries)], chance(o.handling_share) ? 1 + uniform(30) : 0,
           static_cast<double>(uniform(1000)), static_cast<NodeKind>(uniform(kNodeKindCount)));
  Network net = b.build();
  const std::uint32_t connected = o.nodes > o.isolated ? o.nodes - o.isolated : o.nodes;
  for (std::uint32_t e = 0; e < o.edges && connected > 0; ++e) {
    NodeId u, v;
    if (e > 0 && chance(o.parallel_share)) {
      const std::size_t k = uniform(net.edges.size());
      u = net.edges.src[k];
      v = net.edges.dst[k];
    } else {
      u = uniform(connected);
      v = chance(o.self_loop_share) ? u : uniform(connected);
    }
    net.edges.src.push_back(u);
    net.edges.dst.push_back(v);
    net.edges.mode.push_back(static_cast<std::uint8_t>(uniform(kEdgeModeCount)));
    net.edges.transit_time.push_back(chance(o.zero_weight_share) ? 0 : 1 + uniform(o.max_transit));
  }
  if (o.customs && countries > 1) {
    net.has_customs = true;
    net.default_customs_time = 7 + uniform(20);
    for (std::uint32_t a = 0; a < countries; ++a)
      for (std::uint32_t c = 0; c < countries; ++c)
        if (a != c && chance(0.5)) {
          net.customs.from.push_back(kCountries[a]);
          net.customs.to.push_back(kCountries[c]);
          net.customs.time.push_back(uniform(40));
        }
  }
  // Customs rows may only name countries that occur: drop the others.
  CustomsTable kept;
  for (std::size_t r = 0; r < net.customs.size(); ++r) {
    bool from_ok = false, to_ok = false;
    for (std::size_t i = 0; i < net.nodes.size(); ++i) {
      from_ok |= net.nodes.country[i] == net.customs.from[r];
      to_ok |= net.nodes.country[i] == net.customs.to[r];
    }
    if (from_ok && to_ok) {
      kept.from.push_back(net.customs.from[r]);
      kept.to.push_back(net.customs.to[r]);
      kept.time.push_back(net.customs.time[r]);
    }
  }
  net.customs = kept;
  return net;
}

// A road-like grid: hundreds of levels, shortcuts over long distances.
Network road_grid(std::uint32_t side, std::uint64_t seed) {
  NetworkBuilder b("grid", TimeUnit::second);
  std::uint64_t state = seed;
  const auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<Time>(state >> 33);
  };
  for (std::uint32_t i = 0; i < side * side; ++i) b.node(std::to_string(i), "ZZ");
  for (std::uint32_t r = 0; r < side; ++r)
    for (std::uint32_t c = 0; c < side; ++c) {
      const std::string here = std::to_string(r * side + c);
      const bool arterial = r % 8 == 0 || c % 8 == 0;
      if (c + 1 < side) {
        const std::string right = std::to_string(r * side + c + 1);
        b.edge(here, right, 10 + next() % (arterial ? 10 : 60));
        b.edge(right, here, 10 + next() % (arterial ? 10 : 60));
      }
      if (r + 1 < side) {
        const std::string down = std::to_string((r + 1) * side + c);
        b.edge(here, down, 10 + next() % 60);
        if (next() % 5 != 0) b.edge(down, here, 10 + next() % 60);  // some one-way streets
      }
    }
  return b.build();
}


void expect_same_for_any_thread_count(const std::function<Network()>& make) {
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const Network one = make();
  omp_set_num_threads(3);
  const Network three = make();
  omp_set_num_threads(before);
  expect_same_network(one, three);
}

std::uint64_t network_fingerprint(const Network& net) {
  std::uint64_t hash = 14695981039346656037ull;
  const auto bytes = [&hash](const void* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) hash = (hash ^ static_cast<const unsigned char*>(data)[i]) * 1099511628211ull;
  };
  const auto add = [&bytes](const auto& v) {
    if (!v.empty()) bytes(v.data(), v.size() * sizeof(v[0]));
  };
  const auto add_strings = [&bytes](const StringColumn& column) {
    for (std::size_t i = 0; i < column.size(); ++i) bytes(column[i].data(), column[i].size()), bytes("", 1);
  };
  add_strings(net.nodes.code), add_strings(net.nodes.name), add_strings(net.nodes.country), add(net.nodes.kind);
  add(net.nodes.lat), add(net.nodes.lon), add(net.nodes.handling_time), add(net.nodes.demand);
  add(net.edges.src), add(net.edges.dst), add(net.edges.mode), add(net.edges.transit_time);
  add_strings(net.customs.from), add_strings(net.customs.to), add(net.customs.time);
  return hash;
}

}  // namespace hg::test
