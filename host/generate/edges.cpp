// The logistics generator's edges: every road and link in both directions
// (same time each way), counted, prefix-summed and filled per node.

#include <cstdint>
#include <numeric>
#include <vector>

#include "host/generate/leg_times.hpp"
#include "host/generate/logistics_internal.hpp"

namespace hg::logistics {

void assemble_edges(const World& world, const NodeGeometry& geo, const RoadMesh& mesh,
                    const std::vector<Link>& links, std::uint64_t n, Edges& edges) {
  // 1. How many roads each node emits, and where its edges start.
  std::vector<std::uint64_t> offset(n + 1, 0);
#pragma omp parallel for schedule(static, 65536)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
    std::uint64_t count = 0;
    for (std::uint32_t j = 0; j < RoadMesh::kCandidates; ++j) count += mesh.emits(static_cast<NodeId>(i), j) ? 1 : 0;
    offset[static_cast<std::size_t>(i) + 1] = 2 * count;
  }
  std::partial_sum(offset.begin(), offset.end(), offset.begin());
  const std::uint64_t road_edges = offset[n];
  const std::uint64_t total = road_edges + 2 * links.size();
  edges.src.resize(total);
  edges.dst.resize(total);
  edges.mode.resize(total);
  edges.transit_time.resize(total);
  const auto put = [&](std::uint64_t e, NodeId u, NodeId v, EdgeMode mode, Time time) {  // u -> v, then v -> u
    edges.src[e] = edges.dst[e + 1] = u;
    edges.dst[e] = edges.src[e + 1] = v;
    edges.mode[e] = edges.mode[e + 1] = static_cast<std::uint8_t>(mode);
    edges.transit_time[e] = edges.transit_time[e + 1] = time;
  };
  // 2. Roads, node by node.
#pragma omp parallel for schedule(static, 65536)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
    const auto u = static_cast<NodeId>(i);
    const double kmh = world.countries[world.country_of(u)].truck_kmh;
    std::uint64_t e = offset[u];
    for (std::uint32_t j = 0; j < RoadMesh::kCandidates; ++j)
      if (mesh.emits(u, j)) {
        const NodeId v = mesh.candidate(u, j);
        put(e, u, v, EdgeMode::road, road_minutes(great_circle_km(geo.point[u], geo.point[v]), kRoadDetour, kmh));
        e += 2;
      }
  }
  // 3. Long-distance links.
  for (std::size_t k = 0; k < links.size(); ++k)
    put(road_edges + 2 * k, links[k].u, links[k].v, links[k].mode, links[k].time);
}

}  // namespace hg::logistics
