// Writing a result file: one process (its own chunk compression on every
// thread, direct chunk writes) against the ranks of an mpirun writing one
// file collectively through parallel HDF5 (docs/cluster.md#one-result-file).
//
//   result_write_bench                       one process
//   mpirun -n 2 result_write_bench           two ranks, one file (bench/mpi.sh)
//
// The rows are real: 512 Dijkstra rows of a generated 20,000-node road
// network, repeated to 4,096 rows x 20,000 columns (328 MB of 32-bit times
// an iteration). Ranks write in rounds as `solve` does: every rank holds
// kBlocksPerWrite blocks, then all write together. Bytes/s counts the
// uncompressed matrix. Iterations are fixed, so every rank runs the same
// number of collective writes.

#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <filesystem>

#include "bench/bench_networks.hpp"
#include "host/core/cluster.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/solve_ranks.hpp"
#include "host/solvers/solver_factory.hpp"
#include "io/result.hpp"

namespace {

constexpr std::uint32_t kRows = 4096, kSourceRows = 512;

const std::vector<std::uint32_t>& source_rows(std::uint32_t& cols) {
  static std::uint32_t columns = 0;
  static const std::vector<std::uint32_t> rows = [] {
    const hg::Network net = hg::generate_road({.nodes = 20'000, .seed = 1, .name = "road"});
    const hg::Problem problem = hg::compile(net, "road");
    hg::SolverRequest request;
    request.origins = hg::bench::spread_origins(problem.node_count, kSourceRows);
    request.destinations = hg::bench::spread_origins(problem.node_count, problem.node_count);
    request.threads = omp_get_max_threads();
    columns = problem.node_count;
    std::vector<std::uint32_t> times(std::size_t{kSourceRows} * columns);
    hg::make_solver(problem, hg::SolverPlan::cpu(hg::Method::sssp, "bench"), request)
        ->solve_rows({0, kSourceRows}, times.data(), nullptr);
    return times;
  }();
  cols = columns;
  return rows;
}

hg::io::ResultMeta meta_for(std::uint32_t cols) {
  hg::io::ResultMeta meta;
  meta.rows = kRows;
  meta.cols = cols;
  meta.attributes = {{"created", "bench"}};
  return meta;
}

hg::StringColumn codes(std::uint32_t count) {
  hg::StringColumn c;
  for (std::uint32_t i = 0; i < count; ++i) c.push_back("N" + std::to_string(i));
  return c;
}

std::string bench_file() {
  std::string path = (std::filesystem::temp_directory_path() / "hourglass-bench-write.h5").string();
  hg::cluster::broadcast(path);
  return path;
}

// What both ways write: the rows, the file's meta and lookups, the file.
struct WriteCase {
  std::uint32_t cols = 0;
  const std::vector<std::uint32_t>* rows = &source_rows(cols);
  hg::io::ResultMeta meta = meta_for(cols);
  hg::StringColumn origins = codes(kRows), destinations = codes(cols);
  std::string path = bench_file();
};

// One process: blocks of 32 chunk rows, as `solve` writes them.
void BM_WriteAlone(benchmark::State& state) {
  const WriteCase c;
  const std::uint32_t cols = c.cols;
  const std::vector<std::uint32_t>& rows = *c.rows;
  for (auto _ : state) {
    hg::io::ResultWriter writer(c.path, c.meta, c.origins, c.destinations, omp_get_max_threads());
    const std::uint32_t block = writer.chunk_rows() * 32;
    for (std::uint32_t r = 0; r < kRows; r += block) {
      const std::uint32_t count = std::min(block, kRows - r);
      writer.write_rows(r, count, rows.data() + std::size_t{r % kSourceRows} * cols, nullptr);
    }
    writer.close();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * kRows * cols * 4);
  std::filesystem::remove(c.path);
}

// Every rank: blocks dealt round-robin, written in collective rounds.
void BM_WriteCollective(benchmark::State& state) {
  const WriteCase c;
  const std::uint32_t cols = c.cols;
  const std::vector<std::uint32_t>& rows = *c.rows;
  const auto ranks = static_cast<std::uint32_t>(hg::cluster::size()), rank = static_cast<std::uint32_t>(hg::cluster::rank());
  for (auto _ : state) {
    hg::io::ResultWriter writer(c.path, c.meta, c.origins, c.destinations, 1);
    const std::uint32_t block = writer.chunk_rows() * 8;
    const std::uint32_t blocks = (kRows + block - 1) / block;
    std::vector<hg::io::ResultWriter::Rows> held;
    std::vector<std::uint32_t> buffer;
    for (std::uint32_t round = 0; round * ranks * hg::kBlocksPerWrite < blocks; ++round) {
      held.clear();
      buffer.clear();
      for (std::uint32_t k = 0; k < hg::kBlocksPerWrite; ++k) {
        const std::uint32_t b = (round * hg::kBlocksPerWrite + k) * ranks + rank;
        if (b >= blocks) break;
        const std::uint32_t first = b * block, count = std::min(block, kRows - first);
        held.push_back({first, count});
        const std::uint32_t* from = rows.data() + std::size_t{first % kSourceRows} * cols;
        buffer.insert(buffer.end(), from, from + std::size_t{count} * cols);
      }
      writer.write_row_blocks(held, buffer.data(), nullptr);
    }
    writer.close();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * kRows * cols * 4);
  hg::cluster::barrier();
  if (hg::cluster::leader()) std::filesystem::remove(c.path);
}

// The other ranks run the same iterations and report nothing.
class Silent : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>&) override {}
};

}  // namespace

int main(int argc, char** argv) {
  const hg::cluster::Session ranks(argc, argv);
  hg::Progress::set_quiet(true);
  if (!hg::cluster::distributed()) benchmark::RegisterBenchmark("write/alone", BM_WriteAlone)->Iterations(3)->UseRealTime();
  benchmark::RegisterBenchmark("write/collective", BM_WriteCollective)->Iterations(3)->UseRealTime();
  benchmark::Initialize(&argc, argv);
  if (hg::cluster::leader()) {
    benchmark::RunSpecifiedBenchmarks();
  } else {
    Silent quiet;  // rank 0 reports
    benchmark::RunSpecifiedBenchmarks(&quiet);
  }
  benchmark::Shutdown();
  return 0;
}
