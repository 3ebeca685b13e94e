#pragma once
// A share of demand, or nothing where there is no demand to share: never
// 0 / 0, and never a silent 0 % for destinations nobody wants to reach.
// As JSON (null), CSV (empty) and a table cell ("n/a").

#include <fmt/format.h>

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace hg {

inline std::optional<double> share(double part, double whole) {
  return whole > 0 ? std::optional<double>(part / whole) : std::nullopt;
}
inline nlohmann::json share_json(double part, double whole) {
  const auto s = share(part, whole);
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}
inline std::string share_csv(double part, double whole) {
  const auto s = share(part, whole);
  return s ? fmt::format("{}", *s) : std::string();
}
inline std::string share_percent(double part, double whole) {
  const auto s = share(part, whole);
  return s ? fmt::format("{:6.2f} %", 100.0 * *s) : std::string("   n/a  ");
}

}  // namespace hg
