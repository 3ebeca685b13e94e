#include "host/jobs/coverage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>

#include "host/core/cluster.hpp"
#include "host/core/errors.hpp"
#include "host/model/hours.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/jobs/nearest_request.hpp"
#include "host/jobs/scenario.hpp"
#include "host/jobs/selection.hpp"
#include "io/csv_writer.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"

namespace hg {

namespace {

std::unique_ptr<LoadedNetwork> read_request(const CoverageOptions& o, std::optional<Scenario>& scenario,
                                            std::vector<std::uint32_t>& hours, std::vector<NodeId>& origins,
                                            std::vector<NodeId>& destinations) {
  HG_EXPECTS(o.by == "country" || o.by == "origin" || o.by == "destination", ErrorKind::usage,
             "--by: '{}' is not one of country, origin, destination", o.by);
  HG_EXPECTS(!o.origins.empty() || !o.scenario_file.empty(), ErrorKind::usage, "--origins or --scenario is required");
  io::check_files(request_files(o.snapshot_file, o.scenario_file, o.origins, o.destinations), {{o.json_file, "--json"},
                           {o.csv_file, "--csv"},
                           {o.hierarchy_file, "--hierarchy", io::OutputFormat::hdf5}});
  if (!o.scenario_file.empty()) scenario = read_scenario(o.scenario_file);
  hours = scenario ? parse_hour_list(scenario->hours, o.scenario_file + ": \"hours\"") : parse_hour_list(o.hours, "--hours");
  auto loaded = load_network(o.snapshot_file, o.snapshot_name);
  const Network& net = loaded->network;
  origins = scenario ? scenario_origins(*scenario, net, loaded->codes)
                                               : select_nodes(net, loaded->codes, o.origins, "--origins");
  destinations = request_destinations(scenario, net, loaded->codes, o.destinations);
  hours_to_time(hours.back(), net.time_unit, "--hours");  // checked here, on every rank
  return loaded;
}

}  // namespace

void run_coverage(const CoverageOptions& o) {
  // 1. Input, fully checked before any output (under mpirun, by every rank).
  std::unique_ptr<LoadedNetwork> loaded;
  std::optional<Scenario> scenario;
  std::vector<std::uint32_t> hours;
  std::vector<NodeId> origins, destinations;
  cluster::all_succeeded([&] { loaded = read_request(o, scenario, hours, origins, destinations); });
  const Network& net = loaded->network;
  const Time cap = hours_to_time(hours.back(), net.time_unit, "--hours");

  // 2. Nearest origins (divided among the ranks under mpirun), then the report.
  const NearestRun run =
      find_nearest_origins(*loaded, origins, destinations, cap, o.backend, o.threads, o.hierarchy_file, "coverage");
  const NearestOrigins& nearest = run.nearest;
  const CoverageReport report = summarize_coverage(net, origins, destinations, hours, nearest);

  // 3. Output, rank 0's.
  if (!cluster::leader()) return;
  fmt::print(report_stream(), "{}", coverage_table(report));
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
    json["backend"] = std::string(backend_name(run.plan.backend.backend));
    io::write_json_file(o.json_file, json);
  }
  if (!o.csv_file.empty())
    io::write_text_file(o.csv_file, o.by == "destination" ? coverage_destination_csv(net, destinations, nearest, cap)
                                                          : coverage_csv(report, net, o.by));
}

}  // namespace hg
