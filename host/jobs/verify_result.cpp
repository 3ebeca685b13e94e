// `hourglass verify RESULT.h5`: checks a result someone else solved
// (docs/cli.md#verify): its provenance, its stored form, and sampled rows
// recomputed by an independent method with their certificates.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/jobs/sampling.hpp"
#include "host/jobs/verify.hpp"
#include "host/solvers/certificate.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/label_correcting/label_correcting.hpp"
#include "host/solvers/time_width.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"
#include "io/result.hpp"
#include "io/sha256.hpp"

namespace hg {

namespace {

constexpr std::size_t kShown = 20;

std::string value_text(std::uint32_t t, Time cap) {
  if (t == kUnreachable32) return "unreachable";
  if (cap != 0 && t == cap + 1) return fmt::format("{} (beyond the cap)", t);
  return std::to_string(t);
}

// Findings, printed as they come (the first kShown of each kind) and kept for the JSON.
struct Findings {
  std::uint64_t count = 0;
  nlohmann::json shown = nlohmann::json::array();
  void add(const std::string& line, nlohmann::json detail) {
    if (++count > kShown) return;
    fmt::print(report_stream(), "{}\n", line);
    shown.push_back(std::move(detail));
  }
};

// The snapshot the result was solved on, proved by its recorded SHA-256.
std::string proven_snapshot(const io::ResultReader& result, const VerifyOptions& o) {
  const std::string file = o.snapshot_override.empty() ? result.recorded_snapshot_file() : o.snapshot_override;
  const std::string recorded = result.attribute("snapshot_sha256");
  HG_EXPECTS(!recorded.empty(), ErrorKind::missing_attribute,
             "{}: no snapshot_sha256 attribute: its provenance cannot be checked", result.path());
  const std::string actual = io::sha256_file(file);
  HG_EXPECTS(actual == recorded, ErrorKind::usage,
             "{} is not the snapshot {} was solved on: its SHA-256 is {}, the result records {}", file,
             result.path(), actual, recorded);
  return file;
}

}  // namespace

int run_verify_result(const VerifyOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const io::ResultReader result(o.snapshot_file);
  io::check_files({{o.snapshot_file, "result"}, {o.snapshot_override, "--snapshot-file"}}, {{o.json_file, "--json"}});
  HG_EXPECTS(o.sample >= 1, ErrorKind::usage, "--sample: must be at least 1");
  const io::ResultMeta& m = result.meta();

  // 1. Provenance: the very snapshot, by its bytes.
  const std::string snapshot_file = proven_snapshot(result, o);
  const auto loaded = load_network(snapshot_file, result.attribute("snapshot_name"));
  const Problem& p = loaded->problem;
  const Network& net = loaded->network;
  fmt::print(report_stream(), "provenance: {} is the snapshot the result was solved on (SHA-256 matches)\n",
             snapshot_file);

  // 2. The stored form: codes, unit, width, every value against the cap.
  Findings form;
  HG_EXPECTS(m.time_unit == p.time_unit, ErrorKind::usage, "{}: times in {}s, but the snapshot's unit is {}",
             o.snapshot_file, time_unit_name(m.time_unit), time_unit_name(p.time_unit));
  const auto nodes_of = [&](const StringColumn& codes, const char* what) {
    std::vector<NodeId> nodes(codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const auto id = loaded->codes.find(codes[i]);
      HG_EXPECTS(id.has_value(), ErrorKind::unknown_code, "{}: /lookup/{}[{}] = '{}' is not a node of {}",
                 o.snapshot_file, what, i, codes[i], snapshot_file);
      nodes[i] = *id;
    }
    return nodes;
  };
  const std::vector<NodeId> origins = nodes_of(result.origins(), "origins");
  const std::vector<NodeId> destinations = nodes_of(result.destinations(), "destinations");
  if (m.dtype == io::ResultDtype::uint16 && !width16_exact(m.cap, p.path_bound))
    form.add(fmt::format("form: 16-bit times, but the 16-bit rule does not hold for cap {} and path bound {}", m.cap,
                         p.path_bound),
             {{"check", "width"}});
  // The largest value a correct row can hold: cap + 1, or the path bound.
  const std::uint64_t largest = m.cap != 0 ? std::uint64_t{m.cap} + 1 : std::uint64_t{p.path_bound};
  {
    Progress progress("stored form", m.rows, "rows");
    result.for_each_row_block(std::uint64_t{1} << 22, [&](std::uint32_t r0, std::uint32_t count, const std::uint32_t* times) {
      for (std::uint32_t r = 0; r < count; ++r)
        for (std::uint32_t j = 0; j < m.cols; ++j) {
          const std::uint32_t t = times[std::size_t{r} * m.cols + j];
          const NodeId o_node = origins[r0 + r], d_node = destinations[j];
          const bool bad = (t != kUnreachable32 && t > largest) || (o_node == d_node && t != 0);
          if (bad)
            form.add(fmt::format("form: {} -> {}: stored {}, {}", net.nodes.code[o_node], net.nodes.code[d_node],
                                 value_text(t, m.cap),
                                 o_node == d_node ? "but a node reaches itself in 0"
                                                  : fmt::format("above the largest possible value {}", largest)),
                     {{"check", "form"},
                      {"origin", std::string(net.nodes.code[o_node])},
                      {"destination", std::string(net.nodes.code[d_node])},
                      {"stored", t}});
        }
      progress.advance(count);
    });
    progress.finish();
  }

  // 3. Sampled rows against an independent method, each certified. The
  //    reference is not the recorded method: label-correcting where the
  //    result came from Dijkstra, Dijkstra otherwise.
  const std::string method = result.attribute("method");
  const bool use_label_correcting = method == "sssp" && result.attribute("backend") == "cpu";
  const std::string reference_name = use_label_correcting ? "label-correcting (cpu)" : "sssp (dijkstra, cpu)";
  const std::vector<NodeId> sampled_rows = sample_nodes(m.rows, o.sample, o.seed);
  Findings mismatches;
  std::uint64_t certificate_failures = 0;
  std::vector<std::uint32_t> stored(m.cols);
  std::vector<NodeId> hops(m.has_hops ? m.cols : 0);
  DijkstraSearch dijkstra(p);
  const std::uint64_t bucket_width = use_label_correcting ? label_bucket_width(p) : 0;
  Progress progress(reference_name + " (reference) + certificates", sampled_rows.size(), "rows");
  for (const NodeId r : sampled_rows) {
    const NodeId origin = origins[r];
    std::vector<Time> exact;
    if (use_label_correcting) {
      exact = label_correcting_one_to_all(p, origin, bucket_width);
    } else {
      dijkstra.run(origin, {});
      exact.assign(dijkstra.distances().begin(), dijkstra.distances().end());
    }
    if (const auto violation = check_certificate(p, origin, exact)) {
      ++certificate_failures;
      fmt::print(report_stream(), "certificate fails for origin {}: {}\n", net.nodes.code[origin], violation->describe());
    }
    result.read_block(r, 1, 0, m.cols, stored.data(), m.has_hops ? hops.data() : nullptr);
    // One search from each distinct first hop (at most the origin's out-degree).
    std::map<NodeId, std::vector<Time>> from_hops;
    const auto times_from = [&](NodeId h) -> const std::vector<Time>& {
      auto it = from_hops.find(h);
      if (it == from_hops.end()) {
        dijkstra.run(h, {});
        it = from_hops.emplace(h, std::vector<Time>(dijkstra.distances().begin(), dijkstra.distances().end())).first;
      }
      return it->second;
    };
    for (std::uint32_t j = 0; j < m.cols; ++j) {
      const NodeId d = destinations[j];
      const std::uint32_t expected = stored_time(exact[d], m.cap);
      if (stored[j] != expected)
        mismatches.add(fmt::format("mismatch: {} -> {}: stored {}, expected {}", net.nodes.code[origin],
                                   net.nodes.code[d], value_text(stored[j], m.cap), value_text(expected, m.cap)),
                       {{"origin", std::string(net.nodes.code[origin])},
                        {"destination", std::string(net.nodes.code[d])},
                        {"stored", stored[j]},
                        {"expected", expected}});
      if (!m.has_hops) continue;
      // A next hop exists exactly for exact times away from the origin, and
      // it is the first edge of a shortest path: w(origin, hop) plus the
      // time from the hop (its own handling included) is the time.
      const bool wants_hop = expected != kUnreachable32 && (m.cap == 0 || expected <= m.cap) && d != origin;
      const NodeId h = hops[j];
      bool hop_ok = wants_hop ? h < p.node_count : h == kNoNode;
      if (hop_ok && wants_hop) {
        Time w = kInfinity;
        for (std::uint32_t e = p.forward.begin(origin); e < p.forward.end(origin); ++e)
          if (p.forward.arcs[e].target == h) w = std::min(w, p.forward.arcs[e].weight);
        std::uint64_t via = kInfinity;
        if (w != kInfinity) {
          via = std::uint64_t{w} - p.handling[origin];
          if (h != d) {
            const std::vector<Time>& from_hop = times_from(h);
            via = from_hop[d] == kInfinity ? kInfinity : via + p.handling[h] + from_hop[d];
          }
        }
        hop_ok = via == exact[d];
      }
      if (!hop_ok)
        mismatches.add(fmt::format("next hop: {} -> {}: stored {}, which is not the first edge of a shortest path",
                                   net.nodes.code[origin], net.nodes.code[d],
                                   h == kNoNode ? std::string("none") : std::string(net.nodes.code[h])),
                       {{"origin", std::string(net.nodes.code[origin])},
                        {"destination", std::string(net.nodes.code[d])},
                        {"next_hop", h}});
    }
    progress.advance();
  }
  progress.finish();

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool ok = form.count == 0 && mismatches.count == 0 && certificate_failures == 0;
  fmt::print(report_stream(),
             "verify {}: {} x {} {} ({} {}), {} problems in the stored form; {} sampled rows vs {}: {} mismatches, "
             "{}/{} certificates hold ({:.2f} s) — {}\n",
             o.snapshot_file, m.rows, m.cols, io::dtype_name(m.dtype), method, result.attribute("backend"), form.count,
             sampled_rows.size(), reference_name, mismatches.count, sampled_rows.size() - certificate_failures,
             sampled_rows.size(), seconds, ok ? "OK" : "FAILED");
  if (!o.json_file.empty())
    io::write_json_file(o.json_file, {{"result_file", o.snapshot_file},
                                      {"snapshot_file", snapshot_file},
                                      {"provenance", "ok"},
                                      {"form_problems", form.count},
                                      {"form_problems_shown", form.shown},
                                      {"sampled_rows", sampled_rows.size()},
                                      {"reference", reference_name},
                                      {"mismatches", mismatches.count},
                                      {"mismatches_shown", mismatches.shown},
                                      {"certificate_failures", certificate_failures},
                                      {"seconds", seconds},
                                      {"ok", ok}});
  return ok ? 0 : kExitRuntimeError;
}

}  // namespace hg
