#pragma once
// Label-correcting behind the solver interface (host/solvers/solver.hpp):
// verify's independent reference on networks too large for Floyd–Warshall.
// One full search per origin, one origin after the other; no next hops.

#include <memory>

#include "host/model/compile.hpp"
#include "host/solvers/solver.hpp"

namespace hg {

// InputError(usage) when the request asks for next hops.
std::unique_ptr<Solver> make_label_correcting_solver(const Problem& problem, const SolverRequest& request,
                                                     SolverHooks hooks);

}  // namespace hg
