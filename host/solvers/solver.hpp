#pragma once
// One interface for every solver: Floyd–Warshall (CPU, its GPU kernels, and
// their emulation on the CPU), Dijkstra, the PHAST sweeps (CPU and GPU) and
// label-correcting. A job states what it wants (a SolverRequest), a planner
// picks the backend and the method (host/solvers/solver_plan.hpp), and
// make_solver builds the solver the plan names. Then:
//
//   solver->prepare();                             // once: a matrix, a hierarchy, a device upload
//   while (auto rows = blocks.next())              // row blocks, from this process or a shared queue
//     solver->solve_rows(*rows, times, hops);      // stored times (docs/design.md#caps)
//
// or, for coverage, solver->nearest_origins(). Every solver gives the same
// answers bit for bit; what differs is the work and where it runs.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/core/progress.hpp"
#include "host/core/time.hpp"
#include "host/solvers/nearest_origins.hpp"

namespace hg {

// --method: what the user asks for. sssp is one search per origin: Dijkstra
// on the CPU, the PHAST sweeps on the GPU (which has no Dijkstra).
enum class MethodChoice { automatic, fw, sssp, phast, buckets };
MethodChoice parse_method_choice(std::string_view text);  // InputError(usage) if unknown

// What runs. The names are what results and reports record.
enum class Method {
  fw,                // blocked Floyd–Warshall on a dense matrix
  sssp,              // Dijkstra, one search per origin (CPU)
  phast,             // PHAST sweeps over a contraction hierarchy
  buckets,           // many-to-many tables by buckets over a contraction hierarchy (CPU)
  label_correcting,  // FIFO Bellman–Ford: verify's independent second opinion
};
std::string_view method_name(Method method);  // "fw", "sssp", "phast", "buckets", "label-correcting"

// What a job asks for: rows for `origins` over the columns `destinations`.
// A solver keeps a reference to its request: the request outlives it.
struct SolverRequest {
  std::vector<NodeId> origins;       // rows, in order
  std::vector<NodeId> destinations;  // columns, in order
  Time cap = 0;                      // 0: none
  bool hops = false;                 // next hops beside the times
  int threads = 1;
  std::string hierarchy_file;        // PHAST: a stored hierarchy, read when it exists, else written there
};

// Rows [first, first + count) of the request. (A departure-time axis, when
// schedules come, will add the departure index here.)
struct RowRange {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

// How a solver talks to the job that runs it; every member may stay empty.
struct SolverHooks {
  // One line for the log (what was built or loaded, the exact plan).
  // Empty: core's note() on stderr.
  std::function<void(const std::string& line)> note;
  // `step` has done `done` of `total` units (it starts at 0 and ends at
  // total). Empty: a progress bar or plain lines on stderr (core's Progress).
  std::function<void(std::string_view step, std::uint64_t done, std::uint64_t total)> progress;
  // Asked between units of long work (row blocks, sweep batches): the signal
  // asking the run to stop (host/core/interrupt.hpp), 0 to go on. A solver
  // stops with Interrupted. Empty: never.
  std::function<int()> stop_requested;
  // Rows of the current solve_rows call finished, reported in slices
  // within a block so that progress moves while a block runs; called from
  // the job's thread. Empty: rows are solved a block at a time.
  std::function<void(std::uint64_t rows)> rows_done;
};

class Solver {
 public:
  virtual ~Solver() = default;
  Solver(const Solver&) = delete;
  Solver& operator=(const Solver&) = delete;

  // One line for plans and reports: "fw (gpu, packed 16-bit, clamp 2881)".
  virtual std::string describe() const = 0;

  // The one-off work before the first row. Called by solve_rows and
  // nearest_origins when the job has not called it; calling it again does
  // nothing.
  void prepare();

  // Rows `rows` of the request in the stored form (docs/design.md#caps),
  // row-major into `times` (rows.count x destinations) and, when the request
  // asked for next hops, into `hops` (the same shape; null otherwise).
  void solve_rows(RowRange rows, std::uint32_t* times, NodeId* hops);

  // Rows `rows` as coverage sets (kernels/planning/cover_sums.cuh): bit d of
  // row r set where the stored time to destination d is at most
  // `threshold` (at most the cap), into `bits` (rows.count x
  // cover_words(destinations) words). By default thresholded from
  // solve_rows; the GPU sweeps threshold on the device and copy back only
  // the bits, a thirty-second of the times.
  void cover_rows(RowRange rows, Time threshold, std::uint64_t* bits);

  // Every destination's nearest origin within the cap, ties to the lowest
  // node index (docs/design.md#coverage). By default, rows reduced block by
  // block; solvers with a cheaper way override it.
  NearestOrigins nearest_origins();
  // The same over the origins of rows `rows` alone: what a rank under
  // mpirun folds for its blocks before the ranks take the minimum
  // (docs/cluster.md#how-coverage-and-plan-divide).
  NearestOrigins nearest_origins(RowRange rows);

  // Figures for a job's --json summary (device seconds, hierarchy size);
  // an empty object by default.
  virtual nlohmann::json figures() const { return nlohmann::json::object(); }

 protected:
  Solver(const SolverRequest& request, SolverHooks hooks);

  virtual void do_prepare() {}
  // The fewest rows one do_solve_rows call takes without losing speed (all
  // threads or lanes busy): blocks are solved in slices of this size when
  // the job follows rows_done. 0: whole blocks.
  virtual std::uint32_t slice_rows() const { return 0; }
  virtual void do_solve_rows(RowRange rows, std::uint32_t* times, NodeId* hops) = 0;
  virtual NearestOrigins do_nearest_origins(RowRange rows);
  virtual void do_cover_rows(RowRange rows, Time threshold, std::uint64_t* bits);

  // The origins of rows `rows` of the request.
  std::span<const NodeId> origins_of(RowRange rows) const {
    return std::span<const NodeId>(request_.origins).subspan(rows.first, rows.count);
  }

  // For the solvers' own use of the hooks.
  void note(const std::string& line) const;
  void progress(std::string_view step, std::uint64_t done, std::uint64_t total);
  void stop_point() const;  // throws Interrupted when the job asks to stop

  const SolverRequest& request_;

 private:
  SolverHooks hooks_;
  std::unique_ptr<Progress> step_progress_;  // the stderr progress of a step, when hooks.progress is empty
  std::uint64_t step_done_ = 0;
  bool prepared_ = false;
  std::vector<std::uint32_t> cover_times_;  // do_cover_rows' rows, kept from block to block
};

// Where a job takes its row blocks from. This process's queue hands out
// consecutive blocks in order; a queue shared by several processes or ranks
// implements the same interface.
class RowBlockQueue {
 public:
  virtual ~RowBlockQueue() = default;
  // The next block to compute, or nothing when all are taken.
  virtual std::optional<RowRange> next() = 0;
};

// Blocks of `block_rows` rows over `rows` rows, in order, leaving out the
// blocks `skip` says are done already (a resumed run). Not thread-safe.
class LocalRowBlocks final : public RowBlockQueue {
 public:
  LocalRowBlocks(std::uint32_t rows, std::uint32_t block_rows, std::function<bool(std::uint32_t block)> skip = {});
  std::optional<RowRange> next() override;
  // The block index of a range this queue handed out.
  std::uint32_t block_of(const RowRange& range) const { return range.first / block_rows_; }

 private:
  std::uint32_t rows_, block_rows_, next_block_ = 0;
  std::function<bool(std::uint32_t)> skip_;
};

}  // namespace hg
