#pragma once
// The network model: a snapshot as plain arrays (structure of arrays), exactly
// the datasets of snapshot format v1 after validation. Nothing here knows
// about solvers; host/model/compile.hpp turns a Network into what solvers see.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/core/string_column.hpp"
#include "host/core/time.hpp"

namespace hg {

enum class NodeKind : std::uint8_t {
  demand_zone = 0,
  site = 1,
  hub = 2,
  airport = 3,
  seaport = 4,
  rail_terminal = 5,
  border_crossing = 6,
  other = 7,
};
inline constexpr std::uint8_t kNodeKindCount = 8;

enum class EdgeMode : std::uint8_t { road = 0, air = 1, rail = 2, sea = 3, transfer = 4 };
inline constexpr std::uint8_t kEdgeModeCount = 5;

enum class TimeUnit : std::uint8_t { minute, second };

std::string_view node_kind_name(NodeKind kind);   // "demand", "site", "hub", …
std::optional<NodeKind> parse_node_kind(std::string_view name);  // name or digit
std::string_view edge_mode_name(EdgeMode mode);   // "road", "air", …
std::optional<EdgeMode> parse_edge_mode(std::string_view name);
std::string_view time_unit_name(TimeUnit unit);   // "minute" | "second"
std::optional<TimeUnit> parse_time_unit(std::string_view name);
Time units_per_hour(TimeUnit unit);

struct Nodes {
  StringColumn code;
  StringColumn name;
  std::vector<std::uint8_t> kind;  // NodeKind values
  StringColumn country;            // ISO 3166-1 alpha-2
  std::vector<double> lat;
  std::vector<double> lon;
  std::vector<Time> handling_time;
  std::vector<double> demand;

  std::size_t size() const { return code.size(); }
};

struct Edges {
  std::vector<NodeId> src;
  std::vector<NodeId> dst;
  std::vector<std::uint8_t> mode;  // EdgeMode values
  std::vector<Time> transit_time;

  std::size_t size() const { return src.size(); }
};

struct CustomsTable {
  StringColumn from;
  StringColumn to;
  std::vector<Time> time;

  std::size_t size() const { return from.size(); }
};

struct Network {
  std::string name;              // the snapshot's group name
  TimeUnit time_unit = TimeUnit::minute;
  std::string description;       // optional attribute
  std::string valid_from;        // optional attribute (ISO date)
  Time default_customs_time = 0;
  // Further string attributes a producer records (sources, parameters), in
  // name order (the order they are read back in).
  std::vector<std::pair<std::string, std::string>> extra_attributes;

  Nodes nodes;
  Edges edges;
  bool has_customs = false;      // whether the optional customs group exists
  CustomsTable customs;
};

}  // namespace hg
