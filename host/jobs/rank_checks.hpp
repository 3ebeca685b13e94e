#pragma once
// The agreement checks a job under mpirun makes before its collectives
// (docs/cluster.md#bad-input): every rank calls each of them at the same
// point, and each throws InputError(rank_mismatch) on every rank, with
// rank 0's message naming the first rank that differs. Alone they pass.

#include <cstdint>
#include <string>

#include "host/solvers/solver_plan.hpp"

namespace hg {

// Every rank was given the same `text` (its arguments, a plan, a digest of
// its inputs); `what` names it in the message.
void check_ranks_agree(const std::string& what, const std::string& text);

// Every rank planned the same backend and method, and the same `more`
// (what else the job's plan fixes: block sizes): ranks with a GPU and ranks
// without one are refused.
void check_plans_agree(const SolverPlan& plan, const std::string& more = "");

// Every rank sees the file rank 0 writes beside `path` (its output): an
// output on a file system the ranks do not share would become one file per
// node.
void check_output_shared(const std::string& path);

// The work divides into at least as many row blocks as there are ranks.
void check_enough_blocks(std::uint64_t blocks, const std::string& what);

}  // namespace hg
