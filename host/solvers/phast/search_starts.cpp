#include "host/solvers/phast/search_starts.hpp"

#include <omp.h>

#include <algorithm>

#include "host/solvers/phast/phast_cpu.hpp"

namespace hg {

PhastStartSearches::PhastStartSearches(const SweepGraph& graph, int threads)
    : graph_(graph), threads_(std::max(1, threads)), cursor_(graph.node_count, 0) {
  searches_.reserve(static_cast<std::size_t>(threads_));
  for (int t = 0; t < threads_; ++t) searches_.emplace_back(graph.node_count);
}

PhastStartSearches::~PhastStartSearches() = default;

void PhastStartSearches::run(std::span<const NodeId> sources, PhastSearchStarts& out) {
  const SweepGraph& g = graph_;
  if (found_.size() < sources.size()) found_.resize(sources.size());
  // 1. The searches, in positions: upward arcs by tail, stalled through the
  //    downward arcs by head (arcs from higher nodes).
  const AdjacencyView<PhastArc> relax{g.search_offsets.data(), g.search_arcs.data()};
  const AdjacencyView<PhastArc> stall{g.down_offsets.data(), g.down_arcs.data()};
  const auto lanes = static_cast<std::int64_t>(sources.size());
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads_)
  for (std::int64_t lane = 0; lane < lanes; ++lane) {
    std::vector<Found>& found = found_[static_cast<std::size_t>(lane)];
    found.clear();
    searches_[static_cast<std::size_t>(omp_get_thread_num())].run(
        relax, stall, g.position_of[sources[static_cast<std::size_t>(lane)]],
        [&](std::uint32_t position, Time d) { found.push_back({position, d}); });
  }

  // 2. Grouped by position (a counting sort over the positions reached,
  //    lanes in order, so each group's lanes ascend).
  out.groups.clear();
  std::size_t total = 0;
  for (std::size_t lane = 0; lane < sources.size(); ++lane)
    for (const Found& f : found_[lane])
      if (cursor_[f.position]++ == 0) out.groups.push_back({f.position, 0, 0});
  for (PhastStartGroup& group : out.groups) {
    group.first = static_cast<std::uint32_t>(total);
    total += cursor_[group.position];
    group.end = static_cast<std::uint32_t>(total);
    cursor_[group.position] = group.first;
  }
  out.starts.resize(total);
  for (std::size_t lane = 0; lane < sources.size(); ++lane)
    for (const Found& f : found_[lane]) out.starts[cursor_[f.position]++] = {static_cast<std::uint32_t>(lane), f.time};
  for (const PhastStartGroup& group : out.groups) cursor_[group.position] = 0;
}

void phast_scatter_runs(std::span<const PhastStartGroup> groups, PhastStartRun* runs) {
  for (const PhastStartGroup& g : groups) runs[g.position] = {g.first, g.end};
}

void phast_clear_runs(std::span<const PhastStartGroup> groups, PhastStartRun* runs) {
  for (const PhastStartGroup& g : groups) runs[g.position] = {0, 0};
}

}  // namespace hg
