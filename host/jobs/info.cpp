#include "host/jobs/info.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "host/model/compile.hpp"
#include "host/model/path_bound.hpp"
#include "host/solvers/time_width.hpp"
#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"
#include "io/result.hpp"
#include "io/snapshot.hpp"

namespace hg {

namespace {

// The path bound, how it was proved, and what it allows: the widths and
// methods a run may use (docs/design.md#the-path-bound).
nlohmann::json bound_info(const Problem& p) {
  if (!p.refusal.empty())
    return {{"solvable", false}, {"refusal", p.refusal}, {"widths", nlohmann::json::array()},
            {"methods", nlohmann::json::array()}};
  nlohmann::json widths = nlohmann::json::array();
  if (width16_exact(0, p.path_bound)) widths.push_back("16");
  else widths.push_back(fmt::format("16 with a cap of at most {} {}s", kLargestCap16,
                                    time_unit_name(p.time_unit)));
  widths.push_back("32");
  nlohmann::json bound{{"solvable", true},
                       {"value", p.path_bound},
                       {"method", std::string(path_bound_method_name(p.path_bound_method))},
                       {"widths", widths},
                       {"methods", {"fw", "sssp", "phast", "label-correcting"}}};
  if (p.path_bound_method == PathBoundMethod::component_searches) bound["strong_components"] = p.strong_components;
  return bound;
}

nlohmann::json snapshot_info(const std::string& file, const std::string& name) {
  const Network net = io::read_snapshot(file, name);
  // Any network that loads is described, even one no solver can run.
  const Problem p = compile(net, file, OverflowPolicy::report);
  std::array<std::size_t, kNodeKindCount> kinds{};
  std::array<std::size_t, kEdgeModeCount> modes{};
  for (std::uint8_t k : net.nodes.kind) ++kinds[k];
  for (std::uint8_t m : net.edges.mode) ++modes[m];
  std::set<std::string_view> countries;
  double demand = 0;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    countries.insert(net.nodes.country[i]);
    demand += net.nodes.demand[i];
  }
  nlohmann::json kinds_json, modes_json, attrs_json = nlohmann::json::object();
  for (std::uint8_t k = 0; k < kNodeKindCount; ++k)
    if (kinds[k]) kinds_json[std::string(node_kind_name(static_cast<NodeKind>(k)))] = kinds[k];
  for (std::uint8_t m = 0; m < kEdgeModeCount; ++m)
    if (modes[m]) modes_json[std::string(edge_mode_name(static_cast<EdgeMode>(m)))] = modes[m];
  for (const auto& [key, value] : net.extra_attributes) attrs_json[key] = value;
  return {{"name", net.name},
          {"time_unit", std::string(time_unit_name(net.time_unit))},
          {"description", net.description},
          {"valid_from", net.valid_from},
          {"nodes", net.nodes.size()},
          {"edges", net.edges.size()},
          {"customs_rows", net.customs.size()},
          {"default_customs_time", net.default_customs_time},
          {"countries", countries.size()},
          {"total_demand", demand},
          {"node_kinds", kinds_json},
          {"edge_modes", modes_json},
          {"compiled_edges", p.forward.edge_count()},
          {"self_loops_dropped", p.self_loops_dropped},
          {"parallel_edges_merged", p.parallel_edges_merged},
          {"path_bound", bound_info(p)},
          {"attributes", attrs_json}};
}

void print_snapshot(const nlohmann::json& s) {
  fmt::print(report_stream(), "snapshot '{}' (time unit {}){}\n", s["name"].get<std::string>(), s["time_unit"].get<std::string>(),
             s["description"].get<std::string>().empty() ? "" : ": " + s["description"].get<std::string>());
  fmt::print(report_stream(), "  nodes {}  edges {} ({} after merging parallel edges and dropping self loops)  countries {}\n",
             s["nodes"].get<std::size_t>(), s["edges"].get<std::size_t>(), s["compiled_edges"].get<std::size_t>(),
             s["countries"].get<std::size_t>());
  fmt::print(report_stream(), "  customs rows {}  default customs time {}  total demand {:.6g}\n", s["customs_rows"].get<std::size_t>(),
             s["default_customs_time"].get<Time>(), s["total_demand"].get<double>());
  const nlohmann::json& bound = s["path_bound"];
  if (bound["solvable"].get<bool>()) {
    const std::string components =
        bound.contains("strong_components")
            ? fmt::format(" over {} strongly connected component{}", bound["strong_components"].get<std::uint32_t>(),
                          bound["strong_components"].get<std::uint32_t>() == 1 ? "" : "s")
            : "";
    std::string widths;
    for (const auto& w : bound["widths"]) widths += (widths.empty() ? "" : ", ") + w.get<std::string>();
    fmt::print(report_stream(), "  path bound {} {}s ({}{}): widths {}; every method\n", bound["value"].get<Time>(),
               s["time_unit"].get<std::string>(), bound["method"].get<std::string>(), components, widths);
  } else {
    fmt::print(report_stream(), "  no solver can run it: {}\n", bound["refusal"].get<std::string>());
  }
  std::string kinds, modes;
  for (const auto& [k, v] : s["node_kinds"].items()) kinds += fmt::format(" {} {}", k, v.get<std::size_t>());
  for (const auto& [k, v] : s["edge_modes"].items()) modes += fmt::format(" {} {}", k, v.get<std::size_t>());
  fmt::print(report_stream(), "  node kinds:{}\n  edge modes:{}\n", kinds, modes);
  for (const auto& [k, v] : s["attributes"].items()) fmt::print(report_stream(), "  {}: {}\n", k, v.get<std::string>());
}

nlohmann::json result_info(const std::string& file) {
  const io::ResultReader r(file);
  const io::ResultMeta& m = r.meta();
  // Stream the matrix in blocks of about 64 Mi cells to count what it holds.
  std::uint64_t unreachable = 0, beyond = 0, exact = 0;
  std::uint32_t max_exact = 0;
  long double sum = 0;
  r.for_each_row_block(std::uint64_t{1} << 26, [&](std::uint32_t, std::uint32_t count, const std::uint32_t* times) {
    for (std::size_t i = 0; i < std::size_t{count} * m.cols; ++i) {
      const std::uint32_t t = times[i];
      if (t == kUnreachable32) {
        ++unreachable;
      } else if (m.cap != 0 && t > m.cap) {
        ++beyond;
      } else {
        ++exact;
        max_exact = std::max(max_exact, t);
        sum += t;
      }
    }
  });
  nlohmann::json attrs = nlohmann::json::object();
  for (const auto& [k, v] : m.attributes) attrs[k] = v;
  return {{"rows", m.rows},
          {"cols", m.cols},
          {"dtype", std::string(io::dtype_name(m.dtype))},
          {"cap", m.cap},
          {"time_unit", std::string(time_unit_name(m.time_unit))},
          {"next_hop", m.has_hops},
          {"exact_pairs", exact},
          {"beyond_cap_pairs", beyond},
          {"unreachable_pairs", unreachable},
          {"max_exact_time", max_exact},
          {"mean_exact_time", exact ? static_cast<double>(sum / exact) : 0.0},
          {"attributes", attrs}};
}

void print_result(const std::string& file, const nlohmann::json& r) {
  fmt::print(report_stream(), "result {}: {} origins x {} destinations, {} times in {}s, cap {}{}\n", file,
             r["rows"].get<std::uint32_t>(), r["cols"].get<std::uint32_t>(), r["dtype"].get<std::string>(),
             r["time_unit"].get<std::string>(), r["cap"].get<Time>() == 0 ? std::string("none") : std::to_string(r["cap"].get<Time>()),
             r["next_hop"].get<bool>() ? ", with next hops" : "");
  fmt::print(report_stream(), "  exact pairs {}  beyond the cap {}  unreachable {}  max exact time {}  mean exact time {:.1f}\n",
             r["exact_pairs"].get<std::uint64_t>(), r["beyond_cap_pairs"].get<std::uint64_t>(),
             r["unreachable_pairs"].get<std::uint64_t>(), r["max_exact_time"].get<std::uint32_t>(),
             r["mean_exact_time"].get<double>());
  for (const auto& [k, v] : r["attributes"].items()) fmt::print(report_stream(), "  {}: {}\n", k, v.get<std::string>());
}

}  // namespace

void run_info(const std::string& file, const std::string& json_file) {
  io::check_files({{file, "file"}}, {{json_file, "--json"}});
  const io::FileKind kind = io::file_kind(file);
  nlohmann::json out;
  if (kind == io::FileKind::snapshot) {
    out["kind"] = "snapshot";
    out["file"] = file;
    out["snapshots"] = nlohmann::json::array();
    for (const std::string& name : io::list_snapshots(file)) {
      out["snapshots"].push_back(snapshot_info(file, name));
      print_snapshot(out["snapshots"].back());
    }
  } else {
    out = result_info(file);
    out["kind"] = "result";
    out["file"] = file;
    print_result(file, out);
  }
  if (!json_file.empty()) io::write_json_file(json_file, out);
}

}  // namespace hg
