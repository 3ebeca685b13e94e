#pragma once
// Scenarios as files (data/scenarios/*.json): which sites, which destinations,
// which thresholds — so a planner's question is a file under version control,
// not a command line. Selections use the syntax of docs/design.md#selections; `add_sites` adds
// sites by a rule evaluated on the snapshot, never by hand:
//
//   { "name": "china-plus-30",
//     "description": "…",
//     "origins": "C-1796236,C-1816670",
//     "add_sites": { "rule": "best-connected-city", "countries": 30, "exclude_countries": ["CN"] },
//     "destinations": "all,-country:CN",
//     "hours": [24, 48, 72] }
//
// Rule "best-connected-city": the `countries` countries with the most demand
// in demand zones (city population), excluding `exclude_countries` and the
// countries that already hold a site; in each, the demand zone with the
// best-connected road-linked airport of the same country (the most distinct
// airports one flight away; ties: more demand, then the smaller code) — so
// the country's largest city near its main hub.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/model/code_index.hpp"
#include "host/model/network.hpp"

namespace hg {

struct SiteRule {
  std::string rule;  // "best-connected-city"
  std::uint32_t countries = 0;
  std::vector<std::string> exclude_countries;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  std::string origins;
  std::string destinations = "all";
  std::string hours = "24,48,72";  // as --hours takes it
  std::vector<SiteRule> add_sites;
};

// InputError naming the file and the key for anything malformed or unknown.
Scenario read_scenario(const std::string& file);

// The scenario's origins: its selection, then the sites its rules add.
std::vector<NodeId> scenario_origins(const Scenario& scenario, const Network& network, const CodeIndex& codes);

// A request's destinations: the scenario's selection when there is a
// scenario, else `selection` (--destinations).
std::vector<NodeId> request_destinations(const std::optional<Scenario>& scenario, const Network& network,
                                         const CodeIndex& codes, std::string_view selection);

// The rule on its own (tests, docs): one site per chosen country, in the
// order the countries rank.
std::vector<NodeId> best_connected_cities(const Network& network, std::uint32_t countries,
                                          const std::vector<std::string>& exclude_countries);

}  // namespace hg
