#include "host/jobs/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "host/core/bytes.hpp"
#include "host/core/cluster.hpp"
#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/rank_checks.hpp"
#include "host/jobs/rank_solver.hpp"
#include "host/jobs/sampling.hpp"
#include "host/jobs/shared_row_blocks.hpp"
#include "host/solvers/certificate.hpp"
#include "host/solvers/fw/fw_cpu.hpp"
#include "host/solvers/gpu_device.hpp"
#include "host/solvers/solver_factory.hpp"
#include "host/solvers/time_width.hpp"
#include "io/h5.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"

namespace hg {

namespace {

constexpr NodeId kFloydWarshallReferenceLimit = 4096;
constexpr std::size_t kMismatchesShown = 20;

std::string value_text(std::uint32_t t) { return t == kUnreachable32 ? "unreachable" : std::to_string(t); }

// The solver under test, for `rows` full uncapped rows. On the GPU:
// Floyd–Warshall when the matrix fits the device (and --method is not sssp
// or phast), else the PHAST sweeps; on the CPU what --method names
// (Dijkstra under auto).
SolverPlan plan_tested(const Problem& p, const VerifyOptions& o, std::size_t rows) {
  const NodeId n = p.node_count;
  HG_EXPECTS(o.method != MethodChoice::buckets, ErrorKind::usage,
             "verify --method buckets: verify checks full rows (every destination), and the bucket tables are for "
             "small tables; solve the table with --method buckets, then `hourglass verify RESULT.h5` checks its rows");
  SolverPlan plan;
  plan.backend = choose_backend(o.backend, true);
  const bool sweeps_only = o.method == MethodChoice::sssp || o.method == MethodChoice::phast;
  if (plan.backend.backend == Backend::gpu && !sweeps_only) {
    FwGpuPlan gpu_plan = plan_fw_gpu(p, choose_width(o.width, 0, p.path_bound), 0, false);
    if (o.backend == BackendChoice::gpu && o.method == MethodChoice::fw) expect_fw_gpu_fits(gpu_plan, p);
    if (fw_gpu_fits(gpu_plan)) {
      plan.method = Method::fw;
      plan.reason = o.method == MethodChoice::fw ? "requested" : "auto: the matrix fits the GPU";
      plan.fw_gpu = gpu_plan;
      return plan;
    }
    if (o.method == MethodChoice::fw) plan.backend = {Backend::cpu, "cpu (auto: the matrix does not fit the GPU)"};
  }
  if (plan.backend.backend == Backend::gpu) {
    SolverPlan sweeps = plan_phast(p, Backend::gpu, phast_estimated_arcs(p), rows, n, 0, /*forward_only=*/true);
    if (o.backend == BackendChoice::gpu) expect_phast_gpu_fits(*sweeps.phast_gpu, n);
    if (sweeps.phast_gpu->fits) {
      sweeps.backend = plan.backend;
      sweeps.reason = sweeps_only ? "requested" : "auto: the matrix does not fit the GPU";
      return sweeps;
    }
    plan.backend = {Backend::cpu, "cpu (auto: the sweeps do not fit the GPU)"};
  }
  if (o.method == MethodChoice::phast) {
    SolverPlan sweeps = plan_phast(p, Backend::cpu, phast_estimated_arcs(p), rows, n, o.memory_budget, true);
    HG_EXPECTS(sweeps.phast_cpu->fits, ErrorKind::too_large,
               "--method phast: the sweeps over {} nodes do not fit the memory budget", n);
    sweeps.backend = plan.backend;
    sweeps.reason = "requested";
    return sweeps;
  }
  if (o.method == MethodChoice::fw) {
    HG_EXPECTS(fw_matrix_bytes(n, false) <= o.memory_budget, ErrorKind::too_large,
               "--method fw: the {} x {} matrix does not fit the memory budget", n, n);
    SolverPlan fw = SolverPlan::cpu(Method::fw, "requested");
    fw.backend = plan.backend;
    return fw;
  }
  SolverPlan sssp = SolverPlan::cpu(Method::sssp, o.method == MethodChoice::sssp ? "requested" : "auto");
  sssp.backend = plan.backend;
  return sssp;
}

// The reference, by a different method on the CPU: Dijkstra for the GPU and
// the sweeps; Floyd–Warshall for small networks and label-correcting for
// large ones when Dijkstra is under test; label-correcting for the CPU's
// Floyd–Warshall.
SolverPlan plan_reference(const Problem& p, const SolverPlan& tested, std::uint64_t memory_budget) {
  if (tested.backend.backend == Backend::gpu || tested.method == Method::phast)
    return SolverPlan::cpu(Method::sssp, "reference");
  if (tested.method == Method::sssp && p.node_count <= kFloydWarshallReferenceLimit &&
      fw_matrix_bytes(p.node_count, false) <= memory_budget)
    return SolverPlan::cpu(Method::fw, "reference");
  return SolverPlan::cpu(Method::label_correcting, "reference");
}

// What one block of rows showed, in row order: mismatch lines (at most
// kMismatchesShown a block: only the first ones overall are shown) and
// certificate failures.
struct FindingLine {
  bool mismatch = false;
  std::string text;
  nlohmann::json json;  // mismatches
};
struct BlockFindings {
  std::uint64_t mismatches = 0, certificate_failures = 0;
  std::vector<FindingLine> lines;
};

BlockFindings check_rows(const Problem& p, const Network& net, std::span<const NodeId> origins, Solver& reference,
                         RowRange range,
                         const std::vector<std::uint32_t>& tested_rows, int threads, const std::string& tested_name,
                         const std::string& reference_name, Progress& progress) {
  BlockFindings f;
  const NodeId n = p.node_count;
  const auto step = static_cast<std::uint32_t>(std::max(1, threads));
  std::vector<std::uint32_t> reference_rows(std::size_t{step} * n);
  std::vector<Time> internal(n);
  for (std::uint32_t first = 0; first < range.count; first += step) {
    const RowRange part{range.first + first, std::min(step, range.count - first)};
    reference.solve_rows(part, reference_rows.data(), nullptr);
    for (std::uint32_t i = 0; i < part.count; ++i) {
      const NodeId origin = origins[part.first + i];
      const std::uint32_t* row = tested_rows.data() + std::size_t{first + i} * n;
      const std::uint32_t* expected = reference_rows.data() + std::size_t{i} * n;
      for (NodeId v = 0; v < n; ++v) {
        if (row[v] == expected[v]) continue;
        if (++f.mismatches <= kMismatchesShown)
          f.lines.push_back({true,
                             fmt::format("mismatch: {} -> {}: {} {} but {} {}", net.nodes.code[origin],
                                         net.nodes.code[v], tested_name, value_text(row[v]), reference_name,
                                         value_text(expected[v])),
                             {{"origin", std::string(net.nodes.code[origin])},
                              {"destination", std::string(net.nodes.code[v])},
                              {"tested", row[v]},
                              {"reference", expected[v]}}});
      }
      for (NodeId v = 0; v < n; ++v) internal[v] = row[v] == kUnreachable32 ? kInfinity : row[v];
      if (const auto violation = check_certificate(p, origin, internal)) {
        ++f.certificate_failures;
        f.lines.push_back({false, fmt::format("certificate fails for origin {}: {}", net.nodes.code[origin],
                                              violation->describe()),
                           {}});
      }
      progress.advance();
    }
  }
  return f;
}

// Every rank's findings, in block order (on every rank).
std::vector<BlockFindings> gather_findings(const std::map<std::uint32_t, BlockFindings>& mine) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [block, f] : mine) {
    nlohmann::json lines = nlohmann::json::array();
    for (const FindingLine& line : f.lines) lines.push_back({line.mismatch, line.text, line.json});
    out.push_back({block, f.mismatches, f.certificate_failures, lines});
  }
  std::map<std::uint32_t, BlockFindings> all;
  for (const std::string& text : cluster::all_gather(out.dump())) {
    for (const nlohmann::json& b : nlohmann::json::parse(text)) {
      BlockFindings& f = all[b[0].get<std::uint32_t>()];
      f.mismatches = b[1].get<std::uint64_t>();
      f.certificate_failures = b[2].get<std::uint64_t>();
      for (const nlohmann::json& line : b[3]) f.lines.push_back({line[0].get<bool>(), line[1].get<std::string>(), line[2]});
    }
  }
  std::vector<BlockFindings> ordered;
  for (auto& [block, f] : all) ordered.push_back(std::move(f));
  return ordered;
}

}  // namespace

int run_verify(const VerifyOptions& o) {
  bool is_result = false;
  cluster::all_succeeded([&] {
    const io::h5::Id f = io::h5::open_read(o.snapshot_file);
    is_result = io::h5::has_attribute(f, "OMX_VERSION");
  });
  if (is_result) {
    // A result file is checked by rank 0 alone under mpirun; the others wait
    // for its status (docs/cluster.md#how-verify-divides).
    std::uint64_t status = 0;
    cluster::all_succeeded([&] {
      if (cluster::leader()) status = static_cast<std::uint64_t>(run_verify_result(o));
    });
    return static_cast<int>(cluster::all_max(status));
  }
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<LoadedNetwork> loaded;
  SolverRequest request;
  SolverPlan tested_plan;
  cluster::all_succeeded([&] {
    HG_EXPECTS(o.snapshot_override.empty(), ErrorKind::usage,
               "--snapshot-file is for verifying a result; {} is a snapshot", o.snapshot_file);
    io::check_files({{o.snapshot_file, "snapshot"}},
                    {{o.json_file, "--json"}, {o.hierarchy_file, "--hierarchy", io::OutputFormat::hdf5}});
    HG_EXPECTS(o.sample >= 1, ErrorKind::usage, "--sample: must be at least 1");
    loaded = load_network(o.snapshot_file, o.snapshot_name);
    const Problem& p = loaded->problem;
    const NodeId n = p.node_count;

    // 1. The rows under test: full rows (every node), uncapped.
    // The rows under test are held whole: k x n times.
    const std::uint64_t row_bytes = std::uint64_t{n} * sizeof(std::uint32_t);
    const std::uint64_t most_rows = std::max<std::uint64_t>(1, o.memory_budget / std::max<std::uint64_t>(row_bytes, 1));
    HG_EXPECTS(std::min<std::uint64_t>(o.sample, n) <= most_rows, ErrorKind::too_large,
               "--sample {}: {} full rows of {} nodes need {}; the memory budget ({}) holds {} rows; sample fewer",
               o.sample, std::min<std::uint64_t>(o.sample, n), n,
               bytes_text(std::min<std::uint64_t>(o.sample, n) * row_bytes), bytes_text(o.memory_budget), most_rows);
    request.origins = sample_nodes(n, o.sample, o.seed);
    request.destinations.resize(n);
    for (NodeId v = 0; v < n; ++v) request.destinations[v] = v;
    request.threads = o.threads;
    request.hierarchy_file = o.hierarchy_file;
    const auto rows = static_cast<std::uint32_t>(request.origins.size());
    (void)choose_width(o.width, 0, p.path_bound);  // the width solve would refuse is refused here too, on any backend
    tested_plan = plan_tested(p, o, rows);
    check_hierarchy_used(tested_plan, o.hierarchy_file);
  });
  const Problem& p = loaded->problem;
  const Network& net = loaded->network;
  const NodeId n = p.node_count;
  const std::vector<NodeId>& origins = request.origins;
  const auto rows = static_cast<std::uint32_t>(origins.size());
  check_plans_agree(tested_plan);
  const SharedHierarchy shared_hierarchy(request, tested_plan, "hourglass-verify");
  const std::unique_ptr<Solver> tested = make_solver(p, tested_plan, request);
  const std::unique_ptr<Solver> reference = make_solver(p, plan_reference(p, tested_plan, o.memory_budget), request);
  // A Floyd–Warshall matrix under test is one computation: rank 0's alone.
  const bool leader_only = cluster::distributed() && tested_plan.method == Method::fw;
  prepare_across_ranks(*tested, tested_plan, leader_only);
  const std::string tested_name = tested->describe(), reference_name = reference->describe();

  // 2. Blocks of rows, under test and by the reference (one row a thread),
  //    and the certificates; under mpirun the ranks take the blocks from a
  //    shared queue, and rank 0 reports the findings in row order.
  const std::uint32_t block_rows = rows_per_shared_block(rows, 4, rows);
  if (!leader_only) check_enough_blocks((rows + block_rows - 1) / block_rows, fmt::format("{} sampled origins", rows));
  SharedRowBlocks blocks(rows, block_rows);
  std::map<std::uint32_t, BlockFindings> findings;  // this rank's, by block
  Progress progress(reference_name + " (reference) + certificates", rows);
  cluster::all_succeeded([&] {
    if (leader_only && !cluster::leader()) return;
    std::vector<std::uint32_t> tested_rows;
    while (const std::optional<RowRange> range = blocks.next()) {
      tested_rows.resize(std::size_t{range->count} * n);
      tested->solve_rows(*range, tested_rows.data(), nullptr);
      findings[blocks.block_of(*range)] = check_rows(p, net, origins, *reference, *range, tested_rows, o.threads,
                                                     tested_name, reference_name, progress);
    }
  });
  progress.finish();
  std::uint64_t mismatches = 0, certificate_failures = 0, shown_count = 0;
  nlohmann::json shown = nlohmann::json::array();
  std::vector<std::string> lines;
  for (const BlockFindings& f : gather_findings(findings)) {
    for (const FindingLine& line : f.lines) {
      if (line.mismatch && shown_count++ >= kMismatchesShown) continue;
      lines.push_back(line.text);
      if (line.mismatch) shown.push_back(line.json);
    }
    mismatches += f.mismatches;
    certificate_failures += f.certificate_failures;
  }
  if (!cluster::leader()) return mismatches == 0 && certificate_failures == 0 ? 0 : kExitRuntimeError;
  for (const std::string& line : lines) fmt::print(report_stream(), "{}\n", line);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool ok = mismatches == 0 && certificate_failures == 0;
  fmt::print(report_stream(), "verify {}: {} origins x {} destinations on {}, method {} vs {}: {} mismatches, {}/{} certificates hold "
             "({:.2f} s) — {}\n",
             o.snapshot_file, rows, n, tested_plan.backend.reason, tested_name, reference_name, mismatches,
             rows - certificate_failures, rows, seconds, ok ? "OK" : "FAILED");
  if (!o.json_file.empty())
    io::write_json_file(o.json_file, {{"snapshot_file", o.snapshot_file},
                                      {"ranks", cluster::size()},
                                      {"origins", rows},
                                      {"destinations", n},
                                      {"backend", std::string(backend_name(tested_plan.backend.backend))},
                                      {"method", std::string(method_name(tested_plan.method))},
                                      {"tested", tested_name},
                                      {"reference", reference_name},
                                      {"mismatches", mismatches},
                                      {"mismatches_shown", shown},
                                      {"certificate_failures", certificate_failures},
                                      {"seconds", seconds},
                                      {"ok", ok}});
  return ok ? 0 : kExitRuntimeError;
}

}  // namespace hg
