// ctest label `gpu`: runs on machines with a usable GPU, skips elsewhere.
// The probe launches a kernel and reads its result back: a usable GPU is one
// that runs this build's code, not merely one the driver lists.

#include <gtest/gtest.h>

#include "host/solvers/backend.hpp"
#include "host/solvers/gpu_device.hpp"
#include "tests/support/gpu_requirement.hpp"

namespace hg {
namespace {

TEST(GpuProbe, AUsableGpuRanTheProbeKernel) {
  REQUIRE_GPU();
  const GpuInfo& gpu = probe_gpu();
  EXPECT_FALSE(gpu.name.empty());
  EXPECT_GT(gpu.total_bytes, 0u);
  EXPECT_GT(gpu.free_bytes, 0u);
  EXPECT_LE(gpu.free_bytes, gpu.total_bytes);
  EXPECT_TRUE(gpu.reason.empty());
}

TEST(GpuProbe, AutoBackendNamesTheGpuWhenAGpuSolverExists) {
  REQUIRE_GPU();
  const GpuInfo& gpu = probe_gpu();
  const BackendDecision d = choose_backend(BackendChoice::automatic, true);
  EXPECT_EQ(d.backend, Backend::gpu);
  EXPECT_NE(d.reason.find(gpu.name), std::string::npos);
}

}  // namespace
}  // namespace hg
