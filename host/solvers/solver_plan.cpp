#include "host/solvers/solver_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "host/core/bytes.hpp"
#include "host/core/errors.hpp"
#include "host/solvers/fw/fw_cpu.hpp"
#include "host/solvers/cost_model.hpp"
#include "host/solvers/gpu_device.hpp"

namespace hg {

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

std::string SolverPlan::estimates_line() const {
  std::string line;
  for (const PlanEstimate& e : estimates) {
    if (!line.empty()) line += "; ";
    line += e.fits ? e.estimate.text() : e.estimate.label() + ": does not fit";
  }
  return line;
}

nlohmann::json SolverPlan::estimates_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const PlanEstimate& e : estimates)
    list.push_back({{"backend", std::string(backend_name(e.estimate.backend))},
                    {"method", std::string(method_name(e.estimate.method))},
                    {"seconds", e.estimate.seconds()},
                    {"hierarchy_seconds", e.estimate.preprocessing_seconds},
                    {"work", e.estimate.basis},
                    {"fits", e.fits},
                    {"why_not", e.why_not}});
  return list;
}

std::uint64_t SolverPlan::device_bytes() const {
  return fw_gpu && !emulate_gpu ? fw_gpu->device_bytes : phast_gpu ? phast_gpu->device_bytes : 0;
}

SolverPlan plan_phast(const Problem& p, Backend backend, std::uint64_t arcs, std::size_t origins,
                      std::size_t destinations, std::uint64_t memory_bytes, bool forward_only, Time cap) {
  SolverPlan plan;
  plan.method = Method::phast;
  plan.backend.backend = backend;
  plan.forward_only = forward_only;
  const PhastLabelForm form = phast_backend_form(p, backend == Backend::gpu, cap);
  if (backend == Backend::gpu) {
    plan.phast_gpu =
        plan_phast_gpu(p.node_count, arcs, origins, destinations, probe_gpu().free_bytes, forward_only, form);
  } else {
    plan.phast_cpu = plan_phast_cpu(p.node_count, arcs, origins, destinations, memory_bytes, forward_only, form);
    plan.host_bytes = plan.phast_cpu->host_bytes;
  }
  return plan;
}

namespace {

// One way to answer the request: its plan, whether it fits, its estimate.
struct Candidate {
  SolverPlan plan;
  bool fits = false;
  std::string why_not;  // when it does not fit
  MethodEstimate estimate;
};

Candidate cpu_fw(const Problem& p, const SolverChoices& c, const CostRequest& r) {
  Candidate k;
  k.plan = SolverPlan::cpu(Method::fw, "");
  const std::uint64_t bytes = fw_matrix_bytes(p.node_count, c.hops);
  k.plan.host_bytes = bytes;
  k.fits = bytes <= c.memory_budget / 2;
  k.why_not = fmt::format(
      "the {} x {} matrix needs {} but the memory budget allows {} (half of --memory {}); use --method sssp or a "
      "larger --memory",
      p.node_count, p.node_count, bytes_text(bytes), bytes_text(c.memory_budget / 2), bytes_text(c.memory_budget));
  k.estimate = estimate_fw(r, Backend::cpu, CpuRates{}, nullptr);
  return k;
}

Candidate cpu_dijkstra(const CostRequest& r) {
  Candidate k;
  k.plan = SolverPlan::cpu(Method::sssp, "");
  k.fits = true;
  k.estimate = estimate_dijkstra(r, CpuRates{});
  return k;
}

Candidate cpu_phast(const Problem& p, const SolverChoices& c, const CostRequest& r) {
  Candidate k;
  k.plan =
      plan_phast(p, Backend::cpu, r.hierarchy_arcs, c.origins, c.destinations, c.memory_budget / 2, false, c.cap);
  k.plan.backend = {Backend::cpu, ""};
  const PhastCpuPlan& sweeps = *k.plan.phast_cpu;
  k.fits = sweeps.fits;
  k.why_not = fmt::format(
      "the sweeps over {} nodes ({} hierarchy arcs estimated) need {} of host memory with {} lanes but the memory "
      "budget allows {} (half of --memory {}); use --method sssp or a larger --memory",
      p.node_count, sweeps.arcs, bytes_text(sweeps.host_bytes), sweeps.lanes, bytes_text(c.memory_budget / 2),
      bytes_text(c.memory_budget));
  k.estimate = estimate_phast(r, Backend::cpu, sweeps.lanes, sweeps.direction == SweepDirection::reverse, CpuRates{},
                              nullptr);
  return k;
}

Candidate cpu_buckets(const Problem& p, const SolverChoices& c, const CostRequest& r) {
  Candidate k;
  k.plan = SolverPlan::cpu(Method::buckets, "");
  const std::uint64_t bytes = phast_hierarchy_host_bytes(p.node_count, r.hierarchy_arcs) +
                              bucket_table_bytes(r);
  k.plan.host_bytes = bytes;
  k.fits = bytes <= c.memory_budget / 2;
  k.why_not = fmt::format(
      "the hierarchy and the buckets of {} destinations need about {} but the memory budget allows {} (half of "
      "--memory {}); use --method phast or a larger --memory",
      c.destinations, bytes_text(bytes), bytes_text(c.memory_budget / 2), bytes_text(c.memory_budget));
  k.estimate = estimate_buckets(r, CpuRates{});
  return k;
}

Candidate gpu_fw(const Problem& p, const SolverChoices& c, const CostRequest& r, const GpuFigures& gpu) {
  Candidate k;
  FwGpuPlan fw = plan_fw_gpu(p, c.width, c.cap, c.hops);
  k.fits = fw_gpu_fits(fw);
  k.why_not = fmt::format("the GPU matrix needs {} but {} has {} free", bytes_text(fw.device_bytes), gpu.name,
                          bytes_text(gpu.free_bytes));
  k.plan.method = Method::fw;
  k.plan.host_bytes = fw.reachability_bytes + 2 * kFwStagingBytes;
  k.plan.fw_gpu = std::move(fw);
  k.estimate = estimate_fw(r, Backend::gpu, CpuRates{}, &gpu);
  return k;
}

Candidate gpu_phast(const Problem& p, const SolverChoices& c, const CostRequest& r, const GpuFigures& gpu) {
  Candidate k;
  k.plan = plan_phast(p, Backend::gpu, r.hierarchy_arcs, c.origins, c.destinations, 0, false, c.cap);
  const PhastGpuPlan& sweeps = *k.plan.phast_gpu;
  k.fits = sweeps.fits;
  k.why_not = fmt::format("the GPU sweeps need {} but {} has {} free", bytes_text(sweeps.device_bytes), gpu.name,
                          bytes_text(gpu.free_bytes));
  k.estimate = estimate_phast(r, Backend::gpu, sweeps.lanes, sweeps.direction == SweepDirection::reverse, CpuRates{},
                              &gpu);
  return k;
}

}  // namespace

SolverPlan plan_solver(const Problem& p, const SolverChoices& c) {
  const bool over_hierarchy = c.method == MethodChoice::phast || c.method == MethodChoice::buckets;
  HG_EXPECTS(!over_hierarchy || !c.hops, ErrorKind::usage,
             "--method {} keeps no next hops: drop --paths, or use --method sssp or fw",
             c.method == MethodChoice::phast ? "phast" : "buckets");
  const CostRequest request =
      cost_request(p, c.origins, c.destinations, c.width, c.hops, c.stored_hierarchy, c.threads);
  const bool want_fw = c.method == MethodChoice::automatic || c.method == MethodChoice::fw;
  const bool want_search = c.method == MethodChoice::automatic || c.method == MethodChoice::sssp;
  const bool want_sweeps = !c.hops && (c.method == MethodChoice::automatic || c.method == MethodChoice::phast);
  const bool want_buckets = !c.hops && (c.method == MethodChoice::automatic || c.method == MethodChoice::buckets);
  HG_EXPECTS(c.method != MethodChoice::buckets || c.backend != BackendChoice::gpu, ErrorKind::usage,
             "--method buckets runs on the CPU: drop --backend gpu");

  // 1. Every (backend, method) the choices allow, planned and estimated.
  //    On the GPU, sssp is the sweeps (it has no Dijkstra).
  const BackendDecision backend = choose_backend(c.backend, true);
  const bool gpu_allowed = backend.backend == Backend::gpu;
  std::vector<Candidate> candidates;
  if (c.backend != BackendChoice::gpu) {
    if (want_fw) candidates.push_back(cpu_fw(p, c, request));
    if (want_search) candidates.push_back(cpu_dijkstra(request));
    if (want_sweeps) candidates.push_back(cpu_phast(p, c, request));
    if (want_buckets) candidates.push_back(cpu_buckets(p, c, request));
  }
  if (gpu_allowed) {
    const GpuFigures gpu = gpu_figures_of_probe();
    if (want_fw) candidates.push_back(gpu_fw(p, c, request, gpu));
    if ((want_search && !c.hops) || want_sweeps) candidates.push_back(gpu_phast(p, c, request, gpu));
  }
  HG_EXPECTS(!candidates.empty(), ErrorKind::usage,
             "--backend gpu --method sssp: the GPU's one-to-all sweeps keep no next hops; drop --paths, or use "
             "--method fw or --backend cpu");

  // 2. The quickest that fits; with none, the reason of the first that does
  //    not (the requested method on the requested backend).
  const Candidate* best = nullptr;
  for (const Candidate& k : candidates)
    if (k.fits && (!best || k.estimate.seconds() < best->estimate.seconds())) best = &k;
  if (!best) {
    const Candidate& first = candidates.front();
    if (first.estimate.backend == Backend::gpu) {
      if (first.plan.fw_gpu) expect_fw_gpu_fits(*first.plan.fw_gpu, p);
      expect_phast_gpu_fits(*first.plan.phast_gpu, p.node_count);
    }
    throw InputError(ErrorKind::too_large,
                     fmt::format("--method {}: {}", method_name(first.estimate.method), first.why_not));
  }

  SolverPlan plan = best->plan;
  const bool chosen_by_model = candidates.size() > 1;
  plan.reason = !chosen_by_model ? "requested" : fmt::format("auto: the quickest estimate, {}", best->estimate.text());
  for (const Candidate& k : candidates)
    plan.estimates.push_back({k.estimate, k.fits, k.fits ? std::string() : k.why_not});

  // 3. The backend and why.
  const Backend chosen = best->estimate.backend;
  if (c.backend != BackendChoice::automatic || chosen == Backend::gpu || !gpu_allowed) {
    plan.backend = backend;
  } else {
    const auto gpu_fitting = std::find_if(candidates.begin(), candidates.end(), [](const Candidate& k) {
      return k.estimate.backend == Backend::gpu && k.fits;
    });
    const auto gpu_first = std::find_if(candidates.begin(), candidates.end(),
                                        [](const Candidate& k) { return k.estimate.backend == Backend::gpu; });
    plan.backend = {Backend::cpu, gpu_fitting == candidates.end()
                                      ? fmt::format("cpu (auto: {})", gpu_first->why_not)
                                      : fmt::format("cpu (auto: quicker than {} by the estimates)",
                                                    gpu_fitting->estimate.text())};
  }
  return plan;
}

std::string check_hierarchy_used(const SolverPlan& plan, const std::string& hierarchy_file) {
  if (hierarchy_file.empty() || plan.method == Method::phast || plan.method == Method::buckets) return {};
  const bool chosen_by_model = plan.estimates.size() > 1;
  HG_EXPECTS(chosen_by_model, ErrorKind::usage,
             "--hierarchy {}: only the PHAST sweeps and the bucket tables read or write a hierarchy, and this run "
             "uses {} on {} ({}); add --method phast, or drop --hierarchy",
             hierarchy_file, method_name(plan.method), backend_name(plan.backend.backend), plan.reason);
  return fmt::format("--hierarchy {}: not used ({}); --method phast or buckets would use it", hierarchy_file,
                     plan.reason);
}

}  // namespace hg
