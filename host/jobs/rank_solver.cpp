#include "host/jobs/rank_solver.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

#include "host/core/cluster.hpp"
#include "host/jobs/rank_checks.hpp"
#include "host/jobs/shared_row_blocks.hpp"

namespace hg {

namespace {
// Origin blocks a rank for nearest origins: enough for a rank that finishes
// early to take more, few enough that each block's search stays large.
constexpr std::uint32_t kNearestBlocksPerRank = 4;
}  // namespace

bool uses_hierarchy(const SolverPlan& plan) {
  return plan.method == Method::phast || plan.method == Method::buckets;
}

SharedHierarchy::SharedHierarchy(SolverRequest& request, const SolverPlan& plan, const std::string& beside) {
  if (!cluster::distributed() || !uses_hierarchy(plan) || !request.hierarchy_file.empty()) return;
  std::string name = fmt::format("{}.hierarchy-{}.h5", beside, ::getpid());
  cluster::broadcast(name);  // rank 0's process id names it
  own_file_ = name;
  request.hierarchy_file = own_file_;
}

SharedHierarchy::~SharedHierarchy() {
  if (own_file_.empty() || !cluster::leader()) return;
  std::remove(own_file_.c_str());
  std::remove((own_file_ + ".partial").c_str());
}

void prepare_across_ranks(Solver& solver, const SolverPlan& plan, bool leader_only) {
  cluster::all_succeeded([&] {
    if (cluster::leader() && (uses_hierarchy(plan) || leader_only)) solver.prepare();
  });
  cluster::all_succeeded([&] {
    if (!leader_only) solver.prepare();
  });
}

NearestOrigins nearest_origins_across_ranks(Solver& solver, std::uint32_t origin_count) {
  if (!cluster::distributed()) return solver.nearest_origins();
  const std::uint32_t block_rows = rows_per_shared_block(origin_count, kNearestBlocksPerRank, origin_count);
  check_enough_blocks((origin_count + block_rows - 1) / block_rows, fmt::format("{} origins", origin_count));
  SharedRowBlocks queue(origin_count, block_rows);
  std::vector<std::uint64_t> keys;  // empty until this rank folds a block
  cluster::all_succeeded([&] {
    solver.prepare();
    while (const std::optional<RowRange> range = queue.next()) {
      const std::vector<std::uint64_t> block = nearest_keys(solver.nearest_origins(*range));
      if (keys.empty()) keys.assign(block.size(), ~std::uint64_t{0});
      for (std::size_t j = 0; j < block.size(); ++j) keys[j] = std::min(keys[j], block[j]);
    }
  });
  const std::uint64_t columns = cluster::all_max(std::uint64_t{keys.size()});
  if (keys.empty()) keys.assign(columns, ~std::uint64_t{0});  // a rank that took no block
  cluster::all_min(keys);
  return nearest_from_keys(keys);
}

}  // namespace hg
