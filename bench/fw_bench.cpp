// CPU blocked Floyd–Warshall: min-plus updates per second (n^3 / time) at
// several sizes, all threads, 32-bit times, without and with next hops.

#include <benchmark/benchmark.h>
#include <omp.h>

#include "bench/bench_networks.hpp"
#include "host/solvers/fw/fw_cpu.hpp"

namespace {

void BM_FloydWarshallCpu(benchmark::State& state) {
  const auto n = static_cast<hg::NodeId>(state.range(0));
  const bool hops = state.range(1) != 0;
  const hg::Problem p = hg::compile(hg::bench::random_sparse_network(n, 4, n), "bench");
  const hg::FwMatrix initial = hg::fw_initial_matrix(p, hops);
  for (auto _ : state) {
    state.PauseTiming();
    hg::FwMatrix m = initial;
    state.ResumeTiming();
    hg::fw_solve_cpu(m, omp_get_max_threads());
    benchmark::DoNotOptimize(m.dist.data());
  }
  const double updates = static_cast<double>(n) * n * n;
  state.counters["updates_per_s"] = benchmark::Counter(updates, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["threads"] = omp_get_max_threads();
}

BENCHMARK(BM_FloydWarshallCpu)
    ->ArgsProduct({{512, 1024, 2048, 4096}, {0}})
    ->Args({1024, 1})
    ->Args({2048, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(0.5);

}  // namespace

BENCHMARK_MAIN();
