#pragma once
// Rows of transit times from candidate and fixed sites to the destinations,
// for `plan` (docs/planning.md): one solver over the candidates followed by
// the fixed sites, planned by the cost model as `solve` plans its rows, so
// that the hierarchy (or the matrix) is built once. Its rows become the
// coverage sets and the fixed sites' coverage, and later single rows break
// ties between candidates by transit time.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "host/model/compile.hpp"
#include "host/jobs/rank_solver.hpp"
#include "host/planning/coverage_sets.hpp"
#include "host/solvers/solver.hpp"
#include "host/solvers/solver_plan.hpp"

namespace hg {

struct SiteRowsOptions {
  BackendChoice backend = BackendChoice::automatic;
  MethodChoice method = MethodChoice::automatic;
  std::uint64_t memory_budget = 0;
  std::string hierarchy_file;
  int threads = 1;
};

class SiteRows {
 public:
  // Times are capped at `cap` (the planning threshold): stored exact up to
  // it, cap + 1 beyond.
  SiteRows(const Problem& problem, std::vector<NodeId> candidates, std::vector<NodeId> fixed,
           std::vector<NodeId> destinations, Time cap, const SiteRowsOptions& options);
  ~SiteRows();

  const SolverPlan& plan() const { return plan_; }
  std::string describe() const { return solver_->describe(); }

  // Every candidate's coverage set within `threshold` (at most the cap),
  // and the destinations the fixed sites cover, in row blocks that fit the
  // memory budget; the fixed sites' best time to each destination is kept
  // for the tie break.
  CoverageSets coverage_sets(Time threshold, DestinationSet& fixed_covered);

  // The stored times from candidate `index` (its position in the
  // candidates) to every destination, by one Dijkstra search.
  std::vector<std::uint32_t> candidate_row(std::uint32_t index);
  // The best time from the fixed sites to each destination (cap + 1 when
  // none reaches it within the cap); empty before coverage_sets.
  const std::vector<std::uint32_t>& fixed_best() const { return fixed_best_; }

 private:
  SolverRequest request_;
  SolverPlan plan_;
  std::unique_ptr<SharedHierarchy> shared_hierarchy_;  // under mpirun: built by rank 0, read by the others
  std::unique_ptr<Solver> solver_;       // the coverage sets' rows, as planned
  std::unique_ptr<Solver> single_rows_;  // rows one at a time: Dijkstra
  std::uint32_t candidates_ = 0;
  std::uint64_t memory_budget_ = 0;
  std::vector<std::uint32_t> fixed_best_;
};

}  // namespace hg
