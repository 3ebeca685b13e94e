#pragma once
// The GPU PHAST sweeps (kernels/phast/phast.cu) behind a host-only interface: no
// CUDA type appears here, so C++20 host code includes it. host/solvers/phast/phast_gpu.cpp
// plans the lanes against free memory and adapts problems to it.
//
// Public call -> host dispatch (sizing, staging, launches, error checks) ->
// thin kernels -> the per-node functions of kernels/phast/phast.cuh.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/common/reach_bits.cuh"
#include "kernels/phast/phast.cuh"

namespace hg {

// A sweep graph (host/solvers/phast/phast_cpu.hpp) as plain arrays.
struct PhastGraphView {
  std::uint32_t node_count = 0;
  std::uint32_t level_count = 0;
  const std::uint32_t* level_begin = nullptr;  // level_count + 1
  const std::uint32_t* up_offsets = nullptr;   // node_count + 1
  const PhastArc* up_arcs = nullptr;
  const std::uint32_t* down_offsets = nullptr;
  const PhastArc* down_arcs = nullptr;
};


// How the sweeps launch. fuse_thin_levels: the searched form's thin top
// levels (kPhastThinItems node-words or fewer each) in one launch, a block
// per group of words with a barrier between levels, instead of one launch
// a level (kernels/phast/phast.cuh, phast_thin_item).
struct PhastLaunch {
  bool fuse_thin_levels = false;
};

class PhastGpu {
 public:
  // Copies the graph to the device, allocates labels of `form` for `lanes`
  // lanes (a multiple of 8) and records the sweeps of one batch as a CUDA
  // graph. Throws RuntimeError on a CUDA failure.
  PhastGpu(const PhastGraphView& graph, std::uint32_t lanes, PhastLabelForm form = {}, PhastLaunch launch = {});
  ~PhastGpu();
  PhastGpu(const PhastGpu&) = delete;
  PhastGpu& operator=(const PhastGpu&) = delete;

  std::uint32_t lanes() const;
  const PhastLabelForm& form() const;

  // The swept form: both sweeps for up to lanes() sources given by sweep
  // position; lanes beyond `count` hold no source. Returns the device
  // seconds (CUDA events).
  double sweep(const std::uint32_t* source_positions, std::uint32_t count);

  // The searched form: the downward sweep from the batch's searched starts
  // (host/solvers/phast/search_starts.hpp); lanes no start names hold no
  // source. Returns the device seconds of the sweep and its scatter.
  double sweep(const PhastStartGroup* groups, std::uint32_t group_count, const PhastStart* starts,
               std::uint32_t start_count);
  // The same in two halves: enqueue_sweep copies the starts and returns at
  // once (the host may search the next batch meanwhile); finish_sweep waits
  // and returns the device seconds.
  void enqueue_sweep(const PhastStartGroup* groups, std::uint32_t group_count, const PhastStart* starts,
                     std::uint32_t start_count);
  double finish_sweep();

  // The network's reachability (16-bit forms): rows then resolve saturated
  // pairs on the device, cap + 1 where reachable (phast_resolved).
  void set_reachability(const ReachBits& reach, std::size_t nodes, std::size_t bit_words);

  // Sets the targets the next fetches and reductions read: sweep positions,
  // node indices (for the diagonal) and how many.
  void set_targets(const std::uint32_t* positions, const NodeId* nodes, std::size_t count);

  // Forward rows of the last sweep: out[i * targets + j] is the stored time
  // from lane first_lane + i's source to target j, for i < count (16-bit
  // forms: kPhastSaturated beyond the cap or unreachable unless
  // set_reachability resolved them). Coverage sets need no resolving for
  // thresholds within the cap; nearest labels leave the targets no lane
  // reaches below the limit for the host to resolve.
  // lane_nodes[i] and lane_handling[i]: that lane's source node and handling.
  void fetch_lane_rows(const NodeId* lane_nodes, const Time* lane_handling, std::uint32_t first_lane,
                       std::uint32_t count, Time cap, std::uint32_t* out);

  // Forward rows of the last sweep as coverage sets
  // (kernels/planning/cover_sums.cuh): out[i * cover_words(targets) + w],
  // bit b set where the stored time (as fetch_lane_rows gives it) from lane
  // first_lane + i's source to target 64 w + b is at most `threshold`.
  void fetch_lane_cover(const NodeId* lane_nodes, const Time* lane_handling, std::uint32_t first_lane,
                        std::uint32_t count, Time cap, Time threshold, std::uint64_t* out);

  // Reverse rows of the last sweep (lanes = targets' sources): out[i * count
  // + j] is the stored time from row node i (sweep position row_positions[i],
  // handling row_handling[i]) to lane j's source, for lanes [0, count).
  void fetch_position_rows(const std::uint32_t* row_positions, const NodeId* row_nodes, const Time* row_handling,
                           std::size_t rows, const NodeId* lane_nodes, std::uint32_t count, Time cap,
                           std::uint32_t* out);

  // Coverage: folds the last sweep's lanes [0, count) into each target's
  // nearest label (phast_nearest_label), kept on the device; nearest()
  // copies the labels back (one per target). reset_nearest() starts over.
  void reset_nearest();
  void reduce_nearest(const NodeId* lane_nodes, const Time* lane_handling, std::uint32_t count);
  void nearest(std::uint64_t* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hg
