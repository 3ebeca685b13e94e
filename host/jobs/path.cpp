#include "host/jobs/path.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/core/errors.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/core/progress.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"
#include "io/result.hpp"
#include "io/sha256.hpp"

namespace hg {

namespace {

struct Leg {
  NodeId from, to;
  Time handling = 0;  // at `from`, when it is passed through
  Time transit = 0;
  Time customs = 0;
  EdgeMode mode = EdgeMode::road;
  std::uint64_t arrival = 0;
};

CodeIndex index_lookup(const StringColumn& codes, const std::string& file, const char* dataset) {
  CodeIndex index;
  if (const auto dup = CodeIndex::build(codes, index))
    throw InputError(ErrorKind::duplicate_code,
                     fmt::format("{}: {}[{}]: code '{}' repeats", file, dataset, dup->second, codes[dup->second]));
  return index;
}

// The node sequence from `from` to `to`: the result's next hops while the
// route passes origins of the result (one stored entry each), then, from the
// first node that is not one, one search on the snapshot that stops at `to`
// and gives the rest of the route from its tree (subpaths of shortest paths
// are shortest).
std::vector<NodeId> follow_hops(const io::ResultReader& result, const CodeIndex& result_origins, std::uint32_t col,
                                const LoadedNetwork& loaded, NodeId from, NodeId to, bool& used_snapshot) {
  std::vector<NodeId> route{from};
  NodeId u = from;
  while (u != to) {
    HG_EXPECTS(route.size() <= loaded.problem.node_count, ErrorKind::corrupt_file,
               "{}: /data/next_hop: the hops from {} to {} form a cycle", result.path(),
               loaded.network.nodes.code[from], loaded.network.nodes.code[to]);
    const auto row = result_origins.find(loaded.network.nodes.code[u]);
    if (!row) {
      used_snapshot = true;
      DijkstraSearch search(loaded.problem);
      DijkstraSearch::Limits limits;
      limits.target = to;
      limits.parents = true;
      search.run(u, limits);
      const std::vector<NodeId> rest = search.path_to(to);
      HG_EXPECTS(!rest.empty(), ErrorKind::corrupt_file, "{}: no route from {} to {} in the snapshot", result.path(),
                 loaded.network.nodes.code[u], loaded.network.nodes.code[to]);
      route.insert(route.end(), rest.begin() + 1, rest.end());
      return route;
    }
    std::uint32_t time = 0;
    NodeId hop = kNoNode;
    result.read_block(*row, 1, col, 1, &time, &hop);
    HG_EXPECTS(hop < loaded.problem.node_count, ErrorKind::corrupt_file,
               "{}: /data/next_hop[{}, {}]: no next hop on the way from {} to {}", result.path(), *row, col,
               loaded.network.nodes.code[u], loaded.network.nodes.code[to]);
    route.push_back(hop);
    u = hop;
  }
  return route;
}

// Each leg's quickest edge, customs and handling, from the raw snapshot.
std::vector<Leg> price_legs(const Network& net, const std::vector<NodeId>& route) {
  std::map<std::pair<NodeId, NodeId>, std::size_t> wanted;
  for (std::size_t i = 0; i + 1 < route.size(); ++i) wanted.emplace(std::make_pair(route[i], route[i + 1]), i);
  std::vector<Leg> legs(route.size() - 1);
  std::vector<bool> found(legs.size(), false);
  for (std::size_t e = 0; e < net.edges.size(); ++e) {
    const auto it = wanted.find({net.edges.src[e], net.edges.dst[e]});
    if (it == wanted.end()) continue;
    Leg& leg = legs[it->second];
    if (!found[it->second] || net.edges.transit_time[e] < leg.transit) {
      leg.transit = net.edges.transit_time[e];
      leg.mode = static_cast<EdgeMode>(net.edges.mode[e]);
      found[it->second] = true;
    }
  }
  std::uint64_t clock = 0;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    Leg& leg = legs[i];
    leg.from = route[i];
    leg.to = route[i + 1];
    if (!found[i])
      throw RuntimeError(fmt::format("the route uses {} -> {}, but the snapshot has no such edge",
                                     net.nodes.code[leg.from], net.nodes.code[leg.to]));
    leg.handling = i == 0 ? 0 : net.nodes.handling_time[leg.from];
    if (net.nodes.country[leg.from] != net.nodes.country[leg.to]) {
      leg.customs = net.default_customs_time;
      for (std::size_t r = 0; r < net.customs.size(); ++r)
        if (net.customs.from[r] == net.nodes.country[leg.from] && net.customs.to[r] == net.nodes.country[leg.to])
          leg.customs = net.customs.time[r];
    }
    clock += std::uint64_t{leg.handling} + leg.transit + leg.customs;
    leg.arrival = clock;
  }
  return legs;
}

}  // namespace

void run_path(const PathOptions& o) {
  const io::ResultReader result(o.result_file);
  io::check_files({{o.result_file, "result"},
                   {o.snapshot_file, "--snapshot-file"},
                   {result.attribute("snapshot_file"), "the result's snapshot"}},
                  {{o.json_file, "--json"}});
  const CodeIndex origins = index_lookup(result.origins(), o.result_file, "/lookup/origins");
  const CodeIndex destinations = index_lookup(result.destinations(), o.result_file, "/lookup/destinations");
  const auto row = origins.find(o.from);
  HG_EXPECTS(row.has_value(), ErrorKind::unknown_code, "--from: '{}' is not an origin of {}", o.from, o.result_file);
  const auto col = destinations.find(o.to);
  HG_EXPECTS(col.has_value(), ErrorKind::unknown_code, "--to: '{}' is not a destination of {}", o.to, o.result_file);

  std::vector<std::uint32_t> times(result.meta().cols);
  result.read_rows(*row, 1, times.data(), nullptr);
  const std::uint32_t value = times[*col];
  const Time cap = result.meta().cap;
  const std::string unit(time_unit_name(result.meta().time_unit));
  nlohmann::json summary = {{"from", o.from}, {"to", o.to}, {"time_unit", unit}};
  if (value == kUnreachable32 || (cap != 0 && value > cap)) {
    const std::string why = value == kUnreachable32 ? "no route exists"
                                                    : fmt::format("the time is beyond the cap of {} {}s, where no "
                                                                  "route is stored", cap, unit);
    fmt::print(report_stream(), "{} -> {}: {}\n", o.from, o.to, why);
    summary["reachable"] = value != kUnreachable32;
    summary["status"] = value == kUnreachable32 ? "unreachable" : "beyond_cap";
    summary["why"] = why;
    summary["time"] = nullptr;  // no time is known: cap + 1 is a marker, not a time
    summary["route"] = nlohmann::json::array();
    if (!o.json_file.empty()) io::write_json_file(o.json_file, summary);
    return;
  }
  HG_EXPECTS(result.meta().has_hops, ErrorKind::missing_dataset,
             "{}: /data/next_hop: missing; solve with --paths to record routes", o.result_file);

  // The snapshot that made the result (or the one the user names).
  std::string snapshot_file = o.snapshot_file;
  if (snapshot_file.empty()) {
    snapshot_file = result.recorded_snapshot_file();
    const std::string recorded = result.attribute("snapshot_sha256");
    HG_EXPECTS(recorded.empty() || io::sha256_file(snapshot_file) == recorded, ErrorKind::usage,
               "{} has changed since {} was written (SHA-256 differs); pass --snapshot-file to use it anyway",
               snapshot_file, o.result_file);
  }
  const auto loaded = load_network(snapshot_file, result.attribute("snapshot_name"));
  const auto from_node = loaded->codes.find(o.from), to_node = loaded->codes.find(o.to);
  HG_EXPECTS(from_node && to_node, ErrorKind::unknown_code, "{}: '{}' or '{}' is not a node of the snapshot",
             snapshot_file, o.from, o.to);

  bool used_snapshot = false;
  Progress routing("route", 1);
  const std::vector<NodeId> route =
      from_node == to_node ? std::vector<NodeId>{*from_node}
                           : follow_hops(result, origins, *col, *loaded, *from_node, *to_node, used_snapshot);
  routing.finish();
  const std::vector<Leg> legs = from_node == to_node ? std::vector<Leg>{} : price_legs(loaded->network, route);
  const std::uint64_t total = legs.empty() ? 0 : legs.back().arrival;

  const Network& net = loaded->network;
  const auto label = [&](NodeId v) { return fmt::format("{} ({})", net.nodes.code[v], net.nodes.country[v]); };
  fmt::print(report_stream(), "route {} -> {}: {} {}s ({:.1f} h), {} leg{}\n", o.from, o.to, value, unit,
             static_cast<double>(value) / units_per_hour(result.meta().time_unit), legs.size(),
             legs.size() == 1 ? "" : "s");
  fmt::print(report_stream(), "  {:>3}  {:<22} {:<22} {:<8} {:>9} {:>8} {:>8} {:>9}\n", "#", "from", "to", "mode", "handling", "transit",
             "customs", "arrival");
  nlohmann::json legs_json = nlohmann::json::array();
  for (std::size_t i = 0; i < legs.size(); ++i) {
    const Leg& l = legs[i];
    fmt::print(report_stream(), "  {:>3}  {:<22} {:<22} {:<8} {:>9} {:>8} {:>8} {:>9}\n", i + 1, label(l.from), label(l.to),
               edge_mode_name(l.mode), l.handling, l.transit, l.customs, l.arrival);
    legs_json.push_back({{"from", std::string(net.nodes.code[l.from])},
                         {"to", std::string(net.nodes.code[l.to])},
                         {"mode", std::string(edge_mode_name(l.mode))},
                         {"handling", l.handling},
                         {"transit", l.transit},
                         {"customs", l.customs},
                         {"arrival", l.arrival}});
  }
  if (used_snapshot) note("the route passes nodes that are not origins of the result; those legs were searched on the snapshot");
  if (total != value)
    throw RuntimeError(fmt::format("the route's legs add up to {} but the result holds {}: the result and the "
                                   "snapshot disagree", total, value));
  summary["reachable"] = true;
  summary["status"] = "exact";
  summary["time"] = value;
  summary["route"] = legs_json;
  if (!o.json_file.empty()) io::write_json_file(o.json_file, summary);
}

}  // namespace hg
