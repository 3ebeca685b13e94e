#pragma once
// A tighter upper bound on maximal covering with K sites (docs/planning.md,
// "The bound"): the Lagrangian relaxation of the coverage constraints,
// improved by subgradient steps (Held, Wolfe, Crowder 1974; for covering
// location, Galvão and ReVelle 1996).
//
// For multipliers 0 <= λ_d <= w_d on the destinations the fixed sites leave
// uncovered,
//   L(λ) = fixed demand + Σ_d (w_d − λ_d) + max over plans T of Σ_{j∈T} c_j,
//   c_j = Σ_{d ∈ cover(j)} λ_d,
// where T has at most K sites and at most N a group. Every λ gives L(λ) >= the
// optimum: a plan covering D_T earns Σ_{d∈D_T} w_d <= Σ_d (w_d − λ_d) +
// Σ_{d∈D_T} λ_d <= L(λ). The steps lower L toward the linear programming
// bound.
//
// Deterministic: each step's sums run in a fixed order, candidates in
// parallel only where each candidate's sum is one thread's; the bound
// reported is recomputed from scratch at the best λ.

#include <cstdint>
#include <limits>
#include <vector>

#include "host/planning/max_cover.hpp"

namespace hg {

struct LagrangianOptions {
  std::uint32_t sites = 0;        // K
  std::uint32_t iterations = 300;  // subgradient steps at most
  int threads = 1;
  // Stop once the bound is below `enough` (it has proven what was asked);
  // give up after `patience` steps while it is still at or above `useful`
  // (a bound known already, e.g. the submodular one: steps that cannot beat
  // it within that many are not worth their cost on large instances).
  double enough = -std::numeric_limits<double>::infinity();
  double useful = std::numeric_limits<double>::infinity();
  std::uint32_t patience = 100;
  // How the candidates covering each destination are kept: the smaller of
  // lists and bitset columns, or one of them (tests: both give the same bits).
  enum class Layout { smaller, lists, columns } layout = Layout::smaller;
};

struct LagrangianBound {
  double bound = 0;                // L at the best multipliers, rounding allowance included
  std::uint32_t iterations = 0;    // steps taken
  // The best plan among those the steps maximised (each is a feasible plan
  // of at most K sites; a Lagrangian heuristic), and the demand it covers
  // (masked_demand over every destination, fixed ones included).
  std::vector<std::uint32_t> best_plan;
  double best_plan_covered = 0;
  // The plan maximising Σ c_j at the best multipliers: a start for local
  // search that the costs, not the greedy, chose.
  std::vector<std::uint32_t> final_plan;
};

// `covered` is the demand of a known plan (the lower bound steering the
// steps) and `plan_covered` its covered destinations, from which the first
// multipliers come (λ_d = w_d where the plan leaves d uncovered, else 0).
LagrangianBound lagrangian_bound(const MaxCoverInstance& instance, const DestinationSet& plan_covered, double covered,
                                 const LagrangianOptions& options);

}  // namespace hg
