// The logistics generator's world: Zipf populations, countries placed on the
// globe, land borders and their crossing posts, node budgets, and what each
// country is made of (docs/generator.md, "Countries").

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <vector>

#include "host/generate/logistics_internal.hpp"

namespace hg::logistics {
namespace {

constexpr double kMeanCountryPopulation = 4.0e7;
constexpr double kMeanCountryAreaKm2 = 0.7e6;
constexpr double kMaxWorldAreaKm2 = 1.0e8;  // what fits the latitude band below
constexpr double kMinRadiusKm = 25.0, kMaxRadiusKm = 2200.0;
constexpr double kMinLat = -56.0, kMaxLat = 72.0;
constexpr double kUrbanShare = 0.8;         // of a country's people, in its metros

std::uint64_t isqrt(std::uint64_t v) {
  auto r = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(v)));
  while (r * r > v) --r;
  while ((r + 1) * (r + 1) <= v) ++r;
  return r;
}

// (a) Populations follow Zipf's law (share 1/rank); which country gets which
//     rank is up to the seed. Areas grow as population^0.75, times a density
//     factor, scaled to an average of 0.7 million km².
void assign_sizes(std::vector<Country>& countries, std::uint64_t seed) {
  const std::size_t n = countries.size();
  Rng rng(seed, Stream::populations, 0);
  std::vector<std::uint32_t> rank(n);
  std::iota(rank.begin(), rank.end(), 1u);
  shuffle(rank, rng);
  double harmonic = 0;
  for (std::size_t r = 1; r <= n; ++r) harmonic += 1.0 / static_cast<double>(r);
  const double world_population = kMeanCountryPopulation * static_cast<double>(n);
  std::vector<double> area_weight(n);
  double weight_sum = 0;
  for (std::size_t c = 0; c < n; ++c) {
    countries[c].population = world_population / (static_cast<double>(rank[c]) * harmonic);
    const double p = countries[c].population;
    area_weight[c] = std::sqrt(p * std::sqrt(p)) * rng.uniform(0.5, 2.0);
    weight_sum += area_weight[c];
  }
  const double world_area = std::min(kMaxWorldAreaKm2, kMeanCountryAreaKm2 * static_cast<double>(n));
  for (std::size_t c = 0; c < n; ++c) {
    const double area = world_area * area_weight[c] / weight_sum;
    countries[c].radius_km = std::clamp(std::sqrt(area / kPi), kMinRadiusKm, kMaxRadiusKm);
  }
}

struct ContinentSeed {
  GeoPoint centre;
  double weight;
};
constexpr std::array<ContinentSeed, 6> kContinents = {{{{35, 95}, 0.30},    // Asia
                                                        {{50, 15}, 0.20},    // Europe
                                                        {{3, 22}, 0.22},     // Africa
                                                        {{42, -97}, 0.12},   // North America
                                                        {{-14, -58}, 0.09},  // South America
                                                        {{-25, 135}, 0.07}}};  // Oceania
constexpr double kIslandShare = 0.12;
constexpr double kBorderGap = 0.97;        // centre distance / radius sum for a new land neighbour
constexpr double kLandClearance = 0.85;    // no country may come closer to another
constexpr double kIslandClearance = 1.05;  // islands touch nobody when placed
constexpr int kAnchorTries = 40, kFreeTries = 200;

bool fits_band(GeoPoint p, double radius_km) {
  const double dlat = radius_km / kKmPerDegree;
  return p.lat - dlat >= kMinLat && p.lat + dlat <= kMaxLat;
}

// Smallest ratio of centre distance to radius sum against the placed countries.
double clearance(const UnitVector& v, double radius_km, const std::vector<Country>& countries,
                 const std::vector<std::uint32_t>& placed) {
  double worst = kInf;
  for (std::uint32_t j : placed)
    worst = std::min(worst, chord(v, countries[j].centre) * kEarthRadiusKm / (radius_km + countries[j].radius_km));
  return worst;
}

std::uint32_t pick_continent(Rng& rng, std::uint32_t continents) {
  double total = 0;
  for (std::uint32_t k = 0; k < continents; ++k) total += kContinents[k].weight;
  double x = rng.uniform() * total;
  for (std::uint32_t k = 0; k + 1 < continents; ++k) {
    if (x < kContinents[k].weight) return k;
    x -= kContinents[k].weight;
  }
  return continents - 1;
}

// (b) Countries grow continents, largest first: each founds a continent or
//     is set beside a random country of its continent so that the two share
//     a border (islands keep a strait in between), never overlapping another
//     by more than the border lens. Failing that, anywhere in the band.
void place_countries(std::vector<Country>& countries, std::uint64_t seed) {
  Rng rng(seed, Stream::placement, 0);
  const auto n = static_cast<std::uint32_t>(countries.size());
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return countries[a].radius_km != countries[b].radius_km ? countries[a].radius_km > countries[b].radius_km : a < b;
  });
  const std::uint32_t continents = std::clamp<std::uint32_t>(n / 10, 1, kContinents.size());
  std::vector<std::vector<std::uint32_t>> members(continents);
  std::vector<std::uint32_t> placed;
  placed.reserve(n);

  for (std::uint32_t p = 0; p < n; ++p) {
    Country& c = countries[order[p]];
    const bool founder = p < continents;
    c.continent = founder ? p : pick_continent(rng, continents);
    c.island = !founder && rng.chance(kIslandShare);
    const double need = c.island ? kIslandClearance : kLandClearance;
    GeoPoint best;
    double best_clearance = -1;
    const auto consider = [&](GeoPoint g) {
      if (!fits_band(g, c.radius_km)) return false;
      const double cl = clearance(unit_vector(g), c.radius_km, countries, placed);
      if (cl > best_clearance) best = g, best_clearance = cl;
      return cl >= need;
    };
    bool done = false;
    if (founder) {
      const double dlat = c.radius_km / kKmPerDegree;
      GeoPoint g = kContinents[p].centre;
      g.lat = std::clamp(g.lat, kMinLat + dlat, kMaxLat - dlat);
      done = consider(g);
    }
    const std::vector<std::uint32_t>& anchors = members[c.continent];
    for (int t = 0; !done && !anchors.empty() && t < kAnchorTries; ++t) {
      const Country& a = countries[anchors[rng.below(anchors.size())]];
      const double gap = c.island ? rng.uniform(1.15, 1.65) : kBorderGap;
      done = consider(destination(a.frame.centre, rng.uniform(0, 2 * kPi), gap * (a.radius_km + c.radius_km)));
    }
    for (int t = 0; !done && t < kFreeTries; ++t) {
      const double dlat = c.radius_km / kKmPerDegree;
      done = consider({rng.uniform(kMinLat + dlat, kMaxLat - dlat), rng.uniform(-180.0, 180.0)});
    }
    c.frame.centre = best;
    c.centre = unit_vector(best);
    members[c.continent].push_back(order[p]);
    placed.push_back(order[p]);
  }
}

// (c) Land neighbours: countries whose discs overlap.
void find_neighbours(std::vector<Country>& countries) {
  const auto n = static_cast<std::uint32_t>(countries.size());
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t j = i + 1; j < n; ++j)
      if (chord(countries[i].centre, countries[j].centre) * kEarthRadiusKm <
          countries[i].radius_km + countries[j].radius_km) {
        countries[i].neighbours.push_back(j);
        countries[j].neighbours.push_back(i);
      }
}

// (d) Crossing pairs per border (more between big countries), then each
//     country's node count: its fixed minimum plus a Zipf share of the rest,
//     by largest remainders so that the total is exactly `nodes`.
std::vector<Border> open_borders(const std::vector<Country>& countries, std::uint64_t nodes) {
  double total_population = 0;
  for (const Country& c : countries) total_population += c.population;
  std::vector<Border> borders;
  for (std::uint32_t a = 0; a < countries.size(); ++a)
    for (std::uint32_t b : countries[a].neighbours)
      if (a < b) {
        const double smaller = std::min(countries[a].population, countries[b].population);
        const double expected_nodes = static_cast<double>(nodes) * smaller / total_population;
        borders.push_back({a, b, 1u + (expected_nodes >= 2e4 ? 1u : 0u) + (expected_nodes >= 2e5 ? 1u : 0u)});
      }
  // Each crossing pair costs two nodes; tiny networks close borders, the
  // ones between the least populous countries first.
  const auto required = [&] {
    std::uint64_t r = kMinNodesPerCountry * countries.size();
    for (const Border& b : borders) r += 2ull * b.crossings;
    return r;
  };
  if (required() > nodes)
    for (Border& b : borders) b.crossings = std::min(b.crossings, 1u);
  if (required() > nodes) {
    std::vector<std::size_t> by_size(borders.size());
    std::iota(by_size.begin(), by_size.end(), std::size_t{0});
    const auto smaller = [&](const Border& b) {
      return std::min(countries[b.a].population, countries[b.b].population);
    };
    std::sort(by_size.begin(), by_size.end(), [&](std::size_t x, std::size_t y) {
      return smaller(borders[x]) != smaller(borders[y]) ? smaller(borders[x]) < smaller(borders[y]) : x < y;
    });
    std::uint64_t need = required();
    for (std::size_t k = 0; k < by_size.size() && need > nodes; ++k) {
      borders[by_size[k]].crossings = 0;
      need -= 2;
    }
  }
  return borders;
}

std::vector<std::uint32_t> allocate_nodes(const std::vector<Country>& countries,
                                          const std::vector<std::uint32_t>& minimum, std::uint64_t nodes) {
  const std::size_t n = countries.size();
  std::uint64_t reserved = 0;
  double total_population = 0;
  for (std::size_t c = 0; c < n; ++c) reserved += minimum[c], total_population += countries[c].population;
  const std::uint64_t rest = nodes - reserved;
  std::vector<std::uint32_t> count(n);
  std::vector<double> fraction(n);
  std::int64_t left = static_cast<std::int64_t>(rest);
  for (std::size_t c = 0; c < n; ++c) {
    const double quota = static_cast<double>(rest) * countries[c].population / total_population;
    const double whole = std::floor(quota);
    count[c] = minimum[c] + static_cast<std::uint32_t>(whole);
    fraction[c] = quota - whole;
    left -= static_cast<std::int64_t>(whole);
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return fraction[a] != fraction[b] ? fraction[a] > fraction[b] : a < b; });
  for (std::size_t k = 0; left > 0; k = (k + 1) % n, --left) ++count[order[k]];
  for (std::size_t k = 0; left < 0; k = (k + 1) % n)  // rounding overshoot: take from the largest
    if (count[order[n - 1 - k]] > minimum[order[n - 1 - k]]) --count[order[n - 1 - k]], ++left;
  return count;
}

// (e) What a country of `budget` nodes (crossings aside) is made of: metros
//     and airports grow with its square root, hubs and sites with its size.
void compose(Country& c, std::uint32_t crossings) {
  const std::uint32_t budget = c.count - crossings;
  const auto root = static_cast<std::uint32_t>(isqrt(budget));
  const std::uint32_t metros = std::clamp<std::uint32_t>(1 + root / 4, 1, std::max(1u, std::min(400u, budget / 8)));
  std::array<std::uint32_t, kSegmentCount> size{};
  size[kAirports] = std::clamp<std::uint32_t>(1 + root / 40, 1, std::min(metros, 40u));
  size[kSeaports] = c.coastal && budget >= 12 ? std::clamp<std::uint32_t>(1 + root / 120, 1, 12) : 0;
  const std::uint32_t min_rail = budget >= 200 ? 2 : 1;  // a line needs two ends
  size[kRail] = !c.island && budget >= 12 ? std::clamp<std::uint32_t>(1 + root / 30, min_rail, std::min(metros, 30u)) : 0;
  size[kHubs] = std::max(metros, budget * 6 / 1000);
  size[kSites] = std::max(1u, budget * 3 / 100);
  size[kCrossings] = crossings;
  size[kZones] = budget - size[kAirports] - size[kSeaports] - size[kRail] - size[kHubs] - size[kSites];
  c.metro_count = metros;
  c.begin[0] = 0;
  for (std::uint8_t s = 0; s < kSegmentCount; ++s) c.begin[s + 1] = c.begin[s] + size[s];
}

// (f) Metro centres in the inner three quarters of the disc; metro sizes
//     follow Zipf's law; a metro of P people spreads over σ = 10 km·√(P/1M).
void make_metros(Country& c, Rng& rng) {
  double harmonic = 0;
  for (std::uint32_t m = 1; m <= c.metro_count; ++m) harmonic += 1.0 / m;
  double cumulative = 0;
  for (std::uint32_t m = 0; m < c.metro_count; ++m) {
    const double share = 1.0 / ((m + 1) * harmonic);
    const double people = kUrbanShare * c.population * share;
    const double sigma = std::clamp(10.0 * std::sqrt(people / 1e6), 2.0, std::min(80.0, 0.3 * c.radius_km));
    c.metros.push_back({uniform_in_disc(rng, 0.75 * c.radius_km), sigma});
    cumulative += share;
    c.metro_cdf.push_back(cumulative);
  }
  c.metro_cdf.back() = 1.0;
}

// (g) Crossing pairs sit where the border meets the line between the two
//     centres (the radical line of the two discs), spread along the border,
//     each post 1.5 km inside its own country.
void place_crossings(World& world, std::uint64_t seed) {
  constexpr double kSetbackKm = 1.5;
  Rng rng(seed, Stream::placement, 1);
  for (const Border& border : world.borders) {
    Country& a = world.countries[border.a];
    Country& b = world.countries[border.b];
    const double d = std::max(1.0, great_circle_km(a.centre, b.centre));
    const double along = std::clamp((d * d + a.radius_km * a.radius_km - b.radius_km * b.radius_km) / (2 * d), 0.0, d);
    const double half_width = std::sqrt(std::max(0.0, a.radius_km * a.radius_km - along * along));
    const Xy towards_b = a.frame.from_geo(b.frame.centre);
    const double plane_d = std::max(1.0, std::sqrt(towards_b.x * towards_b.x + towards_b.y * towards_b.y));
    const Xy dir{towards_b.x / plane_d, towards_b.y / plane_d}, across{-dir.y, dir.x};
    for (std::uint32_t t = 0; t < border.crossings; ++t) {
      const double offset = half_width * 0.8 * (2.0 * (t + rng.uniform(0.3, 0.7)) / border.crossings - 1.0);
      const double reach = along * plane_d / d;
      const Xy on_border{dir.x * reach + across.x * offset, dir.y * reach + across.y * offset};
      a.crossings.push_back({on_border.x - dir.x * kSetbackKm, on_border.y - dir.y * kSetbackKm});
      a.crossing_partner.push_back(border.b);
      const Xy in_b = b.frame.from_geo(a.frame.to_geo(on_border));
      const double to_centre = std::max(1e-9, std::sqrt(in_b.x * in_b.x + in_b.y * in_b.y));
      b.crossings.push_back({in_b.x - in_b.x / to_centre * kSetbackKm, in_b.y - in_b.y / to_centre * kSetbackKm});
      b.crossing_partner.push_back(border.a);
    }
  }
}

}  // namespace

World make_world(const GenerateOptions& options, std::uint32_t country_count) {
  World world;
  world.countries.resize(country_count);
  for (std::uint32_t c = 0; c < country_count; ++c) world.countries[c].code = generated_country_code(c);
  assign_sizes(world.countries, options.seed);
  place_countries(world.countries, options.seed);
  find_neighbours(world.countries);
  world.borders = open_borders(world.countries, options.nodes);

  std::vector<std::uint32_t> crossings(country_count, 0);
  for (const Border& b : world.borders) crossings[b.a] += b.crossings, crossings[b.b] += b.crossings;
  std::vector<std::uint32_t> minimum(country_count);
  for (std::uint32_t c = 0; c < country_count; ++c)
    minimum[c] = static_cast<std::uint32_t>(kMinNodesPerCountry) + crossings[c];
  const std::vector<std::uint32_t> counts = allocate_nodes(world.countries, minimum, options.nodes);

  // The most populous country always has a coast, so that seaports exist.
  const auto largest = static_cast<std::uint32_t>(
      std::max_element(world.countries.begin(), world.countries.end(),
                       [](const Country& x, const Country& y) { return x.population < y.population; }) -
      world.countries.begin());
  NodeId first = 0;
  for (std::uint32_t i = 0; i < country_count; ++i) {
    Country& c = world.countries[i];
    Rng rng(options.seed, Stream::country, i);
    const bool has_coast = rng.chance(0.7);
    c.coastal = has_coast || c.island || c.neighbours.empty() || i == largest;
    c.truck_kmh = rng.uniform(60.0, 80.0);
    c.coast_bearing = rng.uniform(0, 2 * kPi);
    c.first = first;
    c.count = counts[i];
    first += counts[i];
    world.firsts.push_back(c.first);
    compose(c, crossings[i]);
    make_metros(c, rng);
  }
  place_crossings(world, options.seed);
  return world;
}

}  // namespace hg::logistics
