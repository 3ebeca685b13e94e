#pragma once
// `hourglass criticality`: which hubs a set of sites' reach depends on
// (docs/planning.md#hub-criticality). For each node of --nodes, the demand of
// the destinations the origins reach within --hours that none reaches once
// no route may pass through that node (it may still be an origin or a
// destination); ranked, as a table, --json and --csv (with lat/lon for maps).

#include <cstdint>
#include <string>

namespace hg {

struct CriticalityOptions {
  std::string snapshot_file;
  std::string snapshot_name;
  std::string nodes;                 // --nodes SEL: the hubs to test
  std::string origins;               // --origins SEL
  std::string destinations = "all";
  std::string scenario_file;         // origins and destinations from a scenario
  std::uint32_t hours = 0;
  int threads = 1;
  std::string json_file;
  std::string csv_file;
};

void run_criticality(const CriticalityOptions& options);

}  // namespace hg
