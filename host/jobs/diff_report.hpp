#pragma once
// `hourglass diff`: the coverage of one request on two snapshots (say, the
// network before and after a new route, docs/planning.md#diff), compared
// destination by destination. Destinations are matched by code; one is
// gained at a threshold when B covers it and A does not, lost when A does
// and B does not. Each side's times are in its own snapshot's unit and
// compared with its own thresholds, so a network in minutes can be set
// against one in seconds.
//
// Sums run over the destinations both sides share, in A's selection order,
// in double precision: one fixed order, as in the coverage report.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/model/network.hpp"
#include "host/solvers/nearest_origins.hpp"

namespace hg {

// One snapshot's answer to the request.
struct DiffSide {
  std::string label;  // for messages: FILE (snapshot NAME)
  const Network* network = nullptr;
  std::span<const NodeId> origins;
  std::span<const NodeId> destinations;
  const NearestOrigins* nearest = nullptr;  // per destination position
};

enum class CoverageChange : std::uint8_t { neither, kept, gained, lost };
std::string_view change_name(CoverageChange change);

struct DiffReport {
  struct Totals {  // per threshold
    double covered_a = 0, covered_b = 0, gained = 0, lost = 0;
    std::size_t covered_a_count = 0, covered_b_count = 0, gained_count = 0, lost_count = 0;
  };
  struct Country {
    std::string country;
    std::size_t destination_count = 0;
    double total_demand = 0;
    std::vector<Totals> at;  // per threshold
  };
  struct Destination {
    NodeId a = kNoNode, b = kNoNode;  // the node in each snapshot
    double demand = 0;
    std::uint32_t time_a = 0, time_b = 0;  // nearest times, stored form, each in its own unit
    std::vector<CoverageChange> change;    // per threshold
  };

  std::vector<std::uint32_t> hours;  // ascending
  Time units_per_hour_a = 60, units_per_hour_b = 60;
  double total_demand = 0;  // of the destinations in both
  std::vector<Totals> at;   // per threshold
  std::vector<Country> per_country;  // by A's country code
  std::vector<Destination> destinations;  // in both, in A's selection order
  std::vector<NodeId> only_a, only_b;     // selected destinations without a match
  double only_a_demand = 0, only_b_demand = 0;
  std::vector<NodeId> origins_only_a, origins_only_b;  // origin codes not in the other side's origins
};

// InputError (snapshot-mismatch) when no destination is in both, or when
// one has two different demands; the message names the code and both sides.
// Needs no nearest origins: `diff` calls it before its searches.
void check_comparable(const DiffSide& a, const DiffSide& b);

// check_comparable, then the comparison.
DiffReport compare_coverage(const DiffSide& a, const DiffSide& b, std::span<const std::uint32_t> hours);

// The table on stdout, everything as JSON, and CSV per country or per
// destination (every destination in both, with both times in hours and its
// change at each threshold: what scripts/plot_diff.py maps).
std::string diff_table(const DiffReport& report, const DiffSide& a, const DiffSide& b);
nlohmann::json diff_to_json(const DiffReport& report, const DiffSide& a, const DiffSide& b);
std::string diff_country_csv(const DiffReport& report);
std::string diff_destination_csv(const DiffReport& report, const DiffSide& a);

}  // namespace hg
