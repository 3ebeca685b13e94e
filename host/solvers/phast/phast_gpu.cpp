#include "host/solvers/phast/phast_gpu.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "host/core/bytes.hpp"
#include "host/core/errors.hpp"
#include "host/solvers/gpu_device.hpp"

#if HOURGLASS_HAVE_CUDA
#include "kernels/phast/phast_device.cuh"
#include "kernels/planning/cover_sums.cuh"
#endif

namespace hg {

std::uint64_t phast_estimated_arcs(const Problem& p) { return 2 * p.forward.edge_count() + p.node_count; }

PhastGpuPlan plan_phast_gpu(NodeId n, std::uint64_t arcs, std::size_t origins, std::size_t destinations,
                            std::uint64_t free_bytes, bool forward_only, PhastLabelForm form) {
  const std::uint64_t usable = free_bytes > kGpuMemoryMargin ? free_bytes - kGpuMemoryMargin : 0;
  const auto plan_for = [&](SweepDirection direction) {
    PhastGpuPlan plan;
    plan.direction = direction;
    plan.form = form;
    plan.arcs = arcs;
    const bool reverse = direction == SweepDirection::reverse;
    const std::size_t sources = reverse ? destinations : origins;
    const std::uint64_t targets = reverse ? 0 : destinations;
    const std::uint64_t fixed = phast_gpu_device_bytes(n, arcs, 0, targets, form.bits, form.upward);
    const std::uint64_t per_lane = phast_lane_bytes(n, form.bits);
    const std::uint64_t warp_lanes = 32 * form.lanes_per_word();  // a warp of words
    std::uint64_t fit = usable > fixed ? (usable - fixed) / per_lane : 0;
    fit = fit >= warp_lanes ? fit / warp_lanes * warp_lanes : fit / kPhastLaneQuantum * kPhastLaneQuantum;
    plan.lanes = static_cast<std::uint32_t>(std::min<std::uint64_t>(
        {fit, phast_max_lanes(form), phast_round_lanes(static_cast<std::uint32_t>(sources))}));
    plan.fits = plan.lanes >= kPhastLaneQuantum && (!reverse || plan.lanes >= destinations);
    plan.device_bytes = phast_gpu_device_bytes(n, arcs, std::max(plan.lanes, kPhastLaneQuantum), targets, form.bits,
                                               form.upward);
    plan.batches = plan.lanes ? static_cast<std::uint32_t>((sources + plan.lanes - 1) / plan.lanes) : 0;
    plan.reason = fmt::format("phast on the GPU, {} sweeps, {}, {} lanes a batch, {} batch(es), {} of GPU memory",
                              reverse ? "reverse (from the destinations)" : "forward", phast_form_text(form),
                              plan.lanes, plan.batches, bytes_text(plan.device_bytes));
    return plan;
  };
  if (!forward_only && destinations < origins && destinations <= phast_max_lanes(form)) {
    PhastGpuPlan reverse = plan_for(SweepDirection::reverse);
    if (reverse.fits) return reverse;
  }
  return plan_for(SweepDirection::forward);
}

void expect_phast_gpu_fits(const PhastGpuPlan& plan, NodeId n) {
  const GpuInfo& gpu = probe_gpu();
  HG_EXPECTS(gpu.usable, ErrorKind::no_gpu, "--backend gpu: {}", gpu.reason);
  HG_EXPECTS(plan.fits, ErrorKind::too_large,
             "{}: the sweeps over {} nodes ({} hierarchy arcs) need {} of GPU memory with {} lanes, {} is free; "
             "use --backend cpu",
             gpu.name, n, plan.arcs, bytes_text(plan.device_bytes), kPhastLaneQuantum, bytes_text(gpu.free_bytes));
}

NearestOrigins nearest_from_labels(std::span<const std::uint64_t> labels, Time cap, const Reachability* reach,
                                   std::span<const NodeId> origins, std::span<const NodeId> destinations) {
  NearestOrigins out;
  out.time.resize(labels.size());
  out.origin.resize(labels.size());
  for (std::size_t j = 0; j < labels.size(); ++j) {
    const std::uint64_t l = labels[j];
    const Time t = static_cast<Time>(l >> 32);
    if (l == ~std::uint64_t{0}) {
      out.time[j] = kUnreachable32;
      out.origin[j] = kNoNode;
    } else if (cap != 0 && t > cap) {
      out.time[j] = cap + 1;
      out.origin[j] = kNoNode;
    } else {
      out.time[j] = t;
      out.origin[j] = static_cast<NodeId>(l & 0xFFFFFFFFu);
    }
  }
  if (reach) {
    // One origin per component: the components reaching a destination.
    std::vector<std::uint32_t> from;
    for (const NodeId o : origins) from.push_back(reach->component(o));
    std::sort(from.begin(), from.end());
    from.erase(std::unique(from.begin(), from.end()), from.end());
    const auto reached = [&](NodeId destination) {
      return std::any_of(from.begin(), from.end(),
                         [&](std::uint32_t c) { return reach->component_reaches(c, destination); });
    };
    for (std::size_t j = 0; j < labels.size(); ++j)
      if (out.time[j] == kUnreachable32 && reached(destinations[j])) out.time[j] = cap + 1;
  }
  return out;
}

std::vector<std::uint64_t> phast_nearest_labels_cpu(const Problem& p, const SweepGraph& g,
                                                    std::span<const NodeId> origins,
                                                    std::span<const NodeId> destinations, std::uint32_t lanes,
                                                    int threads, PhastLabelForm form) {
  std::vector<std::uint64_t> labels(destinations.size(), ~std::uint64_t{0});
  PhastSweeps sweeps(g, lanes, threads, form);
  for (std::size_t first = 0; first < origins.size(); first += sweeps.lanes()) {
    const std::size_t count = std::min<std::size_t>(sweeps.lanes(), origins.size() - first);
    const std::span<const NodeId> batch = origins.subspan(first, count);
    sweeps.run(batch);
    for (std::size_t j = 0; j < destinations.size(); ++j) {
      for (std::size_t s = 0; s < count; ++s) {
        const Time exact = phast_exact_time(sweeps.label(destinations[j], static_cast<std::uint32_t>(s)),
                                            p.handling[batch[s]], batch[s] == destinations[j], form.limit);
        if (exact < kInfinity) labels[j] = std::min(labels[j], phast_nearest_label(exact, batch[s]));
      }
    }
  }
  return labels;
}

#if HOURGLASS_HAVE_CUDA

namespace {

// The departure handling of each node of `nodes`, for the lanes they occupy.
std::vector<Time> handling_of(const Problem& p, std::span<const NodeId> nodes) {
  std::vector<Time> handling(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) handling[i] = p.handling[nodes[i]];
  return handling;
}

// The batch of `lanes` sources from `first` on, empty past the end.
std::span<const NodeId> batch_at(std::span<const NodeId> all, std::size_t first, std::size_t lanes) {
  return first < all.size() ? all.subspan(first, std::min(lanes, all.size() - first)) : std::span<const NodeId>{};
}

}  // namespace

PhastGpuBatches::PhastGpuBatches(PhastGpu& gpu, const SweepGraph& graph, int threads) : gpu_(gpu), graph_(graph) {
  if (gpu.form().upward == PhastUpward::searched) searches_ = std::make_unique<PhastStartSearches>(graph, threads);
}

PhastGpuBatches::~PhastGpuBatches() = default;

void PhastGpuBatches::search(std::span<const NodeId> sources) {
  const auto begin = std::chrono::steady_clock::now();
  searches_->run(sources, ready_);
  search_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  ready_for_.assign(sources.begin(), sources.end());
}

double PhastGpuBatches::sweep(std::span<const NodeId> sources, std::span<const NodeId> next) {
  if (!searches_) {
    const std::vector<std::uint32_t> positions = graph_.positions(sources);
    return gpu_.sweep(positions.data(), static_cast<std::uint32_t>(sources.size()));
  }
  if (!std::equal(sources.begin(), sources.end(), ready_for_.begin(), ready_for_.end())) search(sources);
  gpu_.enqueue_sweep(ready_.groups.data(), static_cast<std::uint32_t>(ready_.groups.size()), ready_.starts.data(),
                     static_cast<std::uint32_t>(ready_.starts.size()));
  starts_ += ready_.starts.size();
  ready_for_.clear();
  if (!next.empty()) search(next);  // while the device sweeps
  return gpu_.finish_sweep();
}

struct PhastGpuRows::Impl {
  const Problem& problem;
  SweepGraph graph;
  PhastGpu gpu;
  PhastGpuBatches batches;
  std::vector<NodeId> origins, destinations;
  Time cap;
  const Reachability* reach;
  std::size_t swept_batch = ~std::size_t{0};  // forward: the batch the labels hold

  Impl(const Problem& p, const ContractionHierarchy& ch, const PhastGpuPlan& plan, std::span<const NodeId> from,
       std::span<const NodeId> to, Time c, const Reachability* r, int threads)
      : problem(p),
        graph(build_sweep_graph(ch, plan.direction)),
        gpu(graph.view(), plan.lanes, plan.form, plan.launch),
        batches(gpu, graph, threads),
        origins(from.begin(), from.end()),
        destinations(to.begin(), to.end()),
        cap(c),
        reach(plan.form.bits == 16 ? r : nullptr) {
    if (reach) gpu.set_reachability(reach->view(), reach->node_count(), reach->bit_words());
    if (plan.direction == SweepDirection::forward) {
      const std::vector<std::uint32_t> positions = graph.positions(destinations);
      gpu.set_targets(positions.data(), destinations.data(), destinations.size());
    }
  }
};

PhastGpuRows::PhastGpuRows(const Problem& p, const ContractionHierarchy& ch, const PhastGpuPlan& plan,
                           std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                           const Reachability* reach, int threads) {
  expect_phast_gpu_fits(plan, p.node_count);
  expect_reachability(plan.form, reach);
  impl_ = std::make_unique<Impl>(p, ch, plan, origins, destinations, cap, reach, threads);
}

PhastGpuRows::~PhastGpuRows() = default;

double PhastGpuRows::search_seconds() const { return impl_->batches.search_seconds(); }

void PhastGpuRows::solve(std::size_t first, std::size_t count, std::uint32_t* times) {
  Impl& m = *impl_;
  const std::size_t cols = m.destinations.size();
  const std::span<const NodeId> rows = std::span<const NodeId>(m.origins).subspan(first, count);
  if (m.graph.direction == SweepDirection::reverse) {
    // One sweep from every destination; each row is then one label row.
    const auto lanes_used = static_cast<std::uint32_t>(cols);
    if (m.swept_batch != 0) {
      device_seconds_ += m.batches.sweep(m.destinations);
      ++sweeps_;
      m.swept_batch = 0;
    }
    const std::vector<std::uint32_t> positions = m.graph.positions(rows);
    const std::vector<Time> handling = handling_of(m.problem, rows);
    m.gpu.fetch_position_rows(positions.data(), rows.data(), handling.data(), rows.size(), m.destinations.data(),
                              lanes_used, m.cap, times);
    return;
  }
  for_each_forward_part(first, count, [&](std::size_t row, std::size_t lane, std::span<const NodeId> part,
                                          const std::vector<Time>& handling) {
    m.gpu.fetch_lane_rows(part.data(), handling.data(), static_cast<std::uint32_t>(lane),
                          static_cast<std::uint32_t>(part.size()), m.cap, times + (row - first) * cols);
  });
}

void PhastGpuRows::cover(std::size_t first, std::size_t count, Time threshold, std::uint64_t* bits) {
  Impl& m = *impl_;
  HG_EXPECTS(m.graph.direction == SweepDirection::forward, ErrorKind::usage,
             "coverage sets on the GPU sweep forward");
  HG_EXPECTS(m.gpu.form().bits == 32 || threshold <= m.cap, ErrorKind::usage,
             "coverage sets of 16-bit sweeps take a threshold within the cap");
  const std::size_t words = cover_words(m.destinations.size());
  for_each_forward_part(first, count, [&](std::size_t row, std::size_t lane, std::span<const NodeId> part,
                                          const std::vector<Time>& handling) {
    m.gpu.fetch_lane_cover(part.data(), handling.data(), static_cast<std::uint32_t>(lane),
                           static_cast<std::uint32_t>(part.size()), m.cap, threshold, bits + (row - first) * words);
  });
}

// Forward rows are served batch by batch, sweeping a batch when first
// needed: `use(row, lane, part, handling)` for each part of rows [first,
// first + count) inside one batch, `lane` the first row's lane in it.
template <class Use>
void PhastGpuRows::for_each_forward_part(std::size_t first, std::size_t count, Use use) {
  Impl& m = *impl_;
  const std::size_t lanes = m.gpu.lanes();
  for (std::size_t row = first; row < first + count;) {
    const std::size_t batch = row / lanes, batch_first = batch * lanes;
    const std::size_t batch_count = std::min(lanes, m.origins.size() - batch_first);
    if (m.swept_batch != batch) {
      const std::span<const NodeId> all(m.origins);
      device_seconds_ += m.batches.sweep(batch_at(all, batch_first, lanes), batch_at(all, batch_first + lanes, lanes));
      ++sweeps_;
      m.swept_batch = batch;
    }
    const std::size_t take = std::min(first + count, batch_first + batch_count) - row;
    const std::span<const NodeId> part = std::span<const NodeId>(m.origins).subspan(row, take);
    use(row, row - batch_first, part, handling_of(m.problem, part));
    row += take;
  }
}

NearestOrigins phast_nearest_gpu(const Problem& p, const ContractionHierarchy& ch, const PhastGpuPlan& plan,
                                 std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                                 double* device_seconds, const Reachability* reach, int threads) {
  expect_phast_gpu_fits(plan, p.node_count);
  expect_reachability(plan.form, reach);
  HG_EXPECTS(plan.direction == SweepDirection::forward, ErrorKind::usage, "nearest origins sweep forward");
  const SweepGraph graph = build_sweep_graph(ch, SweepDirection::forward);
  PhastGpu gpu(graph.view(), plan.lanes, plan.form, plan.launch);
  PhastGpuBatches batches(gpu, graph, threads);
  const std::vector<std::uint32_t> target_positions = graph.positions(destinations);
  gpu.set_targets(target_positions.data(), destinations.data(), destinations.size());
  double seconds = 0;
  for (std::size_t first = 0; first < origins.size(); first += plan.lanes) {
    const std::size_t count = std::min<std::size_t>(plan.lanes, origins.size() - first);
    const std::span<const NodeId> batch = origins.subspan(first, count);
    const std::vector<Time> handling = handling_of(p, batch);
    seconds += batches.sweep(batch, batch_at(origins, first + plan.lanes, plan.lanes));
    gpu.reduce_nearest(batch.data(), handling.data(), static_cast<std::uint32_t>(count));
  }
  std::vector<std::uint64_t> labels(destinations.size());
  gpu.nearest(labels.data());
  if (device_seconds) *device_seconds = seconds;
  return nearest_from_labels(labels, cap, plan.form.bits == 16 ? reach : nullptr, origins, destinations);
}

#else

struct PhastGpuRows::Impl {};

PhastGpuRows::PhastGpuRows(const Problem&, const ContractionHierarchy&, const PhastGpuPlan&, std::span<const NodeId>,
                           std::span<const NodeId>, Time, const Reachability*, int) {
  throw InputError(ErrorKind::no_gpu, "--backend gpu: this build of hourglass has no CUDA support");
}
PhastGpuRows::~PhastGpuRows() = default;
double PhastGpuRows::search_seconds() const { return 0; }
void PhastGpuRows::solve(std::size_t, std::size_t, std::uint32_t*) {}
void PhastGpuRows::cover(std::size_t, std::size_t, Time, std::uint64_t*) {}

NearestOrigins phast_nearest_gpu(const Problem&, const ContractionHierarchy&, const PhastGpuPlan&,
                                 std::span<const NodeId>, std::span<const NodeId>, Time, double*, const Reachability*,
                                 int) {
  throw InputError(ErrorKind::no_gpu, "--backend gpu: this build of hourglass has no CUDA support");
}

#endif

}  // namespace hg
