#pragma once
// `solve` under mpirun (docs/cluster.md#how-solve-divides): every rank
// takes row blocks from the shared queue and keeps what it computed until
// the next collective write, where every rank writes the blocks it holds
// into the one result file and rank 0 records them in the progress record.
// A signal on any rank stops every rank at the next collective write: what
// was computed is written, the rest is left for --resume.

#include <cstdint>
#include <string>

#include "host/core/interrupt.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/resume_record.hpp"
#include "host/jobs/row_stats.hpp"
#include "host/solvers/solver.hpp"
#include "io/result.hpp"

namespace hg {

// Blocks a rank holds at most between two collective writes; blocks a rank
// takes on average between them (the writes are collective: a rank that
// arrives first waits for the others' blocks in flight, half a block on
// average); and the blocks a rank the rows divide into where they can.
inline constexpr std::uint32_t kHeldBlocks = 8;
inline constexpr std::uint32_t kBlocksPerWrite = 4;
inline constexpr std::uint32_t kBlocksPerRank = 16;

struct RankSolve {
  Solver& solver;
  io::ResultWriter& writer;
  std::uint32_t rows = 0, cols = 0, block_rows = 0, blocks = 0;
  Time cap = 0;
  bool paths = false;
  bool leader_only = false;  // fw: one matrix, solved by rank 0 alone
  SolveProgress& record;     // done blocks; rank 0 rewrites record_path
  std::string record_path;
  const InterruptRequests& interrupts;
};

struct RankSolveOutcome {
  int signal = 0;             // the signal that stopped the run, 0 when every block is written
  RowStats stats;             // over every rank's rows
  double compute_seconds = 0;  // this rank's
};

// Collective. Throws (on every rank) the failure of any rank.
RankSolveOutcome solve_blocks_across_ranks(RankSolve& job, Progress& progress);

}  // namespace hg
