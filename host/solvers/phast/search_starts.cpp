#include "host/solvers/phast/search_starts.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>

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

  // 2. Grouped by position, in parallel: count each position's starts
  //    (the thread that counts a position first lists it), lay the groups
  //    out one after another, fill them, and sort each group's lanes. The
  //    groups' order varies from run to run; their contents do not.
  touched_.resize(static_cast<std::size_t>(threads_));
  for (std::vector<std::uint32_t>& positions : touched_) positions.clear();
  const auto count_of = [&](std::uint32_t position) { return std::atomic_ref<std::uint32_t>(cursor_[position]); };
#pragma omp parallel num_threads(threads_)
  {
    std::vector<std::uint32_t>& mine = touched_[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::int64_t lane = 0; lane < lanes; ++lane)
      for (const Found& f : found_[static_cast<std::size_t>(lane)])
        if (count_of(f.position).fetch_add(1, std::memory_order_relaxed) == 0) mine.push_back(f.position);
  }
  out.groups.clear();
  std::uint32_t total = 0;
  for (const std::vector<std::uint32_t>& positions : touched_)
    for (const std::uint32_t position : positions) {
      const std::uint32_t count = cursor_[position];
      out.groups.push_back({position, total, total + count});
      cursor_[position] = total;
      total += count;
    }
  out.starts.resize(total);
  const auto groups = static_cast<std::int64_t>(out.groups.size());
#pragma omp parallel num_threads(threads_)
  {
#pragma omp for schedule(static)
    for (std::int64_t lane = 0; lane < lanes; ++lane)
      for (const Found& f : found_[static_cast<std::size_t>(lane)])
        out.starts[count_of(f.position).fetch_add(1, std::memory_order_relaxed)] = {static_cast<std::uint32_t>(lane),
                                                                                      f.time};
#pragma omp for schedule(dynamic, 256)
    for (std::int64_t k = 0; k < groups; ++k) {
      const PhastStartGroup& group = out.groups[static_cast<std::size_t>(k)];
      std::sort(out.starts.begin() + group.first, out.starts.begin() + group.end,
                [](const PhastStart& a, const PhastStart& b) { return a.lane < b.lane; });
      cursor_[group.position] = 0;
    }
  }
}

void phast_scatter_runs(std::span<const PhastStartGroup> groups, PhastStartRun* runs) {
  for (const PhastStartGroup& g : groups) runs[g.position] = {g.first, g.end};
}

void phast_clear_runs(std::span<const PhastStartGroup> groups, PhastStartRun* runs) {
  for (const PhastStartGroup& g : groups) runs[g.position] = {0, 0};
}

}  // namespace hg
