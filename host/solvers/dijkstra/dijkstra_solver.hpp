#pragma once
// Dijkstra behind the solver interface (host/solvers/solver.hpp): one search
// per origin on every core for rows, and one multi-source search for
// nearest origins (coverage).

#include <memory>

#include "host/model/compile.hpp"
#include "host/solvers/solver.hpp"

namespace hg {

std::unique_ptr<Solver> make_dijkstra_solver(const Problem& problem, const SolverRequest& request, SolverHooks hooks);

}  // namespace hg
