#include "host/jobs/coverage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>

#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/phast/hierarchy_file.hpp"
#include "host/core/errors.hpp"
#include "host/solvers/gpu_device.hpp"
#include "host/model/hours.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/solvers/phast/phast_gpu.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/scenario.hpp"
#include "host/jobs/selection.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"
#include "io/csv_writer.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"

namespace hg {

namespace {

// A share of demand, or nothing where there is no demand to share: never
// 0 / 0, and never a silent 0 % for destinations nobody wants to reach.
std::optional<double> share(double part, double whole) {
  return whole > 0 ? std::optional<double>(part / whole) : std::nullopt;
}
nlohmann::json share_json(double part, double whole) {
  const auto s = share(part, whole);
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}
std::string share_csv(double part, double whole) {
  const auto s = share(part, whole);
  return s ? fmt::format("{}", *s) : std::string();
}
std::string share_percent(double part, double whole) {
  const auto s = share(part, whole);
  return s ? fmt::format("{:6.2f} %", 100.0 * *s) : std::string("   n/a  ");
}

}  // namespace

nlohmann::json coverage_to_json(const CoverageReport& r, const Network& net) {
  nlohmann::json thresholds = nlohmann::json::array();
  for (std::size_t h = 0; h < r.hours.size(); ++h)
    thresholds.push_back({{"hours", r.hours[h]},
                          {"covered_demand", r.covered_demand[h]},
                          {"covered_share", share_json(r.covered_demand[h], r.total_demand)},
                          {"covered_destinations", r.covered_count[h]}});
  nlohmann::json origins = nlohmann::json::array();
  for (const auto& o : r.per_origin)
    origins.push_back({{"code", std::string(net.nodes.code[o.node])},
                       {"name", std::string(net.nodes.name[o.node])},
                       {"country", std::string(net.nodes.country[o.node])},
                       {"lat", net.nodes.lat[o.node]},
                       {"lon", net.nodes.lon[o.node]},
                       {"nearest_destinations", o.nearest_count},
                       {"nearest_demand", o.nearest_demand},
                       {"covered_demand", o.covered_demand}});
  nlohmann::json countries = nlohmann::json::array();
  for (const auto& c : r.per_country) {
    nlohmann::json shares = nlohmann::json::array();
    for (double d : c.covered_demand) shares.push_back(share_json(d, c.total_demand));
    countries.push_back({{"country", c.country},
                         {"destinations", c.destination_count},
                         {"total_demand", c.total_demand},
                         {"covered_demand", c.covered_demand},
                         {"covered_share", shares}});
  }
  return {{"time_unit", r.time_unit},
          {"units_per_hour", r.units_per_hour},
          {"destinations", r.destination_count},
          {"total_demand", r.total_demand},
          {"thresholds", thresholds},
          {"beyond_largest_threshold", {{"demand", r.beyond_demand}, {"destinations", r.beyond_count}}},
          {"unreachable", {{"demand", r.unreachable_demand}, {"destinations", r.unreachable_count}}},
          {"histogram_hours", {{"bins", r.histogram},
                               {"later", r.beyond_demand},
                               {"unreachable", r.unreachable_demand},
                               {"bin_rule", "bin h holds nearest times t with h <= t / 1 h < h + 1"}}},
          {"per_origin", origins},
          {"per_country", countries},
          {"summation_order", "destinations in selection order, left to right, in double precision"}};
}

std::string coverage_table(const CoverageReport& r) {
  std::string out = fmt::format("coverage of {} destinations, total demand {:.6g}, from {} origins\n",
                                r.destination_count, r.total_demand, r.per_origin.size());
  if (!(r.total_demand > 0))
    out += "  no destination has any demand: shares are undefined (n/a), the destination counts stand\n";
  for (std::size_t h = 0; h < r.hours.size(); ++h)
    out += fmt::format("  within {:>3} h: {} of demand ({} destinations)\n", r.hours[h],
                       share_percent(r.covered_demand[h], r.total_demand), r.covered_count[h]);
  out += fmt::format("  later:        {} ({} destinations)\n", share_percent(r.beyond_demand, r.total_demand),
                     r.beyond_count);
  out += fmt::format("  unreachable:  {} ({} destinations)\n", share_percent(r.unreachable_demand, r.total_demand),
                     r.unreachable_count);
  // The countries with the most demand, by their coverage at each threshold.
  std::vector<const CoverageReport::PerCountry*> countries;
  for (const auto& c : r.per_country) countries.push_back(&c);
  std::sort(countries.begin(), countries.end(), [](auto* a, auto* b) {
    return a->total_demand != b->total_demand ? a->total_demand > b->total_demand : a->country < b->country;
  });
  if (countries.size() > 1) {
    out += "  largest destination countries (demand share covered):\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(10, countries.size()); ++i) {
      out += fmt::format("    {}  demand {:>12.6g}", countries[i]->country, countries[i]->total_demand);
      for (std::size_t h = 0; h < r.hours.size(); ++h)
        out += fmt::format("  {:>3} h {}", r.hours[h],
                           share_percent(countries[i]->covered_demand[h], countries[i]->total_demand));
      out += "\n";
    }
  }
  return out;
}

std::string coverage_csv(const CoverageReport& r, const Network& net, const std::string& by) {
  std::string out;
  if (by == "origin") {
    out = "origin,name,country,nearest_destinations,nearest_demand";
    for (std::uint32_t h : r.hours) out += fmt::format(",covered_demand_{}h", h);
    out += "\n";
    for (const auto& o : r.per_origin) {
      io::append_csv_field(out, net.nodes.code[o.node]);
      out += ',';
      io::append_csv_field(out, net.nodes.name[o.node]);
      out += fmt::format(",{},{},{}", net.nodes.country[o.node], o.nearest_count, o.nearest_demand);
      for (double d : o.covered_demand) out += fmt::format(",{}", d);
      out += "\n";
    }
  } else {
    out = "country,destinations,total_demand";
    for (std::uint32_t h : r.hours) out += fmt::format(",covered_demand_{}h,covered_share_{}h", h, h);
    out += "\n";
    for (const auto& c : r.per_country) {
      out += fmt::format("{},{},{}", c.country, c.destination_count, c.total_demand);
      for (double d : c.covered_demand) out += fmt::format(",{},{}", d, share_csv(d, c.total_demand));
      out += "\n";
    }
  }
  return out;
}

std::string coverage_destination_csv(const Network& net, std::span<const NodeId> destinations,
                                     const NearestOrigins& nearest, Time cap) {
  std::string out = "destination,name,country,lat,lon,demand,nearest_origin,time,status\n";
  for (std::size_t j = 0; j < destinations.size(); ++j) {
    const NodeId v = destinations[j];
    const std::uint32_t t = nearest.time[j];
    const bool reached = t <= cap;
    io::append_csv_field(out, net.nodes.code[v]);
    out += ',';
    io::append_csv_field(out, net.nodes.name[v]);
    out += fmt::format(",{},{},{},{},", net.nodes.country[v], net.nodes.lat[v], net.nodes.lon[v], net.nodes.demand[v]);
    if (reached && nearest.origin[j] != kNoNode) io::append_csv_field(out, net.nodes.code[nearest.origin[j]]);
    out += reached ? fmt::format(",{},reached\n", t)
                   : (t == kUnreachable32 ? std::string(",,unreachable\n") : std::string(",,later\n"));
  }
  return out;
}

void run_coverage(const CoverageOptions& o) {
  // 1. Input, fully checked before any output.
  HG_EXPECTS(o.by == "country" || o.by == "origin" || o.by == "destination", ErrorKind::usage,
             "--by: '{}' is not one of country, origin, destination", o.by);
  HG_EXPECTS(!o.origins.empty() || !o.scenario_file.empty(), ErrorKind::usage, "--origins or --scenario is required");
  if (!o.json_file.empty()) io::check_output_path(o.json_file);
  if (!o.csv_file.empty()) io::check_output_path(o.csv_file);
  if (!o.hierarchy_file.empty() && !std::filesystem::exists(o.hierarchy_file)) io::check_output_path(o.hierarchy_file);
  std::optional<Scenario> scenario;
  if (!o.scenario_file.empty()) scenario = read_scenario(o.scenario_file);
  const std::vector<std::uint32_t> hours =
      scenario ? parse_hour_list(scenario->hours, o.scenario_file + ": \"hours\"") : parse_hour_list(o.hours, "--hours");
  const auto loaded = load_network(o.snapshot_file, o.snapshot_name);
  const Network& net = loaded->network;
  const std::vector<NodeId> origins = scenario ? scenario_origins(*scenario, net, loaded->codes)
                                               : select_nodes(net, loaded->codes, o.origins, "--origins");
  const std::vector<NodeId> destinations =
      scenario ? select_nodes(net, loaded->codes, scenario->destinations, o.scenario_file + ": \"destinations\"")
               : select_nodes(net, loaded->codes, o.destinations, "--destinations");
  const Time cap = hours_to_time(hours.back(), net.time_unit, "--hours");
  // The CPU answers coverage with one multi-source search, whatever the
  // origin count: auto keeps it. --backend gpu runs one-to-all sweeps per
  // origin and reduces them on the device (for comparison and for very many
  // origins on large networks).
  const BackendDecision backend =
      o.backend == BackendChoice::automatic
          ? BackendDecision{Backend::cpu, "cpu (auto: one multi-source search beats per-origin sweeps)"}
          : choose_backend(o.backend, true);
  note(fmt::format("coverage on {}: {} origins, {} destinations, thresholds up to {} h", backend.reason,
                   origins.size(), destinations.size(), hours.back()));

  // 2. Nearest origins, then the report.
  NearestOrigins nearest;
  if (backend.backend == Backend::gpu) {
    const Problem& p = loaded->problem;
    const PhastGpuPlan estimate = plan_phast_gpu(p.node_count, phast_estimated_arcs(p), origins.size(),
                                                 destinations.size(), probe_gpu().free_bytes, /*forward_only=*/true);
    expect_phast_gpu_fits(estimate, p.node_count);
    ContractionHierarchy hierarchy;
    bool hierarchy_loaded = false;
    {
      Progress progress("contraction hierarchy", 1);
      hierarchy = load_or_contract(p, o.hierarchy_file, o.threads, &hierarchy_loaded);
    }
    note(hierarchy_note(hierarchy, o.hierarchy_file, hierarchy_loaded));
    const PhastGpuPlan plan = plan_phast_gpu(p.node_count, hierarchy.arc_count(), origins.size(),
                                             destinations.size(), probe_gpu().free_bytes, /*forward_only=*/true);
    Progress progress("nearest origins (gpu sweeps)", 1);
    double device_seconds = 0;
    nearest = phast_nearest_gpu(p, hierarchy, plan, origins, destinations, cap, &device_seconds);
    note(fmt::format("gpu sweeps: {}; {:.3f} s on the device", plan.reason, device_seconds));
  } else {
    Progress progress("nearest origins", 1);
    nearest = nearest_origins(loaded->problem, origins, destinations, cap);
  }
  const CoverageReport report = summarize_coverage(net, origins, destinations, hours, nearest);

  // 3. Output.
  fmt::print("{}", coverage_table(report));
  if (!o.json_file.empty()) {
    nlohmann::json json = coverage_to_json(report, net);
    json["snapshot_file"] = o.snapshot_file;
    json["snapshot_name"] = net.name;
    json["origins_selection"] = scenario ? scenario->origins : o.origins;
    json["destinations_selection"] = scenario ? scenario->destinations : o.destinations;
    if (scenario) {
      json["scenario"] = scenario->name;
      json["scenario_file"] = o.scenario_file;
      json["description"] = scenario->description;
    }
    json["backend"] = std::string(backend_name(backend.backend));
    io::write_json_file(o.json_file, json);
  }
  if (!o.csv_file.empty())
    io::write_text_file(o.csv_file, o.by == "destination" ? coverage_destination_csv(net, destinations, nearest, cap)
                                                          : coverage_csv(report, net, o.by));
}

}  // namespace hg
