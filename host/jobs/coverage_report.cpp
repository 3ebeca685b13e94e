#include "host/jobs/coverage_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "host/jobs/shares.hpp"
#include "io/csv_writer.hpp"

namespace hg {

CoverageReport summarize_coverage(const Network& net, std::span<const NodeId> origins,
                                  std::span<const NodeId> destinations, std::span<const std::uint32_t> hours,
                                  const NearestOrigins& nearest) {
  CoverageReport r;
  r.hours.assign(hours.begin(), hours.end());
  r.units_per_hour = units_per_hour(net.time_unit);
  r.time_unit = std::string(time_unit_name(net.time_unit));
  r.destination_count = destinations.size();
  const std::size_t k = hours.size();
  const std::uint32_t max_hours = hours.empty() ? 0 : hours.back();
  r.covered_demand.assign(k, 0.0);
  r.covered_count.assign(k, 0);
  r.histogram.assign(std::size_t{max_hours} + 1, 0.0);

  std::vector<std::size_t> origin_slot(net.nodes.size(), SIZE_MAX);
  for (std::size_t i = 0; i < origins.size(); ++i) {
    origin_slot[origins[i]] = i;
    r.per_origin.push_back({origins[i], 0.0, 0, std::vector<double>(k, 0.0)});
  }
  std::map<std::string, CoverageReport::PerCountry> countries;

  // One pass in destination selection order: the documented summation order.
  for (std::size_t j = 0; j < destinations.size(); ++j) {
    const NodeId d = destinations[j];
    const double demand = net.nodes.demand[d];
    const std::uint32_t t = nearest.time[j];
    auto& country = countries[std::string(net.nodes.country[d])];
    if (country.covered_demand.empty()) {
      country.country = std::string(net.nodes.country[d]);
      country.covered_demand.assign(k, 0.0);
    }
    ++country.destination_count;
    country.total_demand += demand;
    r.total_demand += demand;
    if (t == kUnreachable32) {
      r.unreachable_demand += demand;
      ++r.unreachable_count;
      continue;
    }
    if (nearest.origin[j] == kNoNode || t > std::uint64_t{max_hours} * r.units_per_hour) {
      r.beyond_demand += demand;
      ++r.beyond_count;
      continue;
    }
    r.histogram[t / r.units_per_hour] += demand;
    auto& per_origin = r.per_origin[origin_slot[nearest.origin[j]]];
    per_origin.nearest_demand += demand;
    ++per_origin.nearest_count;
    for (std::size_t h = 0; h < k; ++h)
      if (t <= std::uint64_t{hours[h]} * r.units_per_hour) {
        r.covered_demand[h] += demand;
        ++r.covered_count[h];
        per_origin.covered_demand[h] += demand;
        country.covered_demand[h] += demand;
      }
  }
  for (auto& [code, entry] : countries) r.per_country.push_back(std::move(entry));
  return r;
}


nlohmann::json coverage_to_json(const CoverageReport& r, const Network& net) {
  nlohmann::json thresholds = nlohmann::json::array();
  for (std::size_t h = 0; h < r.hours.size(); ++h)
    thresholds.push_back({{"hours", r.hours[h]},
                          {"covered_demand", r.covered_demand[h]},
                          {"covered_share", share_json(r.covered_demand[h], r.total_demand)},
                          {"covered_destinations", r.covered_count[h]}});
  nlohmann::json origins = nlohmann::json::array();
  for (const auto& o : r.per_origin)
    origins.push_back({{"code", std::string(net.nodes.code[o.node])},
                       {"name", std::string(net.nodes.name[o.node])},
                       {"country", std::string(net.nodes.country[o.node])},
                       {"lat", net.nodes.lat[o.node]},
                       {"lon", net.nodes.lon[o.node]},
                       {"nearest_destinations", o.nearest_count},
                       {"nearest_demand", o.nearest_demand},
                       {"covered_demand", o.covered_demand}});
  nlohmann::json countries = nlohmann::json::array();
  for (const auto& c : r.per_country) {
    nlohmann::json shares = nlohmann::json::array();
    for (double d : c.covered_demand) shares.push_back(share_json(d, c.total_demand));
    countries.push_back({{"country", c.country},
                         {"destinations", c.destination_count},
                         {"total_demand", c.total_demand},
                         {"covered_demand", c.covered_demand},
                         {"covered_share", shares}});
  }
  return {{"time_unit", r.time_unit},
          {"units_per_hour", r.units_per_hour},
          {"destinations", r.destination_count},
          {"total_demand", r.total_demand},
          {"thresholds", thresholds},
          {"beyond_largest_threshold", {{"demand", r.beyond_demand}, {"destinations", r.beyond_count}}},
          {"unreachable", {{"demand", r.unreachable_demand}, {"destinations", r.unreachable_count}}},
          {"histogram_hours", {{"bins", r.histogram},
                               {"later", r.beyond_demand},
                               {"unreachable", r.unreachable_demand},
                               {"bin_rule", "bin h holds nearest times t with h <= t / 1 h < h + 1"}}},
          {"per_origin", origins},
          {"per_country", countries},
          {"summation_order", "destinations in selection order, left to right, in double precision"}};
}

std::string coverage_table(const CoverageReport& r) {
  std::string out = fmt::format("coverage of {} destinations, total demand {:.6g}, from {} origins\n",
                                r.destination_count, r.total_demand, r.per_origin.size());
  if (!(r.total_demand > 0))
    out += "  no destination has any demand: shares are undefined (n/a), the destination counts stand\n";
  for (std::size_t h = 0; h < r.hours.size(); ++h)
    out += fmt::format("  within {:>3} h: {} of demand ({} destinations)\n", r.hours[h],
                       share_percent(r.covered_demand[h], r.total_demand), r.covered_count[h]);
  out += fmt::format("  later:        {} ({} destinations)\n", share_percent(r.beyond_demand, r.total_demand),
                     r.beyond_count);
  out += fmt::format("  unreachable:  {} ({} destinations)\n", share_percent(r.unreachable_demand, r.total_demand),
                     r.unreachable_count);
  // The countries with the most demand, by their coverage at each threshold.
  std::vector<const CoverageReport::PerCountry*> countries;
  for (const auto& c : r.per_country) countries.push_back(&c);
  std::sort(countries.begin(), countries.end(), [](auto* a, auto* b) {
    return a->total_demand != b->total_demand ? a->total_demand > b->total_demand : a->country < b->country;
  });
  if (countries.size() > 1) {
    out += "  largest destination countries (demand share covered):\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(10, countries.size()); ++i) {
      out += fmt::format("    {}  demand {:>12.6g}", countries[i]->country, countries[i]->total_demand);
      for (std::size_t h = 0; h < r.hours.size(); ++h)
        out += fmt::format("  {:>3} h {}", r.hours[h],
                           share_percent(countries[i]->covered_demand[h], countries[i]->total_demand));
      out += "\n";
    }
  }
  return out;
}

std::string coverage_csv(const CoverageReport& r, const Network& net, const std::string& by) {
  std::string out;
  if (by == "origin") {
    out = "origin,name,country,nearest_destinations,nearest_demand";
    for (std::uint32_t h : r.hours) out += fmt::format(",covered_demand_{}h", h);
    out += "\n";
    for (const auto& o : r.per_origin) {
      io::append_csv_field(out, net.nodes.code[o.node]);
      out += ',';
      io::append_csv_field(out, net.nodes.name[o.node]);
      out += fmt::format(",{},{},{}", net.nodes.country[o.node], o.nearest_count, o.nearest_demand);
      for (double d : o.covered_demand) out += fmt::format(",{}", d);
      out += "\n";
    }
  } else {
    out = "country,destinations,total_demand";
    for (std::uint32_t h : r.hours) out += fmt::format(",covered_demand_{}h,covered_share_{}h", h, h);
    out += "\n";
    for (const auto& c : r.per_country) {
      out += fmt::format("{},{},{}", c.country, c.destination_count, c.total_demand);
      for (double d : c.covered_demand) out += fmt::format(",{},{}", d, share_csv(d, c.total_demand));
      out += "\n";
    }
  }
  return out;
}

std::string coverage_destination_csv(const Network& net, std::span<const NodeId> destinations,
                                     const NearestOrigins& nearest, Time cap) {
  std::string out = "destination,name,country,lat,lon,demand,nearest_origin,time,status\n";
  for (std::size_t j = 0; j < destinations.size(); ++j) {
    const NodeId v = destinations[j];
    const std::uint32_t t = nearest.time[j];
    const bool reached = t <= cap;
    io::append_csv_field(out, net.nodes.code[v]);
    out += ',';
    io::append_csv_field(out, net.nodes.name[v]);
    out += fmt::format(",{},{},{},{},", net.nodes.country[v], net.nodes.lat[v], net.nodes.lon[v], net.nodes.demand[v]);
    if (reached && nearest.origin[j] != kNoNode) io::append_csv_field(out, net.nodes.code[nearest.origin[j]]);
    out += reached ? fmt::format(",{},reached\n", t)
                   : (t == kUnreachable32 ? std::string(",,unreachable\n") : std::string(",,later\n"));
  }
  return out;
}

}  // namespace hg
