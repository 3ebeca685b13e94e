#include "host/jobs/verify.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "host/solvers/certificate.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/core/errors.hpp"
#include "host/solvers/fw/fw_cpu.hpp"
#include "host/solvers/fw/fw_gpu.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/phast/hierarchy_file.hpp"
#include "host/solvers/gpu_device.hpp"
#include "host/solvers/phast/phast_gpu.hpp"
#include "host/solvers/time_width.hpp"
#include "host/solvers/label_correcting/label_correcting.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/sampling.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"

namespace hg {

namespace {

constexpr NodeId kFloydWarshallReferenceLimit = 4096;
constexpr std::size_t kMismatchesShown = 20;

std::string value_text(std::uint32_t t) { return t == kUnreachable32 ? "unreachable" : std::to_string(t); }

}  // namespace

int run_verify(const VerifyOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  if (!o.json_file.empty()) io::check_output_path(o.json_file);
  if (!o.hierarchy_file.empty() && !std::filesystem::exists(o.hierarchy_file)) io::check_output_path(o.hierarchy_file);
  HG_EXPECTS(o.sample >= 1, ErrorKind::usage, "--sample: must be at least 1");
  const auto loaded = load_network(o.snapshot_file, o.snapshot_name);
  const Problem& p = loaded->problem;
  const Network& net = loaded->network;
  const NodeId n = p.node_count;
  // On the GPU: Floyd–Warshall when the matrix fits the device (and
  // --method is not sssp), else the PHAST sweeps from the sampled origins.
  BackendDecision backend = choose_backend(o.backend, true);
  std::optional<FwGpuPlan> gpu_plan;
  std::optional<PhastGpuPlan> sweep_plan;
  if (backend.backend == Backend::gpu && o.method != MethodChoice::sssp) {
    gpu_plan = plan_fw_gpu(p, choose_width(o.width, 0, p.path_bound), 0, false);
    if (o.backend == BackendChoice::gpu && o.method == MethodChoice::fw) expect_fw_gpu_fits(*gpu_plan, p);
    if (!fw_gpu_fits(*gpu_plan)) gpu_plan.reset();
    if (!gpu_plan && o.method == MethodChoice::fw) backend = {Backend::cpu, "cpu (auto: the matrix does not fit the GPU)"};
  }
  if (backend.backend == Backend::gpu && !gpu_plan) {
    sweep_plan = plan_phast_gpu(n, phast_estimated_arcs(p), std::min<std::size_t>(o.sample, n), n,
                                probe_gpu().free_bytes, /*forward_only=*/true);
    if (o.backend == BackendChoice::gpu) expect_phast_gpu_fits(*sweep_plan, n);
    if (!sweep_plan->fits) {
      backend = {Backend::cpu, "cpu (auto: the sweeps do not fit the GPU)"};
      sweep_plan.reset();
    }
  }

  // 1. The rows under test: full rows (every node), uncapped.
  const std::vector<NodeId> origins = sample_nodes(n, o.sample, o.seed);
  std::vector<NodeId> all(n);
  for (NodeId v = 0; v < n; ++v) all[v] = v;
  const bool fw_under_test = o.method == MethodChoice::fw || gpu_plan;
  std::optional<ContractionHierarchy> hierarchy;
  if (sweep_plan) {
    bool hierarchy_loaded = false;
    {
      Progress progress("contraction hierarchy", 1);
      hierarchy = load_or_contract(p, o.hierarchy_file, o.threads, &hierarchy_loaded);
    }
    note(hierarchy_note(*hierarchy, o.hierarchy_file, hierarchy_loaded));
  }
  HG_EXPECTS(!fw_under_test || gpu_plan || fw_matrix_bytes(n, false) <= o.memory_budget, ErrorKind::too_large,
             "--method fw: the {} x {} matrix does not fit the memory budget", n, n);
  const std::string tested_name = gpu_plan         ? fmt::format("fw (gpu, {})", gpu_plan->compute_reason)
                                  : sweep_plan     ? fmt::format("sssp (gpu phast, {} levels)", hierarchy->level_count)
                                  : fw_under_test ? "fw"
                                                  : "sssp (dijkstra)";
  std::vector<std::uint32_t> tested(origins.size() * std::size_t{n});
  std::optional<FwMatrix> matrix;
  {
    Progress progress(tested_name + " (under test)", 1);
    if (gpu_plan) {
      fw_solve_gpu(p, *gpu_plan)->write_rows(origins, all, 0, tested.data(), nullptr);
    } else if (sweep_plan) {
      const PhastGpuPlan exact = plan_phast_gpu(n, hierarchy->arc_count(), origins.size(), n, probe_gpu().free_bytes,
                                                /*forward_only=*/true);
      PhastGpuRows(p, *hierarchy, exact, origins, all, 0).solve(0, origins.size(), tested.data());
    } else if (fw_under_test) {
      matrix = fw_initial_matrix(p, false);
      fw_solve_cpu(*matrix, o.threads);
      fw_write_rows(*matrix, p, origins, all, 0, tested.data(), nullptr);
    } else {
      DijkstraRows(p, all, 0, false, o.threads).solve(origins, tested.data(), nullptr);
    }
  }

  // 2. The reference, by a different method: CPU Dijkstra for the GPU, else
  //    Floyd–Warshall for small networks and label-correcting for large ones.
  const bool dijkstra_reference = gpu_plan.has_value() || sweep_plan.has_value();
  const bool fw_reference = !dijkstra_reference && !fw_under_test && n <= kFloydWarshallReferenceLimit &&
                            fw_matrix_bytes(n, false) <= o.memory_budget;
  const std::string reference_name = dijkstra_reference ? "dijkstra" : fw_reference ? "floyd-warshall" : "label-correcting";
  std::vector<std::uint32_t> dijkstra_rows;
  if (dijkstra_reference) {
    Progress progress("dijkstra (reference)", 1);
    dijkstra_rows.resize(tested.size());
    DijkstraRows(p, all, 0, false, o.threads).solve(origins, dijkstra_rows.data(), nullptr);
  }
  if (fw_reference) {
    Progress progress("floyd-warshall (reference)", 1);
    matrix = fw_initial_matrix(p, false);
    fw_solve_cpu(*matrix, o.threads);
  }
  std::uint64_t mismatches = 0, certificate_failures = 0;
  nlohmann::json shown = nlohmann::json::array();
  Progress progress(reference_name + " (reference) + certificates", origins.size());
  std::vector<std::uint32_t> reference(n);
  std::vector<Time> internal(n);
  for (std::size_t r = 0; r < origins.size(); ++r) {
    const NodeId origin = origins[r];
    if (dijkstra_reference) {
      std::copy_n(dijkstra_rows.data() + r * n, n, reference.data());
    } else if (fw_reference) {
      const NodeId one[1] = {origin};
      fw_write_rows(*matrix, p, one, all, 0, reference.data(), nullptr);
    } else {
      const std::vector<Time> lc = label_correcting_one_to_all(p, origin);
      for (NodeId v = 0; v < n; ++v) reference[v] = stored_time(lc[v], 0);
    }
    const std::uint32_t* row = tested.data() + r * n;
    for (NodeId v = 0; v < n; ++v) {
      if (row[v] == reference[v]) continue;
      if (++mismatches <= kMismatchesShown) {
        fmt::print("mismatch: {} -> {}: {} {} but {} {}\n", net.nodes.code[origin], net.nodes.code[v],
                   tested_name, value_text(row[v]), reference_name,
                   value_text(reference[v]));
        shown.push_back({{"origin", std::string(net.nodes.code[origin])},
                         {"destination", std::string(net.nodes.code[v])},
                         {"tested", row[v]},
                         {"reference", reference[v]}});
      }
    }
    for (NodeId v = 0; v < n; ++v) internal[v] = row[v] == kUnreachable32 ? kInfinity : row[v];
    if (const auto violation = check_certificate(p, origin, internal)) {
      ++certificate_failures;
      fmt::print("certificate fails for origin {}: {}\n", net.nodes.code[origin], violation->describe());
    }
    progress.advance();
  }
  progress.finish();

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool ok = mismatches == 0 && certificate_failures == 0;
  fmt::print("verify {}: {} origins x {} destinations on {}, method {} vs {}: {} mismatches, {}/{} certificates hold "
             "({:.2f} s) — {}\n",
             o.snapshot_file, origins.size(), n, backend.reason, tested_name,
             reference_name, mismatches, origins.size() - certificate_failures, origins.size(), seconds,
             ok ? "OK" : "FAILED");
  if (!o.json_file.empty())
    io::write_json_file(o.json_file, {{"snapshot_file", o.snapshot_file},
                                      {"origins", origins.size()},
                                      {"destinations", n},
                                      {"backend", std::string(backend_name(backend.backend))},
                                      {"method", fw_under_test ? "fw" : "sssp"},
                                      {"tested", tested_name},
                                      {"reference", reference_name},
                                      {"mismatches", mismatches},
                                      {"mismatches_shown", shown},
                                      {"certificate_failures", certificate_failures},
                                      {"seconds", seconds},
                                      {"ok", ok}});
  return ok ? 0 : kExitRuntimeError;
}

}  // namespace hg
