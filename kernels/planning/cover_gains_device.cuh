#pragma once
// Every candidate's gain at once on the device, for the planner's full
// passes (the greedy's first evaluation, the exact gains at the final plan):
// one thread a candidate runs masked_demand (kernels/planning/cover_sums.cuh)
// over its bitset, in the same order as the CPU, so the gains are the same
// bits. A host-only interface: no CUDA type appears here.

#include <cstdint>
#include <memory>

namespace hg {

class CoverGainsGpu {
 public:
  // Copies the sets (candidates x words, row after row) and the demand (one
  // a destination) to the device. Throws RuntimeError on a CUDA failure.
  CoverGainsGpu(const std::uint64_t* sets, std::uint32_t candidates, std::uint32_t words, const double* demand,
                std::uint32_t destinations);
  ~CoverGainsGpu();
  CoverGainsGpu(const CoverGainsGpu&) = delete;
  CoverGainsGpu& operator=(const CoverGainsGpu&) = delete;

  // gains[j] = the demand of set j & mask (`words` words), for every candidate.
  void gains(const std::uint64_t* mask, double* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hg
