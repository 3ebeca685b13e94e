// Many-to-many on the GPU by batched PHAST sweeps, on `hourglass generate
// --kind road --nodes N --seed 1` (HG_ROAD_NODES, default 1,000,000), against
// the copy-bandwidth ceiling measured in the same run:
//
//   BM_PhastGpuSweeps   every origin's full one-to-all row on the device
//                       (device time, CUDA events); the last batch's rows
//                       are checked against CPU Dijkstra (`mismatches`)
//   BM_PhastGpuRows     the same with every row copied back to the host
//   BM_PhastGpuCoverage the same reduced to nearest origins on the device
//
// Bytes a sweep moves per origin, if no label were reused from cache: each
// node's label above level 0 is written by both sweeps and read back once by
// the downward one, level 0's only written (downward), and every hierarchy
// arc reads its tail's label except upward arcs out of level 0 (computed
// seeds): 4 (3 (n - n0) + n0 + A - A0).

#include <benchmark/benchmark.h>
#include <omp.h>

#include <cstdlib>

#include "bench/bench_networks.hpp"
#include "bench/gpu_bench_support.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/phast/phast_gpu.hpp"
#include "kernels/phast/phast_device.cuh"

namespace {

std::uint64_t road_nodes() {
  const char* env = std::getenv("HG_ROAD_NODES");
  return env ? std::strtoull(env, nullptr, 10) : 1000000;
}

double copy_ceiling() {
  static const double ceiling = hg::gpu_copy_bandwidth(std::size_t{1} << 30);
  return ceiling;
}

// Origins of batch b: spread over the network, shifted per batch.
std::vector<hg::NodeId> batch_origins(hg::NodeId n, std::uint32_t lanes, std::uint32_t b) {
  std::vector<hg::NodeId> origins = hg::bench::spread_origins(n, lanes);
  for (hg::NodeId& o : origins) o = static_cast<hg::NodeId>((o + 7919ull * b) % n);
  return origins;
}

void describe(benchmark::State& state, const hg::bench::RoadCase& c) {
  state.counters["nodes"] = c.problem.node_count;
  state.counters["arcs"] = static_cast<double>(c.problem.forward.edge_count());
  state.counters["corner_hops"] = static_cast<double>(c.corner_hops);
  state.counters["level0_nodes"] = c.forward.level_begin.size() > 1 ? c.forward.level_begin[1] : 0;
  state.counters["hierarchy_arcs"] = static_cast<double>(c.hierarchy.arc_count());
  state.counters["levels"] = c.hierarchy.level_count;
  state.counters["hierarchy_s"] = c.hierarchy.seconds;
  state.counters["cpu_threads"] = omp_get_max_threads();
}

void BM_PhastGpuSweeps(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  try {
    const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
    const auto lanes = static_cast<std::uint32_t>(state.range(0));
    const hg::NodeId n = c.problem.node_count;
    hg::PhastGpu gpu(c.forward.view(), lanes);
    double device = 0;
    std::uint32_t batch = 0;
    std::vector<hg::NodeId> origins;
    for (auto _ : state) {
      origins = batch_origins(n, lanes, batch++);
      const double s = gpu.sweep(c.forward.positions(origins).data(), lanes);
      state.SetIterationTime(s);
      device += s;
    }
    const double per_origin = device / (static_cast<double>(batch) * lanes);
    const double n0 = c.forward.level_begin.size() > 1 ? c.forward.level_begin[1] : 0;
    double seeded_arcs = 0;  // upward arcs whose tail is on level 0
    for (const hg::PhastArc& a : c.forward.up_arcs) seeded_arcs += a.tail < n0;
    const double bytes = 4.0 * (3.0 * (n - n0) + n0 + static_cast<double>(c.forward.arc_count()) - seeded_arcs);
    state.counters["us_per_origin"] = per_origin * 1e6;
    state.counters["bytes_per_s"] = bytes / per_origin;
    state.counters["of_copy_ceiling"] = bytes / per_origin / copy_ceiling();

    // The last batch's first 8 rows against CPU Dijkstra, every node.
    const std::uint32_t check = 8;
    std::vector<hg::NodeId> all(n);
    for (hg::NodeId v = 0; v < n; ++v) all[v] = v;
    gpu.set_targets(c.forward.positions(all).data(), all.data(), n);
    std::vector<hg::Time> handling(check);
    for (std::uint32_t i = 0; i < check; ++i) handling[i] = c.problem.handling[origins[i]];
    std::vector<std::uint32_t> got(std::size_t{check} * n), want(got.size());
    gpu.fetch_lane_rows(origins.data(), handling.data(), 0, check, 0, got.data());
    hg::DijkstraRows(c.problem, all, 0, false, omp_get_max_threads())
        .solve(std::span(origins).first(check), want.data(), nullptr);
    std::size_t mismatches = 0;
    for (std::size_t k = 0; k < got.size(); ++k) mismatches += got[k] != want[k];
    state.counters["mismatches"] = static_cast<double>(mismatches);
    describe(state, c);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_PhastGpuSweeps)->ArgName("lanes")->Arg(256)->Arg(1024)->Iterations(8)->UseManualTime()->Unit(
    benchmark::kMillisecond);

// Full rows to the host: wall time per origin for 1,024 origins x every node.
void BM_PhastGpuRows(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  try {
    const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
    const hg::NodeId n = c.problem.node_count;
    const auto origins = batch_origins(n, 1024, 99);
    std::vector<hg::NodeId> all(n);
    for (hg::NodeId v = 0; v < n; ++v) all[v] = v;
    const hg::PhastGpuPlan plan = hg::plan_phast_gpu(n, c.hierarchy.arc_count(), origins.size(), n,
                                                     hg::probe_gpu().free_bytes, true);
    std::vector<std::uint32_t> times(origins.size() * std::size_t{n});
    for (auto _ : state) {
      state.PauseTiming();  // the sweep graph and its upload are set-up, not per origin
      auto rows = std::make_unique<hg::PhastGpuRows>(c.problem, c.hierarchy, plan, origins, all, 0);
      state.ResumeTiming();
      rows->solve(0, origins.size(), times.data());
    }
    state.counters["us_per_origin"] =
        benchmark::Counter(static_cast<double>(origins.size()) * 1e-6,
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.counters["row_bytes_per_s"] = benchmark::Counter(static_cast<double>(times.size()) * 4,
                                                           benchmark::Counter::kIsIterationInvariantRate);
    state.counters["lanes"] = plan.lanes;
    describe(state, c);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_PhastGpuRows)->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// Coverage: 4,096 origins folded into nearest labels of every node on the
// device; wall time per origin of the batches (sweep + reduction).
void BM_PhastGpuCoverage(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  try {
    const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
    const hg::NodeId n = c.problem.node_count;
    const std::uint32_t lanes = 1024, batches = 4;
    hg::PhastGpu gpu(c.forward.view(), lanes);
    std::vector<hg::NodeId> all(n);
    for (hg::NodeId v = 0; v < n; ++v) all[v] = v;
    gpu.set_targets(c.forward.positions(all).data(), all.data(), n);
    std::vector<hg::Time> handling(lanes);
    for (auto _ : state) {
      gpu.reset_nearest();
      for (std::uint32_t b = 0; b < batches; ++b) {
        const auto origins = batch_origins(n, lanes, b);
        for (std::uint32_t i = 0; i < lanes; ++i) handling[i] = c.problem.handling[origins[i]];
        gpu.sweep(c.forward.positions(origins).data(), lanes);
        gpu.reduce_nearest(origins.data(), handling.data(), lanes);
      }
      std::vector<std::uint64_t> labels(n);
      gpu.nearest(labels.data());
      benchmark::DoNotOptimize(labels.data());
    }
    state.counters["us_per_origin"] =
        benchmark::Counter(static_cast<double>(lanes) * batches * 1e-6,
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    describe(state, c);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_PhastGpuCoverage)->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) { return run_gpu_benchmarks(argc, argv, {{"road_nodes", std::to_string(road_nodes())}}); }
