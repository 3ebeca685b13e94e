#include "host/solvers/gpu_device.hpp"

#include <fmt/format.h>

#include <exception>

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
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) {
    info.reason = "cannot read the properties of CUDA device 0";
    return info;
  }
  info.name = prop.name;
  info.compute_major = prop.major;
  info.compute_minor = prop.minor;
  try {
    if (!run_probe_kernel(0)) {
      info.reason = fmt::format("{}: the probe kernel returned a wrong value", info.name);
      return info;
    }
    if (cudaMemGetInfo(&info.free_bytes, &info.total_bytes) != cudaSuccess) {
      info.reason = fmt::format("{}: cannot query free memory", info.name);
      return info;
    }
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
