#pragma once
// `hourglass generate --kind road`: big road-like networks (docs/generator.md,
// "Road networks"). A jittered grid of junctions, rows filled row-major, with
// local streets between grid neighbours, faster arterials on every 8th row and
// column, highways on every 64th, and one diagonal in some cells: planar, of
// degree at most 5, with a hop diameter of about 1.7·sqrt(N), and travel times
// in seconds.
//
// Like generate_logistics, the result is a function of the options alone:
// the same on every run, for any thread count, on any IEEE-754 platform.

#include <cstdint>
#include <optional>
#include <string>

#include "host/model/network.hpp"

namespace hg {

struct RoadOptions {
  std::uint64_t nodes = 10000;
  std::uint64_t seed = 1;
  std::string name = "generated";
  // Times in tenths of a second instead of seconds, as integer weights of
  // the magnitude DIMACS travel-time files have: for `generate --format
  // dimacs` only, since a snapshot's unit is a second or a minute. The
  // network is otherwise the same.
  bool tenths = false;
};

// The parameters of the network, public so that tests can check the result
// against them.
namespace road {

inline constexpr std::uint64_t kMinNodes = 2;  // a road has two ends
// Twice the DIMACS USA graph (24 million nodes): about 7 GiB to generate.
inline constexpr std::uint64_t kMaxNodes = 50'000'000;
inline constexpr std::uint64_t kArterialEvery = 8;  // rows and columns
inline constexpr std::uint64_t kHighwayEvery = 64;  // a multiple of kArterialEvery
// Distance between neighbouring grid lines, drawn per row and per column.
inline constexpr double kMinGapMetres = 150.0, kMaxGapMetres = 300.0;
// A junction sits within this share of the smaller gap beside it off its grid
// point; below 0.5, so that no two grid links cross.
inline constexpr double kJitter = 0.3;
inline constexpr double kDetour = 1.1;  // road metres per straight metre
struct SpeedRange {
  double min_kmh, max_kmh;
};
inline constexpr SpeedRange kLocalKmh{30.0, 50.0}, kArterialKmh{60.0, 70.0}, kHighwayKmh{100.0, 110.0};
// Node 0 (the south-west corner); rows run north, columns east.
inline constexpr double kOriginLat = 48.0, kOriginLon = 11.0;
inline constexpr double kMetresPerDegree = 6371008.8 * 3.141592653589793 / 180.0;

struct Grid {
  std::uint64_t cols = 0, rows = 0;  // cols = ceil(sqrt(nodes)); the last row may be partial
};
Grid grid_of(std::uint64_t nodes);

enum class LineClass : std::uint8_t { local, arterial, highway };
// The class of row or column `line` (links along it have its class).
LineClass line_class(std::uint64_t line);

}  // namespace road

// Builds the network, in seconds (or tenths). Throws InputError(usage) when
// nodes is below road::kMinNodes or above road::kMaxNodes, or the name is empty. The
// result passes validate_network and compile, and is strongly connected.
Network generate_road(const RoadOptions& options);

// Hops (edges) on a fewest-hop path from node 0 to the last node: the far
// corners of a generated road network. Works on any network; nullopt when the
// last node cannot be reached from node 0 (or there are no nodes).
std::optional<std::uint64_t> road_corner_hops(const Network& network);

}  // namespace hg
