#pragma once
// `hourglass diff`: one coverage request on two snapshots (two files, or two
// snapshots of one file), compared destination by destination and country by
// country (host/jobs/diff_report.hpp, docs/planning.md#diff): what a new
// route, a closed hub or a changed customs time gains and loses.

#include <string>
#include <vector>

#include "host/solvers/backend.hpp"

namespace hg {

struct DiffOptions {
  std::vector<std::string> files;           // A.h5 [B.h5]
  std::vector<std::string> snapshot_names;  // --snapshot, at most twice: A's, then B's
  std::string origins;
  std::string destinations = "all";
  std::string hours = "24,48,72";
  std::string scenario_file;  // origins, destinations and hours, evaluated on each snapshot
  std::string by = "country";  // the CSV table: country | destination
  BackendChoice backend = BackendChoice::automatic;
  int threads = 1;
  std::string json_file;
  std::string csv_file;
};

void run_diff(const DiffOptions& options);

}  // namespace hg
