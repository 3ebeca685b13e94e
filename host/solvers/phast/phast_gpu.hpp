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

// Lanes a batch at most: 4 KiB of labels a node (1,024 lanes at 32 bits,
// 2,048 at 16).
inline constexpr std::uint32_t kPhastMaxLanes = 1024;
inline constexpr std::uint32_t phast_max_lanes(const PhastLabelForm& form) { return kPhastMaxLanes * 32 / form.bits; }

struct PhastGpuPlan {
  SweepDirection direction = SweepDirection::forward;
  PhastLabelForm form;
  PhastLaunch launch;
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
// (from phast_max_lanes) until the device memory fits free_bytes less the
// margin; fits = false when not even 8 lanes do.
PhastGpuPlan plan_phast_gpu(NodeId node_count, std::uint64_t arcs, std::size_t origins, std::size_t destinations,
                            std::uint64_t free_bytes, bool forward_only = false, PhastLabelForm form = {});

// Before the hierarchy exists: arcs estimated from the problem (road
// networks gain about one shortcut per arc).
std::uint64_t phast_estimated_arcs(const Problem& problem);

// InputError(no_gpu) without a usable GPU, InputError(too_large) when the
// plan does not fit.
void expect_phast_gpu_fits(const PhastGpuPlan& plan, NodeId node_count);

// Nearest origins (coverage) from nearest labels (phast_nearest_label, all
// ones where no origin reaches): exact up to the cap, cap + 1 beyond it.
// Labels of 16-bit sweeps (`reach` given) leave pairs beyond the cap out
// like unreachable ones: a destination some origin reaches gets cap + 1.
NearestOrigins nearest_from_labels(std::span<const std::uint64_t> labels, Time cap,
                                   const Reachability* reach = nullptr, std::span<const NodeId> origins = {},
                                   std::span<const NodeId> destinations = {});

// The CPU sweeps' nearest labels for origins x destinations: the reference
// of the GPU reduction, with the same per-element functions.
std::vector<std::uint64_t> phast_nearest_labels_cpu(const Problem& problem, const SweepGraph& graph,
                                                    std::span<const NodeId> origins,
                                                    std::span<const NodeId> destinations, std::uint32_t lanes,
                                                    int threads, PhastLabelForm form = {});

// Rows origins x destinations from the GPU, in the stored form, one row
// block at a time. Builds the sweep graph of the plan's direction from `ch`.
// Forward sweeps run one batch of `lanes` consecutive origins and serve
// every row block inside it, so row blocks smaller than a batch cost no
// extra sweeps.
class PhastGpuRows {
 public:
  // 16-bit forms need `reach` (resolve_saturated).
  PhastGpuRows(const Problem& problem, const ContractionHierarchy& ch, const PhastGpuPlan& plan,
               std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
               const Reachability* reach = nullptr, int threads = 1);
  ~PhastGpuRows();
  // Rows [first, first + count) of the origins, row-major into `times`.
  void solve(std::size_t first, std::size_t count, std::uint32_t* times);
  // The same rows as coverage sets within `threshold` (Solver::cover_rows),
  // thresholded on the device: forward plans only, and a threshold within
  // the cap for 16-bit forms.
  void cover(std::size_t first, std::size_t count, Time threshold, std::uint64_t* bits);
  double device_seconds() const { return device_seconds_; }
  double search_seconds() const;  // the searched form's upward searches (host)
  std::uint64_t sweeps() const { return sweeps_; }

 private:
  template <class Use>
  void for_each_forward_part(std::size_t first, std::size_t count, Use use);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  double device_seconds_ = 0;
  std::uint64_t sweeps_ = 0;
};

// Batches of sources swept on the GPU one after another in the device's
// form. In the searched form the host's upward searches of the next batch
// (`threads` of them) run while the device sweeps this one.
class PhastGpuBatches {
 public:
  PhastGpuBatches(PhastGpu& gpu, const SweepGraph& graph, int threads);
  ~PhastGpuBatches();
  // Sweeps `sources` and returns the device seconds; `next`, when given, is
  // the batch the next call will sweep, searched meanwhile.
  double sweep(std::span<const NodeId> sources, std::span<const NodeId> next = {});
  double search_seconds() const { return search_seconds_; }  // host, wall time of the searches
  std::uint64_t starts() const { return starts_; }            // handed over in all

 private:
  void search(std::span<const NodeId> sources);

  PhastGpu& gpu_;
  const SweepGraph& graph_;
  std::unique_ptr<PhastStartSearches> searches_;
  PhastSearchStarts ready_;          // searched starts of `ready_for_`
  std::vector<NodeId> ready_for_;
  double search_seconds_ = 0;
  std::uint64_t starts_ = 0;
};

// Coverage's nearest origins on the GPU: forward batches of origins, each
// folded into per-destination labels on the device; only the labels (one
// per destination) come back.
NearestOrigins phast_nearest_gpu(const Problem& problem, const ContractionHierarchy& ch, const PhastGpuPlan& plan,
                                 std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                                 double* device_seconds = nullptr, const Reachability* reach = nullptr,
                                 int threads = 1);

}  // namespace hg
