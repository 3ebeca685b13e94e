#pragma once
// What `plan` reports (docs/planning.md): the chosen sites in order with
// what each adds, the bound and its gap (or, for a target, the fewest sites
// any plan needs), the plan's coverage at every threshold; as the table on
// stdout, JSON (--json) and CSV (--csv, one row per chosen site).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/jobs/coverage_report.hpp"
#include "host/model/network.hpp"
#include "host/planning/max_cover.hpp"

namespace hg {

struct PlanReport {
  std::vector<NodeId> candidates;     // candidate index -> node
  std::vector<NodeId> fixed;
  double hours = 0;                   // the objective's threshold (may be a fraction of an hour)
  std::uint32_t sites = 0;            // K asked for (0: a target share)
  bool evaluation = false;            // --evaluate: the given sites, no choice and no bound
  std::uint32_t max_per_country = 0;  // 0: none
  MaxCoverResult result;
  CoverageReport coverage;            // fixed and chosen sites, every reported threshold
  std::string method;                 // the solver behind the coverage sets
  double sets_seconds = 0;            // coverage sets: rows and bits
  double plan_seconds = 0;            // greedy, swaps, bound
  std::uint64_t ties = 0;             // greedy steps with candidates tied in demand
  std::uint64_t tie_rows = 0;         // rows of times computed to break them
};

std::string plan_table(const PlanReport& report, const Network& network);
nlohmann::json plan_to_json(const PlanReport& report, const Network& network);
std::string plan_csv(const PlanReport& report, const Network& network);

}  // namespace hg
