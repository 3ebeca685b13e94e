#pragma once
// `hourglass coverage`: nearest-origin times for every destination, the
// coverage report of DESIGN.md, a table on stdout, --json and --csv files.

#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "host/solvers/backend.hpp"
#include "host/jobs/coverage_report.hpp"

namespace hg {

struct CoverageOptions {
  std::string snapshot_file;
  std::string snapshot_name;
  std::string origins;
  std::string destinations = "all";
  std::string hours = "24,48,72";
  std::string by = "country";  // the CSV table: country | origin | destination
  std::string scenario_file;   // origins, destinations and hours from a scenario file
  BackendChoice backend = BackendChoice::automatic;
  int threads = 1;
  std::string json_file;
  std::string csv_file;
  std::string hierarchy_file;  // --hierarchy: the GPU sweeps' hierarchy, reused or stored
};

void run_coverage(const CoverageOptions& options);

nlohmann::json coverage_to_json(const CoverageReport& report, const Network& network);
std::string coverage_table(const CoverageReport& report);
// One row per country (by = "country") or per origin (by = "origin").
std::string coverage_csv(const CoverageReport& report, const Network& network, const std::string& by);
// One row per destination: its nearest origin, time and status (reached
// within the largest threshold, later, unreachable), with lat/lon for maps.
std::string coverage_destination_csv(const Network& network, std::span<const NodeId> destinations,
                                     const NearestOrigins& nearest, Time cap);

}  // namespace hg
