// Floating point: never contract a * b + c into a fused multiply-add, so that
// every operation rounds the same way with any compiler and -march (the
// project builds with -march=x86-64-v3, where GCC would fuse by default).
// Together with the own PRNG and trigonometry below this makes the generator
// bit-for-bit reproducible across platforms.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "host/generate/logistics_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "host/generate/random.hpp"
#include "host/core/errors.hpp"

namespace hg {
namespace {

// ============================================================================
// 1. Deterministic randomness: xoshiro256** seeded by splitmix64, and
//    transforms built only from exactly rounded operations (+ - * / sqrt).
// ============================================================================

// One independent stream per purpose and index (a country, a node, …): any
// node can be generated alone, by any thread, in any order.
enum class Stream : std::uint64_t { populations = 1, placement, country, node, customs };

using deterministic::Rng;
using deterministic::sin_small;

template <class T>
void shuffle(std::vector<T>& items, Rng& rng) {  // Fisher–Yates, not std::shuffle
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.below(i)]);
}

// ============================================================================
// 2. Trigonometry from + - * / sqrt only (libm's last bits differ between
//    platforms). Accurate to about 1e-16, far beyond what a generator needs.
// ============================================================================

constexpr double kPi = 3.141592653589793;
constexpr double kHalfPi = 1.5707963267948966;
constexpr double kDegree = kPi / 180.0;

double cos_small(double r) {
  const double r2 = r * r;
  double p = 1.0 / 20922789888000.0;  // 1/16!
  p = p * r2 - 1.0 / 87178291200.0;
  p = p * r2 + 1.0 / 479001600.0;
  p = p * r2 - 1.0 / 3628800.0;
  p = p * r2 + 1.0 / 40320.0;
  p = p * r2 - 1.0 / 720.0;
  p = p * r2 + 1.0 / 24.0;
  p = p * r2 - 0.5;
  return 1.0 + r2 * p;
}

struct SinCos {
  double sin, cos;
};
SinCos sincos(double x) {  // radians, |x| of a few turns at most
  const double q = std::floor(x / kHalfPi + 0.5);
  const double r = x - q * kHalfPi;
  const double s = sin_small(r), c = cos_small(r);
  switch (static_cast<long long>(q) & 3) {
    case 0: return {s, c};
    case 1: return {c, -s};
    case 2: return {-s, -c};
    default: return {-c, s};
  }
}

// atan by two argument halvings, atan(a) = 2 atan(a / (1 + sqrt(1 + a²))),
// down to |a| <= tan(π/16), then its series to a^23.
double atan(double x) {
  const bool negative = x < 0;
  double a = negative ? -x : x;
  const bool inverted = a > 1.0;
  if (inverted) a = 1.0 / a;
  a = a / (1.0 + std::sqrt(1.0 + a * a));
  a = a / (1.0 + std::sqrt(1.0 + a * a));
  const double a2 = a * a;
  double p = -1.0 / 23.0;
  for (int k = 21; k >= 3; k -= 2) p = p * a2 + (((k - 1) / 2) % 2 == 1 ? -1.0 : 1.0) / k;
  double r = 4.0 * (a + a * a2 * p);
  if (inverted) r = kHalfPi - r;
  return negative ? -r : r;
}
double atan2(double y, double x) {
  if (x > 0) return atan(y / x);
  if (x < 0) return y >= 0 ? atan(y / x) + kPi : atan(y / x) - kPi;
  return y > 0 ? kHalfPi : (y < 0 ? -kHalfPi : 0.0);
}
double asin(double s) {
  s = std::clamp(s, -1.0, 1.0);
  return atan2(s, std::sqrt((1.0 - s) * (1.0 + s)));
}

// ============================================================================
// 3. Geometry on the sphere and in a country's local plane.
// ============================================================================

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kKmPerDegree = kEarthRadiusKm * kDegree;
constexpr double kInf = std::numeric_limits<double>::infinity();

struct GeoPoint {
  double lat = 0, lon = 0;  // degrees
};
struct UnitVector {
  double x = 0, y = 0, z = 1;
};
struct Xy {
  double x = 0, y = 0;  // km
};

UnitVector unit_vector(GeoPoint p) {
  const SinCos la = sincos(p.lat * kDegree), lo = sincos(p.lon * kDegree);
  return {la.cos * lo.cos, la.cos * lo.sin, la.sin};
}
double chord(const UnitVector& a, const UnitVector& b) {  // straight line through the unit sphere
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}
// 2R·asin(chord / 2); below 640 km by the series of asin, whose first
// omitted term is under 1e-17 there (most legs are a few km).
double great_circle_km(const UnitVector& a, const UnitVector& b) {
  const double h = chord(a, b) / 2.0;
  if (h >= 0.05) return 2.0 * kEarthRadiusKm * asin(h);
  const double h2 = h * h;
  double p = 63.0 / 2816.0;
  p = p * h2 + 35.0 / 1152.0;
  p = p * h2 + 5.0 / 112.0;
  p = p * h2 + 3.0 / 40.0;
  p = p * h2 + 1.0 / 6.0;
  return 2.0 * kEarthRadiusKm * (h + h * h2 * p);
}
double wrap_longitude(double lon) {
  while (lon > 180.0) lon -= 360.0;
  while (lon < -180.0) lon += 360.0;
  return lon;
}
double plane_distance(Xy a, Xy b) {
  const double dx = a.x - b.x, dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}

// The point distance_km from `from` along the initial bearing (radians, clockwise from north).
GeoPoint destination(GeoPoint from, double bearing, double distance_km) {
  const SinCos phi = sincos(from.lat * kDegree), delta = sincos(distance_km / kEarthRadiusKm),
               theta = sincos(bearing);
  const double sin_lat = phi.sin * delta.cos + phi.cos * delta.sin * theta.cos;
  const double lat = asin(sin_lat);
  const double dlon = atan2(theta.sin * delta.sin * phi.cos, delta.cos - phi.sin * sin_lat);
  return {lat / kDegree, wrap_longitude(from.lon + dlon / kDegree)};
}

// A country's plane: x east and y north in km from its centre. Latitude
// follows y; longitude scales with the cosine of the point's own latitude, so
// short distances come out true in every direction.
struct LocalFrame {
  GeoPoint centre;

  GeoPoint to_geo(Xy p) const {
    const double lat = std::clamp(centre.lat + p.y / kKmPerDegree, -89.0, 89.0);
    return {lat, wrap_longitude(centre.lon + p.x / (kKmPerDegree * sincos(lat * kDegree).cos))};
  }
  Xy from_geo(GeoPoint g) const {
    return {wrap_longitude(g.lon - centre.lon) * kKmPerDegree * sincos(g.lat * kDegree).cos,
            (g.lat - centre.lat) * kKmPerDegree};
  }
};

Xy polar(double radius, double angle) {
  const SinCos a = sincos(angle);
  return {radius * a.sin, radius * a.cos};  // angle clockwise from north
}
Xy uniform_in_disc(Rng& rng, double radius) {
  for (;;) {
    const double x = rng.uniform(-1.0, 1.0), y = rng.uniform(-1.0, 1.0);
    if (x * x + y * y <= 1.0) return {x * radius, y * radius};
  }
}
Xy clamp_to_disc(Xy p, double radius) {
  const double d = std::sqrt(p.x * p.x + p.y * p.y);
  const double limit = 0.98 * radius;
  if (d <= limit) return p;
  return {p.x * limit / d, p.y * limit / d};
}

// ============================================================================
// 4. Times of the legs, in minutes.
// ============================================================================

constexpr double kRoadDetour = 1.3;        // road km per great-circle km
constexpr double kArterialDetour = 1.2;
constexpr double kArterialKmh = 90.0;      // motorways between metro centres
constexpr double kBorderKmh = 40.0;        // approach lanes at a border post
constexpr double kAirKmh = 800.0;
constexpr Time kAirBlockOverhead = 30;     // taxi, climb, descent
constexpr double kSeaDetour = 1.3;
constexpr double kSeaKmh = 30.0;           // about 16 knots
constexpr double kRailDetour = 1.2;
constexpr double kRailKmh = 55.0;          // freight average, stops included

Time whole_minutes(double minutes) { return static_cast<Time>(std::floor(minutes + 0.5)); }
Time road_minutes(double km, double detour, double kmh) {
  return std::max<Time>(1, whole_minutes(km * detour * 60.0 / kmh));
}
Time air_minutes(double km) { return kAirBlockOverhead + whole_minutes(km * 60.0 / kAirKmh); }
Time sea_minutes(double km) { return std::max<Time>(60, whole_minutes(km * kSeaDetour * 60.0 / kSeaKmh)); }
Time rail_minutes(double km) { return std::max<Time>(20, whole_minutes(km * kRailDetour * 60.0 / kRailKmh)); }

// ============================================================================
// 5. Countries: Zipf populations, regions on the globe, borders, node budgets.
// ============================================================================

// A country's nodes in this order of segments; the first airport is its
// international hub airport, the first `metros` hubs sit at metro centres.
enum Segment : std::uint8_t { kAirports, kSeaports, kRail, kHubs, kSites, kCrossings, kZones, kSegmentCount };
constexpr std::array<NodeKind, kSegmentCount> kSegmentKind = {
    NodeKind::airport, NodeKind::seaport, NodeKind::rail_terminal, NodeKind::hub,
    NodeKind::site,    NodeKind::border_crossing, NodeKind::demand_zone};
constexpr std::array<char, kSegmentCount> kSegmentLetter = {'A', 'P', 'R', 'H', 'W', 'B', 'Z'};
struct HandlingRange {
  Time lo, hi;
};
constexpr std::array<HandlingRange, kSegmentCount> kHandling = {
    {{90, 240}, {360, 720}, {120, 240}, {60, 180}, {30, 90}, {15, 60}, {0, 0}}};

constexpr double kMeanCountryPopulation = 4.0e7;
constexpr double kMeanCountryAreaKm2 = 0.7e6;
constexpr double kMaxWorldAreaKm2 = 1.0e8;  // what fits the latitude band below
constexpr double kMinRadiusKm = 25.0, kMaxRadiusKm = 2200.0;
constexpr double kMinLat = -56.0, kMaxLat = 72.0;
constexpr double kUrbanShare = 0.8;         // of a country's people, in its metros

struct Metro {
  Xy centre;
  double sigma_km = 5;  // spread of its nodes around the centre
};

struct Country {
  std::string code;
  double population = 0;
  double radius_km = 0;
  LocalFrame frame;
  UnitVector centre;
  std::uint32_t continent = 0;
  bool island = false;
  bool coastal = false;
  double truck_kmh = 70;
  double coast_bearing = 0;  // radians: the side its seaports face
  std::vector<std::uint32_t> neighbours;  // land neighbours, ascending

  NodeId first = 0;  // its nodes are [first, first + count)
  std::uint32_t count = 0;
  std::array<std::uint32_t, kSegmentCount + 1> begin{};  // segment offsets from `first`
  std::uint32_t metro_count = 1;
  std::vector<Metro> metros;
  std::vector<double> metro_cdf;  // cumulative Zipf weights, last is 1
  std::vector<Xy> crossings;      // positions of its border crossings
  std::vector<std::uint32_t> crossing_partner;  // the country across each

  std::uint32_t size(Segment s) const { return begin[s + 1] - begin[s]; }
  NodeId id(Segment s, std::uint32_t t) const { return first + begin[s] + t; }
  NodeId hub_airport() const { return id(kAirports, 0); }
  std::pair<Segment, std::uint32_t> locate(std::uint32_t local) const {
    std::uint8_t s = 0;
    while (local >= begin[s + 1]) ++s;
    return {static_cast<Segment>(s), local - begin[s]};
  }
};

// A land border between countries a < b and the crossing pairs it gets.
struct Border {
  std::uint32_t a = 0, b = 0;
  std::uint32_t crossings = 0;  // 0: a closed border (networks too small to afford one)
};

struct World {
  std::vector<Country> countries;
  std::vector<Border> borders;
  std::vector<NodeId> firsts;  // countries[c].first, for country_of

  std::uint32_t country_of(NodeId node) const {
    return static_cast<std::uint32_t>(std::upper_bound(firsts.begin(), firsts.end(), node) - firsts.begin() - 1);
  }
};

std::uint64_t isqrt(std::uint64_t v) {
  auto r = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(v)));
  while (r * r > v) --r;
  while ((r + 1) * (r + 1) <= v) ++r;
  return r;
}

// 5a. Populations follow Zipf's law (share 1/rank); which country gets which
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

// 5b. Countries grow continents, largest first: each founds a continent or
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

// 5c. Land neighbours: countries whose discs overlap.
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

// 5d. Crossing pairs per border (more between big countries), then each
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

// 5e. What a country of `budget` nodes (crossings aside) is made of: metros
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

// 5f. Metro centres in the inner three quarters of the disc; metro sizes
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

// 5g. Crossing pairs sit where the border meets the line between the two
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

// ============================================================================
// 6. Nodes: position, handling, demand, code and name of every node.
// ============================================================================

struct NodeGeometry {
  std::vector<float> x, y;        // km in the country's local plane (spatial index)
  std::vector<UnitVector> point;  // on the sphere (great-circle distances)
};

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

// Appends `prefix` and the decimal `number` to `out`.
void append_number(std::string& out, std::string_view prefix, std::uint64_t number) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.append(prefix);
  out.append(digits, end);
}

// Codes "G<CC>-<letter><index>" (GAB-Z17: zone 17 of AB) and readable names.
void name_nodes(const World& world, Nodes& nodes) {
  static constexpr std::array<std::string_view, kSegmentCount> kNoun = {
      " Airport ", " Seaport ", " Rail Terminal ", " Hub ", " Warehouse ", " Border Crossing ", " Zone "};
  std::uint64_t n = 0;
  for (const Country& c : world.countries) n += c.count;
  nodes.code.reserve(n, n * 12);
  nodes.name.reserve(n, n * 16);
  nodes.country.reserve(n, n * 2);
  std::string code, name;
  for (const Country& c : world.countries)
    for (std::uint8_t s = 0; s < kSegmentCount; ++s) {
      const std::string code_prefix = "G" + c.code + "-" + kSegmentLetter[s];
      const std::string name_prefix = c.code + std::string(kNoun[s]);
      for (std::uint32_t t = 0; t < c.size(static_cast<Segment>(s)); ++t) {
        code.clear();
        append_number(code, code_prefix, t);
        name.clear();
        if (s == kAirports && t == 0) {
          name = c.code + " International Airport";
        } else {
          append_number(name, name_prefix, t);
          if (s == kHubs && t < c.metro_count) name += " (metro centre)";
          if (s == kCrossings) name += " to " + world.countries[c.crossing_partner[t]].code;
        }
        nodes.code.push_back(code);
        nodes.name.push_back(name);
        nodes.country.push_back(c.code);
      }
    }
}

// ============================================================================
// 7. The road mesh: a 2-d tree per country and point set; every node linked
//    to its few nearest neighbours and to the node that serves it.
// ============================================================================

constexpr std::uint32_t kRoadNeighbours = 3;

// A static k-d tree over the nodes [first, first + count): balanced by
// medians, split along the wider side. Nearest-neighbour answers are exact,
// with ties to the lower node id, so they do not depend on the tree's shape.
class KdTree {
 public:
  struct Point {
    float x, y;
    NodeId id;
  };

  KdTree() = default;
  KdTree(NodeId first, std::uint32_t count, const NodeGeometry& geo)
      : points_(count), split_(count, 0.0f), axis_(count, 0) {
    for (std::uint32_t i = 0; i < count; ++i) points_[i] = {geo.x[first + i], geo.y[first + i], first + i};
    build(0, count);
  }

  std::size_t size() const { return points_.size(); }
  const Point& point(std::size_t i) const { return points_[i]; }

  // Up to k (<= kMaxK) nearest to (x, y), nearest first, never `exclude`;
  // writes them to out and returns how many.
  static constexpr std::uint32_t kMaxK = 8;
  std::uint32_t nearest(double x, double y, NodeId exclude, std::uint32_t k, NodeId* out) const {
    Query q{x, y, exclude, k};
    if (!points_.empty()) search(0, points_.size(), q);
    std::copy_n(q.id.begin(), q.size, out);
    return q.size;
  }

 private:
  static constexpr std::size_t kLeaf = 16;

  struct Query {
    double x, y;
    NodeId exclude;
    std::uint32_t k;
    std::uint32_t size = 0;
    std::array<double, kMaxK> d2{};
    std::array<NodeId, kMaxK> id{};

    double bound() const { return size < k ? kInf : d2[size - 1]; }
    static bool before(double da, NodeId a, double db, NodeId b) { return da < db || (da == db && a < b); }
    void offer(const Point& p) {
      const double dx = static_cast<double>(p.x) - x, dy = static_cast<double>(p.y) - y;
      const double dist2 = dx * dx + dy * dy;
      if (dist2 > bound() || p.id == exclude) return;
      if (size == k && !before(dist2, p.id, d2[k - 1], id[k - 1])) return;
      std::uint32_t pos = size < k ? size++ : k - 1;
      for (; pos > 0 && before(dist2, p.id, d2[pos - 1], id[pos - 1]); --pos) d2[pos] = d2[pos - 1], id[pos] = id[pos - 1];
      d2[pos] = dist2;
      id[pos] = p.id;
    }
  };

  // A range [lo, hi) longer than a leaf splits at mid = lo + (hi - lo) / 2
  // into [lo, mid), coordinates <= split_[mid], and [mid, hi), coordinates
  // >= split_[mid]. No two inner ranges share their mid, so split_ and
  // axis_ are indexed by it.
  void build(std::size_t lo, std::size_t hi) {
    if (hi - lo <= kLeaf) return;
    float min_x = points_[lo].x, max_x = min_x, min_y = points_[lo].y, max_y = min_y;
    for (std::size_t i = lo; i < hi; ++i) {
      min_x = std::min(min_x, points_[i].x), max_x = std::max(max_x, points_[i].x);
      min_y = std::min(min_y, points_[i].y), max_y = std::max(max_y, points_[i].y);
    }
    const bool split_y = max_y - min_y > max_x - min_x;
    const std::size_t mid = lo + (hi - lo) / 2;
    const auto at = [](std::vector<Point>& v, std::size_t i) { return v.begin() + static_cast<std::ptrdiff_t>(i); };
    if (split_y)
      std::nth_element(at(points_, lo), at(points_, mid), at(points_, hi),
                       [](const Point& a, const Point& b) { return a.y < b.y || (a.y == b.y && a.id < b.id); });
    else
      std::nth_element(at(points_, lo), at(points_, mid), at(points_, hi),
                       [](const Point& a, const Point& b) { return a.x < b.x || (a.x == b.x && a.id < b.id); });
    split_[mid] = split_y ? points_[mid].y : points_[mid].x;
    axis_[mid] = split_y ? 1 : 0;
    build(lo, mid);
    build(mid, hi);
  }

  void search(std::size_t lo, std::size_t hi, Query& q) const {
    if (hi - lo <= kLeaf) {
      for (std::size_t i = lo; i < hi; ++i) q.offer(points_[i]);
      return;
    }
    const std::size_t mid = lo + (hi - lo) / 2;
    const double diff = (axis_[mid] ? q.y : q.x) - static_cast<double>(split_[mid]);
    if (diff < 0) {
      search(lo, mid, q);
      if (diff * diff <= q.bound()) search(mid, hi, q);
    } else {
      search(mid, hi, q);
      if (diff * diff <= q.bound()) search(lo, mid, q);
    }
  }

  std::vector<Point> points_;
  std::vector<float> split_;        // split coordinate of the inner range whose mid is here
  std::vector<std::uint8_t> axis_;  // 0: x, 1: y
};

// The trees of one country: all its nodes, the nodes that serve demand zones
// (hubs and sites, contiguous), the hubs, and the metro-centre hubs.
struct CountryTrees {
  KdTree all, servers, hubs, metro_hubs;
};

struct RoadMesh {
  std::vector<NodeId> near;    // kRoadNeighbours per node, kNoNode where fewer exist
  std::vector<NodeId> parent;  // the node that serves it; kNoNode for metro hubs

  static constexpr std::uint32_t kCandidates = kRoadNeighbours + 1;
  NodeId candidate(NodeId u, std::uint32_t j) const {
    return j < kRoadNeighbours ? near[std::size_t{u} * kRoadNeighbours + j] : parent[u];
  }
  bool lists(NodeId v, NodeId u) const {
    for (std::uint32_t j = 0; j < kCandidates; ++j)
      if (candidate(v, j) == u) return true;
    return false;
  }
  // The undirected road {u, v} is emitted once: by u unless u listed v twice,
  // or v lists u too and has the lower id.
  bool emits(NodeId u, std::uint32_t j) const {
    const NodeId v = candidate(u, j);
    if (v == kNoNode) return false;
    for (std::uint32_t t = 0; t < j; ++t)
      if (candidate(u, t) == v) return false;
    return !(v < u && lists(v, u));
  }
};

// Zones are served by their nearest hub or site, sites and gateways by the
// nearest hub, hubs by the nearest metro-centre hub: a tree per country that
// the metro arterials then join, so every country is connected.
const KdTree* server_tree(const CountryTrees& trees, const Country& c, Segment s, std::uint32_t t) {
  if (s == kZones) return &trees.servers;
  if (s == kHubs) return t < c.metro_count ? nullptr : &trees.metro_hubs;
  return &trees.hubs;
}

RoadMesh build_road_mesh(const World& world, const NodeGeometry& geo, std::uint64_t n) {
  const std::size_t country_count = world.countries.size();
  // 1. Trees, one country per task, largest first.
  std::vector<CountryTrees> trees(country_count);
  std::vector<std::size_t> by_size(country_count);
  std::iota(by_size.begin(), by_size.end(), std::size_t{0});
  std::sort(by_size.begin(), by_size.end(), [&](std::size_t a, std::size_t b) {
    return world.countries[a].count != world.countries[b].count ? world.countries[a].count > world.countries[b].count
                                                                : a < b;
  });
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(country_count); ++k) {
    const Country& c = world.countries[by_size[static_cast<std::size_t>(k)]];
    CountryTrees& t = trees[by_size[static_cast<std::size_t>(k)]];
    t.all = KdTree(c.first, c.count, geo);
    t.servers = KdTree(c.id(kHubs, 0), c.size(kHubs) + c.size(kSites), geo);
    t.hubs = KdTree(c.id(kHubs, 0), c.size(kHubs), geo);
    t.metro_hubs = KdTree(c.id(kHubs, 0), c.metro_count, geo);
  }
  // 2. Queries in tree order (neighbours in space are neighbours in memory).
  RoadMesh mesh;
  mesh.near.assign(n * kRoadNeighbours, kNoNode);
  mesh.parent.assign(n, kNoNode);
#pragma omp parallel for schedule(dynamic, 4096)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
    const auto position = static_cast<NodeId>(i);
    const std::uint32_t ci = world.country_of(position);
    const Country& c = world.countries[ci];
    const KdTree::Point& p = trees[ci].all.point(position - c.first);
    trees[ci].all.nearest(p.x, p.y, p.id, kRoadNeighbours, &mesh.near[std::size_t{p.id} * kRoadNeighbours]);
    const auto [segment, t] = c.locate(p.id - c.first);
    if (const KdTree* servers = server_tree(trees[ci], c, segment, t))
      servers->nearest(p.x, p.y, p.id, 1, &mesh.parent[p.id]);
  }
  return mesh;
}

// ============================================================================
// 8. Long-distance links: arterials, border crossings, air, sea, rail.
// ============================================================================

struct Link {
  NodeId u, v;
  EdgeMode mode;
  Time time;
};
using NodePair = std::pair<NodeId, NodeId>;

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

// ============================================================================
// 9. Edges: every road and link in both directions (same time each way).
// ============================================================================

void assemble_edges(const World& world, const NodeGeometry& geo, const RoadMesh& mesh,
                    const std::vector<Link>& links, std::uint64_t n, Edges& edges) {
  // 1. How many roads each node emits, and where its edges start.
  std::vector<std::uint64_t> offset(n + 1, 0);
#pragma omp parallel for schedule(static, 65536)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
    std::uint64_t count = 0;
    for (std::uint32_t j = 0; j < RoadMesh::kCandidates; ++j) count += mesh.emits(static_cast<NodeId>(i), j) ? 1 : 0;
    offset[static_cast<std::size_t>(i) + 1] = 2 * count;
  }
  std::partial_sum(offset.begin(), offset.end(), offset.begin());
  const std::uint64_t road_edges = offset[n];
  const std::uint64_t total = road_edges + 2 * links.size();
  edges.src.resize(total);
  edges.dst.resize(total);
  edges.mode.resize(total);
  edges.transit_time.resize(total);
  const auto put = [&](std::uint64_t e, NodeId u, NodeId v, EdgeMode mode, Time time) {  // u -> v, then v -> u
    edges.src[e] = edges.dst[e + 1] = u;
    edges.dst[e] = edges.src[e + 1] = v;
    edges.mode[e] = edges.mode[e + 1] = static_cast<std::uint8_t>(mode);
    edges.transit_time[e] = edges.transit_time[e + 1] = time;
  };
  // 2. Roads, node by node.
#pragma omp parallel for schedule(static, 65536)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
    const auto u = static_cast<NodeId>(i);
    const double kmh = world.countries[world.country_of(u)].truck_kmh;
    std::uint64_t e = offset[u];
    for (std::uint32_t j = 0; j < RoadMesh::kCandidates; ++j)
      if (mesh.emits(u, j)) {
        const NodeId v = mesh.candidate(u, j);
        put(e, u, v, EdgeMode::road, road_minutes(great_circle_km(geo.point[u], geo.point[v]), kRoadDetour, kmh));
        e += 2;
      }
  }
  // 3. Long-distance links.
  for (std::size_t k = 0; k < links.size(); ++k)
    put(road_edges + 2 * k, links[k].u, links[k].v, links[k].mode, links[k].time);
}

// ============================================================================
// 10. Customs: unions with free movement, priced rows for linked pairs.
// ============================================================================

constexpr Time kDefaultCustomsMinutes = 720;
constexpr Time kMinCustomsMinutes = 120, kMaxCustomsMinutes = 2880;
constexpr double kPricedLinkShare = 0.9;  // of linked pairs; the rest pay the default

// Customs unions grow over land borders from random founders (2–10
// members); a founder without free neighbours pairs with the nearest free
// country across the sea.
std::vector<std::int32_t> form_unions(const World& world, Rng& rng) {
  const auto n = static_cast<std::uint32_t>(world.countries.size());
  std::vector<std::int32_t> union_of(n, -1);
  const std::uint32_t unions = n >= 4 ? std::max(1u, n / 12) : 0;
  std::vector<std::uint32_t> founders(n);
  std::iota(founders.begin(), founders.end(), 0u);
  shuffle(founders, rng);
  std::size_t next = 0;
  for (std::uint32_t u = 0; u < unions; ++u) {
    while (next < n && union_of[founders[next]] >= 0) ++next;
    if (next == n) break;
    const auto id = static_cast<std::int32_t>(u);
    const std::uint32_t target = rng.between(2, 10);
    std::vector<std::uint32_t> members{founders[next]};
    union_of[founders[next]] = id;
    for (std::size_t k = 0; k < members.size() && members.size() < target; ++k)
      for (std::uint32_t v : world.countries[members[k]].neighbours)
        if (union_of[v] < 0 && members.size() < target) union_of[v] = id, members.push_back(v);
    if (members.size() == 1) {
      const UnitVector& home = world.countries[members[0]].centre;
      std::uint32_t best = n;
      for (std::uint32_t v = 0; v < n; ++v)
        if (union_of[v] < 0 && (best == n || chord(home, world.countries[v].centre) <
                                                 chord(home, world.countries[best].centre)))
          best = v;
      if (best == n) union_of[members[0]] = -1;
      else union_of[best] = id;
    }
  }
  return union_of;
}

Time round_to_quarter_hour(double minutes) { return static_cast<Time>(15.0 * std::floor(minutes / 15.0 + 0.5)); }

void add_customs(const World& world, const std::vector<Link>& links, std::uint64_t seed, Network& net) {
  const auto n = static_cast<std::uint32_t>(world.countries.size());
  Rng rng(seed, Stream::customs, 0);
  // 1. Which ordered pairs have a direct leg (either way).
  std::vector<bool> linked(std::size_t{n} * n, false);
  for (const Link& l : links) {
    const std::uint32_t a = world.country_of(l.u), b = world.country_of(l.v);
    if (a != b) linked[std::size_t{a} * n + b] = linked[std::size_t{b} * n + a] = true;
  }
  // 2. Unions, and each country's import strictness and export ease.
  const std::vector<std::int32_t> union_of = form_unions(world, rng);
  std::vector<double> strictness(n), ease(n);
  for (std::uint32_t c = 0; c < n; ++c) strictness[c] = rng.uniform(0.5, 2.0), ease[c] = rng.uniform(0.7, 1.3);
  // 3. Rows, ascending by (from, to): zero inside a union; for most linked
  //    pairs 240 min × strictness(to) × ease(from) × a Pareto factor,
  //    clamped to 2–48 hours; other pairs pay the default.
  net.default_customs_time = kDefaultCustomsMinutes;
  for (std::uint32_t a = 0; a < n; ++a)
    for (std::uint32_t b = 0; b < n; ++b) {
      if (a == b) continue;
      const bool same_union = union_of[a] >= 0 && union_of[a] == union_of[b];
      Time time = 0;
      if (!same_union) {
        if (!linked[std::size_t{a} * n + b] || !rng.chance(kPricedLinkShare)) continue;
        const double minutes = 240.0 * strictness[b] * ease[a] * rng.pareto2();
        time = std::clamp(round_to_quarter_hour(minutes), kMinCustomsMinutes, kMaxCustomsMinutes);
      }
      net.customs.from.push_back(world.countries[a].code);
      net.customs.to.push_back(world.countries[b].code);
      net.customs.time.push_back(time);
    }
  net.has_customs = net.customs.size() > 0;  // a one-country world has no borders
}

}  // namespace

std::string generated_country_code(std::uint32_t index) {
  return {static_cast<char>('A' + index / 26 % 26), static_cast<char>('A' + index % 26)};
}

std::uint32_t default_country_count(std::uint64_t nodes) {
  constexpr std::uint64_t kMost = 200;  // about as many as the real world has
  std::uint64_t root = 1;               // ⌊∛nodes⌋, stopping at kMost
  while (root < kMost && (root + 1) * (root + 1) * (root + 1) <= nodes) ++root;
  return static_cast<std::uint32_t>(std::max<std::uint64_t>(1, std::min(root, nodes / kMinNodesPerCountry)));
}

Network generate_logistics(const GenerateOptions& options) {
  // 1. Check the request.
  const std::uint32_t countries = options.countries == 0 ? default_country_count(options.nodes) : options.countries;
  HG_EXPECTS(countries <= kMaxGeneratedCountries, ErrorKind::usage,
             "generate: {} countries requested; at most {} (codes AA..ZZ)", countries, kMaxGeneratedCountries);
  HG_EXPECTS(options.nodes >= kMinNodesPerCountry * countries, ErrorKind::usage,
             "generate: {} nodes cannot make {} countries; each needs at least {} (airport, hub, site, demand zone)",
             options.nodes, countries, kMinNodesPerCountry);
  HG_EXPECTS(options.nodes <= kMaxGeneratedNodes, ErrorKind::usage, "generate: {} nodes requested; at most {}",
             options.nodes, kMaxGeneratedNodes);
  HG_EXPECTS(!options.name.empty(), ErrorKind::usage, "generate: the snapshot name is empty");
  const std::uint64_t n = options.nodes;

  // 2. Countries, their places, borders and node budgets.
  const World world = make_world(options, countries);

  // 3. Nodes.
  Network net;
  net.name = options.name;
  net.time_unit = TimeUnit::minute;
  net.description = fmt::format("synthetic logistics network: {} nodes, {} countries, seed {}", n, countries,
                                options.seed);
  // In name order, the order a snapshot reader returns them in.
  net.extra_attributes = {{"generator", "hourglass generate --kind logistics"},
                          {"generator_countries", std::to_string(countries)},
                          {"generator_seed", std::to_string(options.seed)}};
  NodeGeometry geo = place_nodes(world, options.seed, n, net.nodes);
  name_nodes(world, net.nodes);

  // 4. Roads and long-distance links, both ways.
  const std::vector<Link> links = long_distance_links(world, geo);
  {
    const RoadMesh mesh = build_road_mesh(world, geo, n);
    geo.x = {};  // only the points on the sphere are needed from here
    geo.y = {};
    assemble_edges(world, geo, mesh, links, n, net.edges);
  }

  // 5. Customs.
  add_customs(world, links, options.seed, net);
  return net;
}

}  // namespace hg
