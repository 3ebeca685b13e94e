// A one-thread kernel that proves a GPU is usable by this binary: the driver
// loads our code for the device's architecture, memory can be allocated, and
// a result comes back. Without it, "a GPU is present" is not "a GPU works".

#include "kernels/common/device_buffer.cuh"
#include "kernels/common/probe.cuh"

namespace hg {
namespace {

constexpr unsigned kProbeMagic = 0x48474C53u;  // any value a zeroed buffer cannot hold

__global__ void probe_kernel(unsigned* out, unsigned magic) { *out = magic; }

}  // namespace

bool run_probe_kernel(int device) {
  CUDA_CHECK(cudaSetDevice(device));
  DeviceBuffer<unsigned> out(1);
  CUDA_CHECK(cudaMemset(out.data(), 0, sizeof(unsigned)));
  probe_kernel<<<1, 1>>>(out.data(), kProbeMagic);
  CUDA_CHECK(cudaGetLastError());
  unsigned value = 0;
  CUDA_CHECK(cudaMemcpy(&value, out.data(), sizeof(unsigned), cudaMemcpyDeviceToHost));
  return value == kProbeMagic;
}

}  // namespace hg
