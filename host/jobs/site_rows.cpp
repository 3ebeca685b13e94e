#include "host/jobs/site_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "host/core/bytes.hpp"
#include "host/core/cluster.hpp"
#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/rank_checks.hpp"
#include "host/jobs/shared_row_blocks.hpp"
#include "host/solvers/solver_factory.hpp"

namespace hg {

SiteRows::SiteRows(const Problem& problem, std::vector<NodeId> candidates, std::vector<NodeId> fixed,
                   std::vector<NodeId> destinations, Time cap, const SiteRowsOptions& options)
    : candidates_(static_cast<std::uint32_t>(candidates.size())), memory_budget_(options.memory_budget) {
  request_.origins = std::move(candidates);
  request_.origins.insert(request_.origins.end(), fixed.begin(), fixed.end());
  request_.destinations = std::move(destinations);
  request_.cap = cap;
  request_.threads = options.threads;
  request_.hierarchy_file = options.hierarchy_file;

  SolverChoices choices;
  choices.origins = static_cast<std::uint32_t>(request_.origins.size());
  choices.destinations = static_cast<std::uint32_t>(request_.destinations.size());
  choices.cap = cap;
  choices.width = 32;
  choices.backend = options.backend;
  choices.method = options.method;
  choices.memory_budget = options.memory_budget;
  choices.stored_hierarchy = !options.hierarchy_file.empty() && std::filesystem::exists(options.hierarchy_file);
  choices.threads = options.threads;
  plan_ = plan_solver(problem, choices);
  if (const std::string unused = check_hierarchy_used(plan_, options.hierarchy_file); !unused.empty()) note(unused);
  check_plans_agree(plan_);
  shared_hierarchy_ = std::make_unique<SharedHierarchy>(request_, plan_, "hourglass-plan");
  solver_ = make_solver(problem, plan_, request_);
  // One row at a time (ties) costs a sweep batch of every lane, or the whole
  // matrix of Floyd-Warshall; one Dijkstra search is the cheapest way.
  single_rows_ = make_solver(problem, SolverPlan::cpu(Method::sssp, "single rows for ties"), request_);
}

SiteRows::~SiteRows() = default;

CoverageSets SiteRows::coverage_sets(Time threshold, DestinationSet& fixed_covered) {
  const auto columns = static_cast<std::uint32_t>(request_.destinations.size());
  const auto rows = static_cast<std::uint32_t>(request_.origins.size());
  CoverageSets sets(candidates_, columns);
  fixed_covered = empty_destination_set(columns);
  fixed_best_.assign(columns, request_.cap + 1);

  // One block of 32-bit rows at a time, beside the solver and the sets.
  const std::uint64_t row_bytes = std::uint64_t{columns} * sizeof(std::uint32_t);
  const std::uint64_t held = plan_.host_bytes + sets.bytes();
  HG_EXPECTS(held + row_bytes <= memory_budget_, ErrorKind::too_large,
             "--memory {}: the solver and the coverage sets ({} candidates x {} destinations) need {}, and one "
             "row {} more; raise --memory",
             bytes_text(memory_budget_), candidates_, columns, bytes_text(held), bytes_text(row_bytes));
  // About 64 blocks, each a multiple of 64 rows (a sweep batch), so that
  // progress moves; fewer rows where the memory budget says so.
  const std::uint64_t steady = std::max<std::uint64_t>(64, (rows + 64 * 64 - 1) / (64 * 64) * 64);
  auto block_rows = static_cast<std::uint32_t>(std::min<std::uint64_t>(
      {rows, steady, std::max<std::uint64_t>(1, (memory_budget_ - held) / row_bytes)}));
  // The candidates' rows straight into their sets (thresholded where the
  // solver makes them: on the device for the GPU sweeps).
  // Under mpirun the ranks take blocks from a shared queue, each filling its
  // own copy of the sets, which are then OR-ed: every bit comes from the one
  // rank that computed its row (docs/cluster.md#how-coverage-and-plan-divide).
  // A Floyd–Warshall matrix is rank 0's alone.
  const bool leader_only = plan_.method == Method::fw;
  prepare_across_ranks(*solver_, plan_, leader_only);
  Progress progress("coverage sets", candidates_, "rows");
  block_rows = rows_per_shared_block(candidates_, 4, block_rows);
  if (!leader_only)
    check_enough_blocks((candidates_ + block_rows - 1) / block_rows, fmt::format("{} candidates", candidates_));
  SharedRowBlocks blocks(candidates_, block_rows);
  cluster::all_succeeded([&] {
    if (leader_only && !cluster::leader()) return;
    while (const auto block = blocks.next()) {
      solver_->cover_rows(*block, threshold, sets.rows(block->first, block->count).data());
      progress.advance(block->count);
    }
  });
  if (cluster::distributed() && candidates_ > 0) {
    const std::span<std::uint64_t> all = sets.rows(0, candidates_);
    constexpr std::size_t kPiece = std::size_t{1} << 26;  // words a reduction: MPI counts are ints
    for (std::size_t at = 0; at < all.size(); at += kPiece)
      cluster::all_or(all.subspan(at, std::min(kPiece, all.size() - at)));
  }
  progress.finish();
  // Only rank 0 plans: the fixed sites' rows are its alone.
  if (!cluster::leader()) return sets;
  // The fixed sites' rows as times: their best time breaks ties later.
  std::vector<std::uint32_t> times(std::uint64_t{std::min(block_rows, rows - candidates_)} * columns);
  for (std::uint32_t first = candidates_; first < rows; first += block_rows) {
    const RowRange block{first, std::min(block_rows, rows - first)};
    solver_->solve_rows(block, times.data(), nullptr);
    for (std::uint32_t r = 0; r < block.count; ++r) {
      const std::uint32_t* t = times.data() + std::uint64_t{r} * columns;
      for (std::uint32_t d = 0; d < columns; ++d) {
        fixed_best_[d] = std::min(fixed_best_[d], t[d]);
        if (t[d] <= threshold) fixed_covered[d / kCoverBitsPerWord] |= std::uint64_t{1} << (d % kCoverBitsPerWord);
      }
    }
  }
  return sets;
}

std::vector<std::uint32_t> SiteRows::candidate_row(std::uint32_t index) {
  std::vector<std::uint32_t> row(request_.destinations.size());
  single_rows_->solve_rows(RowRange{index, 1}, row.data(), nullptr);
  return row;
}

}  // namespace hg
