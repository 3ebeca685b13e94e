#include "host/solvers/phast/phast_gpu.hpp"

#include <fmt/format.h>

#include <algorithm>

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
                            std::uint64_t free_bytes, bool forward_only) {
  const std::uint64_t usable = free_bytes > kGpuMemoryMargin ? free_bytes - kGpuMemoryMargin : 0;
  const auto plan_for = [&](SweepDirection direction) {
    PhastGpuPlan plan;
    plan.direction = direction;
    plan.arcs = arcs;
    const bool reverse = direction == SweepDirection::reverse;
    const std::size_t sources = reverse ? destinations : origins;
    const std::uint64_t targets = reverse ? 0 : destinations;
    const std::uint64_t fixed = phast_gpu_device_bytes(n, arcs, 0, targets);
    const std::uint64_t per_lane = phast_lane_bytes(n);
    std::uint64_t fit = usable > fixed ? (usable - fixed) / per_lane : 0;
    fit = fit >= 128 ? fit / 128 * 128 : fit / 4 * 4;  // whole warps of words where possible
    plan.lanes = static_cast<std::uint32_t>(
        std::min<std::uint64_t>({fit, kPhastMaxLanes, phast_round_lanes(static_cast<std::uint32_t>(sources))}));
    plan.fits = plan.lanes >= kPhastLanesPerWord && (!reverse || plan.lanes >= destinations);
    plan.device_bytes = phast_gpu_device_bytes(n, arcs, std::max(plan.lanes, kPhastLanesPerWord), targets);
    plan.batches = plan.lanes ? static_cast<std::uint32_t>((sources + plan.lanes - 1) / plan.lanes) : 0;
    plan.reason = fmt::format("phast on the GPU, {} sweeps, {} lanes a batch, {} batch(es), {} of GPU memory",
                              reverse ? "reverse (from the destinations)" : "forward", plan.lanes, plan.batches,
                              bytes_text(plan.device_bytes));
    return plan;
  };
  if (!forward_only && destinations < origins && destinations <= kPhastMaxLanes) {
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
             gpu.name, n, plan.arcs, bytes_text(plan.device_bytes), kPhastLanesPerWord, bytes_text(gpu.free_bytes));
}

NearestOrigins nearest_from_labels(std::span<const std::uint64_t> labels, Time cap) {
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
  return out;
}

std::vector<std::uint64_t> phast_nearest_labels_cpu(const Problem& p, const SweepGraph& g,
                                                    std::span<const NodeId> origins,
                                                    std::span<const NodeId> destinations, std::uint32_t lanes,
                                                    int threads) {
  std::vector<std::uint64_t> labels(destinations.size(), ~std::uint64_t{0});
  PhastSweeps sweeps(g, lanes, threads);
  for (std::size_t first = 0; first < origins.size(); first += sweeps.lanes()) {
    const std::size_t count = std::min<std::size_t>(sweeps.lanes(), origins.size() - first);
    const std::span<const NodeId> batch = origins.subspan(first, count);
    sweeps.run(batch);
    for (std::size_t j = 0; j < destinations.size(); ++j) {
      const Time* row = sweeps.row(destinations[j]);
      for (std::size_t s = 0; s < count; ++s) {
        const Time exact = phast_exact_time(row[s], p.handling[batch[s]], batch[s] == destinations[j]);
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

}  // namespace

struct PhastGpuRows::Impl {
  const Problem& problem;
  SweepGraph graph;
  PhastGpu gpu;
  std::vector<NodeId> origins, destinations;
  Time cap;
  std::size_t swept_batch = ~std::size_t{0};  // forward: the batch the labels hold

  Impl(const Problem& p, const ContractionHierarchy& ch, const PhastGpuPlan& plan, std::span<const NodeId> from,
       std::span<const NodeId> to, Time c)
      : problem(p),
        graph(build_sweep_graph(ch, plan.direction)),
        gpu(graph.view(), plan.lanes),
        origins(from.begin(), from.end()),
        destinations(to.begin(), to.end()),
        cap(c) {
    if (plan.direction == SweepDirection::forward) {
      const std::vector<std::uint32_t> positions = graph.positions(destinations);
      gpu.set_targets(positions.data(), destinations.data(), destinations.size());
    }
  }
};

PhastGpuRows::PhastGpuRows(const Problem& p, const ContractionHierarchy& ch, const PhastGpuPlan& plan,
                           std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap) {
  expect_phast_gpu_fits(plan, p.node_count);
  impl_ = std::make_unique<Impl>(p, ch, plan, origins, destinations, cap);
}

PhastGpuRows::~PhastGpuRows() = default;

void PhastGpuRows::solve(std::size_t first, std::size_t count, std::uint32_t* times) {
  Impl& m = *impl_;
  const std::size_t cols = m.destinations.size();
  const std::span<const NodeId> rows = std::span<const NodeId>(m.origins).subspan(first, count);
  if (m.graph.direction == SweepDirection::reverse) {
    // One sweep from every destination; each row is then one label row.
    const auto lanes_used = static_cast<std::uint32_t>(cols);
    if (m.swept_batch != 0) {
      const std::vector<std::uint32_t> positions = m.graph.positions(m.destinations);
      device_seconds_ += m.gpu.sweep(positions.data(), lanes_used);
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
      const std::span<const NodeId> sources = std::span<const NodeId>(m.origins).subspan(batch_first, batch_count);
      const std::vector<std::uint32_t> positions = m.graph.positions(sources);
      device_seconds_ += m.gpu.sweep(positions.data(), static_cast<std::uint32_t>(batch_count));
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
                                 double* device_seconds) {
  expect_phast_gpu_fits(plan, p.node_count);
  HG_EXPECTS(plan.direction == SweepDirection::forward, ErrorKind::usage, "nearest origins sweep forward");
  const SweepGraph graph = build_sweep_graph(ch, SweepDirection::forward);
  PhastGpu gpu(graph.view(), plan.lanes);
  const std::vector<std::uint32_t> target_positions = graph.positions(destinations);
  gpu.set_targets(target_positions.data(), destinations.data(), destinations.size());
  double seconds = 0;
  for (std::size_t first = 0; first < origins.size(); first += plan.lanes) {
    const std::size_t count = std::min<std::size_t>(plan.lanes, origins.size() - first);
    const std::span<const NodeId> batch = origins.subspan(first, count);
    const std::vector<std::uint32_t> positions = graph.positions(batch);
    const std::vector<Time> handling = handling_of(p, batch);
    seconds += gpu.sweep(positions.data(), static_cast<std::uint32_t>(count));
    gpu.reduce_nearest(batch.data(), handling.data(), static_cast<std::uint32_t>(count));
  }
  std::vector<std::uint64_t> labels(destinations.size());
  gpu.nearest(labels.data());
  if (device_seconds) *device_seconds = seconds;
  return nearest_from_labels(labels, cap);
}

#else

struct PhastGpuRows::Impl {};

PhastGpuRows::PhastGpuRows(const Problem&, const ContractionHierarchy&, const PhastGpuPlan&, std::span<const NodeId>,
                           std::span<const NodeId>, Time) {
  throw InputError(ErrorKind::no_gpu, "--backend gpu: this build of hourglass has no CUDA support");
}
PhastGpuRows::~PhastGpuRows() = default;
void PhastGpuRows::solve(std::size_t, std::size_t, std::uint32_t*) {}
void PhastGpuRows::cover(std::size_t, std::size_t, Time, std::uint64_t*) {}

NearestOrigins phast_nearest_gpu(const Problem&, const ContractionHierarchy&, const PhastGpuPlan&,
                                 std::span<const NodeId>, std::span<const NodeId>, Time, double*) {
  throw InputError(ErrorKind::no_gpu, "--backend gpu: this build of hourglass has no CUDA support");
}

#endif

}  // namespace hg
