// CPU Dijkstra, time per origin (one thread, full one-to-all rows) on
//   - the generated logistics network of 1M nodes (seed 1), and
//   - every snapshot listed in HG_BENCH_SNAPSHOTS (comma-separated paths),
//     e.g. chicago-regional imported with `hourglass import tntp`.
// Origins are a fixed sample; the stored-row write is included, as in `solve`.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <numeric>
#include <sstream>

#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/generate/logistics_generator.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/jobs/sampling.hpp"

namespace {

struct Case {
  std::string label;
  std::unique_ptr<hg::LoadedNetwork> loaded;
  std::unique_ptr<hg::Problem> generated;
  const hg::Problem& problem() const { return loaded ? loaded->problem : *generated; }
};

void run_case(benchmark::State& state, const Case& c) {
  const hg::Problem& p = c.problem();
  std::vector<hg::NodeId> all(p.node_count);
  std::iota(all.begin(), all.end(), 0);
  const std::vector<hg::NodeId> origins = hg::sample_nodes(p.node_count, 64, 7);
  hg::DijkstraRows rows(p, all, 0, false, 1);
  std::vector<std::uint32_t> row(all.size());
  std::size_t next = 0;
  for (auto _ : state) {
    const hg::NodeId one[1] = {origins[next++ % origins.size()]};
    rows.solve(one, row.data(), nullptr);
    benchmark::DoNotOptimize(row.data());
  }
  state.counters["nodes"] = p.node_count;
  state.counters["edges"] = static_cast<double>(p.forward.edge_count());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

std::vector<Case>& cases() {
  static std::vector<Case> list;
  return list;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  {
    hg::GenerateOptions g;
    g.nodes = 1'000'000;
    g.seed = 1;
    Case c{"generated-logistics-1M", nullptr,
           std::make_unique<hg::Problem>(hg::compile(hg::generate_logistics(g), "generated"))};
    cases().push_back(std::move(c));
  }
  if (const char* list = std::getenv("HG_BENCH_SNAPSHOTS")) {
    std::stringstream ss(list);
    for (std::string path; std::getline(ss, path, ',');)
      if (!path.empty()) cases().push_back(Case{path, hg::load_network(path, ""), nullptr});
  }
  for (const Case& c : cases())
    benchmark::RegisterBenchmark(("BM_DijkstraPerOrigin/" + c.label).c_str(),
                                 [&c](benchmark::State& s) { run_case(s, c); })
        ->Unit(benchmark::kMillisecond)
        ->MinTime(2.0);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
