#include "host/model/hours.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "host/core/errors.hpp"
#include "host/core/progress.hpp"

namespace hg {

Time hours_to_time(double hours, TimeUnit unit, std::string_view flag) {
  HG_EXPECTS(std::isfinite(hours) && hours > 0, ErrorKind::usage, "{}: {} is not a positive number of hours", flag,
             hours);
  const double units = hours * units_per_hour(unit);
  HG_EXPECTS(units <= kMaxCap, ErrorKind::usage, "{}: {} h is {} {}s, above the largest cap {}", flag, hours, units,
             time_unit_name(unit), kMaxCap);
  HG_EXPECTS(units == std::floor(units), ErrorKind::usage, "{}: {} h is not a whole number of {}s", flag, hours,
             time_unit_name(unit));
  return static_cast<Time>(units);
}

std::vector<std::uint32_t> parse_hour_list(std::string_view text, std::string_view flag) {
  std::vector<std::uint32_t> hours;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item =
        text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    HG_EXPECTS(ec == std::errc() && end == item.data() + item.size() && value > 0, ErrorKind::usage,
               "{}: '{}' is not a positive whole number of hours", flag, item);
    HG_EXPECTS(value <= kMaxThresholdHours, ErrorKind::usage,
               "{}: {} h is above the largest threshold, {} h (one year; the histogram has a bin per hour)", flag,
               value, kMaxThresholdHours);
    hours.push_back(value);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  const std::vector<std::uint32_t> given = hours;
  std::sort(hours.begin(), hours.end());
  hours.erase(std::unique(hours.begin(), hours.end()), hours.end());
  if (hours != given)
    note(fmt::format("{}: '{}' taken as {} (sorted, each threshold once)", flag, text, fmt::join(hours, ",")));
  return hours;
}

}  // namespace hg
