#include "host/solvers/solver_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "host/core/bytes.hpp"
#include "host/core/errors.hpp"
#include "host/solvers/fw/fw_cpu.hpp"
#include "host/solvers/gpu_device.hpp"

namespace hg {

namespace {

// Work estimates in comparable units, for --method auto on the CPU. Measured
// here (docs/performance.md): a vectorised min-plus update costs about 1/64
// of a unit, a search about one unit per edge plus one per node and heap level.
double fw_cost(NodeId n) { return static_cast<double>(n) * n * n / 64.0; }
double sssp_cost(const Problem& p, std::uint32_t origins) {
  const double n = p.node_count, m = static_cast<double>(p.forward.edge_count());
  return origins * (m + n * std::max(1.0, std::log2(n)));
}

}  // namespace

SolverPlan SolverPlan::cpu(Method method, std::string reason) {
  SolverPlan plan;
  plan.backend = {Backend::cpu, "cpu"};
  plan.method = method;
  plan.reason = std::move(reason);
  return plan;
}

std::string SolverPlan::compute_line() const {
  if (fw_gpu)
    return fmt::format("{} on the {}, {} nodes padded to {}, {} of GPU memory", fw_gpu->compute_reason,
                       emulate_gpu ? "CPU (the GPU kernels emulated)" : "GPU", fw_gpu->layout.n, fw_gpu->layout.n_pad,
                       bytes_text(fw_gpu->device_bytes));
  if (phast_gpu)
    return fmt::format("{} (hierarchy estimated at {} arcs; built before solving)", phast_gpu->reason, phast_gpu->arcs);
  if (phast_cpu)
    return fmt::format("{} (hierarchy estimated at {} arcs; built before solving)", phast_cpu->reason, phast_cpu->arcs);
  return {};
}

std::uint64_t SolverPlan::device_bytes() const {
  return fw_gpu && !emulate_gpu ? fw_gpu->device_bytes : phast_gpu ? phast_gpu->device_bytes : 0;
}

SolverPlan plan_phast(const Problem& p, Backend backend, std::uint64_t arcs, std::size_t origins,
                      std::size_t destinations, std::uint64_t memory_bytes, bool forward_only) {
  SolverPlan plan;
  plan.method = Method::phast;
  plan.backend.backend = backend;
  plan.forward_only = forward_only;
  if (backend == Backend::gpu) {
    plan.phast_gpu = plan_phast_gpu(p.node_count, arcs, origins, destinations, probe_gpu().free_bytes, forward_only);
  } else {
    plan.phast_cpu = plan_phast_cpu(p.node_count, arcs, origins, destinations, memory_bytes, forward_only);
    plan.host_bytes = plan.phast_cpu->host_bytes;
  }
  return plan;
}

SolverPlan plan_solver(const Problem& p, const SolverChoices& c) {
  const NodeId n = p.node_count;
  HG_EXPECTS(c.method != MethodChoice::phast || !c.hops, ErrorKind::usage,
             "--method phast keeps no next hops: drop --paths, or use --method sssp or fw");
  const bool dense_request = std::uint64_t{c.origins} * 10 >= std::uint64_t{n} * 9 &&
                             std::uint64_t{c.destinations} * 10 >= std::uint64_t{n} * 9;
  const bool fw_wanted = c.method == MethodChoice::fw || (c.method == MethodChoice::automatic && dense_request);
  const bool sweeps_allowed = c.method != MethodChoice::fw && !c.hops;
  const bool sweeps_worth = c.backend == BackendChoice::gpu || c.method == MethodChoice::phast ||
                            c.origins >= (c.stored_hierarchy ? kPhastAutoMinOriginsStored : kPhastAutoMinOrigins);
  SolverPlan plan;
  plan.backend = choose_backend(c.backend, fw_wanted || (sweeps_allowed && sweeps_worth));

  // 1. The GPU: Floyd–Warshall for all-pairs requests that fit, else the sweeps.
  if (plan.backend.backend == Backend::gpu && fw_wanted) {
    FwGpuPlan gpu_plan = plan_fw_gpu(p, c.width, c.cap, c.hops);
    const bool fits = fw_gpu_fits(gpu_plan);
    // Stops, naming the largest n, unless the sweeps can take over.
    if (!fits && c.backend == BackendChoice::gpu && !sweeps_allowed) expect_fw_gpu_fits(gpu_plan, p);
    if (fits) {
      plan.method = Method::fw;
      plan.reason = c.method == MethodChoice::fw ? "requested" : "auto: an all-pairs request on the GPU";
      plan.host_bytes = gpu_plan.reachability_bytes + 2 * kFwStagingBytes;
      plan.fw_gpu = gpu_plan;
      return plan;
    }
    if (!sweeps_allowed) {
      plan.backend = {Backend::cpu, fmt::format("cpu (auto: the GPU matrix needs {} but {} has {} free)",
                                                bytes_text(gpu_plan.device_bytes), probe_gpu().name,
                                                bytes_text(probe_gpu().free_bytes))};
    }
  }
  if (plan.backend.backend == Backend::gpu) {
    SolverPlan sweeps = plan_phast(p, Backend::gpu, phast_estimated_arcs(p), c.origins, c.destinations, 0, false);
    if (c.backend == BackendChoice::gpu) expect_phast_gpu_fits(*sweeps.phast_gpu, n);
    if (sweeps.phast_gpu->fits) {
      sweeps.backend = plan.backend;
      sweeps.reason = c.method == MethodChoice::sssp || c.method == MethodChoice::phast
                          ? "requested"
                          : "auto: one-to-all sweeps on the GPU";
      return sweeps;
    }
    plan.backend = {Backend::cpu, fmt::format("cpu (auto: the GPU sweeps need {} but {} has {} free)",
                                              bytes_text(sweeps.phast_gpu->device_bytes), probe_gpu().name,
                                              bytes_text(probe_gpu().free_bytes))};
  }

  // 2. The CPU: dense Floyd–Warshall when the matrix fits half the budget
  //    and its n^3 work beats one search per origin; the sweeps on request.
  const std::uint64_t fw_bytes = fw_matrix_bytes(n, c.hops);
  const bool fw_fits = fw_bytes <= c.memory_budget / 2;
  if (c.method == MethodChoice::fw) {
    HG_EXPECTS(fw_fits, ErrorKind::too_large,
               "--method fw: the {} x {} matrix needs {} but the memory budget allows {} (half of --memory {}); "
               "use --method sssp or a larger --memory",
               n, n, bytes_text(fw_bytes), bytes_text(c.memory_budget / 2), bytes_text(c.memory_budget));
    plan.method = Method::fw;
    plan.reason = "requested";
  } else if (c.method == MethodChoice::sssp) {
    plan.method = Method::sssp;
    plan.reason = "requested";
  } else if (c.method == MethodChoice::phast) {
    SolverPlan sweeps = plan_phast(p, Backend::cpu, phast_estimated_arcs(p), c.origins, c.destinations,
                                   c.memory_budget / 2, false);
    HG_EXPECTS(sweeps.phast_cpu->fits, ErrorKind::too_large,
               "--method phast: the sweeps over {} nodes ({} hierarchy arcs estimated) need {} of host memory with "
               "{} lanes but the memory budget allows {} (half of --memory {}); use --method sssp or a larger "
               "--memory",
               n, sweeps.phast_cpu->arcs, bytes_text(sweeps.phast_cpu->host_bytes), sweeps.phast_cpu->lanes,
               bytes_text(c.memory_budget / 2), bytes_text(c.memory_budget));
    sweeps.backend = plan.backend;
    sweeps.reason = "requested";
    return sweeps;
  } else if (fw_fits && fw_cost(n) < sssp_cost(p, c.origins)) {
    plan.method = Method::fw;
    plan.reason = "auto: dense n^3 work is below one search per origin";
  } else {
    plan.method = Method::sssp;
    plan.reason = fw_fits ? "auto: one search per origin is less work than n^3"
                          : "auto: the dense matrix does not fit half the memory budget";
  }
  plan.host_bytes = plan.method == Method::fw ? fw_bytes : 0;
  return plan;
}

void expect_hierarchy_used(const SolverPlan& plan, const std::string& hierarchy_file) {
  HG_EXPECTS(hierarchy_file.empty() || plan.method == Method::phast, ErrorKind::usage,
             "--hierarchy {}: only the PHAST sweeps read or write a hierarchy, and this run uses {} on {} ({}); add "
             "--method phast, or drop --hierarchy",
             hierarchy_file, method_name(plan.method), backend_name(plan.backend.backend), plan.reason);
}

}  // namespace hg
