#include "host/solvers/phast/phast_cpu.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <type_traits>

#include "host/core/bytes.hpp"

namespace hg {

namespace {

// Arcs grouped by head position. `direct` lists, per node, arcs already keyed
// by that node as head; `transposed` lists, per node, arcs whose head is the
// listed target (the node itself is the tail).
void group_by_head(const SweepGraph& g, const Csr& csr, bool transposed, std::vector<std::uint32_t>& offsets,
                   std::vector<PhastArc>& arcs) {
  const NodeId n = g.node_count;
  offsets.assign(std::size_t{n} + 1, 0);
  for (NodeId v = 0; v < n; ++v)
    for (std::uint32_t e = csr.begin(v); e < csr.end(v); ++e) {
      const NodeId head = transposed ? csr.arcs[e].target : v;
      ++offsets[g.position_of[head] + 1];
    }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  arcs.resize(offsets.back());
  std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (NodeId v = 0; v < n; ++v)
    for (std::uint32_t e = csr.begin(v); e < csr.end(v); ++e) {
      const NodeId head = transposed ? csr.arcs[e].target : v;
      const NodeId tail = transposed ? v : csr.arcs[e].target;
      arcs[fill[g.position_of[head]]++] = {g.position_of[tail], csr.arcs[e].weight};
    }
  // Tails in ascending position within each head: reads walk memory forward.
  for (NodeId p = 0; p < n; ++p)
    std::sort(arcs.begin() + offsets[p], arcs.begin() + offsets[p + 1],
              [](const PhastArc& a, const PhastArc& b) { return a.tail < b.tail; });
}

}  // namespace

SweepGraph build_sweep_graph(const ContractionHierarchy& ch, SweepDirection direction) {
  SweepGraph g;
  g.direction = direction;
  g.node_count = ch.node_count;
  const NodeId n = ch.node_count;

  // 1. Positions: by level, then node index.
  g.level_begin.assign(std::size_t{ch.level_count} + 1, 0);
  for (NodeId v = 0; v < n; ++v) ++g.level_begin[ch.level[v] + 1];
  std::partial_sum(g.level_begin.begin(), g.level_begin.end(), g.level_begin.begin());
  g.node_at.resize(n);
  g.position_of.resize(n);
  std::vector<std::uint32_t> next(g.level_begin.begin(), g.level_begin.end() - (ch.level_count ? 1 : 0));
  for (NodeId v = 0; v < n; ++v) {
    const std::uint32_t p = next[ch.level[v]]++;
    g.node_at[p] = v;
    g.position_of[v] = p;
  }

  // 2. In-arcs per head. Forward: the upward sweep pulls u -> x from lower u
  //    (upward lists, stored at the tail: transposed) and the downward sweep
  //    pulls u -> v from higher u (downward lists, stored at the head). The
  //    reverse graph turns every arc around, so the roles of the two swap.
  if (direction == SweepDirection::forward) {
    group_by_head(g, ch.upward, /*transposed=*/true, g.up_offsets, g.up_arcs);
    group_by_head(g, ch.downward, /*transposed=*/false, g.down_offsets, g.down_arcs);
  } else {
    group_by_head(g, ch.downward, /*transposed=*/true, g.up_offsets, g.up_arcs);
    group_by_head(g, ch.upward, /*transposed=*/false, g.down_offsets, g.down_arcs);
  }
  return g;
}

std::uint32_t phast_round_lanes(std::uint32_t sources) {
  return std::max<std::uint32_t>(kPhastLanesPerWord,
                                 (sources + kPhastLanesPerWord - 1) / kPhastLanesPerWord * kPhastLanesPerWord);
}

PhastCpuPlan plan_phast_cpu(NodeId n, std::uint64_t arcs, std::size_t origins, std::size_t destinations,
                            std::uint64_t memory_bytes, bool forward_only) {
  PhastCpuPlan plan;
  plan.arcs = arcs;
  plan.memory_bytes = memory_bytes;
  plan.direction = !forward_only && destinations < origins && destinations <= kPhastCpuMaxLanes
                       ? SweepDirection::reverse
                       : SweepDirection::forward;
  const bool reverse = plan.direction == SweepDirection::reverse;
  const std::size_t sources = reverse ? destinations : origins;
  const std::uint64_t fixed = phast_hierarchy_host_bytes(n, arcs);
  std::uint32_t lanes = std::min(kPhastCpuMaxLanes, phast_round_lanes(static_cast<std::uint32_t>(
                                                        std::min<std::size_t>(sources, kPhastCpuMaxLanes))));
  const auto bytes_for = [&](std::uint32_t l) { return fixed + l * phast_lane_bytes(n); };
  if (!reverse)
    while (lanes > kPhastLanesPerWord && bytes_for(lanes) > memory_bytes)
      lanes = std::max(kPhastLanesPerWord, lanes / 2 / kPhastLanesPerWord * kPhastLanesPerWord);
  plan.lanes = lanes;
  plan.host_bytes = bytes_for(lanes);
  plan.fits = plan.host_bytes <= memory_bytes;
  plan.batches = static_cast<std::uint32_t>((sources + lanes - 1) / lanes);
  plan.reason = fmt::format("phast on the CPU, {} sweeps, {} lanes a batch, {} batch(es), {} of host memory",
                            reverse ? "reverse (from the destinations)" : "forward", plan.lanes, plan.batches,
                            bytes_text(plan.host_bytes));
  return plan;
}

PhastSweeps::PhastSweeps(const SweepGraph& graph, std::uint32_t lanes, int threads)
    : graph_(graph),
      lanes_(phast_round_lanes(lanes)),
      words_(lanes_ / kPhastLanesPerWord),
      threads_(std::max(1, threads)),
      source_positions_(lanes_, kNoNode),
      labels_(std::uint64_t{graph.node_count} * words_) {}

void PhastSweeps::run(std::span<const NodeId> sources) {
  std::fill(source_positions_.begin(), source_positions_.end(), kNoNode);
  for (std::size_t i = 0; i < sources.size() && i < lanes_; ++i)
    source_positions_[i] = graph_.position_of[sources[i]];
  const SweepGraph& g = graph_;
  if (g.level_count() == 0) return;
  const std::uint32_t level0_end = g.level_begin[1];
  // One level of one sweep, parallel over its nodes (kernels/phast/phast.cuh).
  const auto sweep_level = [&](std::uint32_t l, auto upward) {
    constexpr bool kUpward = decltype(upward)::value;
    const std::uint32_t* offsets = kUpward ? g.up_offsets.data() : g.down_offsets.data();
    const PhastArc* arcs = kUpward ? g.up_arcs.data() : g.down_arcs.data();
    const std::int64_t first = g.level_begin[l], last = g.level_begin[l + 1];
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (std::int64_t p = first; p < last; ++p)
      for (std::uint32_t w = 0; w < words_; ++w)
        phast_sweep_node<kUpward>(labels_.data(), words_, w, static_cast<std::uint32_t>(p), offsets, arcs,
                                  source_positions_.data(), level0_end);
  };
  // 1. Upward, levels ascending; level 0 holds only seeds, which the pulls
  //    compute where they read them.
  for (std::uint32_t l = 1; l < g.level_count(); ++l) sweep_level(l, std::true_type{});
  // 2. Downward, levels descending; level 0 starts from its seeds.
  for (std::uint32_t l = g.level_count(); l-- > 0;) sweep_level(l, std::false_type{});
}

PhastRows::PhastRows(const Problem& problem, const SweepGraph& graph, std::span<const NodeId> destinations, Time cap,
                     std::uint32_t lanes, int threads)
    : problem_(problem),
      graph_(graph),
      destinations_(destinations.begin(), destinations.end()),
      cap_(cap),
      threads_(std::max(1, threads)),
      sweeps_(graph, graph.direction == SweepDirection::reverse ? static_cast<std::uint32_t>(destinations.size()) : lanes,
              threads) {}

void PhastRows::solve(std::span<const NodeId> origins, std::uint32_t* times) {
  const std::size_t cols = destinations_.size();
  if (graph_.direction == SweepDirection::reverse) {
    // One sweep from every destination; rows are then one label row each.
    if (!reverse_done_) sweeps_.run(destinations_);
    reverse_done_ = true;
    for (std::size_t i = 0; i < origins.size(); ++i) {
      const NodeId o = origins[i];
      const Time* row = sweeps_.row(o);
      for (std::size_t j = 0; j < cols; ++j)
        times[i * cols + j] = phast_stored_time(row[j], problem_.handling[o], o == destinations_[j], cap_);
    }
    return;
  }
  for (std::size_t first = 0; first < origins.size(); first += sweeps_.lanes()) {
    const std::size_t count = std::min<std::size_t>(sweeps_.lanes(), origins.size() - first);
    sweeps_.run(origins.subspan(first, count));
    // Labels are lanes-fastest, rows destinations-fastest: transpose in
    // tiles of destinations whose label rows stay in cache while every row
    // takes its run of them (one destination at a time would write each
    // value a whole row apart).
    constexpr std::size_t kTile = 256;
    const auto tiles = static_cast<std::int64_t>((cols + kTile - 1) / kTile);
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (std::int64_t tile = 0; tile < tiles; ++tile) {
      const std::size_t begin = static_cast<std::size_t>(tile) * kTile, end = std::min(cols, begin + kTile);
      for (std::size_t s = 0; s < count; ++s) {
        const NodeId o = origins[first + s];
        std::uint32_t* out = times + (first + s) * cols;
        for (std::size_t j = begin; j < end; ++j)
          out[j] = phast_stored_time(sweeps_.row(destinations_[j])[s], problem_.handling[o], o == destinations_[j],
                                     cap_);
      }
    }
  }
}

}  // namespace hg
