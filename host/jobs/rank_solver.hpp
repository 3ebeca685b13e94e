#pragma once
// A solver under mpirun (docs/cluster.md): its one-off work done once, and
// the nearest origins of coverage folded across ranks.
//
// - A contraction hierarchy is built by rank 0 alone and read by the
//   others: from --hierarchy when given (built there when missing), else
//   from a file of the run's own beside `beside`, removed at the end.
// - Nearest origins: every rank folds the origin blocks it takes from the
//   shared queue, then the ranks take the exact minimum of their keys
//   (host/solvers/nearest_origins.hpp): the same bits for any rank count.
// Alone, all of it is the plain solver call.

#include <memory>
#include <optional>
#include <string>

#include "host/solvers/nearest_origins.hpp"
#include "host/solvers/solver.hpp"
#include "host/solvers/solver_plan.hpp"

namespace hg {

// Whether a plan's solver reads or builds a contraction hierarchy.
bool uses_hierarchy(const SolverPlan& plan);

// Points `request` at the hierarchy file the ranks share; rank 0 removes a
// file of the run's own when this ends.
class SharedHierarchy {
 public:
  SharedHierarchy(SolverRequest& request, const SolverPlan& plan, const std::string& beside);
  ~SharedHierarchy();
  SharedHierarchy(const SharedHierarchy&) = delete;
  SharedHierarchy& operator=(const SharedHierarchy&) = delete;

 private:
  std::string own_file_;  // empty unless the run made its own
};

// Collective: rank 0 prepares first when it builds a hierarchy (or alone
// does the work: `leader_only`), then the others. Any rank's failure is
// every rank's (cluster::all_succeeded).
void prepare_across_ranks(Solver& solver, const SolverPlan& plan, bool leader_only = false);

// Collective: the nearest origins of all `origin_count` origins of the
// solver's request.
NearestOrigins nearest_origins_across_ranks(Solver& solver, std::uint32_t origin_count);

}  // namespace hg
