#include "host/jobs/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "host/core/errors.hpp"
#include "host/jobs/selection.hpp"

namespace hg {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& file, const std::string& message) {
  throw InputError(ErrorKind::bad_scenario, fmt::format("{}: {}", file, message));
}

std::string string_key(const std::string& file, const json& j, const char* key, bool required) {
  if (!j.contains(key)) {
    if (required) bad(file, fmt::format("the key \"{}\" is missing", key));
    return {};
  }
  if (!j[key].is_string()) bad(file, fmt::format("\"{}\" must be a string", key));
  return j[key].get<std::string>();
}

SiteRule read_rule(const std::string& file, const json& j) {
  if (!j.is_object()) bad(file, "\"add_sites\" must be an object");
  for (const auto& [key, value] : j.items())
    if (key != "rule" && key != "countries" && key != "exclude_countries")
      bad(file, fmt::format("\"add_sites\" has an unknown key \"{}\"", key));
  SiteRule rule;
  rule.rule = string_key(file, j, "rule", true);
  if (rule.rule != "best-connected-city")
    bad(file, fmt::format("\"add_sites.rule\": unknown rule \"{}\" (known: best-connected-city)", rule.rule));
  if (!j.contains("countries") || !j["countries"].is_number_unsigned() || j["countries"].get<std::uint64_t>() == 0 ||
      j["countries"].get<std::uint64_t>() > 1000)
    bad(file, "\"add_sites.countries\" must be a whole number from 1 to 1000");
  rule.countries = j["countries"].get<std::uint32_t>();
  if (j.contains("exclude_countries")) {
    if (!j["exclude_countries"].is_array()) bad(file, "\"add_sites.exclude_countries\" must be a list of country codes");
    for (const auto& c : j["exclude_countries"]) {
      if (!c.is_string()) bad(file, "\"add_sites.exclude_countries\" must be a list of country codes");
      rule.exclude_countries.push_back(c.get<std::string>());
    }
  }
  return rule;
}

}  // namespace

Scenario read_scenario(const std::string& file) {
  std::ifstream in(file);
  HG_EXPECTS(in.good(), ErrorKind::missing_file, "{}: cannot open the scenario file", file);
  std::stringstream text;
  text << in.rdbuf();
  json j;
  try {
    j = json::parse(text.str());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e999
    bad(file, fmt::format("not valid JSON: {}", e.what()));
  }
  if (!j.is_object()) bad(file, "a scenario is a JSON object");
  static const std::set<std::string> kKeys = {"name", "description", "origins", "add_sites", "destinations", "hours"};
  for (const auto& [key, value] : j.items())
    if (!kKeys.count(key)) bad(file, fmt::format("unknown key \"{}\"", key));

  Scenario s;
  s.file = file;
  s.name = string_key(file, j, "name", true);
  s.description = string_key(file, j, "description", false);
  s.origins = string_key(file, j, "origins", true);
  if (j.contains("destinations")) s.destinations = string_key(file, j, "destinations", true);
  if (j.contains("hours")) {
    if (!j["hours"].is_array() || j["hours"].empty()) bad(file, "\"hours\" must be a non-empty list of numbers");
    std::string hours;
    for (const auto& h : j["hours"]) {
      if (!h.is_number()) bad(file, "\"hours\" must be a non-empty list of numbers");
      hours += (hours.empty() ? "" : ",") + h.dump();
    }
    s.hours = hours;
  }
  if (j.contains("add_sites")) {
    const json& rules = j["add_sites"];
    if (rules.is_array())
      for (const auto& r : rules) s.add_sites.push_back(read_rule(file, r));
    else
      s.add_sites.push_back(read_rule(file, rules));
  }
  return s;
}

std::vector<NodeId> best_connected_cities(const Network& net, std::uint32_t countries,
                                          const std::vector<std::string>& exclude) {
  const NodeId n = static_cast<NodeId>(net.nodes.size());
  const auto kind = [&](NodeId v) { return static_cast<NodeKind>(net.nodes.kind[v]); };
  // 1. Distinct flight destinations of every airport, and the airports each
  //    demand zone reaches by road.
  std::vector<std::set<NodeId>> flights(n);
  std::vector<std::vector<NodeId>> airports_of(n);
  for (std::size_t e = 0; e < net.edges.size(); ++e) {
    const NodeId u = net.edges.src[e], v = net.edges.dst[e];
    const auto mode = static_cast<EdgeMode>(net.edges.mode[e]);
    if (mode == EdgeMode::air && kind(u) == NodeKind::airport && kind(v) == NodeKind::airport) flights[u].insert(v);
    if (mode == EdgeMode::road && kind(u) == NodeKind::demand_zone && kind(v) == NodeKind::airport)
      airports_of[u].push_back(v);
  }
  // 2. Countries by the demand of their demand zones.
  const std::set<std::string> excluded(exclude.begin(), exclude.end());
  std::map<std::string, double> demand;
  for (NodeId v = 0; v < n; ++v)
    if (kind(v) == NodeKind::demand_zone && !excluded.count(std::string(net.nodes.country[v])))
      demand[std::string(net.nodes.country[v])] += net.nodes.demand[v];
  std::vector<std::pair<std::string, double>> ranked(demand.begin(), demand.end());
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  if (ranked.size() > countries) ranked.resize(countries);
  // 3. In each, the best-connected demand zone.
  std::vector<NodeId> sites;
  for (const auto& [country, total] : ranked) {
    NodeId best = kNoNode;
    std::size_t best_score = 0;
    for (NodeId v = 0; v < n; ++v) {
      if (kind(v) != NodeKind::demand_zone || net.nodes.country[v] != country) continue;
      // Its best airport in the same country (a town near a foreign hub is no
      // hub of its own), by that airport's count, not the union of several: a
      // town between two hubs is no hub either.
      std::size_t score = 0;
      for (NodeId a : airports_of[v])
        if (net.nodes.country[a] == country) score = std::max(score, flights[a].size());
      const bool better = best == kNoNode || score > best_score ||
                          (score == best_score && (net.nodes.demand[v] > net.nodes.demand[best] ||
                                                   (net.nodes.demand[v] == net.nodes.demand[best] &&
                                                    net.nodes.code[v] < net.nodes.code[best])));
      if (better) best = v, best_score = score;
    }
    if (best != kNoNode) sites.push_back(best);
  }
  return sites;
}

std::vector<NodeId> scenario_origins(const Scenario& s, const Network& net, const CodeIndex& codes) {
  std::vector<NodeId> origins = select_nodes(net, codes, s.origins, s.file + ": \"origins\"");
  for (const SiteRule& rule : s.add_sites) {
    // Countries that already hold a site are not chosen again.
    std::vector<std::string> exclude = rule.exclude_countries;
    for (NodeId v : origins) exclude.emplace_back(net.nodes.country[v]);
    for (NodeId v : best_connected_cities(net, rule.countries, exclude))
      if (std::find(origins.begin(), origins.end(), v) == origins.end()) origins.push_back(v);
  }
  return origins;
}

std::vector<NodeId> request_destinations(const std::optional<Scenario>& scenario, const Network& network,
                                         const CodeIndex& codes, std::string_view selection) {
  return scenario ? select_nodes(network, codes, scenario->destinations, scenario->file + ": \"destinations\"")
                  : select_nodes(network, codes, selection, "--destinations");
}

}  // namespace hg
