#pragma once
// The PHAST sweeps behind the solver interface (host/solvers/solver.hpp), on
// the GPU (phast_gpu.hpp) or the CPU (phast_cpu.hpp). prepare() is the one
// place a hierarchy is made ready for any job: read from the request's
// hierarchy file when it exists, else contracted (and stored there when a
// file is named), noted in the log, and the sweeps planned again with its
// real size.

#include <memory>

#include "host/model/compile.hpp"
#include "host/solvers/solver.hpp"
#include "host/solvers/solver_plan.hpp"

namespace hg {

// `plan` has method phast and, for its backend, phast_gpu or phast_cpu (a
// CPU plan without one gets forward batches of kPhastCpuMaxLanes lanes).
std::unique_ptr<Solver> make_phast_solver(const Problem& problem, const SolverPlan& plan, const SolverRequest& request,
                                          SolverHooks hooks);

}  // namespace hg
