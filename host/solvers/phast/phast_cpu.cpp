#include "host/solvers/phast/phast_cpu.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <type_traits>

#include "host/core/bytes.hpp"
#include "host/core/errors.hpp"

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

  // 3. The upward arcs by tail, for the searches of the searched form.
  g.search_offsets.assign(std::size_t{n} + 1, 0);
  for (const PhastArc& a : g.up_arcs) ++g.search_offsets[a.tail + 1];
  std::partial_sum(g.search_offsets.begin(), g.search_offsets.end(), g.search_offsets.begin());
  g.search_arcs.resize(g.up_arcs.size());
  std::vector<std::uint32_t> fill(g.search_offsets.begin(), g.search_offsets.end() - 1);
  for (std::uint32_t head = 0; head < n; ++head)
    for (std::uint32_t e = g.up_offsets[head]; e < g.up_offsets[head + 1]; ++e)
      g.search_arcs[fill[g.up_arcs[e].tail]++] = {head, g.up_arcs[e].weight};
  return g;
}

std::uint32_t phast_round_lanes(std::uint32_t sources) {
  return std::max<std::uint32_t>(kPhastLaneQuantum,
                                 (sources + kPhastLaneQuantum - 1) / kPhastLaneQuantum * kPhastLaneQuantum);
}

Time phast_label_limit(const Problem& p, Time cap) {
  if (cap == 0) return 0;
  const Time handling = p.handling.empty() ? 0 : *std::max_element(p.handling.begin(), p.handling.end());
  const std::uint64_t limit = std::uint64_t{cap} + handling + 1;
  return limit <= 0xFFFFu ? static_cast<Time>(limit) : 0;
}

PhastLabelForm phast_label_form(PhastUpward upward, Time limit16) {
  return limit16 ? PhastLabelForm{upward, 16, limit16} : PhastLabelForm{upward, 32, kInfinity};
}

PhastLabelForm phast_backend_form(const Problem& p, bool gpu, Time cap) {
  return phast_label_form(PhastUpward::searched, gpu ? phast_label_limit(p, cap) : 0);
}

void expect_reachability(const PhastLabelForm& form, const Reachability* reach) {
  if (form.bits == 16 && !reach) throw RuntimeError("16-bit PHAST sweeps need the reachability of the network");
}

void resolve_saturated(std::uint32_t* row, NodeId origin, std::span<const NodeId> destinations,
                       const Reachability& reach, Time cap) {
  for (std::size_t j = 0; j < destinations.size(); ++j)
    if (row[j] == kPhastSaturated) row[j] = phast_resolved(row[j], reach.reaches(origin, destinations[j]), cap);
}

PhastCpuPlan plan_phast_cpu(NodeId n, std::uint64_t arcs, std::size_t origins, std::size_t destinations,
                            std::uint64_t memory_bytes, bool forward_only, PhastLabelForm form) {
  PhastCpuPlan plan;
  plan.form = form;
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
  const auto bytes_for = [&](std::uint32_t l) { return fixed + l * phast_lane_bytes(n, form.bits); };
  if (!reverse)
    while (lanes > kPhastLaneQuantum && bytes_for(lanes) > memory_bytes)
      lanes = std::max(kPhastLaneQuantum, lanes / 2 / kPhastLaneQuantum * kPhastLaneQuantum);
  plan.lanes = lanes;
  plan.host_bytes = bytes_for(lanes);
  plan.fits = plan.host_bytes <= memory_bytes;
  plan.batches = static_cast<std::uint32_t>((sources + lanes - 1) / lanes);
  plan.reason = fmt::format("phast on the CPU, {} sweeps, {}, {} lanes a batch, {} batch(es), {} of host memory",
                            reverse ? "reverse (from the destinations)" : "forward", phast_form_text(form),
                            plan.lanes, plan.batches, bytes_text(plan.host_bytes));
  return plan;
}

std::string phast_form_text(const PhastLabelForm& form) {
  const std::string saturation = form.bits == 16 ? fmt::format(" (saturating at {})", form.limit) : "";
  return fmt::format("{}-bit labels{}, {}", form.bits, saturation,
                     form.upward == PhastUpward::searched ? "upward searches" : "upward sweep");
}

PhastSweeps::PhastSweeps(const SweepGraph& graph, std::uint32_t lanes, int threads, PhastLabelForm form)
    : graph_(graph),
      form_(form),
      lanes_(phast_round_lanes(lanes)),
      words_(lanes_ / form.lanes_per_word()),
      threads_(std::max(1, threads)),
      source_positions_(lanes_, kNoNode),
      labels_(std::uint64_t{graph.node_count} * words_) {
  if (form.upward == PhastUpward::searched) {
    searches_.emplace(graph, threads_);
    runs_.assign(graph.node_count, PhastStartRun{0, 0});
  }
}

void PhastSweeps::run(std::span<const NodeId> sources) {
  if (form_.bits == 16) run_as<std::uint16_t>(sources, static_cast<std::uint16_t>(form_.limit));
  else run_as<Time>(sources, form_.limit);
}

template <class T>
void PhastSweeps::run_as(std::span<const NodeId> sources, T limit) {
  const SweepGraph& g = graph_;
  PhastWord<T>* labels = reinterpret_cast<PhastWord<T>*>(labels_.data());
  if (g.level_count() == 0) return;
  const std::uint32_t level0_end = g.level_begin[1];
  // One level of one sweep, parallel over its nodes (kernels/phast/phast.cuh).
  const auto each_node_of = [&](std::uint32_t l, auto node) {
    const std::int64_t first = g.level_begin[l], last = g.level_begin[l + 1];
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (std::int64_t p = first; p < last; ++p)
      for (std::uint32_t w = 0; w < words_; ++w) node(static_cast<std::uint32_t>(p), w);
  };
  if (form_.upward == PhastUpward::searched) {
    // The searches' starts, then one downward sweep, levels descending.
    searches_->run(sources.first(std::min<std::size_t>(sources.size(), lanes_)), starts_);
    phast_scatter_runs(starts_.groups, runs_.data());
    for (std::uint32_t l = g.level_count(); l-- > 0;)
      each_node_of(l, [&](std::uint32_t p, std::uint32_t w) {
        phast_searched_node<T>(labels, words_, w, p, g.down_offsets.data(), g.down_arcs.data(), runs_.data(),
                               starts_.starts.data(), limit);
      });
    phast_clear_runs(starts_.groups, runs_.data());
    return;
  }
  std::fill(source_positions_.begin(), source_positions_.end(), kNoNode);
  for (std::size_t i = 0; i < sources.size() && i < lanes_; ++i) source_positions_[i] = g.position_of[sources[i]];
  // 1. Upward, levels ascending; level 0 holds only seeds, which the pulls
  //    compute where they read them.
  for (std::uint32_t l = 1; l < g.level_count(); ++l)
    each_node_of(l, [&](std::uint32_t p, std::uint32_t w) {
      phast_sweep_node<T, true>(labels, words_, w, p, g.up_offsets.data(), g.up_arcs.data(),
                                source_positions_.data(), level0_end, limit);
    });
  // 2. Downward, levels descending; level 0 starts from its seeds.
  for (std::uint32_t l = g.level_count(); l-- > 0;)
    each_node_of(l, [&](std::uint32_t p, std::uint32_t w) {
      phast_sweep_node<T, false>(labels, words_, w, p, g.down_offsets.data(), g.down_arcs.data(),
                                 source_positions_.data(), level0_end, limit);
    });
}

PhastRows::PhastRows(const Problem& problem, const SweepGraph& graph, std::span<const NodeId> destinations, Time cap,
                     std::uint32_t lanes, int threads, PhastLabelForm form, const Reachability* reach)
    : problem_(problem),
      graph_(graph),
      destinations_(destinations.begin(), destinations.end()),
      cap_(cap),
      threads_(std::max(1, threads)),
      reach_(form.bits == 16 ? reach : nullptr),
      sweeps_(graph,
              graph.direction == SweepDirection::reverse ? static_cast<std::uint32_t>(destinations.size()) : lanes,
              threads, form) {
  expect_reachability(form, reach);
}

void PhastRows::solve(std::span<const NodeId> origins, std::uint32_t* times) {
  const std::size_t cols = destinations_.size();
  if (graph_.direction == SweepDirection::reverse) {
    // One sweep from every destination; rows are then one label row each.
    if (!reverse_done_) sweeps_.run(destinations_);
    reverse_done_ = true;
    const Time limit = sweeps_.form().limit;
    for (std::size_t i = 0; i < origins.size(); ++i) {
      const NodeId o = origins[i];
      std::uint32_t* row = times + i * cols;
      for (std::size_t j = 0; j < cols; ++j)
        row[j] = phast_stored_time(sweeps_.label(o, static_cast<std::uint32_t>(j)), problem_.handling[o],
                                   o == destinations_[j], cap_, limit);
      if (reach_) resolve_saturated(row, o, destinations_, *reach_, cap_);
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
          out[j] = phast_stored_time(sweeps_.label(destinations_[j], static_cast<std::uint32_t>(s)),
                                     problem_.handling[o], o == destinations_[j], cap_, sweeps_.form().limit);
      }
    }
    if (reach_)
      for (std::size_t s = 0; s < count; ++s)
        resolve_saturated(times + (first + s) * cols, origins[first + s], destinations_, *reach_, cap_);
  }
}

}  // namespace hg
