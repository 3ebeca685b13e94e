#pragma once
// Is there a GPU this binary can use? Answers without crashing on machines
// without a driver, without a GPU, or with a build without CUDA.

#include <cstddef>
#include <cstdint>
#include <string>

namespace hg {

// GPU memory left to the runtime's own allocations when planning.
inline constexpr std::uint64_t kGpuMemoryMargin = std::uint64_t{256} << 20;

struct GpuInfo {
  bool usable = false;
  std::string reason;       // why not, when not usable
  std::string name;         // e.g. "NVIDIA H200"
  int compute_major = 0;
  int compute_minor = 0;
  std::size_t free_bytes = 0;
  std::size_t total_bytes = 0;
  int device = 0;           // the device this process uses: its rank on the node, modulo the GPUs
};

// Probes this process's device once (cached): device count, properties,
// free memory (its share, where ranks share the GPU), and a probe kernel
// round trip. The probe makes that device current for the process.
const GpuInfo& probe_gpu();

}  // namespace hg
