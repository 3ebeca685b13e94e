// The logistics generator's long-distance links: arterials, border crossings,
// air, sea and rail (docs/generator.md, "Legs").

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

#include "host/generate/leg_times.hpp"
#include "host/generate/logistics_internal.hpp"

namespace hg::logistics {
namespace {

void sort_unique(std::vector<NodePair>& pairs) {
  for (NodePair& p : pairs)
    if (p.first > p.second) std::swap(p.first, p.second);
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
}

Xy xy_of(const NodeGeometry& geo, NodeId v) { return {geo.x[v], geo.y[v]}; }

// The `k` nodes of `candidates` nearest to `from` by `distance`, ties to the lower id.
template <class Distance>
std::vector<NodeId> nearest_of(const std::vector<NodeId>& candidates, std::size_t k, Distance distance) {
  std::vector<std::pair<double, NodeId>> ranked;
  ranked.reserve(candidates.size());
  for (NodeId v : candidates) ranked.emplace_back(distance(v), v);
  k = std::min(k, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(k), ranked.end());
  std::vector<NodeId> out;
  for (std::size_t i = 0; i < k; ++i) out.push_back(ranked[i].second);
  return out;
}

// Metro-centre hubs joined by a minimum spanning tree (which connects the
// country) plus each one's two nearest: the motorways, faster than roads.
void add_arterials(const Country& c, const NodeGeometry& geo, std::vector<NodePair>& pairs) {
  const std::uint32_t m = c.metro_count;
  const auto hub = [&](std::uint32_t k) { return c.id(kHubs, k); };
  // Prim, O(m²) with m <= 400.
  std::vector<double> best(m, kInf);
  std::vector<std::uint32_t> from(m, 0);
  std::vector<bool> in_tree(m, false);
  best[0] = 0;
  for (std::uint32_t step = 0; step < m; ++step) {
    std::uint32_t pick = m;
    for (std::uint32_t k = 0; k < m; ++k)
      if (!in_tree[k] && (pick == m || best[k] < best[pick])) pick = k;
    in_tree[pick] = true;
    if (step > 0) pairs.emplace_back(hub(from[pick]), hub(pick));
    for (std::uint32_t k = 0; k < m; ++k) {
      const double d = plane_distance(xy_of(geo, hub(pick)), xy_of(geo, hub(k)));
      if (!in_tree[k] && d < best[k]) best[k] = d, from[k] = pick;
    }
  }
  std::vector<NodeId> hubs(m);
  for (std::uint32_t k = 0; k < m; ++k) hubs[k] = hub(k);
  for (NodeId h : hubs)
    for (NodeId v : nearest_of(hubs, 3, [&](NodeId x) { return plane_distance(xy_of(geo, h), xy_of(geo, x)); }))
      if (v != h) pairs.emplace_back(h, v);
}

// International hub airports: each to its 20 nearest and to the 10 most
// populous countries' hubs; domestic airports to their hub and their nearest
// domestic neighbour.
void add_air(const World& world, const NodeGeometry& geo, std::vector<NodePair>& pairs) {
  constexpr std::size_t kNearestHubs = 20, kBiggestHubs = 10;
  const std::vector<Country>& countries = world.countries;
  std::vector<NodeId> hubs;
  for (const Country& c : countries) hubs.push_back(c.hub_airport());
  std::vector<std::uint32_t> by_population(countries.size());
  std::iota(by_population.begin(), by_population.end(), 0u);
  std::sort(by_population.begin(), by_population.end(), [&](std::uint32_t a, std::uint32_t b) {
    return countries[a].population != countries[b].population ? countries[a].population > countries[b].population
                                                              : a < b;
  });
  for (std::size_t c = 0; c < countries.size(); ++c) {
    const NodeId h = hubs[c];
    for (NodeId v : nearest_of(hubs, kNearestHubs + 1, [&](NodeId x) { return chord(geo.point[h], geo.point[x]); }))
      if (v != h) pairs.emplace_back(h, v);
    for (std::size_t k = 0; k < std::min(kBiggestHubs, by_population.size()); ++k)
      if (by_population[k] != c) pairs.emplace_back(h, hubs[by_population[k]]);
  }
  for (const Country& c : countries) {
    std::vector<NodeId> domestic;
    for (std::uint32_t t = 1; t < c.size(kAirports); ++t) domestic.push_back(c.id(kAirports, t));
    for (NodeId a : domestic) {
      pairs.emplace_back(a, c.hub_airport());
      for (NodeId v : nearest_of(domestic, 2, [&](NodeId x) { return plane_distance(xy_of(geo, a), xy_of(geo, x)); }))
        if (v != a) pairs.emplace_back(a, v);
    }
  }
}

// Sea lanes: every seaport to the 5 nearest foreign seaports and the nearest
// domestic one (O(ports²); a few thousand ports at most).
void add_sea(const World& world, const NodeGeometry& geo, std::vector<NodePair>& pairs) {
  constexpr std::size_t kForeignLanes = 5;
  std::vector<NodeId> ports;
  for (const Country& c : world.countries)
    for (std::uint32_t t = 0; t < c.size(kSeaports); ++t) ports.push_back(c.id(kSeaports, t));
  for (NodeId p : ports) {
    const std::uint32_t home = world.country_of(p);
    std::vector<NodeId> foreign, domestic;
    for (NodeId q : ports) (world.country_of(q) == home ? domestic : foreign).push_back(q);
    const auto distance = [&](NodeId x) { return chord(geo.point[p], geo.point[x]); };
    for (NodeId v : nearest_of(foreign, kForeignLanes, distance)) pairs.emplace_back(p, v);
    for (NodeId v : nearest_of(domestic, 2, distance))
      if (v != p) pairs.emplace_back(p, v);
  }
}

// Rail: terminals of a country to their two nearest; across each open land
// border, the closest pair of terminals.
void add_rail(const World& world, const NodeGeometry& geo, std::vector<NodePair>& pairs) {
  for (const Country& c : world.countries) {
    std::vector<NodeId> terminals;
    for (std::uint32_t t = 0; t < c.size(kRail); ++t) terminals.push_back(c.id(kRail, t));
    for (NodeId r : terminals)
      for (NodeId v : nearest_of(terminals, 3, [&](NodeId x) { return plane_distance(xy_of(geo, r), xy_of(geo, x)); }))
        if (v != r) pairs.emplace_back(r, v);
  }
  for (const Border& b : world.borders) {
    const Country& a = world.countries[b.a];
    const Country& z = world.countries[b.b];
    if (b.crossings == 0 || a.size(kRail) == 0 || z.size(kRail) == 0) continue;
    NodePair best{kNoNode, kNoNode};
    double best_d = kInf;
    for (std::uint32_t s = 0; s < a.size(kRail); ++s)
      for (std::uint32_t t = 0; t < z.size(kRail); ++t) {
        const double d = chord(geo.point[a.id(kRail, s)], geo.point[z.id(kRail, t)]);
        if (d < best_d) best_d = d, best = {a.id(kRail, s), z.id(kRail, t)};
      }
    pairs.push_back(best);
  }
}

// Border crossings: each post joined to its partner across the border.
std::vector<NodePair> border_pairs(const World& world) {
  std::vector<NodePair> pairs;
  std::vector<std::uint32_t> used(world.countries.size(), 0);
  for (const Border& b : world.borders)
    for (std::uint32_t t = 0; t < b.crossings; ++t)
      pairs.emplace_back(world.countries[b.a].id(kCrossings, used[b.a]++),
                         world.countries[b.b].id(kCrossings, used[b.b]++));
  return pairs;
}

}  // namespace

std::vector<Link> long_distance_links(const World& world, const NodeGeometry& geo) {
  std::vector<Link> links;
  const auto add = [&](std::vector<NodePair> pairs, EdgeMode mode, auto minutes) {
    sort_unique(pairs);
    for (const auto& [u, v] : pairs) links.push_back({u, v, mode, minutes(u, v)});
  };
  const auto km = [&](NodeId u, NodeId v) { return great_circle_km(geo.point[u], geo.point[v]); };

  std::vector<NodePair> arterials;
  for (const Country& c : world.countries) add_arterials(c, geo, arterials);
  add(arterials, EdgeMode::road, [&](NodeId u, NodeId v) { return road_minutes(km(u, v), kArterialDetour, kArterialKmh); });
  add(border_pairs(world), EdgeMode::road,
      [&](NodeId u, NodeId v) { return std::max<Time>(5, road_minutes(km(u, v), kRoadDetour, kBorderKmh)); });
  std::vector<NodePair> air, sea, rail;
  add_air(world, geo, air);
  add_sea(world, geo, sea);
  add_rail(world, geo, rail);
  add(air, EdgeMode::air, [&](NodeId u, NodeId v) { return air_minutes(km(u, v)); });
  add(sea, EdgeMode::sea, [&](NodeId u, NodeId v) { return sea_minutes(km(u, v)); });
  add(rail, EdgeMode::rail, [&](NodeId u, NodeId v) { return rail_minutes(km(u, v)); });
  return links;
}

}  // namespace hg::logistics
