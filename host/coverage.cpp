#include "host/coverage.hpp"

#include <algorithm>
#include <map>

#include "host/quad_heap.hpp"

namespace hg {

namespace {

using Label = std::uint64_t;  // (time << 32) | origin node index
constexpr Label kNoLabel = ~Label{0};

Label make_label(Time t, NodeId origin) { return (Label{t} << 32) | origin; }
Time label_time(Label l) { return static_cast<Time>(l >> 32); }
NodeId label_origin(Label l) { return static_cast<NodeId>(l & 0xFFFFFFFFu); }

}  // namespace

NearestOrigins nearest_origins(const Problem& p, std::span<const NodeId> origins, std::span<const NodeId> destinations,
                               Time cap) {
  const NodeId n = p.node_count;
  std::vector<Label> label(n, kNoLabel);
  QuadHeap<Label> heap(n);
  const auto offer = [&](NodeId v, Label l) {
    if (l >= label[v]) return;
    if (label[v] == kNoLabel)
      heap.push(v, l);
    else
      heap.decrease(v, l);
    label[v] = l;
  };

  // 1. Seeds: every origin at time 0, and — because an origin's own
  //    departure handling is not charged — its out-neighbours at
  //    w - handling(o). A node settled later relaxes with full weights, which
  //    charges handling where an origin is only passed through.
  for (NodeId o : origins) offer(o, make_label(0, o));
  for (NodeId o : origins)
    for (std::uint32_t e = p.forward.begin(o); e < p.forward.end(o); ++e)
      offer(p.forward.arcs[e].target, make_label(p.weight_from(o, o, e), o));

  std::vector<std::uint8_t> is_destination(n, 0);
  for (NodeId d : destinations) is_destination[d] = 1;
  std::size_t destinations_left = destinations.size();
  std::vector<std::uint8_t> settled(n, 0);
  bool stopped_at_cap = false;

  // 2. Settle in (time, origin) order.
  while (!heap.empty() && destinations_left > 0) {
    if (cap != 0 && label_time(heap.top().key) > cap) {
      stopped_at_cap = true;
      break;
    }
    const auto [l, u] = heap.pop();
    settled[u] = 1;
    if (is_destination[u]) --destinations_left;
    const Time t = label_time(l);
    const NodeId origin = label_origin(l);
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
      const NodeId v = p.forward.arcs[e].target;
      if (!settled[v]) offer(v, make_label(t + p.forward.arcs[e].weight, origin));
    }
  }

  // 3. After a stop at the cap, which unlabelled destinations are still
  //    reachable from some origin: search on from the labelled frontier.
  std::vector<std::uint8_t> reachable;
  if (stopped_at_cap) {
    reachable.assign(n, 0);
    std::vector<NodeId> queue;
    for (const auto& entry : heap.entries()) {
      reachable[entry.node] = 1;
      queue.push_back(entry.node);
    }
    for (std::size_t head = 0; head < queue.size(); ++head)
      for (std::uint32_t e = p.forward.begin(queue[head]); e < p.forward.end(queue[head]); ++e) {
        const NodeId v = p.forward.arcs[e].target;
        if (label[v] == kNoLabel && !reachable[v]) {
          reachable[v] = 1;
          queue.push_back(v);
        }
      }
  }

  NearestOrigins out;
  out.time.resize(destinations.size());
  out.origin.resize(destinations.size());
  for (std::size_t j = 0; j < destinations.size(); ++j) {
    const NodeId d = destinations[j];
    const Label l = label[d];
    if (l != kNoLabel && settled[d]) {
      out.time[j] = label_time(l);
      out.origin[j] = label_origin(l);
    } else {
      const bool beyond = l != kNoLabel || (stopped_at_cap && reachable[d]);
      out.time[j] = beyond ? cap + 1 : kUnreachable32;
      out.origin[j] = kNoNode;
    }
  }
  return out;
}

NearestOrigins nearest_origins_from_rows(std::span<const NodeId> origins, std::size_t cols,
                                         std::span<const std::uint32_t> rows, Time cap) {
  NearestOrigins out;
  out.time.assign(cols, kUnreachable32);
  out.origin.assign(cols, kNoNode);
  for (std::size_t j = 0; j < cols; ++j) {
    for (std::size_t r = 0; r < origins.size(); ++r) {
      const std::uint32_t t = rows[r * cols + j];
      const bool exact = t != kUnreachable32 && (cap == 0 || t <= cap);
      const bool better_exact =
          exact && (out.origin[j] == kNoNode || t < out.time[j] || (t == out.time[j] && origins[r] < out.origin[j]));
      if (better_exact) {
        out.time[j] = t;
        out.origin[j] = origins[r];
      } else if (!exact && t != kUnreachable32 && out.origin[j] == kNoNode) {
        out.time[j] = cap + 1;  // reachable beyond the cap, unless an exact time turns up
      }
    }
  }
  return out;
}

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
