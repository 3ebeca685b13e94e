// Many-to-many on the GPU by batched PHAST sweeps, on `hourglass generate
// --kind road --nodes N --seed 1` (HG_ROAD_NODES, default 1,000,000), against
// the copy-bandwidth ceiling measured in the same run:
//
//   BM_PhastGpuSweeps/lanes/form/fused  every origin's full one-to-all row on the
//                       device (device time, CUDA events) in each form
//                       (bench_form in bench/bench_networks.hpp: 0 upward
//                       sweep, 1 upward searches, 2 and 3 the same with
//                       16-bit labels under a 4-hour cap; fused: the thin
//                       top levels in one launch); the host's upward
//                       searches apart (search_us_per_origin); the last
//                       batch's rows checked against CPU Dijkstra
//                       (`mismatches`)
//   BM_PhastGpuRows     the same with every row copied back to the host
//   BM_PhastGpuCoverage the same reduced to nearest origins on the device
//   BM_PhastGpuAllPairs/form/fused  all pairs of a road network of HG_ALL_PAIRS_NODES
//                       nodes (default 126,000): every origin's row swept
//                       and kept on the device; BM_PhastGpuAllPairsCopy the
//                       rows copied to the host apart
//
// Bytes a sweep moves per row: phast_row_bytes (no label reused from cache).

#include <benchmark/benchmark.h>
#include <omp.h>

#include <cstdlib>

#include "bench/bench_networks.hpp"
#include "bench/gpu_bench_support.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/fw/reachability.hpp"
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

// Rows against CPU Dijkstra at the form's cap (4 hours at 16 bits): the
// first `check` lanes of the last batch, every node.
std::size_t row_mismatches(const hg::bench::RoadCase& c, hg::PhastGpu& gpu, std::span<const hg::NodeId> origins,
                           hg::Time cap, std::uint32_t check) {
  const hg::NodeId n = c.problem.node_count;
  const std::vector<hg::NodeId> all = hg::bench::all_nodes(n);
  gpu.set_targets(c.forward.positions(all).data(), all.data(), n);
  std::vector<hg::Time> handling(check);
  for (std::uint32_t i = 0; i < check; ++i) handling[i] = c.problem.handling[origins[i]];
  std::vector<std::uint32_t> got(std::size_t{check} * n), want(got.size());
  if (gpu.form().bits == 16) {  // saturated pairs resolved on the device
    const hg::Reachability reach(c.problem);
    gpu.set_reachability(reach.view(), reach.node_count(), reach.bit_words());
  }
  gpu.fetch_lane_rows(origins.data(), handling.data(), 0, check, cap, got.data());
  hg::DijkstraRows(c.problem, all, cap, false, omp_get_max_threads()).solve(origins.first(check), want.data(), nullptr);
  std::size_t mismatches = 0;
  for (std::size_t k = 0; k < got.size(); ++k) mismatches += got[k] != want[k];
  return mismatches;
}

void BM_PhastGpuSweeps(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  try {
    const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
    const auto lanes = static_cast<std::uint32_t>(state.range(0));
    const hg::PhastLabelForm form = hg::bench::bench_form(c.problem, state.range(1));
    const hg::Time cap = form.bits == 16 ? 4 * hg::units_per_hour(c.problem.time_unit) : 0;
    const hg::NodeId n = c.problem.node_count;
    hg::PhastGpu gpu(c.forward.view(), lanes, form, {state.range(2) != 0});
    hg::PhastGpuBatches batches(gpu, c.forward, omp_get_max_threads());
    double device = 0;
    std::uint32_t batch = 0;
    std::vector<hg::NodeId> origins, next = batch_origins(n, lanes, 0);
    const double wall_start = omp_get_wtime();
    for (auto _ : state) {
      origins = next;
      next = batch_origins(n, lanes, ++batch);
      const double s = batches.sweep(origins, next);  // the next batch searched meanwhile
      state.SetIterationTime(s);
      device += s;
    }
    const double wall = omp_get_wtime() - wall_start;
    const double rows = static_cast<double>(batch) * lanes;
    const double per_origin = device / rows;
    const double start_count = static_cast<double>(batches.starts());
    const double bytes = hg::bench::phast_row_bytes(c.forward, form, start_count / rows, lanes);
    state.counters["us_per_origin"] = per_origin * 1e6;
    state.counters["wall_us_per_origin"] = wall / rows * 1e6;  // host searches overlapping the sweeps
    state.counters["search_us_per_origin"] = batches.search_seconds() / (rows + lanes) * 1e6;  // host, omp threads
    state.counters["row_bytes"] = bytes;
    state.counters["starts_per_row"] = start_count / rows;
    state.counters["bytes_per_s"] = bytes / per_origin;
    state.counters["of_copy_ceiling"] = bytes / per_origin / copy_ceiling();
    state.counters["label_bits"] = form.bits;
    state.counters["mismatches"] = static_cast<double>(row_mismatches(c, gpu, origins, cap, 8));
    state.SetLabel(hg::phast_form_text(form));
    describe(state, c);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_PhastGpuSweeps)
    ->ArgNames({"lanes", "form", "fused"})
    ->Args({1024, 0, 0})
    ->Args({1024, 1, 0})
    ->Args({1024, 1, 1})
    ->Args({2048, 2, 0})
    ->Args({2048, 3, 0})
    ->Args({2048, 3, 1})
    ->Args({256, 0, 0})
    ->Args({256, 1, 0})
    ->Args({256, 1, 1})
    ->Iterations(8)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// Full rows to the host: wall time per origin for 1,024 origins x every node.
void BM_PhastGpuRows(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  try {
    const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
    const hg::NodeId n = c.problem.node_count;
    const auto origins = batch_origins(n, 1024, 99);
    const std::vector<hg::NodeId> all = hg::bench::all_nodes(n);
    const hg::PhastGpuPlan plan = hg::plan_phast_gpu(n, c.hierarchy.arc_count(), origins.size(), n,
                                                     hg::probe_gpu().free_bytes, true);
    std::vector<std::uint32_t> times(origins.size() * std::size_t{n});
    for (auto _ : state) {
      state.PauseTiming();  // the sweep graph and its upload are set-up, not per origin
      auto rows = std::make_unique<hg::PhastGpuRows>(c.problem, c.hierarchy, plan, origins, all, 0, nullptr,
                                                     omp_get_max_threads());
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
    hg::PhastGpuBatches sweeps(gpu, c.forward, omp_get_max_threads());
    const std::vector<hg::NodeId> all = hg::bench::all_nodes(n);
    gpu.set_targets(c.forward.positions(all).data(), all.data(), n);
    std::vector<hg::Time> handling(lanes);
    for (auto _ : state) {
      gpu.reset_nearest();
      for (std::uint32_t b = 0; b < batches; ++b) {
        const auto origins = batch_origins(n, lanes, b);
        for (std::uint32_t i = 0; i < lanes; ++i) handling[i] = c.problem.handling[origins[i]];
        sweeps.sweep(origins);
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

std::uint64_t all_pairs_nodes() {
  const char* env = std::getenv("HG_ALL_PAIRS_NODES");
  return env ? std::strtoull(env, nullptr, 10) : 126000;
}

// All pairs of a sparse road network, kept on the device (what coverage and
// planning consume): every node's row, batch after batch, device time of
// the sweeps (the host's upward searches apart). Form 1: 32-bit labels,
// form 3: 16-bit under a 4-hour cap.
void BM_PhastGpuAllPairs(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  try {
    const hg::bench::RoadCase& c = hg::bench::road_case(all_pairs_nodes());
    const hg::PhastLabelForm form = hg::bench::bench_form(c.problem, state.range(0));
    const std::uint32_t lanes = hg::phast_max_lanes(form);
    const hg::NodeId n = c.problem.node_count;
    hg::PhastGpu gpu(c.forward.view(), lanes, form, {state.range(1) != 0});
    hg::PhastGpuBatches batches(gpu, c.forward, omp_get_max_threads());
    const std::vector<hg::NodeId> all = hg::bench::all_nodes(n);
    const std::span<const hg::NodeId> nodes(all);
    const auto batch = [&](hg::NodeId first) { return nodes.subspan(first, std::min<hg::NodeId>(lanes, n - first)); };
    double device = 0, wall = 0;
    for (auto _ : state) {
      double sweeps = 0;
      const double start = omp_get_wtime();
      for (hg::NodeId first = 0; first < n; first += lanes)
        sweeps += batches.sweep(batch(first), first + lanes < n ? batch(first + lanes) : std::span<const hg::NodeId>{});
      wall += omp_get_wtime() - start;
      state.SetIterationTime(sweeps);
      device += sweeps;
    }
    const auto iterations = static_cast<double>(state.iterations());
    state.counters["pairs"] = static_cast<double>(n) * n;
    state.counters["device_s"] = device / iterations;
    state.counters["wall_s"] = wall / iterations;  // host searches overlapping the sweeps
    state.counters["search_s"] = batches.search_seconds() / iterations;
    state.counters["pathpack_b200_s"] = 0.139;  // the anchor: 126,146 nodes on one B200
    state.counters["label_bits"] = form.bits;
    state.SetLabel(hg::phast_form_text(form));
    describe(state, c);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_PhastGpuAllPairs)
    ->ArgNames({"form", "fused"})
    ->ArgsProduct({{1, 3}, {0, 1}})
    ->Iterations(2)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// The same rows copied to the host (32-bit stored times), for 16 batches
// of 1,024 origins: the rate the whole matrix would be written at.
void BM_PhastGpuAllPairsCopy(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  try {
    const hg::bench::RoadCase& c = hg::bench::road_case(all_pairs_nodes());
    const hg::NodeId n = c.problem.node_count;
    const std::vector<hg::NodeId> all = hg::bench::all_nodes(n);
    const std::vector<hg::NodeId> origins(all.begin(), all.begin() + std::min<hg::NodeId>(n, 16 * 1024));
    const hg::PhastGpuPlan plan = hg::plan_phast_gpu(n, c.hierarchy.arc_count(), origins.size(), n,
                                                     hg::probe_gpu().free_bytes, true);
    std::vector<std::uint32_t> times(std::size_t{1024} * n);
    for (auto _ : state) {
      state.PauseTiming();
      auto rows = std::make_unique<hg::PhastGpuRows>(c.problem, c.hierarchy, plan, origins, all, 0, nullptr,
                                                     omp_get_max_threads());
      state.ResumeTiming();
      for (std::size_t first = 0; first < origins.size(); first += 1024)
        rows->solve(first, std::min<std::size_t>(1024, origins.size() - first), times.data());
    }
    state.counters["row_bytes_per_s"] = benchmark::Counter(static_cast<double>(origins.size()) * n * 4,
                                                           benchmark::Counter::kIsIterationInvariantRate);
    state.counters["all_pairs_copy_s_projected"] = benchmark::Counter(
        static_cast<double>(origins.size()) / static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                                          benchmark::Counter::kInvert);
    describe(state, c);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_PhastGpuAllPairsCopy)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) { return run_gpu_benchmarks(argc, argv, {{"road_nodes", std::to_string(road_nodes())}}); }
