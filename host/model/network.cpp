#include "host/model/network.hpp"

#include <array>

namespace hg {
namespace {
constexpr std::array<std::string_view, kNodeKindCount> kKindNames = {
    "demand", "site", "hub", "airport", "seaport", "rail", "border", "other"};
constexpr std::array<std::string_view, kEdgeModeCount> kModeNames = {"road", "air", "rail", "sea",
                                                                     "transfer"};

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i)
    if (name == names[i]) return static_cast<Enum>(i);
  if (name.size() == 1 && name[0] >= '0' && static_cast<std::size_t>(name[0] - '0') < N)
    return static_cast<Enum>(name[0] - '0');
  return std::nullopt;
}
}  // namespace

std::string_view node_kind_name(NodeKind kind) { return kKindNames.at(static_cast<std::size_t>(kind)); }
std::optional<NodeKind> parse_node_kind(std::string_view name) {
  // Long forms are accepted too (docs/design.md#network-model-and-units).
  if (name == "demand_zone") return NodeKind::demand_zone;
  if (name == "warehouse") return NodeKind::site;
  if (name == "rail_terminal") return NodeKind::rail_terminal;
  if (name == "border_crossing") return NodeKind::border_crossing;
  return parse_name<NodeKind>(name, kKindNames);
}
std::string_view edge_mode_name(EdgeMode mode) { return kModeNames.at(static_cast<std::size_t>(mode)); }
std::optional<EdgeMode> parse_edge_mode(std::string_view name) {
  if (name == "other") return EdgeMode::transfer;
  return parse_name<EdgeMode>(name, kModeNames);
}
std::string_view time_unit_name(TimeUnit unit) { return unit == TimeUnit::minute ? "minute" : "second"; }
std::optional<TimeUnit> parse_time_unit(std::string_view name) {
  if (name == "minute") return TimeUnit::minute;
  if (name == "second") return TimeUnit::second;
  return std::nullopt;
}
Time units_per_hour(TimeUnit unit) { return unit == TimeUnit::minute ? 60 : 3600; }

}  // namespace hg
