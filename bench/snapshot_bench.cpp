// Loading snapshots: read + full validation + node-code index, for
//   - a snapshot of 4M nodes and 10M edges with fixed-length codes (built
//     here: random edges, valid by construction), and
//   - the generated logistics network of 4M nodes (about 22M edges).
// Files are written once to $TMPDIR and read in every iteration (page cache warm).

#include <benchmark/benchmark.h>

#include <filesystem>

#include "bench/bench_networks.hpp"
#include "host/generate/logistics_generator.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/core/progress.hpp"
#include "io/snapshot.hpp"

namespace {

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("hourglass-bench-" + name)).string();
}

const std::string& random_4m_10m() {
  static const std::string path = [] {
    const std::string p = temp_file("4m-10m.h5");
    hg::Network net = hg::bench::random_sparse_network(4'000'000, 1, 1);  // 4M edges
    const hg::Network more = hg::bench::random_sparse_network(4'000'000, 2, 2);
    net.edges.src.insert(net.edges.src.end(), more.edges.src.begin(), more.edges.src.begin() + 6'000'000);
    net.edges.dst.insert(net.edges.dst.end(), more.edges.dst.begin(), more.edges.dst.begin() + 6'000'000);
    net.edges.mode.insert(net.edges.mode.end(), more.edges.mode.begin(), more.edges.mode.begin() + 6'000'000);
    net.edges.transit_time.insert(net.edges.transit_time.end(), more.edges.transit_time.begin(),
                                  more.edges.transit_time.begin() + 6'000'000);
    hg::io::write_snapshot(p, net);
    return p;
  }();
  return path;
}

const std::string& generated_4m() {
  static const std::string path = [] {
    const std::string p = temp_file("generated-4m.h5");
    hg::GenerateOptions g;
    g.nodes = 4'000'000;
    hg::io::write_snapshot(p, hg::generate_logistics(g));
    return p;
  }();
  return path;
}

void load(benchmark::State& state, const std::string& path, bool compile_it) {
  hg::Progress::set_quiet(true);
  std::size_t nodes = 0, edges = 0;
  for (auto _ : state) {
    const auto loaded = hg::load_network(path, "", compile_it);
    nodes = loaded->network.nodes.size();
    edges = loaded->network.edges.size();
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["edges"] = static_cast<double>(edges);
}

void BM_LoadRandom4M10M(benchmark::State& s) { load(s, random_4m_10m(), false); }
void BM_LoadAndCompileRandom4M10M(benchmark::State& s) { load(s, random_4m_10m(), true); }
void BM_LoadGenerated4M(benchmark::State& s) { load(s, generated_4m(), false); }

BENCHMARK(BM_LoadRandom4M10M)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);
BENCHMARK(BM_LoadAndCompileRandom4M10M)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);
BENCHMARK(BM_LoadGenerated4M)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);

}  // namespace

BENCHMARK_MAIN();
