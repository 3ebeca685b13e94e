#pragma once
// Trigonometry from + - * / sqrt only (libm's last bits differ between
// platforms), for the network generators. Accurate to about 1e-16, far beyond
// what a generator needs.

#include "host/generate/fp_contract_off.hpp"

#include <algorithm>
#include <cmath>

namespace hg::deterministic {

inline constexpr double kPi = 3.141592653589793;
inline constexpr double kHalfPi = 1.5707963267948966;
inline constexpr double kDegree = kPi / 180.0;

// Taylor series on |r| <= π/4; the first omitted term is below 1e-17.
inline double sin_small(double r) {
  const double r2 = r * r;
  double p = 1.0 / 355687428096000.0;  // 1/17!
  p = p * r2 - 1.0 / 1307674368000.0;
  p = p * r2 + 1.0 / 6227020800.0;
  p = p * r2 - 1.0 / 39916800.0;
  p = p * r2 + 1.0 / 362880.0;
  p = p * r2 - 1.0 / 5040.0;
  p = p * r2 + 1.0 / 120.0;
  p = p * r2 - 1.0 / 6.0;
  return r + r * r2 * p;
}

inline double cos_small(double r) {
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
inline SinCos sincos(double x) {  // radians, |x| of a few turns at most
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
inline double atan(double x) {
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
inline double atan2(double y, double x) {
  if (x > 0) return atan(y / x);
  if (x < 0) return y >= 0 ? atan(y / x) + kPi : atan(y / x) - kPi;
  return y > 0 ? kHalfPi : (y < 0 ? -kHalfPi : 0.0);
}
inline double asin(double s) {
  s = std::clamp(s, -1.0, 1.0);
  return atan2(s, std::sqrt((1.0 - s) * (1.0 + s)));
}

}  // namespace hg::deterministic
