// The CPU side of many-to-many on road networks (`generate --kind road`):
// building the contraction hierarchy, the cost per origin of a full
// one-to-all row by CPU Dijkstra and by the CPU PHAST sweeps (the GPU
// kernels' arithmetic), and small tables by buckets, with every core.
//
//   HG_ROAD_NODES=1000000 build/bench/phast_bench   (default 100000)

#include <benchmark/benchmark.h>
#include <omp.h>

#include <cstdlib>

#include "bench/bench_networks.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/phast/bucket_table.hpp"
#include "host/solvers/phast/search_starts.hpp"

namespace {

std::uint64_t road_nodes() {
  const char* env = std::getenv("HG_ROAD_NODES");
  return env ? std::strtoull(env, nullptr, 10) : 100000;
}

void describe(benchmark::State& state, const hg::bench::RoadCase& c) {
  state.counters["nodes"] = c.problem.node_count;
  state.counters["arcs"] = static_cast<double>(c.problem.forward.edge_count());
  state.counters["corner_hops"] = static_cast<double>(c.corner_hops);
  state.counters["level0_nodes"] = c.forward.level_begin.size() > 1 ? c.forward.level_begin[1] : 0;
  state.counters["threads"] = omp_get_max_threads();
}

// The hierarchy the other cases use, built once (with every core) and timed.
void BM_ContractionHierarchy(benchmark::State& state) {
  const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
  for (auto _ : state) state.SetIterationTime(c.hierarchy.seconds);
  state.counters["hierarchy_arcs"] = static_cast<double>(c.hierarchy.arc_count());
  state.counters["levels"] = c.hierarchy.level_count;
  describe(state, c);
}
BENCHMARK(BM_ContractionHierarchy)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

void BM_DijkstraRows(benchmark::State& state) {
  const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
  const auto origins = hg::bench::spread_origins(c.problem.node_count, static_cast<std::uint32_t>(state.range(0)));
  const std::vector<hg::NodeId> all = hg::bench::all_nodes(c.problem.node_count);
  hg::DijkstraRows rows(c.problem, all, 0, false, omp_get_max_threads());
  std::vector<std::uint32_t> times(origins.size() * all.size());
  for (auto _ : state) rows.solve(origins, times.data(), nullptr);
  state.counters["us_per_origin"] =
      benchmark::Counter(static_cast<double>(origins.size()) * 1e-6,
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  describe(state, c);
}
BENCHMARK(BM_DijkstraRows)->ArgName("origins")->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

// One batch of full rows in each form (bench_form: 0 upward sweep, 1 upward
// searches, 2 and 3 the same at 16 bits), searches included in the time.
void BM_PhastCpuSweeps(benchmark::State& state) {
  const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
  const auto lanes = static_cast<std::uint32_t>(state.range(0));
  const hg::PhastLabelForm form = hg::bench::bench_form(c.problem, state.range(1));
  const auto origins = hg::bench::spread_origins(c.problem.node_count, lanes);
  hg::PhastSweeps sweeps(c.forward, lanes, omp_get_max_threads(), form);
  for (auto _ : state) sweeps.run(origins);
  state.counters["us_per_origin"] =
      benchmark::Counter(static_cast<double>(lanes) * 1e-6,
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  const double starts_per_row = static_cast<double>(sweeps.starts().starts.size()) / lanes;
  state.counters["starts_per_row"] = starts_per_row;
  state.counters["row_bytes"] = hg::bench::phast_row_bytes(c.forward, form, starts_per_row, lanes);
  state.counters["label_bits"] = form.bits;
  state.counters["levels"] = c.hierarchy.level_count;
  state.SetLabel(hg::phast_form_text(form));
  describe(state, c);
}
BENCHMARK(BM_PhastCpuSweeps)
    ->ArgNames({"lanes", "form"})
    ->ArgsProduct({{64}, {0, 1, 2, 3}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The searched form's upward searches alone, for one batch of `lanes`
// sources with every core: what the host must keep up with while the GPU
// sweeps (search_us_per_lane is wall time over the lanes).
void BM_PhastStartSearches(benchmark::State& state) {
  const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
  const auto lanes = static_cast<std::uint32_t>(state.range(0));
  const auto origins = hg::bench::spread_origins(c.problem.node_count, lanes);
  hg::PhastStartSearches searches(c.forward, omp_get_max_threads());
  hg::PhastSearchStarts starts;
  for (auto _ : state) searches.run(origins, starts);
  state.counters["search_us_per_lane"] =
      benchmark::Counter(static_cast<double>(lanes) * 1e-6,
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["starts_per_lane"] = static_cast<double>(starts.starts.size()) / lanes;
  describe(state, c);
}
BENCHMARK(BM_PhastStartSearches)->ArgName("lanes")->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();

// A table of `size` origins x `size` destinations by buckets over the
// hierarchy: the destinations' buckets and the origins' rows, timed together
// (bucket_seconds apart); the warehouse-to-store case of docs/many-to-many.md.
void BM_BucketTable(benchmark::State& state) {
  const hg::bench::RoadCase& c = hg::bench::road_case(road_nodes());
  const auto size = static_cast<std::uint32_t>(state.range(0));
  const auto origins = hg::bench::spread_origins(c.problem.node_count, size);
  std::vector<hg::NodeId> destinations = origins;
  for (hg::NodeId& d : destinations) d = (d + 4999) % c.problem.node_count;  // apart from the origins
  std::vector<std::uint32_t> times(std::size_t{size} * size);
  double bucket_seconds = 0;
  for (auto _ : state) {
    const double start = omp_get_wtime();
    hg::BucketTable table(c.problem, c.hierarchy, destinations, 0, omp_get_max_threads());
    bucket_seconds += omp_get_wtime() - start;
    table.solve(origins, times.data());
    state.counters["bucket_entries"] = static_cast<double>(table.bucket_entries());
  }
  state.counters["bucket_seconds"] =
      benchmark::Counter(bucket_seconds, benchmark::Counter::kAvgIterations);
  describe(state, c);
}
BENCHMARK(BM_BucketTable)->ArgName("size")->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
