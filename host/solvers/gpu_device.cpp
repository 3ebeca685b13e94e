#include "host/solvers/gpu_device.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "host/core/cluster.hpp"

#if HOURGLASS_HAVE_CUDA
#include <cuda_runtime.h>

#include "kernels/common/probe.cuh"
#endif

namespace hg {

namespace {

GpuInfo probe_once() {
  GpuInfo info;
#if HOURGLASS_HAVE_CUDA
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    info.reason = fmt::format("no usable CUDA device ({})", cudaGetErrorString(status));
    cudaGetLastError();  // clear the sticky error for later calls
    return info;
  }
  if (count == 0) {
    info.reason = "no CUDA device found";
    return info;
  }
  // One GPU a rank, chosen by the rank's place on its node; ranks beyond
  // the node's GPUs share them, each planning with its share of the memory
  // (docs/cluster.md#gpus).
  const int device = cluster::local_rank() % count;
  const int sharing = (cluster::local_size() - device + count - 1) / count;
  info.device = device;
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, device) != cudaSuccess) {
    info.reason = fmt::format("cannot read the properties of CUDA device {}", device);
    return info;
  }
  info.name = prop.name;
  info.compute_major = prop.major;
  info.compute_minor = prop.minor;
  try {
    if (!run_probe_kernel(device)) {
      info.reason = fmt::format("{}: the probe kernel returned a wrong value", info.name);
      return info;
    }
    if (cudaMemGetInfo(&info.free_bytes, &info.total_bytes) != cudaSuccess) {
      info.reason = fmt::format("{}: cannot query free memory", info.name);
      return info;
    }
    info.free_bytes /= static_cast<std::size_t>(std::max(sharing, 1));
  } catch (const std::exception& e) {
    info.reason = fmt::format("{} (compute capability {}.{}) cannot run this build's kernels: {}", info.name,
                              info.compute_major, info.compute_minor, e.what());
    return info;
  }
  info.usable = true;
#else
  info.reason = "this build of hourglass has no CUDA support (built with HOURGLASS_CUDA=OFF)";
#endif
  return info;
}

}  // namespace

const GpuInfo& probe_gpu() {
  static const GpuInfo info = probe_once();
  return info;
}

}  // namespace hg
