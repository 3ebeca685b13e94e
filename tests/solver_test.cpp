// The solver interface (host/solvers/solver.hpp), its factory and plans:
// every CPU solver built by make_solver — Floyd–Warshall, the GPU
// Floyd–Warshall kernels emulated on the CPU, Dijkstra, the PHAST sweeps in
// both directions, label-correcting — gives rows equal to brute-force path
// enumeration whatever the row blocks, and nearest origins equal to the
// reduction of those rows; the golden cases through the factory; row-block
// queues; the hooks; the plans of --method phast.

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <limits>
#include <numeric>

#include "host/core/errors.hpp"
#include "host/core/interrupt.hpp"
#include "host/model/compile.hpp"
#include "host/solvers/solver.hpp"
#include "host/solvers/solver_factory.hpp"
#include "host/solvers/solver_plan.hpp"
#include "host/solvers/time_width.hpp"
#include "tests/support/brute_force.hpp"
#include "tests/support/golden_cases.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using test::all_nodes;
using test::expected_stored;

// One CPU plan of every kind the factory builds (next hops where the method
// keeps them).
struct NamedPlan {
  std::string name;
  SolverPlan plan;
  bool hops;
};

std::vector<NamedPlan> every_cpu_plan(const Problem& p, std::size_t origins, std::size_t destinations, Time cap) {
  std::vector<NamedPlan> plans;
  plans.push_back({"fw", SolverPlan::cpu(Method::fw, "test"), true});
  for (const int width : {32, choose_width(WidthChoice::automatic, cap, p.path_bound)}) {
    SolverPlan emulated = SolverPlan::cpu(Method::fw, "test");
    emulated.fw_gpu = plan_fw_gpu(p, width, cap, false);
    emulated.emulate_gpu = true;
    plans.push_back({"fw emulated " + std::to_string(emulated.fw_gpu->compute_width), emulated, false});
  }
  plans.push_back({"sssp", SolverPlan::cpu(Method::sssp, "test"), true});
  const std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();
  for (const bool forward_only : {true, false}) {
    SolverPlan phast = plan_phast(p, Backend::cpu, phast_estimated_arcs(p), origins, destinations, unlimited,
                                  forward_only);
    const bool reverse = phast.phast_cpu->direction == SweepDirection::reverse;
    plans.push_back({reverse ? "phast reverse" : "phast forward", phast, false});
  }
  plans.push_back({"label-correcting", SolverPlan::cpu(Method::label_correcting, "test"), false});
  return plans;
}

// Every CPU plan on `net`, for every cap of `caps`, in blocks of 3 rows,
// against brute force: times, and next hops that start a shortest path.
void expect_every_cpu_plan_exact(const Network& net, const std::vector<Time>& caps, int seed) {
  const Problem p = compile(net, "random");
  const NodeId n = p.node_count;
  const std::vector<std::uint64_t> brute = test::brute_force_all_pairs(net);

  // Every node as origin, a few destinations in reverse order (fewer than
  // origins: the reverse sweeps get planned).
  SolverRequest request;
  request.origins = all_nodes(n);
  for (NodeId v = n; v-- > 0;)
    if (v % 2 == 0 || v == 1) request.destinations.push_back(v);
  const std::size_t cols = request.destinations.size();
  for (const Time cap : caps) {
    request.cap = cap;
    for (const NamedPlan& named : every_cpu_plan(p, n, cols, cap)) {
      request.hops = named.hops;
      const std::unique_ptr<Solver> solver = make_solver(p, named.plan, request);
      std::vector<std::uint32_t> times(std::size_t{n} * cols);
      std::vector<NodeId> hops(named.hops ? times.size() : 0);
      // Blocks of 3 rows: the last one partial, each solved on its own.
      LocalRowBlocks blocks(n, 3);
      while (const auto range = blocks.next())
        solver->solve_rows(*range, times.data() + std::size_t{range->first} * cols,
                           named.hops ? hops.data() + std::size_t{range->first} * cols : nullptr);
      for (NodeId o = 0; o < n; ++o)
        for (std::size_t j = 0; j < cols; ++j) {
          const NodeId d = request.destinations[j];
          const std::uint32_t want = expected_stored(brute[std::size_t{o} * n + d], cap);
          ASSERT_EQ(times[o * cols + j], want)
              << named.name << " (" << solver->describe() << ") seed " << seed << " cap " << cap << " " << o << "->" << d;
          if (named.hops) {
            const bool exact = want != kUnreachable32 && (cap == 0 || want <= cap);
            if (!exact || o == d) {
              EXPECT_EQ(hops[o * cols + j], kNoNode) << named.name << " " << o << "->" << d;
            } else {  // the next hop starts a shortest path: its edge plus the rest from it
              const NodeId h = hops[o * cols + j];
              ASSERT_NE(h, kNoNode) << named.name << " " << o << "->" << d;
              std::uint64_t leg = ~std::uint64_t{0};
              for (std::uint32_t e = p.forward.begin(o); e < p.forward.end(o); ++e)
                if (p.forward.arcs[e].target == h) leg = p.weight_from(o, o, e);
              const std::uint64_t rest = h == d ? 0 : brute[std::size_t{h} * n + d] + p.handling[h];
              EXPECT_EQ(leg + rest, brute[std::size_t{o} * n + d]) << named.name << " " << o << "->" << d;
            }
          }
        }
    }
  }
}

class Solvers : public ::testing::TestWithParam<int> {};

TEST_P(Solvers, EveryCpuSolverAgreesWithBruteForceInAnyRowBlocks) {
  const int seed = GetParam();
  test::RandomNetworkOptions options;
  options.nodes = 8 + static_cast<std::uint32_t>(seed % 3);
  options.edges = 16 + static_cast<std::uint32_t>(seed % 7);
  expect_every_cpu_plan_exact(test::random_network(static_cast<std::uint64_t>(seed), options), {0, 25}, seed);
}

// Weights up to 2^29: the networks whose N - 1 largest weights overflow but
// whose component bound fits (docs/design.md#the-path-bound). Times near
// 2^31 stay exact on every plan, and so does a cap of 10^9.
TEST(Solvers, EveryCpuSolverIsExactWhereOnlyTheComponentBoundFits) {
  int tried = 0;
  for (std::uint64_t seed = 0; tried < 12 && seed < 400; ++seed) {
    test::RandomNetworkOptions options;
    options.nodes = 8;
    options.edges = 16;
    options.max_transit = 1u << 29;
    const Network net = test::random_network(seed, options);
    const Problem p = compile(net, "random", OverflowPolicy::report);
    if (!p.refusal.empty() || p.path_bound_method != PathBoundMethod::component_searches) continue;
    ++tried;
    SCOPED_TRACE("seed " + std::to_string(seed) + ", path bound " + std::to_string(p.path_bound));
    expect_every_cpu_plan_exact(net, {0, 1'000'000'000}, static_cast<int>(seed));
  }
  EXPECT_EQ(tried, 12);
}

TEST_P(Solvers, NearestOriginsOfEverySolverEqualTheReductionOfRows) {
  const int seed = GetParam();
  const Network net = test::random_network(static_cast<std::uint64_t>(seed) + 100, {.nodes = 12, .edges = 30});
  const Problem p = compile(net, "random");
  const NodeId n = p.node_count;
  const std::vector<std::uint64_t> brute = test::brute_force_all_pairs(net);
  SolverRequest request;
  request.origins = {3, 1, 7, 10};  // not in node order: ties go to the lowest node, not the first origin
  request.destinations = all_nodes(n);
  for (const Time cap : {Time{0}, Time{20}}) {
    request.cap = cap;
    std::vector<std::uint32_t> rows;
    for (const NodeId o : request.origins)
      for (NodeId d = 0; d < n; ++d) rows.push_back(expected_stored(brute[std::size_t{o} * n + d], cap));
    const NearestOrigins want = nearest_origins_from_rows(request.origins, n, rows, cap);
    for (const NamedPlan& named : every_cpu_plan(p, request.origins.size(), n, cap)) {
      const NearestOrigins got = make_solver(p, named.plan, request)->nearest_origins();
      EXPECT_EQ(got.time, want.time) << named.name << " seed " << seed << " cap " << cap;
      EXPECT_EQ(got.origin, want.origin) << named.name << " seed " << seed << " cap " << cap;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, Solvers, ::testing::Range(1, 13), test::seed_name);

class SolversGolden : public ::testing::TestWithParam<test::GoldenCase> {};

// The plans solve would make for the golden cases, and the other CPU methods,
// reproduce every entry through the factory.
TEST_P(SolversGolden, EveryCpuPlanReproducesEveryEntry) {
  const test::Golden g = test::read_golden(GetParam());
  const Problem& p = g.problem;
  const NodeId n = p.node_count;
  SolverRequest request;
  request.origins = all_nodes(n);
  request.destinations = all_nodes(n);
  request.threads = 2;
  for (const MethodChoice method : {MethodChoice::automatic, MethodChoice::fw, MethodChoice::sssp, MethodChoice::phast}) {
    SolverChoices choices;
    choices.origins = n;
    choices.destinations = n;
    choices.backend = BackendChoice::cpu;
    choices.method = method;
    choices.memory_budget = std::uint64_t{1} << 30;
    const SolverPlan plan = plan_solver(p, choices);
    const std::unique_ptr<Solver> solver = make_solver(p, plan, request);
    std::vector<std::uint32_t> times(std::size_t{n} * n);
    solver->solve_rows({0, n}, times.data(), nullptr);
    EXPECT_EQ(times, g.expected) << solver->describe();
  }
  SolverPlan emulated = SolverPlan::cpu(Method::fw, "test");
  emulated.fw_gpu = plan_fw_gpu(p, 32, 0, false);
  emulated.emulate_gpu = true;
  std::vector<std::uint32_t> times(std::size_t{n} * n);
  make_solver(p, emulated, request)->solve_rows({0, n}, times.data(), nullptr);
  EXPECT_EQ(times, g.expected) << "fw emulated";
}

INSTANTIATE_TEST_SUITE_P(Golden, SolversGolden, ::testing::ValuesIn(test::kGoldenCases), test::golden_case_name);

TEST(RowBlocks, EveryRowOnceInOrderAndDoneBlocksLeftOut) {
  LocalRowBlocks all(10, 4);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> got;
  while (const auto r = all.next()) got.emplace_back(r->first, r->count);
  EXPECT_EQ(got, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 4}, {4, 4}, {8, 2}}));
  EXPECT_FALSE(all.next());

  LocalRowBlocks resumed(10, 4, [](std::uint32_t b) { return b != 1; });
  const auto only = resumed.next();
  ASSERT_TRUE(only);
  EXPECT_EQ(only->first, 4u);
  EXPECT_EQ(resumed.block_of(*only), 1u);
  EXPECT_FALSE(resumed.next());

  LocalRowBlocks none(0, 4);
  EXPECT_FALSE(none.next());
}

TEST(SolverHooks, PreparationReportsItsStepsAndNotes) {
  const Problem p = compile(test::road_grid(12, 3), "grid");
  SolverRequest request;
  request.origins = {0, 5, 77};
  request.destinations = all_nodes(p.node_count);
  std::vector<std::string> steps, notes;
  SolverHooks hooks;
  hooks.progress = [&](std::string_view step, std::uint64_t done, std::uint64_t total) {
    steps.push_back(std::string(step) + " " + std::to_string(done) + "/" + std::to_string(total));
  };
  hooks.note = [&](const std::string& line) { notes.push_back(line); };
  const std::unique_ptr<Solver> solver =
      make_solver(p, plan_phast(p, Backend::cpu, phast_estimated_arcs(p), 3, p.node_count, std::uint64_t{1} << 30, true),
                  request, hooks);
  solver->prepare();
  solver->prepare();  // once only
  EXPECT_EQ(steps, (std::vector<std::string>{"contraction hierarchy 0/1", "contraction hierarchy 1/1"}));
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[0].find("levels"), std::string::npos) << notes[0];
  EXPECT_NE(notes[1].find("phast on the CPU, forward sweeps"), std::string::npos) << notes[1];
  EXPECT_NE(solver->describe().find("phast (cpu, "), std::string::npos) << solver->describe();
  EXPECT_GT(solver->figures().value("hierarchy_arcs", 0), 0);
}

TEST(SolverHooks, AStopRequestEndsTheRowReductionWithInterrupted) {
  const Problem p = compile(test::random_network(5, {.nodes = 30, .edges = 90}), "random");
  SolverRequest request;
  request.origins = all_nodes(p.node_count);
  request.destinations = all_nodes(p.node_count);
  SolverHooks hooks;
  hooks.stop_requested = [] { return SIGTERM; };
  const auto solver = make_solver(p, SolverPlan::cpu(Method::label_correcting, "test"), request, hooks);
  try {
    solver->nearest_origins();
    ADD_FAILURE() << "no Interrupted";
  } catch (const Interrupted& e) {
    EXPECT_EQ(e.signal(), SIGTERM);
  }
}

TEST(SolverPlans, PhastOnTheCpuOnRequest) {
  const Problem p = compile(test::road_grid(40, 1), "grid");
  SolverChoices c;
  c.origins = 100;
  c.destinations = p.node_count;
  c.backend = BackendChoice::cpu;
  c.method = MethodChoice::phast;
  c.memory_budget = std::uint64_t{1} << 30;
  SolverPlan plan = plan_solver(p, c);
  EXPECT_EQ(plan.method, Method::phast);
  ASSERT_TRUE(plan.phast_cpu);
  EXPECT_EQ(plan.phast_cpu->direction, SweepDirection::forward);
  EXPECT_EQ(plan.phast_cpu->lanes, kPhastCpuMaxLanes);
  EXPECT_EQ(plan.phast_cpu->batches, 2u);
  EXPECT_EQ(plan.host_bytes, plan.phast_cpu->host_bytes);
  EXPECT_NE(plan.compute_line().find("phast on the CPU"), std::string::npos);

  // Fewer destinations than origins, and few: one reverse batch from them.
  c.destinations = 6;
  plan = plan_solver(p, c);
  EXPECT_EQ(plan.phast_cpu->direction, SweepDirection::reverse);
  EXPECT_EQ(plan.phast_cpu->lanes, 8u);

  // A small budget: fewer lanes; too small for 8 lanes: too-large.
  c.destinations = p.node_count;
  const std::uint64_t fixed = phast_hierarchy_host_bytes(p.node_count, phast_estimated_arcs(p));
  c.memory_budget = 2 * (fixed + 10 * phast_lane_bytes(p.node_count));
  plan = plan_solver(p, c);
  EXPECT_EQ(plan.phast_cpu->lanes, 8u);
  EXPECT_LE(plan.host_bytes, c.memory_budget / 2);
  c.memory_budget = 2 * fixed;
  test::expect_input_error([&] { plan_solver(p, c); }, ErrorKind::too_large, "--method phast");

  // The sweeps keep no next hops.
  c.memory_budget = std::uint64_t{1} << 30;
  c.hops = true;
  test::expect_input_error([&] { plan_solver(p, c); }, ErrorKind::usage, "--method phast keeps no next hops");
}

TEST(SolverPlans, TheFactoryRefusesWhatNoSolverAnswers) {
  const Problem p = compile(test::random_network(2), "random");
  SolverRequest request;
  request.origins = {0};
  request.destinations = {1};
  SolverPlan gpu_dijkstra = SolverPlan::cpu(Method::sssp, "test");
  gpu_dijkstra.backend.backend = Backend::gpu;
  test::expect_input_error([&] { make_solver(p, gpu_dijkstra, request); }, ErrorKind::usage, "Dijkstra runs on the CPU");
  request.hops = true;
  test::expect_input_error([&] { make_solver(p, SolverPlan::cpu(Method::label_correcting, "test"), request); },
                           ErrorKind::usage, "no next hops");
  test::expect_input_error([&] { make_solver(p, SolverPlan::cpu(Method::phast, "test"), request); }, ErrorKind::usage,
                           "no next hops");
}

}  // namespace
}  // namespace hg
