#pragma once
// The one place a solver is built: from the plan (host/solvers/solver_plan.hpp)
// and the request, whichever method and backend the plan names.

#include <memory>

#include "host/model/compile.hpp"
#include "host/solvers/solver.hpp"
#include "host/solvers/solver_plan.hpp"

namespace hg {

// `problem` and `request` outlive the solver. InputError(usage) for a plan
// no solver answers (next hops from the sweeps or label-correcting, Dijkstra
// on the GPU).
std::unique_ptr<Solver> make_solver(const Problem& problem, const SolverPlan& plan, const SolverRequest& request,
                                    SolverHooks hooks = {});

}  // namespace hg
