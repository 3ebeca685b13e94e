#include "host/solvers/cost_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "host/solvers/gpu_device.hpp"
#include "host/solvers/phast/phast_gpu.hpp"

namespace hg {

namespace {

double per_thread(double thread_seconds, int threads) { return thread_seconds / std::max(1, threads); }

// The hierarchy: built on the CPU with every thread (its cost grows with
// the nodes and, on networks with hubs, with each node's in x out arcs), or
// read from its file (16 bytes an arc).
double hierarchy_seconds(const CostRequest& r, const CpuRates& cpu) {
  if (r.stored_hierarchy) return 16.0 * static_cast<double>(r.hierarchy_arcs) / cpu.hierarchy_read_bytes_per_second;
  const double pairs = static_cast<double>(r.degree_pairs);
  return per_thread(cpu.contraction_per_node * r.nodes + cpu.contraction_per_degree_pair * pairs, r.threads);
}

}  // namespace

GpuFigures gpu_figures_of_probe() {
  GpuFigures f;
  const GpuInfo& gpu = probe_gpu();
  f.name = gpu.name;
  f.free_bytes = gpu.free_bytes;
  return f;
}

CostRequest cost_request(const Problem& p, std::uint32_t origins, std::uint32_t destinations, int width, bool hops,
                         bool stored_hierarchy, int threads) {
  CostRequest r;
  r.nodes = p.node_count;
  r.arcs = p.forward.edge_count();
  for (NodeId v = 0; v < p.node_count; ++v)
    r.degree_pairs += std::uint64_t{p.forward.end(v) - p.forward.begin(v)} * (p.reverse.end(v) - p.reverse.begin(v));
  r.hierarchy_arcs = phast_estimated_arcs(p);
  r.origins = origins;
  r.destinations = destinations;
  r.width = width;
  r.hops = hops;
  r.stored_hierarchy = stored_hierarchy;
  r.threads = threads;
  return r;
}

std::string MethodEstimate::label() const {
  return fmt::format("{} on the {}", method == Method::sssp && backend == Backend::cpu ? "dijkstra" : method_name(method),
                     backend_name(backend));
}

std::string MethodEstimate::text() const {
  const auto seconds_text = [](double s) { return s < 0.01 ? fmt::format("{:.4f} s", s) : fmt::format("{:.2f} s", s); };
  std::string t = fmt::format("{} {}", label(), seconds_text(seconds()));
  if (preprocessing_seconds > 0) t += fmt::format(" (hierarchy {})", seconds_text(preprocessing_seconds));
  return t;
}

double upward_search_nodes(const CostRequest& r) {
  const double n = std::max<double>(r.nodes, 1);
  // In x out arc pairs a node: 14.7 on road networks, 709 on the world network.
  const double hubs = std::sqrt(std::max(1.0, static_cast<double>(r.degree_pairs) / n / 14.7));
  return 82.0 * std::pow(n / 1e6, 0.15) * hubs;
}

std::uint64_t bucket_table_bytes(const CostRequest& r) {
  const auto entries = static_cast<std::uint64_t>(r.destinations * upward_search_nodes(r));
  const std::uint64_t search = 4 * std::uint64_t{r.nodes} + 64 * 1024;
  return 8 * entries + 4 * (std::uint64_t{r.nodes} + 1) + static_cast<std::uint64_t>(std::max(1, r.threads)) * search;
}

MethodEstimate estimate_buckets(const CostRequest& r, const CpuRates& cpu) {
  MethodEstimate e;
  e.backend = Backend::cpu;
  e.method = Method::buckets;
  e.preprocessing_seconds = hierarchy_seconds(r, cpu);
  const double searches = static_cast<double>(r.origins) + r.destinations;
  const double pairs = static_cast<double>(r.origins) * r.destinations;
  const double arcs_a_node = static_cast<double>(r.hierarchy_arcs) / std::max<double>(r.nodes, 1);
  const double per_search = cpu.upward_search_per_node * upward_search_nodes(r) * std::max(1.0, arcs_a_node / 8.5);
  e.compute_seconds = per_thread(per_search * searches + cpu.bucket_table_per_pair * pairs, r.threads);
  e.basis = fmt::format("{:.0f} upward searches, {:.3g} pairs", searches, pairs);
  return e;
}

double fw_gpu_share_of_peak(NodeId n, int width) {
  // (n, share at 32 bits, share at 16 bits), H200 (docs/performance.md).
  static constexpr std::array<std::array<double, 3>, 4> kMeasured{{
      {4096, 0.51, 0.20}, {8192, 0.81, 0.73}, {16384, 0.84, 0.85}, {32768, 0.863, 0.872}}};
  const int column = width == 16 ? 2 : 1;
  const double x = static_cast<double>(n);
  if (x <= kMeasured[0][0]) return kMeasured[0][column] * x / kMeasured[0][0];
  for (std::size_t i = 1; i < kMeasured.size(); ++i)
    if (x <= kMeasured[i][0]) {
      const double t = std::log2(x / kMeasured[i - 1][0]) / std::log2(kMeasured[i][0] / kMeasured[i - 1][0]);
      return kMeasured[i - 1][column] + t * (kMeasured[i][column] - kMeasured[i - 1][column]);
    }
  return kMeasured.back()[column];
}

MethodEstimate estimate_fw(const CostRequest& r, Backend backend, const CpuRates& cpu, const GpuFigures* gpu) {
  MethodEstimate e;
  e.backend = backend;
  e.method = Method::fw;
  const double n = r.nodes, updates = n * n * n;
  if (backend == Backend::gpu && gpu) {
    const double peak = r.width == 16 ? gpu->fw_peak_updates_16 : gpu->fw_peak_updates_32;
    // Next hops double the bytes of every tile the rounds move.
    e.compute_seconds = updates / (peak * fw_gpu_share_of_peak(r.nodes, r.width)) * (r.hops ? 2 : 1);
  } else {
    e.compute_seconds = updates / (r.hops ? cpu.fw_hops_updates_per_second : cpu.fw_updates_per_second);
  }
  e.basis = fmt::format("{:.3g} min-plus updates", updates);
  return e;
}

MethodEstimate estimate_dijkstra(const CostRequest& r, const CpuRates& cpu) {
  MethodEstimate e;
  e.backend = Backend::cpu;
  e.method = Method::sssp;
  const double n = r.nodes;
  const double per_search = static_cast<double>(r.arcs) + n * std::max(1.0, std::log2(std::max(2.0, n)));
  e.compute_seconds = per_thread(cpu.dijkstra_per_unit * per_search * r.origins, r.threads);
  e.basis = fmt::format("{} searches", r.origins);
  return e;
}

MethodEstimate estimate_phast(const CostRequest& r, Backend backend, std::uint32_t lanes, bool reverse,
                              const CpuRates& cpu, const GpuFigures* gpu) {
  MethodEstimate e;
  e.backend = backend;
  e.method = Method::phast;
  e.preprocessing_seconds = hierarchy_seconds(r, cpu);
  lanes = std::max<std::uint32_t>(lanes, 1);
  const std::uint32_t sources = reverse ? r.destinations : r.origins;
  const auto batches = static_cast<double>((std::uint64_t{sources} + lanes - 1) / lanes);
  const double n = r.nodes, arcs = static_cast<double>(r.hierarchy_arcs);
  if (backend == Backend::gpu && gpu) {
    // The searched form: every label written once by the downward sweep,
    // every downward arc's tail read once (4 bytes a lane; the upward
    // searches run on the host meanwhile, a few hundred nodes a lane).
    const double bytes_per_lane = 4.0 * (n + arcs / 2);
    const double bandwidth = gpu->copy_bytes_per_second * gpu->sweep_share_of_copy;
    e.compute_seconds = batches * (gpu->sweep_batch_seconds + lanes * bytes_per_lane / bandwidth);
  } else {
    e.compute_seconds = per_thread(cpu.sweep_per_lane_unit * (arcs / 2 + n) * lanes * batches, r.threads);
  }
  e.basis = fmt::format("{} {} batch(es) of {} lanes", batches, reverse ? "reverse" : "forward", lanes);
  return e;
}

}  // namespace hg
