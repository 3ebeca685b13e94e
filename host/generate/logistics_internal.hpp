#pragma once
// The logistics generator's internal types and steps (docs/generator.md),
// shared by its sources in host/generate/: the world of countries, the node
// segments, the node positions, the road mesh and the long-distance links.
// Private to hg_generate, like the headers it includes (fp_contract_off.hpp).
//
// The steps, in the order generate_logistics (logistics_generator.cpp) runs them:
//   make_world           countries.cpp            countries, borders, node budgets
//   place_nodes          node_placement.cpp       every node's position, handling, demand
//   name_nodes           node_names.cpp           codes and names
//   long_distance_links  long_distance_links.cpp  arterials, border roads, air, sea, rail
//   build_road_mesh      road_mesh.cpp            every node's nearest neighbours and server
//   assemble_edges       edges.cpp                roads and links, both ways
//   add_customs          customs.cpp              unions and the directed customs table

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "host/generate/geometry.hpp"
#include "host/generate/logistics_generator.hpp"
#include "host/generate/random.hpp"
#include "host/model/network.hpp"

namespace hg::logistics {

// ============================================================================
// Deterministic randomness (host/generate/random.hpp).
// ============================================================================

// One independent stream per purpose and index (a country, a node, …): any
// node can be generated alone, by any thread, in any order.
enum class Stream : std::uint64_t { populations = 1, placement, country, node, customs };

template <class T>
void shuffle(std::vector<T>& items, Rng& rng) {  // Fisher–Yates, not std::shuffle
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.below(i)]);
}

// ============================================================================
// The world: countries, their node segments, borders.
// ============================================================================

// A country's nodes in this order of segments; the first airport is its
// international hub airport, the first `metros` hubs sit at metro centres.
enum Segment : std::uint8_t { kAirports, kSeaports, kRail, kHubs, kSites, kCrossings, kZones, kSegmentCount };
inline constexpr std::array<NodeKind, kSegmentCount> kSegmentKind = {
    NodeKind::airport, NodeKind::seaport, NodeKind::rail_terminal, NodeKind::hub,
    NodeKind::site,    NodeKind::border_crossing, NodeKind::demand_zone};
inline constexpr std::array<char, kSegmentCount> kSegmentLetter = {'A', 'P', 'R', 'H', 'W', 'B', 'Z'};
struct HandlingRange {
  Time lo, hi;
};
inline constexpr std::array<HandlingRange, kSegmentCount> kHandling = {
    {{90, 240}, {360, 720}, {120, 240}, {60, 180}, {30, 90}, {15, 60}, {0, 0}}};

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

// Countries with their places, borders, node budgets and metros; the nodes
// of country c are [c.first, c.first + c.count), in segment order.
World make_world(const GenerateOptions& options, std::uint32_t country_count);

// ============================================================================
// Nodes.
// ============================================================================

struct NodeGeometry {
  std::vector<float> x, y;        // km in the country's local plane (spatial index)
  std::vector<UnitVector> point;  // on the sphere (great-circle distances)
};

// Fills kind, lat, lon, handling_time and demand; returns the positions the
// road mesh needs.
NodeGeometry place_nodes(const World& world, std::uint64_t seed, std::uint64_t n, Nodes& nodes);

// Fills code, name and country.
void name_nodes(const World& world, Nodes& nodes);

// ============================================================================
// The road mesh: every node to its nearest neighbours and its server.
// ============================================================================

inline constexpr std::uint32_t kRoadNeighbours = 3;

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

RoadMesh build_road_mesh(const World& world, const NodeGeometry& geo, std::uint64_t n);

// ============================================================================
// Long-distance links, edges, customs.
// ============================================================================

struct Link {
  NodeId u, v;
  EdgeMode mode;
  Time time;
};
using NodePair = std::pair<NodeId, NodeId>;

// Arterials, border roads, air, sea and rail legs, one Link per undirected leg.
std::vector<Link> long_distance_links(const World& world, const NodeGeometry& geo);

// Every road of the mesh and every link, in both directions.
void assemble_edges(const World& world, const NodeGeometry& geo, const RoadMesh& mesh,
                    const std::vector<Link>& links, std::uint64_t n, Edges& edges);

// The customs table and default (from the countries the links join).
void add_customs(const World& world, const std::vector<Link>& links, std::uint64_t seed, Network& net);

}  // namespace hg::logistics
