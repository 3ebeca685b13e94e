#pragma once
// Maximal covering location (docs/planning.md): choose sites among
// candidates so that the demand of the destinations they reach within a
// threshold — each destination counted once, together with fixed sites
// that exist already — is as large as possible.
//
// - Greedy with lazy evaluation (Minoux; Leskovec et al. call it CELF): a
//   candidate's gain only shrinks as sites are added (coverage is
//   submodular), so a stale gain is an upper bound and most candidates are
//   never evaluated again. Ties in gain go to the job's tie break (the
//   lower demand-weighted transit time), else the lowest index.
// - A per-group limit (at most N new sites a country) is honoured by the
//   greedy, the swaps and the bound.
// - Local search: a chosen site is swapped for an unchosen one while that
//   strictly raises the demand covered.
// - A proven bound, the smaller of two. First, for any set S and any plan T
//   of K sites,
//   f(T) <= f(S) + sum over T of gain(j | S) (submodularity), and a stale
//   gain bounds the gain; the best T under the limits takes the K largest
//   bounds, group by group. The smallest such bound over every greedy step
//   bounds the optimum with K sites; for a target share, no plan with fewer
//   sites than the largest count any step needs can reach it. Then, with K
//   sites, the Lagrangian bound of host/planning/lagrangian_bound.hpp.
//
// Demand sums run in the fixed order of kernels/planning/cover_sums.cuh, so
// results are the same bits for any thread count (and on the device).

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "host/planning/coverage_sets.hpp"

namespace hg {

inline constexpr std::uint32_t kNoGroup = 0xFFFFFFFFu;

// Floating-point sums of the same demand in another order can differ in the
// last bits; a bound is raised by this share so that it stays a bound.
inline constexpr double kBoundRounding = 1e-12;

struct MaxCoverInstance {
  const CoverageSets* sets = nullptr;  // candidates x destinations
  std::span<const double> demand;      // per destination position, finite and >= 0
  DestinationSet fixed;                // destinations the fixed sites cover; empty: no fixed sites
  std::vector<std::uint32_t> group;    // per candidate: its group (country), kNoGroup for none; empty: none
  std::uint32_t max_per_group = 0;     // new sites a group may take; 0: no limit
};

// Picks one of `tied` (candidates adding the same demand, ascending) given
// the sites chosen so far.
using TieBreak =
    std::function<std::uint32_t(std::span<const std::uint32_t> tied, std::span<const std::uint32_t> chosen)>;

struct MaxCoverOptions {
  std::uint32_t sites = 0;   // K: the most demand with K new sites; 0: target_share instead
  double target_share = 0;   // the fewest new sites whose coverage reaches this share of the total demand
  bool local_search = true;  // swaps after the greedy (with sites)
  // With sites: subgradient steps of the Lagrangian bound
  // (host/planning/lagrangian_bound.hpp) after the submodular one; 0: none.
  std::uint32_t bound_iterations = 300;
  int threads = 1;
  TieBreak tie_break;        // empty: the lowest index
  // Every candidate's gain under a mask at once: out[j] = the demand of
  // set j & mask (the device, host/solvers/cover_gains.hpp). Empty: the
  // host's threads. Either way masked_demand, so the same bits.
  std::function<void(const std::uint64_t* mask, double* gains)> full_gains;
};

struct MaxCoverResult {
  std::vector<std::uint32_t> chosen;  // in the order chosen; a swap takes the place of the site it replaced
  std::vector<double> gain;           // each one's added demand, in that order after the fixed sites
  std::vector<double> loss;           // evaluate_sites: each one's removal loss (removal_losses)
  double total_demand = 0;            // every destination
  double fixed_demand = 0;            // covered by the fixed sites alone
  double covered_demand = 0;          // fixed and chosen sites together
  double reachable_demand = 0;        // fixed and every candidate together: the most any plan covers
  double target_demand = 0;           // target_share x total_demand (with a target)
  bool target_reached = false;
  // With K sites: every plan of at most K sites within the group limit
  // covers at most this much demand (at least covered_demand).
  double upper_bound = 0;
  // With a target: no plan of fewer new sites reaches it.
  std::uint32_t lower_bound_sites = 0;
  // The greedy stopped early: no candidate left adds demand (or none may
  // be taken under the group limit).
  bool exhausted = false;
  std::uint32_t swaps = 0;
  // With sites: local searches from the Lagrangian's plans that ended above
  // the plan before them (and replaced it).
  std::uint32_t restarts = 0;
  std::uint32_t bound_iterations = 0;  // Lagrangian steps taken
  double submodular_bound = 0;         // the greedy's bound alone (with sites), for comparison
  std::uint64_t evaluations = 0;  // gains computed, the first pass included
};

// The number of groups (the largest group index + 1; 0 without groups).
std::uint32_t group_count(const MaxCoverInstance& instance);

MaxCoverResult solve_max_cover(const MaxCoverInstance& instance, const MaxCoverOptions& options);

// The demand covered by the fixed sites and `sites` together.
double covered_demand(const MaxCoverInstance& instance, std::span<const std::uint32_t> sites);

// What-if: the given sites (all candidates, in order) as a plan: covered
// demand, each site's added demand in order and its removal loss; no bound.
MaxCoverResult evaluate_sites(const MaxCoverInstance& instance);

// For each of `sites`, the demand no longer covered if it alone were
// removed: what it covers and neither the fixed sites nor the other sites do.
std::vector<double> removal_losses(const MaxCoverInstance& instance, std::span<const std::uint32_t> sites);

}  // namespace hg
