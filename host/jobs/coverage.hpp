#pragma once
// `hourglass coverage`: nearest-origin times for every destination, the
// coverage report (docs/design.md#coverage), a table on stdout, --json and --csv files.

#include <string>

#include "host/jobs/coverage_report.hpp"
#include "host/solvers/backend.hpp"

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
  std::string hierarchy_file;  // --hierarchy: the sweeps' hierarchy, reused or stored
};

void run_coverage(const CoverageOptions& options);

}  // namespace hg
