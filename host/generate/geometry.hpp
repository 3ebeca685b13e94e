#pragma once
// The logistics generator's geometry on the sphere and in a country's local
// plane (docs/generator.md, "What a country is made of").

#include "host/generate/fp_contract_off.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/generate/exact_math.hpp"
#include "host/generate/random.hpp"

namespace hg::logistics {

using deterministic::asin;
using deterministic::atan2;
using deterministic::kDegree;
using deterministic::kPi;
using deterministic::Rng;
using deterministic::SinCos;
using deterministic::sincos;

inline constexpr double kEarthRadiusKm = 6371.0088;
inline constexpr double kKmPerDegree = kEarthRadiusKm * kDegree;
inline constexpr double kInf = std::numeric_limits<double>::infinity();

struct GeoPoint {
  double lat = 0, lon = 0;  // degrees
};
struct UnitVector {
  double x = 0, y = 0, z = 1;
};
struct Xy {
  double x = 0, y = 0;  // km
};

inline UnitVector unit_vector(GeoPoint p) {
  const SinCos la = sincos(p.lat * kDegree), lo = sincos(p.lon * kDegree);
  return {la.cos * lo.cos, la.cos * lo.sin, la.sin};
}
inline double chord(const UnitVector& a, const UnitVector& b) {  // straight line through the unit sphere
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}
// 2R·asin(chord / 2); below 640 km by the series of asin, whose first
// omitted term is under 1e-17 there (most legs are a few km).
inline double great_circle_km(const UnitVector& a, const UnitVector& b) {
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
inline double wrap_longitude(double lon) {
  while (lon > 180.0) lon -= 360.0;
  while (lon < -180.0) lon += 360.0;
  return lon;
}
inline double plane_distance(Xy a, Xy b) {
  const double dx = a.x - b.x, dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}

// The point distance_km from `from` along the initial bearing (radians, clockwise from north).
inline GeoPoint destination(GeoPoint from, double bearing, double distance_km) {
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

inline Xy polar(double radius, double angle) {
  const SinCos a = sincos(angle);
  return {radius * a.sin, radius * a.cos};  // angle clockwise from north
}
inline Xy uniform_in_disc(Rng& rng, double radius) {
  for (;;) {
    const double x = rng.uniform(-1.0, 1.0), y = rng.uniform(-1.0, 1.0);
    if (x * x + y * y <= 1.0) return {x * radius, y * radius};
  }
}
inline Xy clamp_to_disc(Xy p, double radius) {
  const double d = std::sqrt(p.x * p.x + p.y * p.y);
  const double limit = 0.98 * radius;
  if (d <= limit) return p;
  return {p.x * limit / d, p.y * limit / d};
}

}  // namespace hg::logistics
