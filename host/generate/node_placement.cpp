// The logistics generator's nodes: position, handling time and demand of
// every node (docs/generator.md, "What a country is made of").

#include <algorithm>
#include <cmath>

#include "host/generate/logistics_internal.hpp"

namespace hg::logistics {
namespace {

Xy near_a_metro(const Country& c, Rng& rng, double spread) {
  const auto m = static_cast<std::size_t>(
      std::upper_bound(c.metro_cdf.begin(), c.metro_cdf.end(), rng.uniform()) - c.metro_cdf.begin());
  const Metro& metro = c.metros[std::min(m, c.metros.size() - 1)];
  const double sx = rng.normal(), sy = rng.normal();
  return {metro.centre.x + metro.sigma_km * spread * sx, metro.centre.y + metro.sigma_km * spread * sy};
}

constexpr double kRuralZoneShare = 0.2, kRuralSiteShare = 0.1;
constexpr double kRuralDemandFactor = 0.4, kUrbanDemandFactor = 1.15;  // 0.2·0.4 + 0.8·1.15 = 1

// Where the t-th node of segment s lies: airports 5–15 km beyond the edge of
// their metro, seaports on the coast, rail terminals and metro hubs in the
// centres, other hubs, sites and zones scattered around metros (some rural).
Xy place_node(const Country& c, Segment s, std::uint32_t t, Rng& rng, bool& rural) {
  rural = false;
  switch (s) {
    case kAirports: {
      const Metro& m = c.metros[t % c.metros.size()];
      const double distance = 0.7 * m.sigma_km + rng.uniform(5.0, 15.0);
      const Xy off = polar(distance, rng.uniform(0, 2 * kPi));
      return {m.centre.x + off.x, m.centre.y + off.y};
    }
    case kSeaports: {
      const double distance = c.radius_km * rng.uniform(0.88, 0.95);
      return polar(distance, c.coast_bearing + rng.uniform(-1.2, 1.2));
    }
    case kRail: {
      const Metro& m = c.metros[t % c.metros.size()];
      const double distance = 0.3 * m.sigma_km * rng.uniform();
      const Xy off = polar(distance, rng.uniform(0, 2 * kPi));
      return {m.centre.x + off.x, m.centre.y + off.y};
    }
    case kHubs:
      if (t < c.metro_count) {
        const Metro& m = c.metros[t];
        const double dx = 0.5 * rng.normal(), dy = 0.5 * rng.normal();
        return {m.centre.x + dx, m.centre.y + dy};
      }
      return near_a_metro(c, rng, 0.8);
    case kSites:
      rural = rng.chance(kRuralSiteShare);
      return rural ? uniform_in_disc(rng, 0.95 * c.radius_km) : near_a_metro(c, rng, 1.2);
    case kCrossings: return c.crossings[t];
    default:
      rural = rng.chance(kRuralZoneShare);
      return rural ? uniform_in_disc(rng, 0.97 * c.radius_km) : near_a_metro(c, rng, 1.0);
  }
}

}  // namespace

// Fills kind, lat, lon, handling_time and demand; returns the positions the
// road mesh needs. Every node draws from its own stream: any thread count
// gives the same arrays.
NodeGeometry place_nodes(const World& world, std::uint64_t seed, std::uint64_t n, Nodes& nodes) {
  NodeGeometry geo;
  geo.x.resize(n);
  geo.y.resize(n);
  geo.point.resize(n);
  nodes.kind.resize(n);
  nodes.lat.resize(n);
  nodes.lon.resize(n);
  nodes.handling_time.resize(n);
  nodes.demand.resize(n);
#pragma omp parallel for schedule(dynamic, 8192)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
    const auto node = static_cast<NodeId>(i);
    const Country& c = world.countries[world.country_of(node)];
    const auto [segment, t] = c.locate(node - c.first);
    Rng rng(seed, Stream::node, node);
    bool rural = false;
    Xy p = place_node(c, segment, t, rng, rural);
    if (segment != kCrossings) p = clamp_to_disc(p, c.radius_km);
    const GeoPoint g = c.frame.to_geo(p);
    geo.x[node] = static_cast<float>(p.x);
    geo.y[node] = static_cast<float>(p.y);
    geo.point[node] = unit_vector(g);
    nodes.kind[node] = static_cast<std::uint8_t>(kSegmentKind[segment]);
    nodes.lat[node] = g.lat;
    nodes.lon[node] = g.lon;
    nodes.handling_time[node] = rng.between(kHandling[segment].lo, kHandling[segment].hi);
    double demand = 0;
    if (segment == kZones) {
      const double per_zone = c.population / c.size(kZones);
      const double weight = std::min(rng.pareto2(), 200.0) * (rural ? kRuralDemandFactor : kUrbanDemandFactor);
      demand = std::max(1.0, std::floor(per_zone * weight + 0.5));
    }
    nodes.demand[node] = demand;
  }
  return geo;
}

}  // namespace hg::logistics
