#include "host/solvers/fw/fw_gpu.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "host/core/bytes.hpp"
#include "host/core/errors.hpp"
#include "host/solvers/gpu_device.hpp"

#if HOURGLASS_HAVE_CUDA
#include "kernels/fw/fw_device.cuh"
#endif

namespace hg {

FwGpuPlan plan_fw_gpu(const Problem& p, int stored_width, Time cap, bool hops) {
  FwGpuPlan plan;
  plan.hops = hops;
  const Time max_handling = p.handling.empty() ? 0 : *std::max_element(p.handling.begin(), p.handling.end());
  const std::uint64_t above_bound = std::uint64_t{p.path_bound} + 1;
  const std::uint64_t clamp16 =
      cap != 0 ? std::min<std::uint64_t>(std::uint64_t{cap} + 1 + max_handling, above_bound) : above_bound;
  Time clamp = kInfinity;
  if (stored_width == 16 && !hops && clamp16 <= kFwClamp16Max) {
    plan.compute_width = 16;
    clamp = static_cast<Time>(clamp16);
    plan.clamp_means_unreachable = clamp16 == above_bound;
    plan.compute_reason = fmt::format("packed 16-bit, clamp {}{}", clamp,
                                      plan.clamp_means_unreachable ? "" : " (reachability from components)");
  } else {
    plan.compute_width = 32;
    plan.compute_reason = stored_width == 32 ? "32-bit"
                          : hops             ? "32-bit (next hops are tracked in 32-bit lanes)"
                                             : fmt::format("32-bit (a 16-bit clamp would be {} > {})", clamp16,
                                                           kFwClamp16Max);
  }
  plan.layout = fw_layout(p.node_count, plan.compute_width, clamp);
  plan.device_bytes = fw_gpu_device_bytes(plan.layout, hops, p.forward.edge_count());
  if (!plan.clamp_means_unreachable)
    plan.reachability_bytes = Reachability::bytes_for_components(p.node_count) + 4ull * p.node_count;
  return plan;
}

NodeId fw_gpu_largest_n(const FwGpuPlan& plan, std::uint64_t free_bytes, std::uint64_t arcs) {
  std::uint64_t lo = 0, hi = std::uint64_t{1} << 20;  // in tiles
  while (lo < hi) {
    const std::uint64_t mid = (lo + hi + 1) / 2;
    const FwLayout g = fw_layout(static_cast<NodeId>(mid * plan.layout.tile), plan.compute_width, plan.layout.clamp);
    if (fw_gpu_device_bytes(g, plan.hops, arcs) <= free_bytes)
      lo = mid;
    else
      hi = mid - 1;
  }
  return static_cast<NodeId>(lo * plan.layout.tile);
}

namespace {

template <class L>
void unpack(const FwGpuPlan& plan, const Problem& p, const Reachability* reach, std::span<const NodeId> origins,
            std::span<const NodeId> destinations, Time cap, const FwWord* rows, const NodeId* hop_rows,
            std::uint32_t* times, NodeId* hops) {
  const FwLayout& g = plan.layout;
  const std::size_t cols = destinations.size();
  const bool check_reach = !plan.clamp_means_unreachable;
#pragma omp parallel for schedule(static)
  for (std::size_t r = 0; r < origins.size(); ++r) {
    const NodeId o = origins[r];
    const FwWord* row = rows + r * g.words();
    for (std::size_t j = 0; j < cols; ++j) {
      const NodeId v = destinations[j];
      const bool reachable = check_reach && reach->reaches(o, v);
      const std::uint32_t t = fw_stored_entry<L>(g, row, o, v, p.handling[o], cap, !check_reach, reachable);
      times[r * cols + j] = t;
      if (hops) {
        const bool exact = v != o && t != kUnreachable32 && (cap == 0 || t <= cap);
        hops[r * cols + j] = exact ? hop_rows[r * g.n_pad + v] : kNoNode;
      }
    }
  }
}

}  // namespace

void fw_unpack_rows(const FwGpuPlan& plan, const Problem& p, const Reachability* reach,
                    std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                    const FwWord* rows, const NodeId* hop_rows, std::uint32_t* times, NodeId* hops) {
  HG_EXPECTS(plan.clamp_means_unreachable || reach, ErrorKind::usage, "a clamped 16-bit matrix needs reachability");
  if (plan.compute_width == 16)
    unpack<FwLanes16>(plan, p, reach, origins, destinations, cap, rows, hop_rows, times, hops);
  else
    unpack<FwLanes32>(plan, p, reach, origins, destinations, cap, rows, hop_rows, times, hops);
}

#if HOURGLASS_HAVE_CUDA

namespace {

class GpuSolution final : public FwPackedSolution {
 public:
  GpuSolution(const Problem& p, const FwGpuPlan& plan)
      : p_(p),
        plan_(plan),
        gpu_(plan.layout, plan.hops, p.forward.offsets.data(),
             reinterpret_cast<const std::uint32_t*>(p.forward.arcs.data()), p.forward.edge_count()) {
    if (!plan.clamp_means_unreachable) reach_.emplace(p);
    solve_seconds_ = gpu_.solve(plan.graph_launch ? FwLaunch::graph : FwLaunch::streams);
  }

  // Each piece is unpacked while the next one is copied.
  void write_rows(std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                  std::uint32_t* times, NodeId* hops) override {
    const std::size_t cols = destinations.size();
    gpu_.fetch_rows(origins.data(), origins.size(),
                    [&](std::size_t first, std::size_t rows, const FwWord* words, const NodeId* hop_rows) {
                      fw_unpack_rows(plan_, p_, reach_ ? &*reach_ : nullptr, origins.subspan(first, rows),
                                     destinations, cap, words, hops ? hop_rows : nullptr, times + first * cols,
                                     hops ? hops + first * cols : nullptr);
                    });
  }

 private:
  static_assert(sizeof(Arc) == 2 * sizeof(std::uint32_t), "arcs travel as (target, weight) pairs");
  const Problem& p_;
  FwGpuPlan plan_;
  FwGpu gpu_;
  std::optional<Reachability> reach_;
};

}  // namespace

bool fw_gpu_fits(const FwGpuPlan& plan) {
  const std::uint64_t free_bytes = probe_gpu().free_bytes;
  return plan.device_bytes + kGpuMemoryMargin <= free_bytes;
}

void expect_fw_gpu_fits(const FwGpuPlan& plan, const Problem& p) {
  const GpuInfo& gpu = probe_gpu();
  HG_EXPECTS(gpu.usable, ErrorKind::no_gpu, "--backend gpu: {}", gpu.reason);
  const std::uint64_t usable = gpu.free_bytes > kGpuMemoryMargin ? gpu.free_bytes - kGpuMemoryMargin : 0;
  HG_EXPECTS(plan.device_bytes <= usable, ErrorKind::too_large,
             "{}: the {}-bit all-pairs matrix of {} nodes{} needs {} of GPU memory, {} is free; at most {} nodes fit "
             "in this width; use --method sssp or --backend cpu",
             gpu.name, plan.compute_width, plan.layout.n, plan.hops ? " with next hops" : "", bytes_text(plan.device_bytes),
             bytes_text(gpu.free_bytes), fw_gpu_largest_n(plan, usable, p.forward.edge_count()));
}

std::unique_ptr<FwPackedSolution> fw_solve_gpu(const Problem& p, const FwGpuPlan& plan) {
  expect_fw_gpu_fits(plan, p);  // before allocating anything
  return std::make_unique<GpuSolution>(p, plan);
}

#else

bool fw_gpu_fits(const FwGpuPlan&) { return false; }
void expect_fw_gpu_fits(const FwGpuPlan&, const Problem&) {
  throw InputError(ErrorKind::no_gpu, "--backend gpu: this build of hourglass has no CUDA support");
}
std::unique_ptr<FwPackedSolution> fw_solve_gpu(const Problem&, const FwGpuPlan&) {
  throw InputError(ErrorKind::no_gpu, "--backend gpu: this build of hourglass has no CUDA support");
}

#endif

}  // namespace hg
