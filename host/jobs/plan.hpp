#pragma once
// `hourglass plan`: which sites to build (docs/planning.md). Coverage sets
// of the candidates within --hours, maximal covering over them
// (host/planning/max_cover.hpp) with a proven bound, the plan's coverage at
// every reported threshold; a table on stdout, --json and --csv files.

#include <cstdint>
#include <string>

#include "host/solvers/backend.hpp"
#include "host/solvers/solver.hpp"

namespace hg {

struct PlanOptions {
  std::string snapshot_file;
  std::string snapshot_name;
  std::string candidates;              // --candidates SEL
  std::string evaluate;                // --evaluate SEL: what-if for these sites instead of a plan
  std::string fixed;                   // --fixed SEL: sites that exist; empty: none
  std::string destinations = "all";
  std::string scenario_file;           // its sites are the fixed ones; its destinations and hours
  double hours = 0;                    // --hours H: the objective's threshold (a whole number of time units)
  std::string report_hours;            // --report-hours: more thresholds to report (default 24,48,72)
  std::uint32_t sites = 0;             // --sites K
  double target_share = 0;             // --target-share S (0: not given)
  std::uint32_t max_per_country = 0;   // 0: no limit
  bool local_search = true;
  BackendChoice backend = BackendChoice::automatic;
  MethodChoice method = MethodChoice::automatic;
  std::uint64_t memory_budget = std::uint64_t{2} << 30;
  std::string hierarchy_file;
  int threads = 1;
  std::string json_file;
  std::string csv_file;
};

void run_plan(const PlanOptions& options);

}  // namespace hg
