#pragma once
// Hours on the command line -> times in the snapshot's unit.

#include <string_view>
#include <vector>

#include "host/model/network.hpp"

namespace hg {

// `hours` must be positive and a whole number of time units (36.5 h is 2190
// minutes; 0.01 h is not a whole minute), and the result at most kMaxCap.
Time hours_to_time(double hours, TimeUnit unit, std::string_view flag);

// The largest coverage threshold: one year. Coverage histograms have a bin
// per hour up to the largest threshold, so this bounds them too.
inline constexpr std::uint32_t kMaxThresholdHours = 8760;

// "24,48,72" -> {24, 48, 72}: whole hours 1..kMaxThresholdHours, sorted,
// without repeats (a list that had to be sorted or deduplicated is noted once).
std::vector<std::uint32_t> parse_hour_list(std::string_view text, std::string_view flag);

}  // namespace hg
