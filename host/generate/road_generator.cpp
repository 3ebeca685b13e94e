#include "host/generate/road_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "host/core/errors.hpp"
#include "host/generate/exact_math.hpp"
#include "host/generate/logistics_generator.hpp"
#include "host/generate/random.hpp"

namespace hg {
namespace {

// ============================================================================
// 1. Deterministic randomness (host/generate/random.hpp), one independent
//    stream per purpose and index, so any node is generated the same way
//    whichever thread takes it.
// ============================================================================

enum class Stream : std::uint64_t { grid_lines = 101, node, links };  // apart from the logistics generator's

using deterministic::Rng;

// cos of a latitude in [45°, 90°] as sin(90° − lat) by its Taylor series
// (|argument| <= π/4; error below 1e-17): libm's last bits differ between
// platforms. The grid stays within 48°N .. 61°N.
double cos_latitude(double degrees) {
  constexpr double kRadiansPerDegree = 3.141592653589793 / 180.0;
  return deterministic::sin_small((90.0 - degrees) * kRadiansPerDegree);
}

// ============================================================================
// 2. Layout: grid lines with random gaps, a junction jittered around each
//    grid point, its demand, and which link ties it to the arterials.
// ============================================================================

// Population-like demand: 100 people per junction on average, heavy-tailed
// (Pareto, shape 2), rounded, in [1, 20000].
constexpr double kMeanDemand = 100.0, kMaxDemand = 20000.0;

struct Layout {
  road::Grid grid;
  std::uint64_t n = 0;
  std::vector<double> x, y;  // metres east and north of node 0's grid point
  // For a node inside a block (neither its row nor its column is arterial):
  // 1 when its link to the left neighbour is never dropped, 0 when the one to
  // the neighbour below is. Each step goes left or down, so every such chain
  // ends on an arterial: the network stays connected whatever else is dropped.
  std::vector<std::uint8_t> keeps_left;

  std::uint64_t col(std::uint64_t i) const { return i % grid.cols; }
  std::uint64_t row(std::uint64_t i) const { return i / grid.cols; }
};

bool on_arterial(std::uint64_t line) { return line % road::kArterialEvery == 0; }

// Positions of `count` grid lines and the jitter each allows: kJitter of the
// smaller gap beside it, so that the jitter boxes of neighbouring lines never
// overlap (2 × 0.3 < 1) and no two grid links can cross.
struct Lines {
  std::vector<double> position, jitter;
};
Lines grid_lines(std::uint64_t count, Rng& rng) {
  Lines lines{std::vector<double>(count, 0.0), std::vector<double>(count, 0.0)};
  std::vector<double> gap(count > 0 ? count - 1 : 0);
  for (double& g : gap) g = rng.uniform(road::kMinGapMetres, road::kMaxGapMetres);
  for (std::uint64_t k = 1; k < count; ++k) lines.position[k] = lines.position[k - 1] + gap[k - 1];
  for (std::uint64_t k = 0; k < count; ++k) {
    double smaller = std::numeric_limits<double>::infinity();
    if (k > 0) smaller = std::min(smaller, gap[k - 1]);
    if (k + 1 < count) smaller = std::min(smaller, gap[k]);
    lines.jitter[k] = count > 1 ? road::kJitter * smaller : 0.0;
  }
  return lines;
}

Layout place_nodes(std::uint64_t n, std::uint64_t seed, Nodes& nodes) {
  Layout layout;
  layout.grid = road::grid_of(n);
  layout.n = n;
  Rng column_rng(seed, Stream::grid_lines, 0), row_rng(seed, Stream::grid_lines, 1);
  const Lines columns = grid_lines(layout.grid.cols, column_rng);
  const Lines rows = grid_lines(layout.grid.rows, row_rng);
  layout.x.resize(n);
  layout.y.resize(n);
  layout.keeps_left.resize(n);
  nodes.lat.resize(n);
  nodes.lon.resize(n);
  nodes.demand.resize(n);
#pragma omp parallel for schedule(static, 65536)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(n); ++k) {
    const auto i = static_cast<std::uint64_t>(k);
    const std::uint64_t c = layout.col(i), r = layout.row(i);
    Rng rng(seed, Stream::node, i);
    const double ux = rng.uniform();
    const double uy = rng.uniform();
    const double ud = rng.uniform_open();
    layout.keeps_left[i] = rng.uniform() < 0.5 ? 1 : 0;
    const double x = columns.position[c] + columns.jitter[c] * (2.0 * ux - 1.0);
    const double y = rows.position[r] + rows.jitter[r] * (2.0 * uy - 1.0);
    layout.x[i] = x;
    layout.y[i] = y;
    // Metres to degrees on the sphere: true distances in every direction.
    const double lat = road::kOriginLat + y / road::kMetresPerDegree;
    nodes.lat[i] = lat;
    nodes.lon[i] = road::kOriginLon + x / (road::kMetresPerDegree * cos_latitude(lat));
    nodes.demand[i] = std::clamp(std::floor(kMeanDemand * 0.5 / std::sqrt(ud) + 0.5), 1.0, kMaxDemand);
  }
  return layout;
}

// Codes "R<index>" (R0 is the south-west corner, R<cols> the node above it);
// the name is the code, the country ZZ (unknown).
void name_nodes(std::uint64_t n, Nodes& nodes) {
  nodes.code.reserve(n, n * 9);
  nodes.name.reserve(n, n * 9);
  nodes.country.reserve(n, n * 2);
  char code[24] = {'R'};
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto end = std::to_chars(code + 1, code + sizeof code, i).ptr;
    const std::string_view text(code, static_cast<std::size_t>(end - code));
    nodes.code.push_back(text);
    nodes.name.push_back(text);
    nodes.country.push_back("ZZ");
  }
  nodes.kind.assign(n, static_cast<std::uint8_t>(NodeKind::other));
  nodes.handling_time.assign(n, 0);
}

// ============================================================================
// 3. Links: each node owns the link to its right neighbour, the one to the
//    neighbour above, and the diagonal of the cell it is the lower-left
//    corner of. Every link is two edges of the same time.
// ============================================================================

// Share of the droppable local links (those that tie no node to the
// arterials) left out: about 14 % of all local grid links.
constexpr double kDropShare = 0.25;
// Share of the cells with even column and row (a quarter of all cells: every
// node is a corner of exactly one, so it gets one diagonal at most) that
// have a diagonal.
constexpr double kDiagonalShare = 0.5;

struct Link {
  NodeId from, to;
  Time time;  // seconds, or tenths of a second
};

road::SpeedRange speeds_of(road::LineClass line) {
  switch (line) {
    case road::LineClass::highway: return road::kHighwayKmh;
    case road::LineClass::arterial: return road::kArterialKmh;
    default: return road::kLocalKmh;
  }
}

// In `units` per second (1 or 10), rounded up: no link is quicker than its
// speed limit allows. (metres * 3.6 * 1.0 is metres * 3.6 exactly: seconds
// keep their bits.)
Time travel_time(const Layout& layout, std::uint64_t a, std::uint64_t b, double kmh, double units) {
  const double dx = layout.x[b] - layout.x[a];
  const double dy = layout.y[b] - layout.y[a];
  const double metres = std::sqrt(dx * dx + dy * dy) * road::kDetour;
  return static_cast<Time>(std::max(1.0, std::ceil(metres * 3.6 * units / kmh)));
}

// Twice the signed area of triangle (a, b, p): positive when p lies left of a → b.
double orientation(const Layout& layout, std::uint64_t a, std::uint64_t b, std::uint64_t p) {
  const double bx = layout.x[b] - layout.x[a], by = layout.y[b] - layout.y[a];
  const double px = layout.x[p] - layout.x[a], py = layout.y[p] - layout.y[a];
  return bx * py - by * px;
}
// Whether diagonal a-b lies inside the cell whose other corners are p and q:
// p and q strictly on opposite sides of it (jitter may make a cell concave,
// and then only one diagonal is inside).
bool inside_cell(const Layout& layout, std::uint64_t a, std::uint64_t b, std::uint64_t p, std::uint64_t q) {
  const double side_p = orientation(layout, a, b, p);
  const double side_q = orientation(layout, a, b, q);
  return (side_p > 0 && side_q < 0) || (side_p < 0 && side_q > 0);
}

// The links node i owns, written to out; returns how many (0..3). The same
// seven draws in the same order for every node, whatever is kept.
std::uint32_t owned_links(const Layout& layout, std::uint64_t seed, double units, std::uint64_t i,
                          std::array<Link, 3>& out) {
  const std::uint64_t cols = layout.grid.cols, n = layout.n;
  const std::uint64_t c = layout.col(i), r = layout.row(i);
  Rng rng(seed, Stream::links, i);
  const double right_drop = rng.uniform();
  const double right_speed = rng.uniform();
  const double up_drop = rng.uniform();
  const double up_speed = rng.uniform();
  const double diagonal = rng.uniform();
  const double diagonal_direction = rng.uniform();
  const double diagonal_speed = rng.uniform();
  const auto kmh = [](road::LineClass line, double u) {
    const road::SpeedRange range = speeds_of(line);
    return range.min_kmh + (range.max_kmh - range.min_kmh) * u;
  };
  std::uint32_t count = 0;
  const auto add = [&](std::uint64_t from, std::uint64_t to, double speed) {
    out[count++] = {static_cast<NodeId>(from), static_cast<NodeId>(to), travel_time(layout, from, to, speed, units)};
  };

  // 1. Along the row, to (c + 1, r). A local link stays when it is the one
  //    that ties (c + 1, r) to the arterials, else it may be dropped.
  const std::uint64_t right = i + 1;
  if (c + 1 < cols && right < n) {
    const bool ties_right = !on_arterial(c + 1) && layout.keeps_left[right] == 1;
    if (on_arterial(r) || ties_right || right_drop >= kDropShare) add(i, right, kmh(road::line_class(r), right_speed));
  }
  // 2. Along the column, to (c, r + 1); the same rule.
  const std::uint64_t up = i + cols;
  if (up < n) {
    const bool ties_up = !on_arterial(r + 1) && layout.keeps_left[up] == 0;
    if (on_arterial(c) || ties_up || up_drop >= kDropShare) add(i, up, kmh(road::line_class(c), up_speed));
  }
  // 3. One diagonal of the cell (c, r) .. (c + 1, r + 1), the one that lies
  //    inside it: a local street, and the network stays planar.
  const bool even_cell = c % 2 == 0 && r % 2 == 0;
  if (even_cell && c + 1 < cols && up + 1 < n && diagonal < kDiagonalShare) {
    const std::uint64_t rising_from = i, rising_to = up + 1;  // (c, r) - (c + 1, r + 1)
    const std::uint64_t falling_from = right, falling_to = up;  // (c + 1, r) - (c, r + 1)
    const bool rising_first = diagonal_direction < 0.5;
    const double speed = kmh(road::LineClass::local, diagonal_speed);
    const bool rising_inside = inside_cell(layout, rising_from, rising_to, falling_from, falling_to);
    const bool falling_inside = inside_cell(layout, falling_from, falling_to, rising_from, rising_to);
    if (rising_inside && (rising_first || !falling_inside)) add(rising_from, rising_to, speed);
    else if (falling_inside) add(falling_from, falling_to, speed);
  }
  return count;
}

void assemble_edges(const Layout& layout, std::uint64_t seed, double units, Edges& edges) {
  const std::uint64_t n = layout.n;
  // 1. How many edges each node emits (two per link), and where they start.
  std::vector<std::uint64_t> offset(n + 1, 0);
#pragma omp parallel for schedule(static, 65536)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(n); ++k) {
    std::array<Link, 3> links{};
    const std::uint32_t owned = owned_links(layout, seed, units, static_cast<std::uint64_t>(k), links);
    offset[static_cast<std::size_t>(k) + 1] = 2 * owned;
  }
  std::partial_sum(offset.begin(), offset.end(), offset.begin());
  const std::uint64_t total = offset[n];
  edges.src.resize(total);
  edges.dst.resize(total);
  edges.mode.assign(total, static_cast<std::uint8_t>(EdgeMode::road));
  edges.transit_time.resize(total);
  // 2. The edges, node by node: u -> v, then v -> u.
#pragma omp parallel for schedule(static, 65536)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(n); ++k) {
    const auto i = static_cast<std::uint64_t>(k);
    std::array<Link, 3> links{};
    const std::uint32_t owned = owned_links(layout, seed, units, i, links);
    std::uint64_t e = offset[i];
    for (std::uint32_t j = 0; j < owned; ++j, e += 2) {
      edges.src[e] = edges.dst[e + 1] = links[j].from;
      edges.dst[e] = edges.src[e + 1] = links[j].to;
      edges.transit_time[e] = edges.transit_time[e + 1] = links[j].time;
    }
  }
}

}  // namespace

namespace road {

Grid grid_of(std::uint64_t nodes) {
  if (nodes == 0) return {};
  auto cols = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(nodes)));
  while (cols * cols < nodes) ++cols;  // exact ceil(sqrt) for any 64-bit count the generator takes
  while (cols > 1 && (cols - 1) * (cols - 1) >= nodes) --cols;
  return {cols, (nodes + cols - 1) / cols};
}

LineClass line_class(std::uint64_t line) {
  if (line % kHighwayEvery == 0) return LineClass::highway;
  if (line % kArterialEvery == 0) return LineClass::arterial;
  return LineClass::local;
}

}  // namespace road

Network generate_road(const RoadOptions& options) {
  // 1. Check the request.
  HG_EXPECTS(options.nodes >= road::kMinNodes, ErrorKind::usage,
             "generate --kind road: {} nodes requested; at least {} (a road has two ends)", options.nodes,
             road::kMinNodes);
  HG_EXPECTS(options.nodes <= road::kMaxNodes, ErrorKind::usage,
             "generate --kind road: {} nodes requested; at most {}", options.nodes, road::kMaxNodes);
  HG_EXPECTS(!options.name.empty(), ErrorKind::usage, "generate: the snapshot name is empty");
  const std::uint64_t n = options.nodes;

  // 2. Nodes.
  Network net;
  net.name = options.name;
  net.time_unit = TimeUnit::second;
  const road::Grid grid = road::grid_of(n);
  net.description = fmt::format("synthetic road network: {} nodes on a grid of {} columns and {} rows, seed {}{}", n,
                                grid.cols, grid.rows, options.seed,
                                options.tenths ? "; times in tenths of a second" : "");
  // In name order, the order a snapshot reader returns them in.
  net.extra_attributes = {{"generator", "hourglass generate --kind road"},
                          {"generator_seed", std::to_string(options.seed)}};
  const Layout layout = place_nodes(n, options.seed, net.nodes);
  name_nodes(n, net.nodes);

  // 3. Roads, both ways.
  assemble_edges(layout, options.seed, options.tenths ? 10.0 : 1.0, net.edges);
  return net;
}

std::optional<std::uint64_t> road_corner_hops(const Network& network) {
  const std::size_t n = network.nodes.size();
  if (n == 0) return std::nullopt;
  // 1. Out-neighbours by source (a counting sort of the edges).
  std::vector<std::uint64_t> first(n + 1, 0);
  for (const NodeId s : network.edges.src) ++first[s + 1];
  std::partial_sum(first.begin(), first.end(), first.begin());
  std::vector<NodeId> neighbour(network.edges.size());
  {
    std::vector<std::uint64_t> cursor(first.begin(), first.end() - 1);
    for (std::size_t e = 0; e < network.edges.size(); ++e)
      neighbour[cursor[network.edges.src[e]]++] = network.edges.dst[e];
  }
  // 2. Breadth-first search from node 0, level by level, until the last node.
  const auto target = static_cast<NodeId>(n - 1);
  std::vector<bool> seen(n, false);
  std::vector<NodeId> level{0}, next_level;
  seen[0] = true;
  for (std::uint64_t hops = 0; !level.empty(); ++hops) {
    next_level.clear();
    for (const NodeId u : level) {
      if (u == target) return hops;
      for (std::uint64_t e = first[u]; e < first[u + 1]; ++e)
        if (!seen[neighbour[e]]) {
          seen[neighbour[e]] = true;
          next_level.push_back(neighbour[e]);
        }
    }
    level.swap(next_level);
  }
  return std::nullopt;
}

}  // namespace hg
