#pragma once
// The planner's full passes (every candidate's gain at once) on the device,
// for `plan --backend gpu` (docs/planning.md): a function over coverage sets
// kept in device memory (kernels/planning/cover_gains_device.cuh). The same
// bits as the host's threads: both run masked_demand.

#include <cstdint>
#include <functional>

namespace hg {

// gains(mask, out): out[j] = the demand of set j & mask, for every candidate.
using FullGains = std::function<void(const std::uint64_t* mask, double* gains)>;

// Copies the sets (candidates x words, row after row) and the demand to the
// device. InputError(no-gpu) in a build without CUDA; RuntimeError on a CUDA
// failure.
FullGains device_full_gains(const std::uint64_t* sets, std::uint32_t candidates, std::uint32_t words,
                            const double* demand, std::uint32_t destinations);

}  // namespace hg
