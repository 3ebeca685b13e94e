// The logistics generator's road mesh: a 2-d tree per country and point set;
// every node linked to its few nearest neighbours and to the node that serves
// it (docs/generator.md, "Legs" and "Performance").

#include <algorithm>
#include <array>
#include <cstddef>
#include <numeric>
#include <vector>

#include "host/generate/logistics_internal.hpp"

namespace hg::logistics {
namespace {

// A static k-d tree over the nodes [first, first + count): balanced by
// medians, split along the wider side. Nearest-neighbour answers are exact,
// with ties to the lower node id, so they do not depend on the tree's shape.
class KdTree {
 public:
  struct Point {
    float x, y;
    NodeId id;
  };

  KdTree() = default;
  KdTree(NodeId first, std::uint32_t count, const NodeGeometry& geo)
      : points_(count), split_(count, 0.0f), axis_(count, 0) {
    for (std::uint32_t i = 0; i < count; ++i) points_[i] = {geo.x[first + i], geo.y[first + i], first + i};
    build(0, count);
  }

  std::size_t size() const { return points_.size(); }
  const Point& point(std::size_t i) const { return points_[i]; }

  // Up to k (<= kMaxK) nearest to (x, y), nearest first, never `exclude`;
  // writes them to out and returns how many.
  static constexpr std::uint32_t kMaxK = 8;
  std::uint32_t nearest(double x, double y, NodeId exclude, std::uint32_t k, NodeId* out) const {
    Query q{x, y, exclude, k};
    if (!points_.empty()) search(0, points_.size(), q);
    std::copy_n(q.id.begin(), q.size, out);
    return q.size;
  }

 private:
  static constexpr std::size_t kLeaf = 16;

  struct Query {
    double x, y;
    NodeId exclude;
    std::uint32_t k;
    std::uint32_t size = 0;
    std::array<double, kMaxK> d2{};
    std::array<NodeId, kMaxK> id{};

    double bound() const { return size < k ? kInf : d2[size - 1]; }
    static bool before(double da, NodeId a, double db, NodeId b) { return da < db || (da == db && a < b); }
    void offer(const Point& p) {
      const double dx = static_cast<double>(p.x) - x, dy = static_cast<double>(p.y) - y;
      const double dist2 = dx * dx + dy * dy;
      if (dist2 > bound() || p.id == exclude) return;
      if (size == k && !before(dist2, p.id, d2[k - 1], id[k - 1])) return;
      std::uint32_t pos = size < k ? size++ : k - 1;
      for (; pos > 0 && before(dist2, p.id, d2[pos - 1], id[pos - 1]); --pos) d2[pos] = d2[pos - 1], id[pos] = id[pos - 1];
      d2[pos] = dist2;
      id[pos] = p.id;
    }
  };

  // A range [lo, hi) longer than a leaf splits at mid = lo + (hi - lo) / 2
  // into [lo, mid), coordinates <= split_[mid], and [mid, hi), coordinates
  // >= split_[mid]. No two inner ranges share their mid, so split_ and
  // axis_ are indexed by it.
  void build(std::size_t lo, std::size_t hi) {
    if (hi - lo <= kLeaf) return;
    float min_x = points_[lo].x, max_x = min_x, min_y = points_[lo].y, max_y = min_y;
    for (std::size_t i = lo; i < hi; ++i) {
      min_x = std::min(min_x, points_[i].x), max_x = std::max(max_x, points_[i].x);
      min_y = std::min(min_y, points_[i].y), max_y = std::max(max_y, points_[i].y);
    }
    const bool split_y = max_y - min_y > max_x - min_x;
    const std::size_t mid = lo + (hi - lo) / 2;
    const auto at = [](std::vector<Point>& v, std::size_t i) { return v.begin() + static_cast<std::ptrdiff_t>(i); };
    if (split_y)
      std::nth_element(at(points_, lo), at(points_, mid), at(points_, hi),
                       [](const Point& a, const Point& b) { return a.y < b.y || (a.y == b.y && a.id < b.id); });
    else
      std::nth_element(at(points_, lo), at(points_, mid), at(points_, hi),
                       [](const Point& a, const Point& b) { return a.x < b.x || (a.x == b.x && a.id < b.id); });
    split_[mid] = split_y ? points_[mid].y : points_[mid].x;
    axis_[mid] = split_y ? 1 : 0;
    build(lo, mid);
    build(mid, hi);
  }

  void search(std::size_t lo, std::size_t hi, Query& q) const {
    if (hi - lo <= kLeaf) {
      for (std::size_t i = lo; i < hi; ++i) q.offer(points_[i]);
      return;
    }
    const std::size_t mid = lo + (hi - lo) / 2;
    const double diff = (axis_[mid] ? q.y : q.x) - static_cast<double>(split_[mid]);
    if (diff < 0) {
      search(lo, mid, q);
      if (diff * diff <= q.bound()) search(mid, hi, q);
    } else {
      search(mid, hi, q);
      if (diff * diff <= q.bound()) search(lo, mid, q);
    }
  }

  std::vector<Point> points_;
  std::vector<float> split_;        // split coordinate of the inner range whose mid is here
  std::vector<std::uint8_t> axis_;  // 0: x, 1: y
};

// The trees of one country: all its nodes, the nodes that serve demand zones
// (hubs and sites, contiguous), the hubs, and the metro-centre hubs.
struct CountryTrees {
  KdTree all, servers, hubs, metro_hubs;
};

// nearest hub, hubs by the nearest metro-centre hub: a tree per country that
// the metro arterials then join, so every country is connected.
const KdTree* server_tree(const CountryTrees& trees, const Country& c, Segment s, std::uint32_t t) {
  if (s == kZones) return &trees.servers;
  if (s == kHubs) return t < c.metro_count ? nullptr : &trees.metro_hubs;
  return &trees.hubs;
}

}  // namespace

RoadMesh build_road_mesh(const World& world, const NodeGeometry& geo, std::uint64_t n) {
  const std::size_t country_count = world.countries.size();
  // 1. Trees, one country per task, largest first.
  std::vector<CountryTrees> trees(country_count);
  std::vector<std::size_t> by_size(country_count);
  std::iota(by_size.begin(), by_size.end(), std::size_t{0});
  std::sort(by_size.begin(), by_size.end(), [&](std::size_t a, std::size_t b) {
    return world.countries[a].count != world.countries[b].count ? world.countries[a].count > world.countries[b].count
                                                                : a < b;
  });
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(country_count); ++k) {
    const Country& c = world.countries[by_size[static_cast<std::size_t>(k)]];
    CountryTrees& t = trees[by_size[static_cast<std::size_t>(k)]];
    t.all = KdTree(c.first, c.count, geo);
    t.servers = KdTree(c.id(kHubs, 0), c.size(kHubs) + c.size(kSites), geo);
    t.hubs = KdTree(c.id(kHubs, 0), c.size(kHubs), geo);
    t.metro_hubs = KdTree(c.id(kHubs, 0), c.metro_count, geo);
  }
  // 2. Queries in tree order (neighbours in space are neighbours in memory).
  RoadMesh mesh;
  mesh.near.assign(n * kRoadNeighbours, kNoNode);
  mesh.parent.assign(n, kNoNode);
#pragma omp parallel for schedule(dynamic, 4096)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
    const auto position = static_cast<NodeId>(i);
    const std::uint32_t ci = world.country_of(position);
    const Country& c = world.countries[ci];
    const KdTree::Point& p = trees[ci].all.point(position - c.first);
    trees[ci].all.nearest(p.x, p.y, p.id, kRoadNeighbours, &mesh.near[std::size_t{p.id} * kRoadNeighbours]);
    const auto [segment, t] = c.locate(p.id - c.first);
    if (const KdTree* servers = server_tree(trees[ci], c, segment, t))
      servers->nearest(p.x, p.y, p.id, 1, &mesh.parent[p.id]);
  }
  return mesh;
}

}  // namespace hg::logistics
