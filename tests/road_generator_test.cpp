#include "host/generate/road_generator.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "host/model/compile.hpp"
#include "host/core/errors.hpp"
#include "host/generate/logistics_generator.hpp"
#include "host/model/validate_network.hpp"
#include "io/import/road_import.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

Network generate(std::uint64_t nodes, std::uint64_t seed = 1) { return generate_road({nodes, seed, "road"}); }

// Where a node sits in the grid: index = row × cols + col.
struct Cell {
  std::int64_t col, row;
};
Cell cell_of(const road::Grid& grid, NodeId v) {
  return {static_cast<std::int64_t>(v % grid.cols), static_cast<std::int64_t>(v / grid.cols)};
}

// Metres east and north of the origin, recovered from the degrees (the
// inverse of the generator's conversion; libm's cos is close enough here).
struct Point {
  double x, y;
};
Point plane_point(const Network& net, NodeId v) {
  const double lat = net.nodes.lat[v];
  const double cos_lat = std::cos(lat * 3.141592653589793 / 180.0);
  return {(net.nodes.lon[v] - road::kOriginLon) * road::kMetresPerDegree * cos_lat,
          (lat - road::kOriginLat) * road::kMetresPerDegree};
}
double road_metres(const Network& net, NodeId u, NodeId v) {
  const Point a = plane_point(net, u), b = plane_point(net, v);
  return std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)) * road::kDetour;
}

// The class of the grid line a link runs along; diagonals are local streets.
road::LineClass link_class(const road::Grid& grid, NodeId u, NodeId v) {
  const Cell a = cell_of(grid, u), b = cell_of(grid, v);
  if (a.row == b.row) return road::line_class(static_cast<std::uint64_t>(a.row));
  if (a.col == b.col) return road::line_class(static_cast<std::uint64_t>(a.col));
  return road::LineClass::local;
}
road::SpeedRange speeds_of(road::LineClass line) {
  if (line == road::LineClass::highway) return road::kHighwayKmh;
  if (line == road::LineClass::arterial) return road::kArterialKmh;
  return road::kLocalKmh;
}

// The undirected links (u < v) and their time; fails when the two
// directions differ or a pair repeats.
std::map<std::pair<NodeId, NodeId>, Time> links_of(const Network& net) {
  std::map<std::pair<NodeId, NodeId>, Time> links;
  std::map<std::pair<NodeId, NodeId>, int> directions;
  for (std::size_t e = 0; e < net.edges.size(); ++e) {
    const NodeId u = net.edges.src[e], v = net.edges.dst[e];
    EXPECT_NE(u, v);
    const auto key = std::minmax(u, v);
    const auto [it, fresh] = links.try_emplace(key, net.edges.transit_time[e]);
    if (!fresh) {
      EXPECT_EQ(it->second, net.edges.transit_time[e]) << "the two directions of " << u << "-" << v;
    }
    ++directions[key];
  }
  for (const auto& [link, count] : directions) EXPECT_EQ(count, 2) << link.first << "-" << link.second;
  return links;
}

double cross(Point o, Point p, Point q) { return (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x); }

// Whether the diagonal u-v lies inside its grid cell: the cell's two other
// corners on opposite sides of it (jitter can make a cell concave, and then
// one diagonal would leave the cell and cross a neighbouring street).
bool diagonal_inside_cell(const Network& net, const road::Grid& grid, NodeId u, NodeId v) {
  const Cell a = cell_of(grid, u), b = cell_of(grid, v);
  const auto at = [&](std::int64_t col, std::int64_t row) {
    return plane_point(net, static_cast<NodeId>(static_cast<std::uint64_t>(row) * grid.cols +
                                                static_cast<std::uint64_t>(col)));
  };
  const double side_p = cross(plane_point(net, u), plane_point(net, v), at(a.col, b.row));
  const double side_q = cross(plane_point(net, u), plane_point(net, v), at(b.col, a.row));
  return (side_p > 0 && side_q < 0) || (side_p < 0 && side_q > 0);
}

// How many nodes a breadth-first search reaches from node 0, along the edges
// or against them.
std::size_t reached_from_node_0(const Network& net, bool forward) {
  std::vector<std::vector<NodeId>> out(net.nodes.size());
  for (std::size_t e = 0; e < net.edges.size(); ++e) {
    const NodeId s = net.edges.src[e], d = net.edges.dst[e];
    if (forward) out[s].push_back(d);
    else out[d].push_back(s);
  }
  std::vector<bool> seen(net.nodes.size(), false);
  std::vector<NodeId> queue{0};
  seen[0] = true;
  for (std::size_t head = 0; head < queue.size(); ++head)
    for (const NodeId v : out[queue[head]])
      if (!seen[v]) seen[v] = true, queue.push_back(v);
  return queue.size();
}

Time median(std::vector<Time> values) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
  return values[values.size() / 2];
}

// The longest a link can take: a diagonal across the widest cell with both
// ends jittered outwards, at the slowest local speed, rounded up.
Time longest_possible_link_seconds() {
  const double span = (1.0 + 2.0 * road::kJitter) * road::kMaxGapMetres;
  const double metres = std::sqrt(2.0) * span * road::kDetour;
  return static_cast<Time>(std::ceil(metres * 3.6 / road::kLocalKmh.min_kmh));
}

const std::vector<std::uint64_t> kSizes = {2, 3, 4, 5, 7, 16, 17, 63, 64, 65, 100, 999, 1000, 4999, 5000};

// --- size, validity, connectivity ---------------------------------------------

TEST(GenerateRoad, NodeCountIsExactValidAndCompiles) {
  for (const std::uint64_t n : kSizes) {
    const Network net = generate(n, 3);
    ASSERT_EQ(net.nodes.size(), n);
    EXPECT_EQ(net.time_unit, TimeUnit::second);
    EXPECT_NO_THROW(validate_network(net, "road")) << n;
    const Problem problem = compile(net, "road");
    EXPECT_LT(problem.path_bound, kInfinity) << n;
  }
}

TEST(GenerateRoad, EveryNodeReachesEveryOther) {
  for (const std::uint64_t seed : {1, 2, 3, 4, 5})
    for (const std::uint64_t n : kSizes) {
      const Network net = generate(n, seed);
      EXPECT_EQ(reached_from_node_0(net, true), n) << n << " nodes, seed " << seed;
      EXPECT_EQ(reached_from_node_0(net, false), n) << n << " nodes, seed " << seed;
    }
}

TEST(GenerateRoad, TinyNetworks) {
  const Network two = generate(2);
  ASSERT_EQ(two.edges.size(), 2u);  // one link, both ways
  EXPECT_EQ(std::min(two.edges.src[0], two.edges.dst[0]), 0u);
  EXPECT_EQ(std::max(two.edges.src[0], two.edges.dst[0]), 1u);
  EXPECT_EQ(road_corner_hops(two), 1u);
  // Three nodes: two in the first row, one above the first; both arterial.
  const Network three = generate(3);
  EXPECT_EQ(links_of(three).size(), 2u);
  EXPECT_EQ(road_corner_hops(three), 1u);
}

// --- determinism -------------------------------------------------------------

TEST(GenerateRoad, SameSeedGivesIdenticalNetwork) { test::expect_same_network(generate(5000, 7), generate(5000, 7)); }

TEST(GenerateRoad, DifferentSeedGivesDifferentNetwork) {
  const Network a = generate(5000, 7), b = generate(5000, 8);
  EXPECT_NE(a.nodes.lat, b.nodes.lat);
  EXPECT_NE(a.nodes.demand, b.nodes.demand);
  EXPECT_NE(a.edges.dst, b.edges.dst);
  EXPECT_NE(a.edges.transit_time, b.edges.transit_time);
}

// The exact bits of one network, pinned: GCC 12 (-O2, with and without
// -march=x86-64-v3) and Clang 14 (-O1, -O3 -march=x86-64-v3) agreed when this
// was written. A deliberate change to the generator changes this value;
// update it then, and say so in the change.
TEST(GenerateRoad, SameBitsOnEveryPlatform) {
  EXPECT_EQ(test::network_fingerprint(generate(2000, 1)), 0xfc20e16609917b76ull);
}

TEST(GenerateRoad, SameForAnyThreadCount) {
  test::expect_same_for_any_thread_count([] { return generate(200000, 3); });
}

// --- shape: planar, low degree, a long way across ------------------------------

TEST(GenerateRoad, LinksJoinGridNeighboursOrOneDiagonalPerEvenCell) {
  for (const std::uint64_t n : {17ull, 1000ull, 4999ull}) {
    const Network net = generate(n, 9);
    const road::Grid grid = road::grid_of(n);
    std::set<std::pair<std::int64_t, std::int64_t>> cells_with_diagonal;
    std::vector<std::uint32_t> degree(n, 0);
    for (const auto& [link, time] : links_of(net)) {
      const Cell a = cell_of(grid, link.first), b = cell_of(grid, link.second);
      const std::int64_t dc = std::abs(a.col - b.col), dr = std::abs(a.row - b.row);
      ++degree[link.first], ++degree[link.second];
      ASSERT_LE(dc, 1) << link.first << "-" << link.second;
      ASSERT_LE(dr, 1) << link.first << "-" << link.second;
      if (dc == 1 && dr == 1) {
        const std::int64_t col = std::min(a.col, b.col), row = std::min(a.row, b.row);
        EXPECT_TRUE(col % 2 == 0 && row % 2 == 0) << "diagonal in cell " << col << "," << row;
        EXPECT_TRUE(cells_with_diagonal.insert({col, row}).second) << "two diagonals in cell " << col << "," << row;
        EXPECT_TRUE(diagonal_inside_cell(net, grid, link.first, link.second)) << link.first << "-" << link.second;
      }
    }
    EXPECT_LE(*std::max_element(degree.begin(), degree.end()), 5u) << n;
    if (n >= 1000) {
      EXPECT_GT(cells_with_diagonal.size(), 0u);
    }
  }
}

// Whether two segments meet anywhere but at an endpoint they share.
bool segments_meet(Point a, Point b, Point c, Point d, bool share_a_or_b_with_c) {
  const double scale = 1e-9 * std::max({std::abs(b.x - a.x) + std::abs(b.y - a.y), 1.0});
  if (share_a_or_b_with_c) {  // c is a or b: they meet elsewhere only when they overlap
    const Point other = (c.x == a.x && c.y == a.y) ? b : a;
    const double dot = (other.x - c.x) * (d.x - c.x) + (other.y - c.y) * (d.y - c.y);
    return std::abs(cross(c, other, d)) < scale * 1e3 && dot > 0;
  }
  const double d1 = cross(a, b, c), d2 = cross(a, b, d), d3 = cross(c, d, a), d4 = cross(c, d, b);
  return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0));
}

TEST(GenerateRoad, NoTwoLinksCross) {
  // The check itself: an X, two apart, two overlapping from a shared end, a V.
  EXPECT_TRUE(segments_meet({0, 0}, {2, 2}, {0, 2}, {2, 0}, false));
  EXPECT_FALSE(segments_meet({0, 0}, {1, 0}, {0, 1}, {1, 1}, false));
  EXPECT_TRUE(segments_meet({0, 0}, {2, 0}, {0, 0}, {1, 0}, true));
  EXPECT_FALSE(segments_meet({0, 0}, {2, 0}, {0, 0}, {1, 1}, true));
  for (const std::uint64_t seed : {1, 2, 3}) {
    const Network net = generate(1000, seed);
    std::vector<std::pair<NodeId, NodeId>> links;
    for (const auto& [link, time] : links_of(net)) links.push_back(link);
    for (std::size_t i = 0; i < links.size(); ++i)
      for (std::size_t j = i + 1; j < links.size(); ++j) {
        auto [a, b] = links[i];
        auto [c, d] = links[j];
        if (a == d || b == d) std::swap(c, d);  // a shared endpoint comes first
        const bool shared = c == a || c == b;
        if (shared && (d == a || d == b)) continue;
        EXPECT_FALSE(segments_meet(plane_point(net, a), plane_point(net, b), plane_point(net, c),
                                   plane_point(net, d), shared))
            << "links " << a << "-" << b << " and " << c << "-" << d << ", seed " << seed;
      }
  }
}

TEST(GenerateRoad, CornersAreFarApartInHops) {
  for (const std::uint64_t n : {16ull, 17ull, 100ull, 999ull, 5000ull, 40000ull}) {
    const Network net = generate(n, 4);
    const road::Grid grid = road::grid_of(n);
    const std::optional<std::uint64_t> hops = road_corner_hops(net);
    ASSERT_TRUE(hops.has_value()) << n;
    // A link moves at most one column and one row.
    const Cell corner = cell_of(grid, static_cast<NodeId>(n - 1));
    EXPECT_GE(*hops, static_cast<std::uint64_t>(std::max(corner.col, corner.row))) << n;
    EXPECT_GE(static_cast<double>(*hops), std::sqrt(static_cast<double>(n)) / 2.0) << n;
    EXPECT_LE(*hops, 2 * (grid.cols + grid.rows)) << n;  // and dropped links cost little
  }
}

TEST(GenerateRoad, CornerHopsOnAnyNetwork) {
  const Network path = test::NetworkBuilder("p", TimeUnit::second)
                           .node("A", "ZZ").node("B", "ZZ").node("C", "ZZ").node("D", "ZZ")
                           .edge("A", "B", 5).edge("B", "C", 5).edge("A", "C", 50).edge("C", "D", 1)
                           .build();
  EXPECT_EQ(road_corner_hops(path), 2u);  // A-C-D: fewest hops, not quickest
  const Network one_way = test::NetworkBuilder("p").node("A").node("B").edge("B", "A", 1).build();
  EXPECT_EQ(road_corner_hops(one_way), std::nullopt);
  EXPECT_EQ(road_corner_hops(Network{}), std::nullopt);
  EXPECT_EQ(road_corner_hops(test::NetworkBuilder("p").node("A").build()), 0u);
}

// --- times ---------------------------------------------------------------------

TEST(GenerateRoad, TimesKeepToTheSpeedLimits) {
  const Network net = generate(5000, 5);
  const road::Grid grid = road::grid_of(5000);
  const Time longest = longest_possible_link_seconds();
  for (const auto& [link, time] : links_of(net)) {
    const double metres = road_metres(net, link.first, link.second);
    const road::SpeedRange speeds = speeds_of(link_class(grid, link.first, link.second));
    ASSERT_GE(time, 1u);
    EXPECT_LE(time, longest);
    // Rounded up: never faster than the limit, at most a second slower than the slowest.
    EXPECT_GE(time * speeds.max_kmh / 3.6, metres * (1 - 1e-9)) << link.first << "-" << link.second;
    EXPECT_LE(time, std::ceil(metres * 3.6 / speeds.min_kmh * (1 + 1e-9))) << link.first << "-" << link.second;
    EXPECT_GE(metres, (1 - 2 * road::kJitter) * road::kMinGapMetres * road::kDetour * (1 - 1e-9));
  }
}

TEST(GenerateRoad, ArterialsAndHighwaysAreFasterPerMetre) {
  const Network net = generate(40000, 6);  // 200 columns: highways on rows and columns 0, 64, 128, 192
  const road::Grid grid = road::grid_of(40000);
  std::map<road::LineClass, std::pair<double, double>> metres_and_seconds;
  for (const auto& [link, time] : links_of(net)) {
    auto& sum = metres_and_seconds[link_class(grid, link.first, link.second)];
    sum.first += road_metres(net, link.first, link.second);
    sum.second += time;
  }
  ASSERT_EQ(metres_and_seconds.size(), 3u);
  const auto kmh = [&](road::LineClass line) {
    return 3.6 * metres_and_seconds[line].first / metres_and_seconds[line].second;
  };
  const double local = kmh(road::LineClass::local), arterial = kmh(road::LineClass::arterial);
  const double highway = kmh(road::LineClass::highway);
  std::printf("  average speeds: local %.1f, arterial %.1f, highway %.1f km/h\n", local, arterial, highway);
  EXPECT_LT(local, road::kLocalKmh.max_kmh);
  EXPECT_GT(arterial, road::kLocalKmh.max_kmh);
  EXPECT_LT(arterial, road::kArterialKmh.max_kmh);
  EXPECT_GT(highway, road::kArterialKmh.max_kmh);
  EXPECT_LT(highway, road::kHighwayKmh.max_kmh);
}

// No link can take longer than longest_possible_link_seconds(), so the sum
// of the n - 1 largest edge times stays below 90 (n - 1): below 2^31 up to 23
// million nodes. Beyond, up to road::kMaxNodes, compile() proves its bound by
// the component searches (PathBound.*): the network is strongly connected.
TEST(GenerateRoad, PathBoundWithinTheLongestLink) {
  const Time longest = longest_possible_link_seconds();
  EXPECT_EQ(longest, 90u);
  EXPECT_GT((road::kMaxNodes - 1) * std::uint64_t{longest}, std::uint64_t{kInfinity});
  const Network net = generate(100000, 8);
  EXPECT_LE(compile(net, "road").path_bound, (net.nodes.size() - 1) * std::uint64_t{longest});
}

// The documented shares: about 14 % of local grid links dropped, a diagonal
// in about 1/8 of the cells, mean degree about 3.8.
TEST(GenerateRoad, DroppedLinksAndDiagonalsAsDocumented) {
  const std::uint64_t n = 250000;  // 500 × 500
  const Network net = generate(n, 10);
  const road::Grid grid = road::grid_of(n);
  std::uint64_t local_grid_links = 0, diagonals = 0;
  for (const auto& [link, time] : links_of(net)) {
    const Cell a = cell_of(grid, link.first), b = cell_of(grid, link.second);
    if (a.col != b.col && a.row != b.row) {
      ++diagonals;
      EXPECT_TRUE(diagonal_inside_cell(net, grid, link.first, link.second)) << link.first << "-" << link.second;
    } else if (link_class(grid, link.first, link.second) == road::LineClass::local) ++local_grid_links;
  }
  // Grid links on lines that are not arterial: 7/8 of the rows and columns.
  const double possible_local = 2.0 * static_cast<double>(grid.cols - 1) * static_cast<double>(grid.rows) * 7.0 / 8.0;
  const double dropped = 1.0 - static_cast<double>(local_grid_links) / possible_local;
  const double cells = static_cast<double>((grid.cols - 1) * (grid.rows - 1));
  const double mean_degree = static_cast<double>(net.edges.size()) / static_cast<double>(n);
  std::printf("  dropped %.3f of local links, diagonals in %.3f of cells, mean degree %.2f, median link %u s\n",
              dropped, static_cast<double>(diagonals) / cells, mean_degree, median(net.edges.transit_time));
  EXPECT_GT(dropped, 0.10);
  EXPECT_LT(dropped, 0.16);
  EXPECT_NEAR(static_cast<double>(diagonals) / cells, 0.125, 0.01);
  EXPECT_NEAR(mean_degree, 3.8, 0.2);
}

// --- nodes and attributes ---------------------------------------------------------

TEST(GenerateRoad, NodesAreJunctionsWithDemand) {
  const Network net = generate(3000, 11);
  for (NodeId v = 0; v < net.nodes.size(); ++v) {
    ASSERT_EQ(net.nodes.code[v], "R" + std::to_string(v));
    ASSERT_EQ(net.nodes.name[v], net.nodes.code[v]);
    ASSERT_EQ(net.nodes.country[v], "ZZ");
    ASSERT_EQ(net.nodes.kind[v], static_cast<std::uint8_t>(NodeKind::other));
    ASSERT_EQ(net.nodes.handling_time[v], 0u);
    ASSERT_GE(net.nodes.demand[v], 1.0);
    ASSERT_LE(net.nodes.demand[v], 20000.0);
    ASSERT_EQ(net.nodes.demand[v], std::floor(net.nodes.demand[v]));
    ASSERT_GE(net.nodes.lat[v], road::kOriginLat - 0.01);
    ASSERT_GE(net.nodes.lon[v], road::kOriginLon - 0.01);
  }
  std::vector<double> demand = net.nodes.demand;
  std::sort(demand.begin(), demand.end());
  EXPECT_GT(demand.back(), 8 * demand[demand.size() / 2]) << "heavy-tailed";
  EXPECT_EQ(net.name, "road");
  EXPECT_NE(net.description.find("3000 nodes"), std::string::npos) << net.description;
  const std::vector<std::pair<std::string, std::string>> attributes = {
      {"generator", "hourglass generate --kind road"}, {"generator_seed", "11"}};
  EXPECT_EQ(net.extra_attributes, attributes);
}

TEST(GenerateRoad, RoundTripsThroughASnapshotFile) {
  const Network net = generate(2000, 17);
  const std::string file = (test::temp_dir() / "road.h5").string();
  io::write_snapshot(file, net);
  const Network back = io::read_snapshot(file);
  EXPECT_EQ(back.description, net.description);
  test::expect_same_network(back, net);
}

TEST(GenerateRoad, GridIsAsSquareAsTheCountAllows) {
  EXPECT_EQ(road::grid_of(2).cols, 2u);
  EXPECT_EQ(road::grid_of(2).rows, 1u);
  EXPECT_EQ(road::grid_of(16).cols, 4u);
  EXPECT_EQ(road::grid_of(17).cols, 5u);
  EXPECT_EQ(road::grid_of(17).rows, 4u);
  EXPECT_EQ(road::grid_of(20'000'000).cols, 4473u);
  EXPECT_EQ(road::grid_of(road::kMaxNodes).cols, 7072u);  // 7071^2 = 49,999,041
  EXPECT_EQ(road::line_class(0), road::LineClass::highway);
  EXPECT_EQ(road::line_class(8), road::LineClass::arterial);
  EXPECT_EQ(road::line_class(9), road::LineClass::local);
  EXPECT_EQ(road::line_class(128), road::LineClass::highway);
}

// --- bad requests ---------------------------------------------------------------------

TEST(GenerateRoad, RefusesImpossibleRequests) {
  for (const std::uint64_t n : std::vector<std::uint64_t>{0, 1, road::kMaxNodes + 1, ~0ull})
    test::expect_input_error([n] { generate(n); }, ErrorKind::usage, std::to_string(n));
  test::expect_input_error([] { generate_road({100, 1, ""}); }, ErrorKind::usage, "name");
}

// --- the command line -------------------------------------------------------------------

TEST(GenerateRoadCli, WritesASnapshotAndSaysHowFarTheCornersAre) {
  const std::string out = (test::temp_dir() / "road.h5").string();
  const auto r = test::run_hourglass({"generate", "--kind", "road", "--nodes", "2500", "--seed", "2", "-o", out});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("2500 nodes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("time unit second"), std::string::npos) << r.out;
  const Network net = io::read_snapshot(out);
  EXPECT_NE(r.out.find("hop distance corner to corner: " + std::to_string(*road_corner_hops(net))),
            std::string::npos)
      << r.out;
  test::expect_same_network(net, generate_road({2500, 2, "generated"}));
  EXPECT_EQ(test::run_hourglass({"verify", out, "--sample", "3"}).status, 0);
}

// --format dimacs: the same network in tenths of a second, which imports back
// with --scale 0.1; every time rounds up to the seconds of the snapshot.
TEST(GenerateRoadCli, DimacsFilesImportBackAsTheSameNetwork) {
  namespace fs = std::filesystem;
  const fs::path dir = test::temp_dir();
  const std::string prefix = (dir / "road").string(), snapshot = (dir / "road.h5").string();
  const auto r = test::run_hourglass({"generate", "--kind", "road", "--nodes", "3000", "--seed", "4", "--format",
                                      "dimacs", "-o", prefix});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("weights in tenths of a second"), std::string::npos) << r.out;
  io::DimacsImportOptions o;
  o.gr_file = prefix + ".gr";
  o.co_file = prefix + ".co";
  const Network tenths = io::import_dimacs(o);
  const Network seconds = generate_road({3000, 4, "generated"});
  ASSERT_EQ(tenths.nodes.size(), seconds.nodes.size());
  EXPECT_EQ(tenths.edges.src, seconds.edges.src);
  EXPECT_EQ(tenths.edges.dst, seconds.edges.dst);
  for (std::size_t e = 0; e < seconds.edges.size(); ++e)
    ASSERT_EQ((tenths.edges.transit_time[e] + 9) / 10, seconds.edges.transit_time[e]) << "edge " << e;
  for (std::size_t i = 0; i < seconds.nodes.size(); ++i) {
    ASSERT_NEAR(tenths.nodes.lat[i], seconds.nodes.lat[i], 5e-7) << i;
    ASSERT_NEAR(tenths.nodes.lon[i], seconds.nodes.lon[i], 5e-7) << i;
  }
  // Logistics networks have no DIMACS form; nothing is written.
  const std::string other = (dir / "logistics").string();
  const auto bad = test::run_hourglass({"generate", "--nodes", "1000", "--format", "dimacs", "-o", other});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("error [usage]"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(other + ".gr"));
}

TEST(GenerateRoadCli, CountriesOrTooFewNodesAreUsageErrors) {
  const std::string out = (test::temp_dir() / "road.h5").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"generate", "--kind", "road", "--nodes", "100", "--countries", "2", "-o", out},
        std::vector<std::string>{"generate", "--kind", "road", "--nodes", "1", "-o", out},
        std::vector<std::string>{"generate", "--kind", "roads", "--nodes", "100", "-o", out}}) {
    const auto r = test::run_hourglass(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("error [usage]"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

// --- measurement (not run by ctest) --------------------------------------------------------
// HG_ROAD_NODES=10000000 build/cpu/tests/road_generator_test --gtest_also_run_disabled_tests --gtest_filter='*Measure*'

TEST(GenerateRoad, DISABLED_MeasureScale) {
  const char* env = std::getenv("HG_ROAD_NODES");
  const std::uint64_t nodes = env ? std::strtoull(env, nullptr, 10) : 1000000;
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  const auto t0 = Clock::now();
  const Network net = generate(nodes, 1);
  const auto t1 = Clock::now();
  const std::string file = (test::temp_dir() / "road.h5").string();
  io::write_snapshot(file, net);
  const auto t2 = Clock::now();
  const std::optional<std::uint64_t> hops = road_corner_hops(net);
  const auto t3 = Clock::now();
  std::printf("nodes %zu, edges %zu, threads %d, median edge %u s, corner hops %llu\n", net.nodes.size(),
              net.edges.size(), omp_get_max_threads(), median(net.edges.transit_time),
              static_cast<unsigned long long>(hops.value_or(0)));
  std::printf("generate %.2f s, write %.2f s (%.0f MiB), corner hops %.2f s\n", seconds(t0, t1), seconds(t1, t2),
              static_cast<double>(std::filesystem::file_size(file)) / 1048576.0, seconds(t2, t3));
  const road::Grid grid = road::grid_of(nodes);
  std::uint64_t diagonals = 0, outside = 0;
  for (std::size_t e = 0; e < net.edges.size(); ++e) {
    const NodeId u = net.edges.src[e], v = net.edges.dst[e];
    const Cell a = cell_of(grid, u), b = cell_of(grid, v);
    if (u > v || a.col == b.col || a.row == b.row) continue;  // each diagonal once
    ++diagonals;
    outside += diagonal_inside_cell(net, grid, u, v) ? 0 : 1;
  }
  std::printf("diagonals %llu, outside their cell %llu\n", static_cast<unsigned long long>(diagonals),
              static_cast<unsigned long long>(outside));
  EXPECT_EQ(outside, 0u);
  if (std::getenv("HG_ROAD_COMPILE")) {
    const auto t4 = Clock::now();
    const Problem problem = compile(net, "road");
    std::printf("compile %.2f s, path bound %u\n", seconds(t4, Clock::now()), problem.path_bound);
  }
}

}  // namespace
}  // namespace hg
