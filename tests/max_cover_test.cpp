// The maximal covering planner (host/planning/max_cover.hpp) against brute
// force over every K-subset of small random instances: the plan is feasible,
// never above the optimum, and the bound never below it; with a target, the
// lower bound on sites never exceeds the true minimum. Plus hand-made cases
// with known answers and the thread-count independence of the bits.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "host/planning/lagrangian_bound.hpp"
#include "host/planning/max_cover.hpp"
#include "tests/support/cover_instances.hpp"

namespace hg {
namespace {

using test::Instance;
using test::random_instance;

bool feasible(const Instance& in, const std::vector<std::uint32_t>& plan) {
  if (in.max_per_group == 0 || in.group.empty()) return true;
  std::vector<std::uint32_t> taken(64, 0);
  for (const std::uint32_t j : plan)
    if (in.group[j] != kNoGroup && ++taken[in.group[j]] > in.max_per_group) return false;
  return true;
}

// The best demand over every feasible subset of exactly `k` candidates (or
// fewer when fewer are feasible).
double brute_force_best(const Instance& in, std::uint32_t k) {
  const MaxCoverInstance view = in.view();
  const std::uint32_t n = in.sets.candidates();
  double best = covered_demand(view, {});
  std::vector<std::uint32_t> plan;
  const auto search = [&](auto& self, std::uint32_t from) -> void {
    if (!feasible(in, plan)) return;
    best = std::max(best, covered_demand(view, plan));
    if (plan.size() == k) return;
    for (std::uint32_t j = from; j < n; ++j) {
      plan.push_back(j);
      self(self, j + 1);
      plan.pop_back();
    }
  };
  search(search, 0);
  return best;
}

TEST(MaxCover, NeverAboveTheOptimumAndTheBoundNeverBelowItOnRandomInstances) {
  int optimal = 0, cases = 0;
  double worst_ratio = 1, submodular_excess = 0, bound_excess = 0;
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    const Instance in = random_instance(seed, 12, 90 + seed, seed % 3 == 0, seed % 2 == 0 ? 4 : 0);
    for (std::uint32_t k = 1; k <= 4; ++k) {
      MaxCoverOptions options;
      options.sites = k;
      const MaxCoverResult r = solve_max_cover(in.view(), options);
      const double best = brute_force_best(in, k);
      ASSERT_LE(r.chosen.size(), k);
      ASSERT_TRUE(feasible(in, r.chosen)) << "seed " << seed << " k " << k;
      EXPECT_EQ(r.covered_demand, covered_demand(in.view(), r.chosen));
      EXPECT_LE(r.covered_demand, best * (1 + 1e-12)) << "seed " << seed << " k " << k;
      EXPECT_GE(r.upper_bound, best) << "seed " << seed << " k " << k;
      EXPECT_GE(r.upper_bound, r.covered_demand);
      EXPECT_LE(r.upper_bound, r.reachable_demand);
      ++cases;
      if (r.covered_demand >= best) ++optimal;
      EXPECT_LE(r.upper_bound, r.submodular_bound);
      submodular_excess += r.submodular_bound - best;
      bound_excess += r.upper_bound - best;
      const double ratio = best > 0 ? r.covered_demand / best : 1.0;
      // The greedy's own guarantee: 1 - 1/e of the optimum, 1/2 under a
      // group limit (a partition matroid); the fixed sites only help.
      EXPECT_GE(ratio, in.max_per_group != 0 ? 0.5 : 1 - 1 / std::exp(1.0)) << "seed " << seed << " k " << k;
      worst_ratio = std::min(worst_ratio, ratio);
    }
  }
  // Greedy, swaps and the restarts from the Lagrangian's plans are a
  // heuristic. On these small, tight instances 238 of the 240 plans are
  // optimal and the worst is 1 % short (greedy and swaps alone: 224, and
  // 11 % short); more misses than that are a regression.
  EXPECT_GE(optimal, 236) << optimal << " of " << cases << " optimal; worst ratio " << worst_ratio;
  EXPECT_GE(worst_ratio, 0.985);
  // The Lagrangian steps tighten the submodular bound: over these instances
  // they remove most of its excess over the optimum (98 % here today).
  EXPECT_LT(bound_excess, 0.1 * submodular_excess) << bound_excess << " against " << submodular_excess;
}

TEST(MaxCover, TargetShareLowerBoundNeverAboveTheFewestSitesThatReachIt) {
  // The Lagrangian probes raise the submodular count: proven by each probe,
  // so never above the fewest sites, and tight more often.
  int tight_submodular = 0, tight_lagrangian = 0, reached = 0;
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    const Instance in = random_instance(seed, 10, 80, seed % 2 == 0, 0);
    for (const double share : {0.5, 0.8, 0.95, 1.0}) {
      MaxCoverOptions options;
      options.target_share = share;
      const MaxCoverResult r = solve_max_cover(in.view(), options);
      options.bound_iterations = 0;
      const MaxCoverResult submodular = solve_max_cover(in.view(), options);
      EXPECT_EQ(submodular.chosen, r.chosen);
      EXPECT_GE(r.lower_bound_sites, submodular.lower_bound_sites);
      std::uint32_t fewest = 0;
      while (fewest <= 10 && brute_force_best(in, fewest) < r.target_demand) ++fewest;
      if (fewest > 10) {  // no plan reaches it
        EXPECT_FALSE(r.target_reached) << "seed " << seed << " share " << share;
        EXPECT_LT(r.reachable_demand, r.target_demand);
        continue;
      }
      ASSERT_TRUE(r.target_reached) << "seed " << seed << " share " << share;
      EXPECT_GE(r.covered_demand, r.target_demand);
      EXPECT_GE(r.chosen.size(), fewest);
      EXPECT_LE(r.lower_bound_sites, fewest) << "seed " << seed << " share " << share;
      ++reached;
      tight_submodular += submodular.lower_bound_sites == fewest;
      tight_lagrangian += r.lower_bound_sites == fewest;
    }
  }
  // Today all 87 reached targets get the exact count (54 from the submodular
  // count alone).
  EXPECT_GT(tight_lagrangian, tight_submodular) << tight_lagrangian << " and " << tight_submodular << " of "
                                                 << reached << " tight";
  EXPECT_GE(tight_lagrangian, reached * 9 / 10) << tight_lagrangian << " of " << reached << " tight";
}

// Greedy takes the big site first and is stuck one short; one swap finds
// the optimum (both small sites).
TEST(MaxCover, SwapsFixWhatTheGreedyMisses) {
  Instance in{CoverageSets(3, 6), std::vector<double>(6, 1.0), {}, {}, 0};
  for (std::uint32_t d : {0, 1, 2, 3}) in.sets.add(0, d);
  for (std::uint32_t d : {0, 1, 4}) in.sets.add(1, d);
  for (std::uint32_t d : {2, 3, 5}) in.sets.add(2, d);
  MaxCoverOptions options;
  options.sites = 2;
  options.local_search = false;
  options.bound_iterations = 0;  // no Lagrangian steps: their plans would restart the search
  const MaxCoverResult greedy = solve_max_cover(in.view(), options);
  EXPECT_EQ(greedy.chosen, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(greedy.covered_demand, 5.0);
  options.local_search = true;
  const MaxCoverResult swapped = solve_max_cover(in.view(), options);
  EXPECT_EQ(swapped.chosen, (std::vector<std::uint32_t>{2, 1}));
  EXPECT_EQ(swapped.covered_demand, 6.0);
  EXPECT_EQ(swapped.swaps, 1u);
  EXPECT_EQ(swapped.gain, (std::vector<double>{3.0, 3.0}));
  EXPECT_GE(swapped.upper_bound, 6.0);
}

TEST(MaxCover, FixedSitesCountOnceAndTheGroupLimitHolds) {
  // Candidates 0 and 1 share group 0; 2 is in group 1.
  Instance in{CoverageSets(3, 4), {10, 5, 4, 1}, empty_destination_set(4), {0, 0, 1}, 1};
  in.fixed[0] = 1;  // destination 0 is covered already
  in.sets.add(0, 0);
  in.sets.add(0, 1);
  in.sets.add(1, 2);
  in.sets.add(2, 3);
  MaxCoverOptions options;
  options.sites = 3;
  const MaxCoverResult r = solve_max_cover(in.view(), options);
  EXPECT_EQ(r.fixed_demand, 10.0);
  EXPECT_EQ(r.chosen, (std::vector<std::uint32_t>{0, 2}));  // 1 would be a second site of group 0
  EXPECT_EQ(r.gain, (std::vector<double>{5.0, 1.0}));
  EXPECT_EQ(r.covered_demand, 16.0);
  EXPECT_TRUE(r.exhausted);
  EXPECT_EQ(r.upper_bound, 16.0 * (1 + 1e-12));  // exact gains are zero: only the rounding allowance
}

TEST(MaxCover, TiesGoToTheTieBreakElseTheLowestIndex) {
  Instance in{CoverageSets(3, 2), {1, 1}, {}, {}, 0};
  in.sets.add(0, 0);
  in.sets.add(1, 1);
  in.sets.add(2, 0);
  MaxCoverOptions options;
  options.sites = 1;
  EXPECT_EQ(solve_max_cover(in.view(), options).chosen, (std::vector<std::uint32_t>{0}));
  std::vector<std::uint32_t> offered;
  options.tie_break = [&](std::span<const std::uint32_t> tied, std::span<const std::uint32_t> chosen) {
    offered.assign(tied.begin(), tied.end());
    EXPECT_TRUE(chosen.empty());
    return tied.back();
  };
  EXPECT_EQ(solve_max_cover(in.view(), options).chosen, (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(offered, (std::vector<std::uint32_t>{0, 1, 2}));
}

TEST(MaxCover, TheSameBitsForAnyThreadCount) {
  const Instance in = random_instance(7, 300, 5000, true, 20);
  MaxCoverOptions options;
  options.sites = 12;
  const MaxCoverResult one = solve_max_cover(in.view(), options);
  options.threads = 3;
  const MaxCoverResult three = solve_max_cover(in.view(), options);
  EXPECT_EQ(one.chosen, three.chosen);
  EXPECT_EQ(one.gain, three.gain);
  EXPECT_EQ(one.covered_demand, three.covered_demand);
  EXPECT_EQ(one.upper_bound, three.upper_bound);
}

// The full passes through options.full_gains (what the device runs, here a
// host function computing the same masked_demand one candidate a call, in
// reverse order): the same plan, bounds and sums, and the function is used.
TEST(MaxCover, FullPassesThroughAnOutsideFunctionGiveTheSameBits) {
  for (const bool target : {false, true}) {
    const Instance in = random_instance(9, 250, 3000, true, 15);
    MaxCoverOptions options;
    options.sites = target ? 0 : 10;
    options.target_share = target ? 0.9 : 0;
    const MaxCoverResult host = solve_max_cover(in.view(), options);
    int calls = 0;
    options.full_gains = [&](const std::uint64_t* mask, double* gains) {
      ++calls;
      for (std::uint32_t j = in.sets.candidates(); j-- > 0;)
        gains[j] = masked_demand(in.sets.row(j).data(), mask, in.demand.data(), in.sets.words());
    };
    const MaxCoverResult outside = solve_max_cover(in.view(), options);
    EXPECT_GE(calls, 2) << "target " << target;
    EXPECT_EQ(outside.chosen, host.chosen);
    EXPECT_EQ(outside.gain, host.gain);
    EXPECT_EQ(outside.covered_demand, host.covered_demand);
    EXPECT_EQ(outside.upper_bound, host.upper_bound);
    EXPECT_EQ(outside.lower_bound_sites, host.lower_bound_sites);
    EXPECT_EQ(outside.evaluations, host.evaluations);
  }
}

// The Lagrangian steps keep the candidates covering each destination as
// lists or as bitset columns, whichever is smaller: both layouts, and any
// thread count, give the same bound bit for bit (many candidates with small
// sets: lists; few with large ones: columns).
TEST(MaxCover, LagrangianLayoutsAndThreadsGiveTheSameBound) {
  for (const auto& [candidates, destinations] : {std::pair{900u, 1500u}, std::pair{60u, 4000u}}) {
    const Instance in = random_instance(13, candidates, destinations, true, 0);
    MaxCoverOptions greedy;
    greedy.sites = 8;
    greedy.bound_iterations = 0;
    const MaxCoverResult plan = solve_max_cover(in.view(), greedy);
    DestinationSet covered = in.fixed;
    for (const std::uint32_t j : plan.chosen)
      for (std::uint32_t w = 0; w < in.sets.words(); ++w) covered[w] |= in.sets.row(j)[w];
    std::vector<double> bounds;
    for (const auto layout : {LagrangianOptions::Layout::lists, LagrangianOptions::Layout::columns})
      for (const int threads : {1, 3}) {
        LagrangianOptions options;
        options.sites = 8;
        options.threads = threads;
        options.layout = layout;
        bounds.push_back(lagrangian_bound(in.view(), covered, plan.covered_demand, options).bound);
      }
    for (const double b : bounds) EXPECT_EQ(b, bounds[0]) << candidates << " candidates";
    EXPECT_GE(bounds[0], plan.covered_demand);
  }
}

TEST(MaxCover, SumsRunInTheDocumentedOrder) {
  // 1e16 + 1 + 1 - the order decides: words first, bits from the lowest.
  std::vector<double> demand(130, 0.0);
  demand[0] = 1e16;
  demand[1] = 1;
  demand[64] = 1;
  const DestinationSet set = full_destination_set(130);
  double expected = 0;
  expected += (1e16 + 1.0);  // word 0: bits 0 and 1 in order
  expected += 1.0;           // word 1
  EXPECT_EQ(masked_demand(set.data(), nullptr, demand.data(), cover_words(130)), expected);
}

}  // namespace
}  // namespace hg
