#include "host/verify.hpp"

#include <fmt/format.h>

#include <chrono>

#include "host/certificate.hpp"
#include "host/dijkstra.hpp"
#include "host/errors.hpp"
#include "host/fw.hpp"
#include "host/label_correcting.hpp"
#include "host/progress.hpp"
#include "host/sampling.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"

namespace hg {

namespace {

constexpr NodeId kFloydWarshallReferenceLimit = 4096;
constexpr std::size_t kMismatchesShown = 20;

std::string value_text(std::uint32_t t) { return t == kUnreachable32 ? "unreachable" : std::to_string(t); }

}  // namespace

int run_verify(const VerifyOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  if (!o.json_file.empty()) io::check_output_path(o.json_file);
  HG_EXPECTS(o.sample >= 1, ErrorKind::usage, "--sample: must be at least 1");
  const auto loaded = load_network(o.snapshot_file, o.snapshot_name);
  const Problem& p = loaded->problem;
  const Network& net = loaded->network;
  const NodeId n = p.node_count;
  const BackendDecision backend = choose_backend(o.backend, /*gpu_solver_available=*/false);

  // 1. The rows under test: full rows (every node), uncapped.
  const std::vector<NodeId> origins = sample_nodes(n, o.sample, o.seed);
  std::vector<NodeId> all(n);
  for (NodeId v = 0; v < n; ++v) all[v] = v;
  const bool fw_under_test = o.method == MethodChoice::fw;
  HG_EXPECTS(!fw_under_test || fw_matrix_bytes(n, false) <= o.memory_budget, ErrorKind::too_large,
             "--method fw: the {} x {} matrix does not fit the memory budget", n, n);
  std::vector<std::uint32_t> tested(origins.size() * std::size_t{n});
  std::optional<FwMatrix> matrix;
  {
    Progress progress(fw_under_test ? "floyd-warshall (under test)" : "dijkstra (under test)", 1);
    if (fw_under_test) {
      matrix = fw_initial_matrix(p, false);
      fw_solve_cpu(*matrix, o.threads);
      fw_write_rows(*matrix, p, origins, all, 0, tested.data(), nullptr);
    } else {
      DijkstraRows(p, all, 0, false, o.threads).solve(origins, tested.data(), nullptr);
    }
  }

  // 2. The reference, by a different method.
  const bool fw_reference =
      !fw_under_test && n <= kFloydWarshallReferenceLimit && fw_matrix_bytes(n, false) <= o.memory_budget;
  const std::string reference_name = fw_reference ? "floyd-warshall" : "label-correcting";
  if (fw_reference) {
    Progress progress("floyd-warshall (reference)", 1);
    matrix = fw_initial_matrix(p, false);
    fw_solve_cpu(*matrix, o.threads);
  }
  std::uint64_t mismatches = 0, certificate_failures = 0;
  nlohmann::json shown = nlohmann::json::array();
  Progress progress(reference_name + " (reference) + certificates", origins.size());
  std::vector<std::uint32_t> reference(n);
  std::vector<Time> internal(n);
  for (std::size_t r = 0; r < origins.size(); ++r) {
    const NodeId origin = origins[r];
    if (fw_reference) {
      const NodeId one[1] = {origin};
      fw_write_rows(*matrix, p, one, all, 0, reference.data(), nullptr);
    } else {
      const std::vector<Time> lc = label_correcting_one_to_all(p, origin);
      for (NodeId v = 0; v < n; ++v) reference[v] = stored_time(lc[v], 0);
    }
    const std::uint32_t* row = tested.data() + r * n;
    for (NodeId v = 0; v < n; ++v) {
      if (row[v] == reference[v]) continue;
      if (++mismatches <= kMismatchesShown) {
        fmt::print("mismatch: {} -> {}: {} {} but {} {}\n", net.nodes.code[origin], net.nodes.code[v],
                   method_name(fw_under_test ? Method::fw : Method::sssp), value_text(row[v]), reference_name,
                   value_text(reference[v]));
        shown.push_back({{"origin", std::string(net.nodes.code[origin])},
                         {"destination", std::string(net.nodes.code[v])},
                         {"tested", row[v]},
                         {"reference", reference[v]}});
      }
    }
    for (NodeId v = 0; v < n; ++v) internal[v] = row[v] == kUnreachable32 ? kInfinity : row[v];
    if (const auto violation = check_certificate(p, origin, internal)) {
      ++certificate_failures;
      fmt::print("certificate fails for origin {}: {}\n", net.nodes.code[origin], violation->describe());
    }
    progress.advance();
  }
  progress.finish();

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool ok = mismatches == 0 && certificate_failures == 0;
  fmt::print("verify {}: {} origins x {} destinations on {}, method {} vs {}: {} mismatches, {}/{} certificates hold "
             "({:.2f} s) — {}\n",
             o.snapshot_file, origins.size(), n, backend.reason, fw_under_test ? "fw" : "sssp (dijkstra)",
             reference_name, mismatches, origins.size() - certificate_failures, origins.size(), seconds,
             ok ? "OK" : "FAILED");
  if (!o.json_file.empty())
    io::write_json_file(o.json_file, {{"snapshot_file", o.snapshot_file},
                                      {"origins", origins.size()},
                                      {"destinations", n},
                                      {"backend", std::string(backend_name(backend.backend))},
                                      {"method", fw_under_test ? "fw" : "sssp"},
                                      {"reference", reference_name},
                                      {"mismatches", mismatches},
                                      {"mismatches_shown", shown},
                                      {"certificate_failures", certificate_failures},
                                      {"seconds", seconds},
                                      {"ok", ok}});
  return ok ? 0 : kExitRuntimeError;
}

}  // namespace hg
