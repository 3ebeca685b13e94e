#include "host/jobs/nearest_request.hpp"

#include <fmt/format.h>

#include <vector>

#include "host/core/progress.hpp"
#include "host/jobs/rank_checks.hpp"
#include "host/jobs/rank_solver.hpp"
#include "host/solvers/solver_factory.hpp"

namespace hg {

NearestRun find_nearest_origins(const LoadedNetwork& loaded, std::span<const NodeId> origins,
                                std::span<const NodeId> destinations, Time cap, BackendChoice backend, int threads,
                                const std::string& hierarchy_file, std::string_view job) {
  // The CPU answers with one multi-source search, whatever the origin count:
  // auto keeps it. --backend gpu runs one-to-all sweeps per origin and
  // reduces them on the device (for comparison and for very many origins on
  // large networks).
  const Problem& p = loaded.problem;
  SolverPlan plan = SolverPlan::cpu(Method::sssp, "one multi-source search");
  plan.backend = backend == BackendChoice::automatic
                     ? BackendDecision{Backend::cpu, "cpu (auto: one multi-source search beats per-origin sweeps)"}
                     : choose_backend(backend, true);
  if (plan.backend.backend == Backend::gpu) {
    const BackendDecision decided = plan.backend;
    plan = plan_phast(p, Backend::gpu, phast_estimated_arcs(p), origins.size(), destinations.size(), 0,
                      /*forward_only=*/true);
    expect_phast_gpu_fits(*plan.phast_gpu, p.node_count);
    plan.backend = decided;
  }
  check_hierarchy_used(plan, hierarchy_file);
  check_plans_agree(plan);
  note(fmt::format("{} on {}: {} origins, {} destinations, up to {} {}s", job, plan.backend.reason, origins.size(),
                   destinations.size(), cap, time_unit_name(loaded.network.time_unit)));

  SolverRequest request;
  request.origins.assign(origins.begin(), origins.end());
  request.destinations.assign(destinations.begin(), destinations.end());
  request.cap = cap;
  request.threads = threads;
  request.hierarchy_file = hierarchy_file;
  // Under mpirun the ranks divide the origins (host/jobs/rank_solver.hpp).
  const SharedHierarchy shared(request, plan, "hourglass");
  const std::unique_ptr<Solver> solver = make_solver(p, plan, request);
  prepare_across_ranks(*solver, plan);
  NearestOrigins nearest = nearest_origins_across_ranks(*solver, static_cast<std::uint32_t>(origins.size()));
  return {std::move(plan), std::move(nearest)};
}

}  // namespace hg
