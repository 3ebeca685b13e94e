#pragma once
// The coverage report (docs/design.md#coverage): for origins O, destinations
// D and thresholds of T hours, a destination is covered when its
// nearest-origin transit time is at most T hours.
//
// Every figure derives from one pair per destination, (nearest time, nearest
// origin), which is exact integer data: any backend that finds the same pairs
// gets the same report. Sums then run over the destinations in selection
// order, left to right, in double precision — one fixed order, so the bits
// never depend on threads, batches or backend.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/model/network.hpp"
#include "host/solvers/nearest_origins.hpp"

namespace hg {

struct CoverageReport {
  std::vector<std::uint32_t> hours;           // thresholds, ascending
  Time units_per_hour = 60;
  std::string time_unit;
  std::size_t destination_count = 0;
  double total_demand = 0;
  std::vector<double> covered_demand;          // per threshold
  std::vector<std::size_t> covered_count;      // per threshold
  double unreachable_demand = 0;
  std::size_t unreachable_count = 0;
  double beyond_demand = 0;                    // reachable, but later than the largest threshold
  std::size_t beyond_count = 0;

  struct PerOrigin {
    NodeId node;
    double nearest_demand = 0;                 // demand nearest to it, within the largest threshold
    std::size_t nearest_count = 0;
    std::vector<double> covered_demand;        // per threshold
  };
  std::vector<PerOrigin> per_origin;           // in origin selection order

  struct PerCountry {
    std::string country;
    std::size_t destination_count = 0;
    double total_demand = 0;
    std::vector<double> covered_demand;        // per threshold
  };
  std::vector<PerCountry> per_country;         // by country code

  // Demand by whole hours of nearest time: bin h holds times t with
  // h <= t / (1 h) < h + 1, for h = 0 .. largest threshold; then "later" and
  // "unreachable" (beyond_demand, unreachable_demand).
  std::vector<double> histogram;
};

CoverageReport summarize_coverage(const Network& network, std::span<const NodeId> origins,
                                  std::span<const NodeId> destinations, std::span<const std::uint32_t> hours,
                                  const NearestOrigins& nearest);

// The report as JSON (--json), as the table printed on stdout, and as CSV.
nlohmann::json coverage_to_json(const CoverageReport& report, const Network& network);
std::string coverage_table(const CoverageReport& report);
// One row per country (by = "country") or per origin (by = "origin").
std::string coverage_csv(const CoverageReport& report, const Network& network, const std::string& by);
// One row per destination: its nearest origin, time and status (reached
// within the largest threshold, later, unreachable), with lat/lon for maps.
std::string coverage_destination_csv(const Network& network, std::span<const NodeId> destinations,
                                     const NearestOrigins& nearest, Time cap);

}  // namespace hg
