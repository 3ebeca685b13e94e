#pragma once
// The logistics generator's times of the legs, in minutes (docs/generator.md,
// "Legs").

#include "host/generate/fp_contract_off.hpp"

#include <algorithm>
#include <cmath>

#include "host/core/time.hpp"

namespace hg::logistics {

inline constexpr double kRoadDetour = 1.3;     // road km per great-circle km
inline constexpr double kArterialDetour = 1.2;
inline constexpr double kArterialKmh = 90.0;   // motorways between metro centres
inline constexpr double kBorderKmh = 40.0;     // approach lanes at a border post
inline constexpr double kAirKmh = 800.0;
inline constexpr Time kAirBlockOverhead = 30;  // taxi, climb, descent
inline constexpr double kSeaDetour = 1.3;
inline constexpr double kSeaKmh = 30.0;        // about 16 knots
inline constexpr double kRailDetour = 1.2;
inline constexpr double kRailKmh = 55.0;       // freight average, stops included

inline Time whole_minutes(double minutes) { return static_cast<Time>(std::floor(minutes + 0.5)); }
inline Time road_minutes(double km, double detour, double kmh) {
  return std::max<Time>(1, whole_minutes(km * detour * 60.0 / kmh));
}
inline Time air_minutes(double km) { return kAirBlockOverhead + whole_minutes(km * 60.0 / kAirKmh); }
inline Time sea_minutes(double km) { return std::max<Time>(60, whole_minutes(km * kSeaDetour * 60.0 / kSeaKmh)); }
inline Time rail_minutes(double km) { return std::max<Time>(20, whole_minutes(km * kRailDetour * 60.0 / kRailKmh)); }

}  // namespace hg::logistics
