#pragma once
// What every GPU benchmark binary shares: skipping without a GPU, and the
// copy-bandwidth ceiling measured in the same run (docs/performance.md#method).
// Include it from exactly one file of a benchmark binary.

#include <benchmark/benchmark.h>

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "host/solvers/gpu_device.hpp"
#include "kernels/common/ceilings.cuh"

namespace {

// Skips the case (and says why) when there is no GPU this binary can use.
bool gpu_usable(benchmark::State& state) {
  const hg::GpuInfo& gpu = hg::probe_gpu();
  if (!gpu.usable) {
    state.SkipWithError(("no usable GPU: " + gpu.reason).c_str());
    return false;
  }
  state.SetLabel(gpu.name);
  return true;
}

void BM_CopyBandwidth(benchmark::State& state) {
  if (!gpu_usable(state)) return;
  const hg::GpuInfo& gpu = hg::probe_gpu();
  // 2 GiB, or less when two buffers of it would not fit comfortably.
  std::size_t bytes = std::size_t{2} << 30;
  while (bytes > (std::size_t{64} << 20) && 2 * bytes > gpu.free_bytes / 2) bytes /= 2;
  double bandwidth = 0;
  try {
    for (auto _ : state) bandwidth = hg::gpu_copy_bandwidth(bytes);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  state.counters["bytes_per_s"] = bandwidth;
  state.counters["copy_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_CopyBandwidth)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// main() of a GPU benchmark binary: the card in the JSON context, plus
// `context` entries of its own.
int run_gpu_benchmarks(int argc, char** argv, const std::vector<std::pair<std::string, std::string>>& context = {}) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const hg::GpuInfo& gpu = hg::probe_gpu();
  benchmark::AddCustomContext("gpu", gpu.usable ? gpu.name : "none: " + gpu.reason);
  if (gpu.usable) {
    benchmark::AddCustomContext("gpu_compute_capability",
                                std::to_string(gpu.compute_major) + "." + std::to_string(gpu.compute_minor));
    benchmark::AddCustomContext("gpu_memory_bytes", std::to_string(gpu.total_bytes));
  }
  for (const auto& [key, value] : context) benchmark::AddCustomContext(key, value);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
