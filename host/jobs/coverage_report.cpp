#include "host/jobs/coverage_report.hpp"

#include <map>

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

}  // namespace hg
