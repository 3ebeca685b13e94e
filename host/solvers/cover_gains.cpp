#include "host/solvers/cover_gains.hpp"

#include <memory>

#include "host/core/errors.hpp"

#if HOURGLASS_HAVE_CUDA
#include "kernels/planning/cover_gains_device.cuh"
#endif

namespace hg {

FullGains device_full_gains(const std::uint64_t* sets, std::uint32_t candidates, std::uint32_t words,
                            const double* demand, std::uint32_t destinations) {
#if HOURGLASS_HAVE_CUDA
  auto gpu = std::make_shared<CoverGainsGpu>(sets, candidates, words, demand, destinations);
  return [gpu](const std::uint64_t* mask, double* gains) { gpu->gains(mask, gains); };
#else
  (void)sets, (void)candidates, (void)words, (void)demand, (void)destinations;
  throw InputError(ErrorKind::no_gpu, "--backend gpu: this build of hourglass has no CUDA support");
#endif
}

}  // namespace hg
