// The path bound (host/model/path_bound.hpp, docs/design.md#the-path-bound):
// sound against brute force on random networks with huge weights, tight where
// the sum of the largest weights is not, refusing exactly the networks whose
// times do not fit, and end to end: every command on a network the old bound
// refused, and a clear refusal where a shortest time really overflows.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include <nlohmann/json.hpp>

#include "host/model/compile.hpp"
#include "host/model/path_bound.hpp"
#include "io/result.hpp"
#include "io/snapshot.hpp"
#include "tests/support/brute_force.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;
constexpr std::uint64_t kNone = ~std::uint64_t{0};

// Three disjoint two-way pairs of 700,000,000: the 5 largest weights sum to
// 3.5e9, beyond 2^31 - 1, but no shortest time exceeds 7e8.
Network three_pairs() {
  test::NetworkBuilder b("pairs", TimeUnit::second);
  for (const char* code : {"a1", "a2", "b1", "b2", "c1", "c2"}) b.node(code, "ZZ");
  for (const char* pair : {"a", "b", "c"}) {
    b.edge(fmt::format("{}1", pair), fmt::format("{}2", pair), 700'000'000);
    b.edge(fmt::format("{}2", pair), fmt::format("{}1", pair), 700'000'000);
  }
  return b.build();
}

// A one-way chain s -> m -> t of 1.2e9 each: d(s, t) = 2.4e9 does not fit.
Network overflowing_chain() {
  test::NetworkBuilder b("chain", TimeUnit::second);
  b.node("s", "ZZ").node("m", "ZZ").node("t", "ZZ");
  b.edge("s", "m", 1'200'000'000).edge("m", "t", 1'200'000'000);
  return b.build();
}

TEST(PathBound, ComponentSearchesWhereTheLargestWeightsOverflow) {
  const Problem p = compile(three_pairs(), "pairs.h5");
  EXPECT_EQ(largest_weights_bound(p.forward, p.node_count), 3'500'000'000u);
  EXPECT_EQ(p.path_bound_method, PathBoundMethod::component_searches);
  EXPECT_EQ(p.strong_components, 3u);
  // Each pair: 7e8 out of its root and 7e8 back in.
  EXPECT_EQ(p.path_bound, 1'400'000'000u);
  EXPECT_TRUE(p.refusal.empty());
}

TEST(PathBound, SmallNetworksKeepTheLargestWeights) {
  test::NetworkBuilder b;
  b.node("a").node("b").node("c").edge("a", "b", 5).edge("b", "c", 7).edge("c", "a", 11);
  const Problem p = compile(b.build(), "small.h5");
  EXPECT_EQ(p.path_bound_method, PathBoundMethod::largest_weights);
  EXPECT_EQ(p.path_bound, 18u);  // the 2 largest of 5, 7, 11
  EXPECT_EQ(p.strong_components, 0u);
}

TEST(PathBound, RefusalNamesThePairThatOverflows) {
  try {
    compile(overflowing_chain(), "chain.h5");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::path_overflow);
    const std::string what = e.what();
    EXPECT_NE(what.find("from node 0 ('s') to node 2 ('t') is 2400000000 seconds"), std::string::npos) << what;
  }
  // Reported instead of thrown, for `info`.
  const Problem p = compile(overflowing_chain(), "chain.h5", OverflowPolicy::report);
  EXPECT_NE(p.refusal.find("('s') to node 2 ('t')"), std::string::npos) << p.refusal;
}

// The pair a refusal names: "from node I ('…') to node J ('…') is T …".
struct NamedPair {
  std::size_t from, to;
  std::uint64_t time;
};
std::optional<NamedPair> named_pair(const std::string& text) {
  const auto number_after = [&](const std::string& marker, std::size_t from) -> std::optional<std::size_t> {
    const std::size_t at = text.find(marker, from);
    return at == std::string::npos ? std::nullopt : std::optional<std::size_t>(at + marker.size());
  };
  const auto from = number_after("from node ", 0);
  if (!from) return std::nullopt;
  const auto to = number_after(" to node ", *from);
  const auto time = to ? number_after(") is ", *to) : std::nullopt;
  if (!time) return std::nullopt;
  return NamedPair{std::stoul(text.substr(*from)), std::stoul(text.substr(*to)), std::stoull(text.substr(*time))};
}

// Random networks with weights up to 2^29 (customs and handling on top):
// the bound is at least every folded shortest time; compile refuses every
// network where one of them reaches the infinity, accepts every network whose
// component bound fits, and a pair it names has the time it states.
TEST(PathBound, SoundAgainstBruteForceOnRandomNetworks) {
  int accepted = 0, refused = 0, by_components = 0;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    test::RandomNetworkOptions o;
    o.nodes = 6 + static_cast<std::uint32_t>(seed % 5);
    o.edges = 2 * o.nodes;
    o.max_transit = (seed % 3 == 0) ? (1u << 30) : (1u << 29);
    o.isolated = 1;
    const Network net = test::random_network(seed, o);
    const std::vector<std::uint64_t> brute = test::brute_force_all_pairs(net);
    const std::size_t n = net.nodes.size();
    std::uint64_t longest = 0;  // the largest folded shortest time
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        if (i != j && brute[i * n + j] != kNone)
          longest = std::max(longest, brute[i * n + j] + net.nodes.handling_time[i]);

    const Problem reported = compile(net, "random.h5", OverflowPolicy::report);
    const ComponentBound bound = component_bound(reported);
    EXPECT_GE(bound.value, longest);
    if (reported.refusal.empty()) {
      ++accepted;
      by_components += reported.path_bound_method == PathBoundMethod::component_searches;
      EXPECT_GE(reported.path_bound, longest);
      EXPECT_LT(reported.path_bound, kInfinity);
      EXPECT_NO_THROW(compile(net, "random.h5"));
      continue;
    }
    ++refused;
    EXPECT_GE(bound.value, kInfinity) << reported.refusal;
    EXPECT_THROW(compile(net, "random.h5"), InputError);
    if (const std::optional<NamedPair> named = named_pair(reported.refusal)) {
      const std::size_t i = named->from, j = named->to;
      EXPECT_EQ(brute[i * n + j] + net.nodes.handling_time[i], named->time) << reported.refusal;
      EXPECT_GE(named->time, kInfinity);
    } else {
      EXPECT_NE(reported.refusal.find("could not be proved"), std::string::npos) << reported.refusal;
    }
  }
  // The seeds cover every branch.
  EXPECT_GT(accepted, 20);
  EXPECT_GT(refused, 20);
  EXPECT_GT(by_components, 5);
}

TEST(PathBound, FarthestFromIsTheExactLongestTime) {
  const Problem p = compile(overflowing_chain(), "chain.h5", OverflowPolicy::report);
  const Farthest far = farthest_from(p.forward, 0);
  EXPECT_EQ(far.node, 2u);
  EXPECT_EQ(far.time, 2'400'000'000u);
}

// --- End to end ---------------------------------------------------------

std::vector<std::uint32_t> read_all(const std::string& file) {
  const io::ResultReader r(file);
  std::vector<std::uint32_t> t(std::size_t{r.meta().rows} * r.meta().cols);
  r.read_rows(0, r.meta().rows, t.data(), nullptr);
  return t;
}

nlohmann::json read_json(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

TEST(PathBoundCli, EveryCommandRunsWhereOnlyTheOldBoundOverflowed) {
  const fs::path dir = test::temp_dir();
  const Network net = three_pairs();
  const std::string snapshot = (dir / "pairs.h5").string();
  io::write_snapshot(snapshot, net, {});
  std::vector<std::uint32_t> want;
  for (const std::uint64_t t : test::brute_force_all_pairs(net)) want.push_back(test::expected_stored(t, 0));

  const auto info = test::run_hourglass({"info", snapshot, "--json", (dir / "info.json").string()});
  ASSERT_EQ(info.status, 0) << info.err;
  EXPECT_NE(info.out.find("path bound 1400000000 seconds (component-searches over 3 strongly connected components)"),
            std::string::npos)
      << info.out;
  const nlohmann::json bound = read_json(dir / "info.json")["snapshots"][0]["path_bound"];
  EXPECT_EQ(bound["value"], 1'400'000'000u);
  EXPECT_EQ(bound["method"], "component-searches");

  for (const char* method : {"sssp", "fw", "phast"}) {
    SCOPED_TRACE(method);
    const std::string out = (dir / fmt::format("{}.h5", method)).string();
    const auto r = test::run_hourglass({"solve", snapshot, "--method", method, "-o", out});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(read_all(out), want);
  }
  const auto capped = test::run_hourglass(
      {"solve", snapshot, "--max-hours", "10", "-o", (dir / "capped.h5").string()});
  EXPECT_EQ(capped.status, 0) << capped.err;
  const auto verify = test::run_hourglass({"verify", snapshot, "--method", "phast"});
  EXPECT_EQ(verify.status, 0) << verify.err << verify.out;
  const auto coverage = test::run_hourglass({"coverage", snapshot, "--origins", "a1,b1", "--hours", "24"});
  EXPECT_EQ(coverage.status, 0) << coverage.err;
}

TEST(PathBoundCli, AnOverflowingNetworkIsRefusedAndDescribed) {
  const fs::path dir = test::temp_dir();
  const std::string snapshot = (dir / "chain.h5").string(), out = (dir / "r.h5").string();
  io::write_snapshot(snapshot, overflowing_chain(), {});
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"solve", snapshot, "-o", out}, {"verify", snapshot},
        {"coverage", snapshot, "--origins", "s", "--hours", "24"}}) {
    const auto r = test::run_hourglass(args);
    EXPECT_EQ(r.status, 2) << args[0];
    EXPECT_NE(r.err.find("error [path-overflow]"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("from node 0 ('s') to node 2 ('t') is 2400000000 seconds"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".partial"));
  const auto info = test::run_hourglass({"info", snapshot});
  EXPECT_EQ(info.status, 0) << info.err;
  EXPECT_NE(info.out.find("no solver can run it"), std::string::npos) << info.out;
}

}  // namespace
}  // namespace hg
