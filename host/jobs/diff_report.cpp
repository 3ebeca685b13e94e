#include "host/jobs/diff_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "host/core/errors.hpp"
#include "host/jobs/shares.hpp"
#include "io/csv_writer.hpp"

namespace hg {

std::string_view change_name(CoverageChange change) {
  switch (change) {
    case CoverageChange::neither: return "neither";
    case CoverageChange::kept: return "kept";
    case CoverageChange::gained: return "gained";
    case CoverageChange::lost: return "lost";
  }
  return "?";
}

namespace {

bool covered(const NearestOrigins& nearest, std::size_t j, std::uint64_t threshold) {
  return nearest.origin[j] != kNoNode && nearest.time[j] <= threshold;
}

void add(DiffReport::Totals& t, double demand, bool in_a, bool in_b) {
  if (in_a) t.covered_a += demand, ++t.covered_a_count;
  if (in_b) t.covered_b += demand, ++t.covered_b_count;
  if (in_b && !in_a) t.gained += demand, ++t.gained_count;
  if (in_a && !in_b) t.lost += demand, ++t.lost_count;
}

// The nodes of `nodes` whose codes are not among `other`'s codes.
std::vector<NodeId> unmatched(const Network& net, std::span<const NodeId> nodes, const Network& other_net,
                              std::span<const NodeId> other) {
  std::unordered_set<std::string_view> codes;
  for (NodeId v : other) codes.insert(other_net.nodes.code[v]);
  std::vector<NodeId> out;
  for (NodeId v : nodes)
    if (!codes.contains(net.nodes.code[v])) out.push_back(v);
  return out;
}

double hours_of(std::uint32_t time, Time units_per_hour) { return static_cast<double>(time) / units_per_hour; }

// A stored time as hours within the largest threshold, else empty (CSV) or
// null (JSON): beyond it a time is only known to be later (or unreachable).
bool within(std::uint32_t time, Time units_per_hour, std::uint32_t max_hours) {
  return time <= std::uint64_t{max_hours} * units_per_hour;
}

}  // namespace

void check_comparable(const DiffSide& a, const DiffSide& b) {
  const Network& na = *a.network;
  const Network& nb = *b.network;
  std::unordered_map<std::string_view, NodeId> in_b;
  for (const NodeId v : b.destinations) in_b.emplace(nb.nodes.code[v], v);
  std::size_t shared = 0;
  for (const NodeId va : a.destinations) {
    const auto found = in_b.find(na.nodes.code[va]);
    if (found == in_b.end()) continue;
    ++shared;
    HG_EXPECTS(na.nodes.demand[va] == nb.nodes.demand[found->second], ErrorKind::snapshot_mismatch,
               "destination '{}' has demand {} in {} and {} in {}: diff compares networks, not demands",
               na.nodes.code[va], na.nodes.demand[va], a.label, nb.nodes.demand[found->second], b.label);
  }
  HG_EXPECTS(shared > 0, ErrorKind::snapshot_mismatch,
             "no destination code is selected in both {} ({} destinations) and {} ({} destinations): nothing to "
             "compare (diff matches nodes by code)",
             a.label, a.destinations.size(), b.label, b.destinations.size());
}

DiffReport compare_coverage(const DiffSide& a, const DiffSide& b, std::span<const std::uint32_t> hours) {
  check_comparable(a, b);
  const Network& na = *a.network;
  const Network& nb = *b.network;
  DiffReport r;
  r.hours.assign(hours.begin(), hours.end());
  r.units_per_hour_a = units_per_hour(na.time_unit);
  r.units_per_hour_b = units_per_hour(nb.time_unit);
  r.at.resize(hours.size());

  std::unordered_map<std::string_view, std::size_t> b_position;
  for (std::size_t j = 0; j < b.destinations.size(); ++j) b_position.emplace(nb.nodes.code[b.destinations[j]], j);
  std::map<std::string, DiffReport::Country> countries;
  for (std::size_t i = 0; i < a.destinations.size(); ++i) {
    const NodeId va = a.destinations[i];
    const auto found = b_position.find(na.nodes.code[va]);
    if (found == b_position.end()) continue;
    const std::size_t j = found->second;
    const NodeId vb = b.destinations[j];
    const double demand = na.nodes.demand[va];
    DiffReport::Destination d{va, vb, demand, a.nearest->time[i], b.nearest->time[j], {}};
    auto& country = countries[std::string(na.nodes.country[va])];
    if (country.at.empty()) {
      country.country = na.nodes.country[va];
      country.at.resize(hours.size());
    }
    ++country.destination_count;
    country.total_demand += demand;
    r.total_demand += demand;
    for (std::size_t h = 0; h < hours.size(); ++h) {
      const bool in_a = covered(*a.nearest, i, std::uint64_t{hours[h]} * r.units_per_hour_a);
      const bool in_b = covered(*b.nearest, j, std::uint64_t{hours[h]} * r.units_per_hour_b);
      add(r.at[h], demand, in_a, in_b);
      add(country.at[h], demand, in_a, in_b);
      d.change.push_back(in_a ? (in_b ? CoverageChange::kept : CoverageChange::lost)
                              : (in_b ? CoverageChange::gained : CoverageChange::neither));
    }
    r.destinations.push_back(std::move(d));
  }
  for (auto& [code, country] : countries) r.per_country.push_back(std::move(country));
  r.only_a = unmatched(na, a.destinations, nb, b.destinations);
  r.only_b = unmatched(nb, b.destinations, na, a.destinations);
  for (NodeId v : r.only_a) r.only_a_demand += na.nodes.demand[v];
  for (NodeId v : r.only_b) r.only_b_demand += nb.nodes.demand[v];
  r.origins_only_a = unmatched(na, a.origins, nb, b.origins);
  r.origins_only_b = unmatched(nb, b.origins, na, a.origins);
  return r;
}

namespace {

std::string signed_points(double a, double b, double whole) {
  return whole > 0 ? fmt::format("{:+7.2f} pt", 100.0 * (b - a) / whole) : std::string("    n/a  ");
}

std::string code_list(const Network& net, const std::vector<NodeId>& nodes, std::size_t most) {
  std::string out;
  for (std::size_t i = 0; i < std::min(most, nodes.size()); ++i)
    out += fmt::format("{}{}", i ? ", " : "", net.nodes.code[nodes[i]]);
  if (nodes.size() > most) out += fmt::format(", … ({} in all)", nodes.size());
  return out;
}

}  // namespace

std::string diff_table(const DiffReport& r, const DiffSide& a, const DiffSide& b) {
  std::string out = fmt::format("coverage diff: A = {}, B = {}\n", a.label, b.label);
  out += fmt::format("  {} destinations in both, total demand {:.6g}; origins: {} in A, {} in B\n",
                     r.destinations.size(), r.total_demand, a.origins.size(), b.origins.size());
  if (!r.origins_only_a.empty())
    out += fmt::format("  origins only in A: {}\n", code_list(*a.network, r.origins_only_a, 8));
  if (!r.origins_only_b.empty())
    out += fmt::format("  origins only in B: {}\n", code_list(*b.network, r.origins_only_b, 8));
  if (!r.only_a.empty() || !r.only_b.empty())
    out += fmt::format("  left out, no match by code: {} destinations only in A (demand {:.6g}), {} only in B "
                       "(demand {:.6g})\n",
                       r.only_a.size(), r.only_a_demand, r.only_b.size(), r.only_b_demand);
  out += "  within   covered A   covered B    change    gained (destinations)    lost (destinations)\n";
  for (std::size_t h = 0; h < r.hours.size(); ++h) {
    const auto& t = r.at[h];
    out += fmt::format("  {:>4} h   {}    {}   {}   {} ({:>8})     {} ({:>8})\n", r.hours[h],
                       share_percent(t.covered_a, r.total_demand), share_percent(t.covered_b, r.total_demand),
                       signed_points(t.covered_a, t.covered_b, r.total_demand),
                       share_percent(t.gained, r.total_demand), t.gained_count, share_percent(t.lost, r.total_demand),
                       t.lost_count);
  }
  // The countries whose covered demand changed most, at each threshold's
  // largest change first: the first threshold with any change ranks them.
  std::size_t rank_at = 0;
  while (rank_at + 1 < r.hours.size() && r.at[rank_at].gained == 0 && r.at[rank_at].lost == 0) ++rank_at;
  std::vector<const DiffReport::Country*> changed;
  for (const auto& c : r.per_country)
    if (c.at[rank_at].gained > 0 || c.at[rank_at].lost > 0) changed.push_back(&c);
  std::sort(changed.begin(), changed.end(), [&](auto* x, auto* y) {
    const double dx = std::abs(x->at[rank_at].gained - x->at[rank_at].lost);
    const double dy = std::abs(y->at[rank_at].gained - y->at[rank_at].lost);
    return dx != dy ? dx > dy : x->country < y->country;
  });
  if (!changed.empty()) {
    out += fmt::format("  countries with the largest change within {} h ({} changed):\n", r.hours[rank_at],
                       changed.size());
    for (std::size_t i = 0; i < std::min<std::size_t>(15, changed.size()); ++i) {
      const auto& c = *changed[i];
      const auto& t = c.at[rank_at];
      out += fmt::format("    {}  {} -> {}  {}   demand gained {:.6g}, lost {:.6g}\n", c.country,
                         share_percent(t.covered_a, c.total_demand), share_percent(t.covered_b, c.total_demand),
                         signed_points(t.covered_a, t.covered_b, c.total_demand), t.gained, t.lost);
    }
  } else {
    out += "  no destination changed at any threshold\n";
  }
  return out;
}

nlohmann::json diff_to_json(const DiffReport& r, const DiffSide& a, const DiffSide& b) {
  const Network& na = *a.network;
  const std::uint32_t max_hours = r.hours.back();
  auto totals = [&](const DiffReport::Totals& t, double whole) {
    return nlohmann::json{{"covered_demand_a", t.covered_a},
                          {"covered_demand_b", t.covered_b},
                          {"covered_share_a", share_json(t.covered_a, whole)},
                          {"covered_share_b", share_json(t.covered_b, whole)},
                          {"covered_destinations_a", t.covered_a_count},
                          {"covered_destinations_b", t.covered_b_count},
                          {"gained_demand", t.gained},
                          {"gained_destinations", t.gained_count},
                          {"lost_demand", t.lost},
                          {"lost_destinations", t.lost_count}};
  };
  nlohmann::json thresholds = nlohmann::json::array();
  for (std::size_t h = 0; h < r.hours.size(); ++h) {
    nlohmann::json t = totals(r.at[h], r.total_demand);
    t["hours"] = r.hours[h];
    thresholds.push_back(std::move(t));
  }
  nlohmann::json countries = nlohmann::json::array();
  for (const auto& c : r.per_country) {
    nlohmann::json at = nlohmann::json::array();
    for (std::size_t h = 0; h < r.hours.size(); ++h) {
      nlohmann::json t = totals(c.at[h], c.total_demand);
      t["hours"] = r.hours[h];
      at.push_back(std::move(t));
    }
    countries.push_back({{"country", c.country},
                         {"destinations", c.destination_count},
                         {"total_demand", c.total_demand},
                         {"thresholds", std::move(at)}});
  }
  // Only the destinations whose coverage changed at some threshold: the
  // CSV (--by destination) lists them all.
  nlohmann::json changed = nlohmann::json::array();
  for (const auto& d : r.destinations) {
    if (std::none_of(d.change.begin(), d.change.end(),
                     [](CoverageChange c) { return c == CoverageChange::gained || c == CoverageChange::lost; }))
      continue;
    nlohmann::json change = nlohmann::json::array();
    for (CoverageChange c : d.change) change.push_back(std::string(change_name(c)));
    auto time = [&](std::uint32_t t, Time per_hour) {
      return within(t, per_hour, max_hours) ? nlohmann::json(hours_of(t, per_hour)) : nlohmann::json(nullptr);
    };
    changed.push_back({{"code", std::string(na.nodes.code[d.a])},
                       {"name", std::string(na.nodes.name[d.a])},
                       {"country", std::string(na.nodes.country[d.a])},
                       {"lat", na.nodes.lat[d.a]},
                       {"lon", na.nodes.lon[d.a]},
                       {"demand", d.demand},
                       {"hours_a", time(d.time_a, r.units_per_hour_a)},
                       {"hours_b", time(d.time_b, r.units_per_hour_b)},
                       {"change", std::move(change)}});
  }
  auto codes = [](const Network& net, const std::vector<NodeId>& nodes) {
    nlohmann::json out = nlohmann::json::array();
    for (NodeId v : nodes) out.push_back(std::string(net.nodes.code[v]));
    return out;
  };
  return {{"hours", r.hours},
          {"time_unit_a", std::string(time_unit_name(na.time_unit))},
          {"time_unit_b", std::string(time_unit_name(b.network->time_unit))},
          {"origins_a", a.origins.size()},
          {"origins_b", b.origins.size()},
          {"origins_only_in_a", codes(na, r.origins_only_a)},
          {"origins_only_in_b", codes(*b.network, r.origins_only_b)},
          {"destinations_in_both", r.destinations.size()},
          {"total_demand", r.total_demand},
          {"destinations_only_in_a", {{"count", r.only_a.size()}, {"demand", r.only_a_demand}, {"codes", codes(na, r.only_a)}}},
          {"destinations_only_in_b",
           {{"count", r.only_b.size()}, {"demand", r.only_b_demand}, {"codes", codes(*b.network, r.only_b)}}},
          {"thresholds", std::move(thresholds)},
          {"per_country", std::move(countries)},
          {"changed_destinations", std::move(changed)}};
}

std::string diff_country_csv(const DiffReport& r) {
  std::string out = "country,destinations,total_demand";
  for (std::uint32_t h : r.hours)
    out += fmt::format(",covered_share_a_{0}h,covered_share_b_{0}h,gained_demand_{0}h,lost_demand_{0}h", h);
  out += "\n";
  for (const auto& c : r.per_country) {
    out += fmt::format("{},{},{}", c.country, c.destination_count, c.total_demand);
    for (const auto& t : c.at)
      out += fmt::format(",{},{},{},{}", share_csv(t.covered_a, c.total_demand), share_csv(t.covered_b, c.total_demand),
                         t.gained, t.lost);
    out += "\n";
  }
  return out;
}

std::string diff_destination_csv(const DiffReport& r, const DiffSide& a) {
  const Network& net = *a.network;
  const std::uint32_t max_hours = r.hours.back();
  std::string out = "destination,name,country,lat,lon,demand,hours_a,hours_b";
  for (std::uint32_t h : r.hours) out += fmt::format(",change_{}h", h);
  out += "\n";
  auto time = [&](std::uint32_t t, Time per_hour) {
    return within(t, per_hour, max_hours) ? fmt::format("{}", hours_of(t, per_hour)) : std::string();
  };
  for (const auto& d : r.destinations) {
    io::append_csv_field(out, net.nodes.code[d.a]);
    out += ',';
    io::append_csv_field(out, net.nodes.name[d.a]);
    out += fmt::format(",{},{},{},{},{},{}", net.nodes.country[d.a], net.nodes.lat[d.a], net.nodes.lon[d.a], d.demand,
                       time(d.time_a, r.units_per_hour_a), time(d.time_b, r.units_per_hour_b));
    for (CoverageChange c : d.change) out += fmt::format(",{}", change_name(c));
    out += "\n";
  }
  return out;
}

}  // namespace hg
