#pragma once
// Many-to-many on the GPU by batched PHAST sweeps (host/solvers/phast/phast_cpu.hpp): the plan
// (direction, lanes a batch, device memory), rows for `solve` and nearest
// origins for `coverage`. The hierarchy is built on the CPU first.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "host/solvers/nearest_origins.hpp"
#include "host/solvers/phast/phast_cpu.hpp"

namespace hg {

inline constexpr std::uint32_t kPhastMaxLanes = 1024;
struct PhastGpuPlan {
  SweepDirection direction = SweepDirection::forward;
  std::uint32_t lanes = 0;       // sources a batch
  std::uint32_t batches = 0;
  std::uint64_t device_bytes = 0;
  std::uint64_t arcs = 0;        // of the hierarchy (an estimate before it is built)
  bool fits = false;
  std::string reason;            // one line for the plan, or why it does not fit
};

// Reverse sweeps (one batch from the destinations) when destinations are
// fewer than origins and fit one batch; forward batches of origins
// otherwise. `arcs`: the hierarchy's arcs, or an estimate. Lanes shrink
// (from kPhastMaxLanes) until the device memory fits free_bytes less the
// margin; fits = false when not even 4 lanes do.
PhastGpuPlan plan_phast_gpu(NodeId node_count, std::uint64_t arcs, std::size_t origins, std::size_t destinations,
                            std::uint64_t free_bytes, bool forward_only = false);

// Before the hierarchy exists: arcs estimated from the problem (road
// networks gain about one shortcut per arc).
std::uint64_t phast_estimated_arcs(const Problem& problem);

// InputError(no_gpu) without a usable GPU, InputError(too_large) when the
// plan does not fit.
void expect_phast_gpu_fits(const PhastGpuPlan& plan, NodeId node_count);

// Nearest origins (coverage) from nearest labels (phast_nearest_label, all
// ones where no origin reaches): exact up to the cap, cap + 1 beyond it.
NearestOrigins nearest_from_labels(std::span<const std::uint64_t> labels, Time cap);

// The CPU sweeps' nearest labels for origins x destinations: the reference
// of the GPU reduction, with the same per-element functions.
std::vector<std::uint64_t> phast_nearest_labels_cpu(const Problem& problem, const SweepGraph& graph,
                                                    std::span<const NodeId> origins,
                                                    std::span<const NodeId> destinations, std::uint32_t lanes,
                                                    int threads);

// Rows origins x destinations from the GPU, in the stored form, one row
// block at a time. Builds the sweep graph of the plan's direction from `ch`.
// Forward sweeps run one batch of `lanes` consecutive origins and serve
// every row block inside it, so row blocks smaller than a batch cost no
// extra sweeps.
class PhastGpuRows {
 public:
  PhastGpuRows(const Problem& problem, const ContractionHierarchy& ch, const PhastGpuPlan& plan,
               std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap);
  ~PhastGpuRows();
  // Rows [first, first + count) of the origins, row-major into `times`.
  void solve(std::size_t first, std::size_t count, std::uint32_t* times);
  // The same rows as coverage sets within `threshold` (Solver::cover_rows),
  // thresholded on the device: forward plans only.
  void cover(std::size_t first, std::size_t count, Time threshold, std::uint64_t* bits);
  double device_seconds() const { return device_seconds_; }
  std::uint64_t sweeps() const { return sweeps_; }

 private:
  template <class Use>
  void for_each_forward_part(std::size_t first, std::size_t count, Use use);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  double device_seconds_ = 0;
  std::uint64_t sweeps_ = 0;
};

// Coverage's nearest origins on the GPU: forward batches of origins, each
// folded into per-destination labels on the device; only the labels (one
// per destination) come back.
NearestOrigins phast_nearest_gpu(const Problem& problem, const ContractionHierarchy& ch, const PhastGpuPlan& plan,
                                 std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                                 double* device_seconds = nullptr);

}  // namespace hg
