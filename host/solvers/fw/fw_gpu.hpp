#pragma once
// All-pairs on the GPU: plan (compute width, clamp, device memory) and rows
// out of a solved device matrix, in the stored form (docs/design.md#caps). The CPU
// emulation of the same kernels (host/solvers/fw/fw_emulated.cpp) shares the plan and
// the unpacking, so the CPU tests check both.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "host/model/compile.hpp"
#include "host/solvers/fw/reachability.hpp"
#include "kernels/fw/fw_packed.cuh"

namespace hg {

struct FwGpuPlan {
  FwLayout layout;
  int compute_width = 32;               // 16: packed lanes; 32 otherwise
  bool hops = false;
  bool clamp_means_unreachable = true;  // false: an entry at the clamp may be reachable (capped 16-bit)
  std::uint64_t device_bytes = 0;
  std::uint64_t reachability_bytes = 0;  // host memory of the reachability oracle, when needed
  std::string compute_reason;            // one line for the plan
  bool graph_launch = false;  // the rounds captured in one CUDA graph (kernels/fw/fw_device.cuh's FwLaunch)
};

// Packed 16-bit compute when the stored width is 16, no next hops are asked
// for and the clamp L (uncapped: path bound + 1; capped: min(cap + 1 + the
// largest handling, path bound + 1)) has 2 L <= 32767; 32-bit otherwise.
FwGpuPlan plan_fw_gpu(const Problem& problem, int stored_width, Time cap, bool hops);

// The largest n whose matrix fits `free_bytes` in the plan's width (for the
// message when it does not).
NodeId fw_gpu_largest_n(const FwGpuPlan& plan, std::uint64_t free_bytes, std::uint64_t arcs);

// Stored rows for origins x destinations from packed rows (one per origin,
// layout.words() words each; hop_rows: layout.n_pad each, or null).
void fw_unpack_rows(const FwGpuPlan& plan, const Problem& problem, const Reachability* reach,
                    std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                    const FwWord* rows, const NodeId* hop_rows, std::uint32_t* times, NodeId* hops);

// A matrix solved by the GPU kernels or by their CPU emulation; rows come
// out in row blocks.
class FwPackedSolution {
 public:
  virtual ~FwPackedSolution() = default;
  virtual void write_rows(std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                          std::uint32_t* times, NodeId* hops) = 0;
  double solve_seconds() const { return solve_seconds_; }

 protected:
  double solve_seconds_ = 0;
};

// Whether the plan fits the GPU's free memory (with kGpuMemoryMargin);
// expect_fw_gpu_fits throws InputError(too_large) naming the largest n that
// fits, or InputError(no_gpu).
bool fw_gpu_fits(const FwGpuPlan& plan);
void expect_fw_gpu_fits(const FwGpuPlan& plan, const Problem& problem);

// The GPU solver: plans against free device memory first (InputError
// too_large naming the largest n that fits), then solves. RuntimeError on a
// CUDA failure.
std::unique_ptr<FwPackedSolution> fw_solve_gpu(const Problem& problem, const FwGpuPlan& plan);

// The same kernels' work split and arithmetic on the CPU.
std::unique_ptr<FwPackedSolution> fw_solve_emulated(const Problem& problem, const FwGpuPlan& plan, int threads);

}  // namespace hg
