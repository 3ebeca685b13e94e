#pragma once
// The two ceilings every GPU figure is reported against
// (docs/performance.md#method): device copy bandwidth and the min-plus instruction
// rate. Host-only interface (C++17, no CUDA type), so C++20 host code and the
// benchmarks include it; kernels/common/ceilings.cu measures them on device 0.

#include <cstddef>

namespace hg {

// Device-to-device cudaMemcpyAsync of `bytes` (two buffers of `bytes` each):
// a warm-up, then the median of 10 timed copies (CUDA events). Returns bytes
// moved per second, reads plus writes (2 * bytes / time). Throws RuntimeError
// on a CUDA failure (no device, too little memory).
double gpu_copy_bandwidth(std::size_t bytes);

// Register-only min-plus throughput: every thread runs a recurrence over 32
// independent accumulators, acc = min(acc' + b, acc) as one VIADDMNMX
// (width 32: __viaddmin_u32, one update an instruction; width 16:
// __viaddmin_s16x2, two updates an instruction), over whole waves of blocks
// on every SM. Returns min-plus updates per second (median of 9 timed runs
// after a warm-up). The kernels' names contain `minplus_peak`, for finding
// them in SASS. Throws RuntimeError on a CUDA failure, std::invalid_argument
// for a width other than 16 or 32.
double gpu_minplus_peak(int width);

}  // namespace hg
