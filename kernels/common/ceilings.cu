// The GPU ceilings (kernels/common/ceilings.cuh): device copy bandwidth and the
// register-only min-plus instruction rate.

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "kernels/common/ceilings.cuh"
#include "kernels/common/device_buffer.cuh"

namespace hg {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Accumulators a thread keeps, and the operands it cycles through.
constexpr int kPeakAccumulators = 32;
constexpr int kPeakOperands = 8;
constexpr int kPeakThreads = 256;
// Instructions one thread issues per loop trip.
constexpr int kPeakStepsPerTrip = kPeakAccumulators * kPeakOperands;

struct PeakU32 {
  static constexpr int kUpdatesPerStep = 1;
  __device__ static unsigned step(unsigned a, unsigned b, unsigned c) { return __viaddmin_u32(a, b, c); }
};
struct PeakS16x2 {
  static constexpr int kUpdatesPerStep = 2;
  __device__ static unsigned step(unsigned a, unsigned b, unsigned c) { return __viaddmin_s16x2(a, b, c); }
};

// acc[i] = min(acc[i + 1] + b[j], acc[i]): a genuine recurrence (no step can
// be folded or hoisted), each step depending on one issued 31 steps earlier,
// so the warp schedulers always find independent work. Operands come from
// memory; the accumulators are stored, so nothing is dead.
template <class Op>
__global__ void __launch_bounds__(kPeakThreads) minplus_peak_kernel(const unsigned* __restrict__ seed,
                                                                    unsigned* __restrict__ out, int trips) {
  const unsigned tid = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned acc[kPeakAccumulators];
  unsigned b[kPeakOperands];
#pragma unroll
  for (int i = 0; i < kPeakAccumulators; ++i) acc[i] = seed[i] ^ tid;
#pragma unroll
  for (int j = 0; j < kPeakOperands; ++j) b[j] = seed[kPeakAccumulators + j];
#pragma unroll 1
  for (int t = 0; t < trips; ++t) {
#pragma unroll
    for (int j = 0; j < kPeakOperands; ++j) {
#pragma unroll
      for (int i = 0; i < kPeakAccumulators; ++i)
        acc[i] = Op::step(acc[(i + 1) % kPeakAccumulators], b[j], acc[i]);
    }
  }
  unsigned folded = 0;
#pragma unroll
  for (int i = 0; i < kPeakAccumulators; ++i) folded ^= acc[i];
  out[tid] = folded;
}

template <class Op>
double minplus_peak() {
  int device = 0;
  CUDA_CHECK(cudaGetDevice(&device));
  int sms = 0;
  CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  int resident = 0;
  CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&resident, minplus_peak_kernel<Op>, kPeakThreads, 0));
  resident = std::max(resident, 1);
  // Four whole waves: every SM full, no tail.
  const unsigned blocks = static_cast<unsigned>(sms) * static_cast<unsigned>(resident) * 4u;
  const std::size_t threads = std::size_t{blocks} * kPeakThreads;

  std::vector<unsigned> host_seed(kPeakAccumulators + kPeakOperands);
  for (std::size_t i = 0; i < host_seed.size(); ++i)
    host_seed[i] = Op::kUpdatesPerStep == 2 ? static_cast<unsigned>(((7 * i + 3) << 16) | (5 * i + 1))
                                            : static_cast<unsigned>(1000 + 37 * i);
  DeviceBuffer<unsigned> seed(host_seed.size());
  DeviceBuffer<unsigned> out(threads);
  CudaStream stream;
  CUDA_CHECK(cudaMemcpyAsync(seed.data(), host_seed.data(), host_seed.size() * sizeof(unsigned),
                             cudaMemcpyHostToDevice, stream.get()));
  CudaEvent start, stop;

  // Size the run to ~50 ms: time a short one first (which also warms up).
  int trips = 64;
  const auto timed = [&](int n) {
    start.record(stream.get());
    minplus_peak_kernel<Op><<<blocks, kPeakThreads, 0, stream.get()>>>(seed.data(), out.data(), n);
    CUDA_CHECK(cudaGetLastError());
    stop.record(stream.get());
    return CudaEvent::seconds_between(start, stop);
  };
  timed(trips);
  const double probe = timed(trips);
  if (probe > 0) trips = static_cast<int>(std::clamp(trips * 0.05 / probe, 64.0, 1.0e6));
  timed(trips);  // warm-up at full length (clocks settle)

  std::vector<double> seconds;
  for (int r = 0; r < 9; ++r) seconds.push_back(timed(trips));
  const double updates = static_cast<double>(threads) * trips * kPeakStepsPerTrip * Op::kUpdatesPerStep;
  return updates / median(seconds);
}

}  // namespace

double gpu_copy_bandwidth(std::size_t bytes) {
  if (bytes == 0) throw std::invalid_argument("gpu_copy_bandwidth: bytes must be positive");
  DeviceBuffer<unsigned char> src(bytes), dst(bytes);
  CudaStream stream;
  CudaEvent start, stop;
  CUDA_CHECK(cudaMemsetAsync(src.data(), 1, bytes, stream.get()));
  CUDA_CHECK(cudaMemsetAsync(dst.data(), 0, bytes, stream.get()));
  for (int w = 0; w < 2; ++w)
    CUDA_CHECK(cudaMemcpyAsync(dst.data(), src.data(), bytes, cudaMemcpyDeviceToDevice, stream.get()));
  std::vector<double> seconds;
  for (int r = 0; r < 10; ++r) {
    start.record(stream.get());
    CUDA_CHECK(cudaMemcpyAsync(dst.data(), src.data(), bytes, cudaMemcpyDeviceToDevice, stream.get()));
    stop.record(stream.get());
    seconds.push_back(CudaEvent::seconds_between(start, stop));
  }
  return 2.0 * static_cast<double>(bytes) / median(seconds);
}

double gpu_minplus_peak(int width) {
  if (width == 32) return minplus_peak<PeakU32>();
  if (width == 16) return minplus_peak<PeakS16x2>();
  throw std::invalid_argument("gpu_minplus_peak: width must be 16 or 32");
}

}  // namespace hg
