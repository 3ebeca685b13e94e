// The planner's full passes on the device (kernels/planning/cover_gains_device.cuh).

#include "kernels/common/cuda_check.cuh"
#include "kernels/common/device_buffer.cuh"
#include "kernels/planning/cover_gains_device.cuh"
#include "kernels/planning/cover_sums.cuh"

namespace hg {

namespace {

constexpr unsigned kGainThreads = 128;

// One thread a candidate: its whole row in the fixed order of masked_demand.
// Neighbouring threads read rows `words` apart; each walks its own row
// sequentially, so every cache line it loads serves its next eight words.
__global__ void cover_gains_kernel(const std::uint64_t* __restrict__ sets, std::uint32_t candidates,
                                   std::uint32_t words, const std::uint64_t* __restrict__ mask,
                                   const double* __restrict__ demand, double* __restrict__ gains) {
  const std::uint32_t j = blockIdx.x * blockDim.x + threadIdx.x;
  if (j >= candidates) return;
  gains[j] = masked_demand(sets + std::uint64_t{j} * words, mask, demand, words);
}

}  // namespace

struct CoverGainsGpu::Impl {
  std::uint32_t candidates = 0, words = 0;
  CudaStream stream;
  DeviceBuffer<std::uint64_t> sets, mask;
  DeviceBuffer<double> demand, gains;
};

CoverGainsGpu::CoverGainsGpu(const std::uint64_t* sets, std::uint32_t candidates, std::uint32_t words,
                             const double* demand, std::uint32_t destinations)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.candidates = candidates;
  m.words = words;
  m.sets = DeviceBuffer<std::uint64_t>(std::uint64_t{candidates} * words);
  m.mask = DeviceBuffer<std::uint64_t>(words);
  m.demand = DeviceBuffer<double>(destinations);
  m.gains = DeviceBuffer<double>(candidates);
  CUDA_CHECK(cudaMemcpy(m.sets.data(), sets, m.sets.bytes(), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(m.demand.data(), demand, m.demand.bytes(), cudaMemcpyHostToDevice));
}

CoverGainsGpu::~CoverGainsGpu() = default;

void CoverGainsGpu::gains(const std::uint64_t* mask, double* out) {
  Impl& m = *impl_;
  if (m.candidates == 0) return;
  const cudaStream_t s = m.stream.get();
  CUDA_CHECK(cudaMemcpyAsync(m.mask.data(), mask, m.mask.bytes(), cudaMemcpyHostToDevice, s));
  cover_gains_kernel<<<(m.candidates + kGainThreads - 1) / kGainThreads, kGainThreads, 0, s>>>(
      m.sets.data(), m.candidates, m.words, m.mask.data(), m.demand.data(), m.gains.data());
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaMemcpyAsync(out, m.gains.data(), m.gains.bytes(), cudaMemcpyDeviceToHost, s));
  CUDA_CHECK(cudaStreamSynchronize(s));
}

}  // namespace hg
