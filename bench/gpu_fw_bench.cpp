// GPU blocked Floyd–Warshall against its two ceilings (docs/performance.md#method):
// device copy bandwidth and the min-plus instruction
// rate, measured in the same run on the same card. FW cases report min-plus
// updates per second (n^3 / device time of solve(), CUDA events) and
// of_ceiling = that rate / the register-only min-plus peak of the same width.
// Without a usable GPU every case is skipped with the probe's reason.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <map>
#include <string>

#include "bench/bench_networks.hpp"
#include "bench/gpu_bench_support.hpp"
#include "host/model/compile.hpp"
#include "host/solvers/gpu_device.hpp"
#include "kernels/common/ceilings.cuh"
#include "kernels/fw/fw_device.cuh"
#include "kernels/fw/fw_packed.cuh"

namespace {

// The min-plus peak of one width, measured once per process.
double minplus_peak(int width) {
  static std::map<int, double> peaks;
  auto it = peaks.find(width);
  if (it == peaks.end()) it = peaks.emplace(width, hg::gpu_minplus_peak(width)).first;
  return it->second;
}

void BM_MinPlusPeak(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  const int width = static_cast<int>(state.range(0));
  double peak = 0;
  try {
    for (auto _ : state) peak = hg::gpu_minplus_peak(width);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  state.counters["updates_per_s"] = peak;
}
BENCHMARK(BM_MinPlusPeak)->Arg(32)->Arg(16)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FloydWarshallGpu(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  const auto n = static_cast<hg::NodeId>(state.range(0));
  const int width = static_cast<int>(state.range(1));
  // 0: launch by launch on two streams; 1: the rounds captured in a CUDA graph.
  const hg::FwLaunch launch = state.range(2) != 0 ? hg::FwLaunch::graph : hg::FwLaunch::streams;
  try {
    const hg::Problem p = hg::compile(hg::bench::random_sparse_network(n, 4, n), "bench");
    const hg::FwLayout layout = hg::fw_layout(n, width, width == 16 ? hg::kFwClamp16Max : hg::kInfinity);
    const std::uint64_t need = hg::fw_gpu_device_bytes(layout, false, p.forward.arcs.size());
    if (need > hg::probe_gpu().free_bytes) {
      state.SkipWithError(("needs " + std::to_string(need >> 20) + " MiB of GPU memory, " +
                           std::to_string(hg::probe_gpu().free_bytes >> 20) + " MiB free")
                              .c_str());
      return;
    }
    double peak = 0;  // of_ceiling is left out when the peak cannot be measured
    try {
      peak = minplus_peak(width);
    } catch (const std::exception&) {
    }
    hg::FwGpu gpu(layout, /*hops=*/false, p.forward.offsets.data(),
                  reinterpret_cast<const std::uint32_t*>(p.forward.arcs.data()), p.forward.arcs.size());
    double total = 0;
    for (auto _ : state) {
      state.PauseTiming();
      gpu.reset();
      state.ResumeTiming();
      const double s = gpu.solve(launch);
      state.SetIterationTime(s);
      total += s;
    }
    const double updates = static_cast<double>(n) * n * n;
    const double iterations = static_cast<double>(state.iterations());
    state.counters["updates_per_s"] = benchmark::Counter(updates, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["seconds"] = total / iterations;
    if (peak > 0) state.counters["of_ceiling"] = updates * iterations / total / peak;
    state.counters["peak_updates_per_s"] = peak;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
// Small n, where the sequential pivot phases and the gaps between launches
// dominate: both ways of launching (docs/performance.md).
BENCHMARK(BM_FloydWarshallGpu)
    ->ArgNames({"n", "width", "graph"})
    ->ArgsProduct({{2048, 4096}, {32, 16}, {0, 1}})
    ->Iterations(20)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FloydWarshallGpu)
    ->ArgNames({"n", "width", "graph"})
    ->ArgsProduct({{8192}, {32, 16}, {0, 1}})
    ->Iterations(8)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FloydWarshallGpu)
    ->ArgNames({"n", "width", "graph"})
    ->ArgsProduct({{16384, 32768}, {32, 16}, {0}})
    ->Iterations(3)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) { return run_gpu_benchmarks(argc, argv); }
