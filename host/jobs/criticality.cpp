#include "host/jobs/criticality.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "host/core/errors.hpp"
#include "host/core/text.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/jobs/scenario.hpp"
#include "host/jobs/selection.hpp"
#include "host/model/hours.hpp"
#include "host/solvers/dijkstra/capped_reach.hpp"
#include "io/csv_writer.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"

namespace hg {

namespace {

struct Loss {
  NodeId node = kNoNode;
  double demand = 0;              // lost, summed over destinations in selection order
  std::uint32_t destinations = 0;
};

// The demand of the destinations reached in `base` and not in `blocked`,
// in selection order.
Loss lost(const CappedReach& blocked, std::span<const NodeId> destinations, const std::vector<std::uint8_t>& base,
          const std::vector<double>& demand) {
  Loss loss;
  for (std::size_t d = 0; d < destinations.size(); ++d)
    if (base[d] && !blocked.reached(destinations[d])) {
      loss.demand += demand[d];
      ++loss.destinations;
    }
  return loss;
}

}  // namespace

void run_criticality(const CriticalityOptions& o) {
  // 1. Input, fully checked before any output.
  HG_EXPECTS(!o.origins.empty() || !o.scenario_file.empty(), ErrorKind::usage, "--origins or --scenario is required");
  HG_EXPECTS(o.hours > 0, ErrorKind::usage, "--hours is required");
  std::vector<io::FileArgument> inputs = request_files(o.snapshot_file, o.scenario_file, o.origins, o.destinations);
  const std::vector<io::FileArgument> node_files = request_files("", "", o.nodes, "");
  inputs.insert(inputs.end(), node_files.begin(), node_files.end());
  io::check_files(inputs, {{o.json_file, "--json"}, {o.csv_file, "--csv"}});
  std::optional<Scenario> scenario;
  if (!o.scenario_file.empty()) scenario = read_scenario(o.scenario_file);
  const auto loaded = load_network(o.snapshot_file, o.snapshot_name);
  const Network& net = loaded->network;
  const Time cap = hours_to_time(o.hours, net.time_unit, "--hours");
  const std::vector<NodeId> origins = scenario ? scenario_origins(*scenario, net, loaded->codes)
                                               : select_nodes(net, loaded->codes, o.origins, "--origins");
  const std::vector<NodeId> destinations = request_destinations(scenario, net, loaded->codes, o.destinations);
  const std::vector<NodeId> nodes = select_nodes(net, loaded->codes, o.nodes, "--nodes");
  std::vector<double> demand(destinations.size());
  double total = 0;
  for (std::size_t d = 0; d < destinations.size(); ++d) total += demand[d] = net.nodes.demand[destinations[d]];

  // 2. The reach of the origins as they are, then once per node that may
  //    not be passed through, the nodes in parallel.
  const auto start = std::chrono::steady_clock::now();
  CappedReach base_search(loaded->problem);
  base_search.run(origins, cap);
  std::vector<std::uint8_t> base(destinations.size());
  double covered = 0;
  for (std::size_t d = 0; d < destinations.size(); ++d)
    if ((base[d] = base_search.reached(destinations[d]))) covered += demand[d];
  std::vector<Loss> losses(nodes.size());
  Progress progress("hub criticality", nodes.size(), "nodes");
  const int threads = std::max(1, std::min<int>(o.threads, static_cast<int>(nodes.size())));
#pragma omp parallel num_threads(threads)
  {
    CappedReach search(loaded->problem);
#pragma omp for schedule(dynamic, 1)
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      search.run(origins, cap, nodes[i]);
      losses[i] = lost(search, destinations, base, demand);
      losses[i].node = nodes[i];
      progress.advance();
    }
  }
  progress.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<Loss> ranked = losses;
  std::stable_sort(ranked.begin(), ranked.end(), [](const Loss& a, const Loss& b) {
    return a.demand != b.demand ? a.demand > b.demand : a.node < b.node;
  });

  // 3. Output.
  const auto share = [&](double part) { return total > 0 ? part / total : 0.0; };
  std::string table = fmt::format(
      "hub criticality within {} h: {} origins reach {:.2f} % of the demand of {} destinations; {} nodes tested in "
      "{:.2f} s\n  {:>4}  {:<14} {:<28} {:<7} {:>14}  {:>8}  {:>12}\n",
      o.hours, origins.size(), 100 * share(covered), destinations.size(), nodes.size(), seconds, "rank", "node",
      "name", "country", "lost demand", "share", "destinations");
  for (std::size_t i = 0; i < std::min<std::size_t>(20, ranked.size()); ++i) {
    const NodeId v = ranked[i].node;
    const std::string name = fit_column(net.nodes.name[v], 28);
    table += fmt::format("  {:>4}  {:<14} {:<28} {:<7} {:>14.6g}  {:>6.2f} %  {:>12}\n", i + 1, net.nodes.code[v], name,
                         net.nodes.country[v], ranked[i].demand, 100 * share(ranked[i].demand),
                         ranked[i].destinations);
  }
  if (ranked.size() > 20) table += fmt::format("  ... {} more in --json / --csv\n", ranked.size() - 20);
  fmt::print(report_stream(), "{}", table);
  if (!o.json_file.empty()) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const NodeId v = ranked[i].node;
      rows.push_back({{"rank", i + 1}, {"code", net.nodes.code[v]}, {"name", net.nodes.name[v]},
                      {"country", net.nodes.country[v]}, {"kind", node_kind_name(static_cast<NodeKind>(net.nodes.kind[v]))},
                      {"lat", net.nodes.lat[v]}, {"lon", net.nodes.lon[v]}, {"lost_demand", ranked[i].demand},
                      {"lost_share", share(ranked[i].demand)}, {"lost_destinations", ranked[i].destinations}});
    }
    io::write_json_file(o.json_file, {{"hours", o.hours},
                                      {"snapshot_file", o.snapshot_file},
                                      {"origin_count", origins.size()},
                                      {"destination_count", destinations.size()},
                                      {"total_demand", total},
                                      {"covered_demand", covered},
                                      {"covered_share", share(covered)},
                                      {"seconds", seconds},
                                      {"nodes", rows}});
  }
  if (!o.csv_file.empty()) {
    std::string csv = "rank,node,name,country,lat,lon,lost_demand,lost_share,lost_destinations\n";
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const NodeId v = ranked[i].node;
      csv += fmt::format("{},", i + 1);
      io::append_csv_field(csv, net.nodes.code[v]);
      csv += ',';
      io::append_csv_field(csv, net.nodes.name[v]);
      csv += fmt::format(",{},{},{},{},{},{}\n", net.nodes.country[v], net.nodes.lat[v], net.nodes.lon[v],
                         ranked[i].demand, share(ranked[i].demand), ranked[i].destinations);
    }
    io::write_text_file(o.csv_file, csv);
  }
}

}  // namespace hg
