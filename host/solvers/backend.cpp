#include "host/solvers/backend.hpp"

#include <fmt/format.h>

#include "host/core/choice.hpp"
#include "host/core/errors.hpp"
#include "host/solvers/gpu_device.hpp"

namespace hg {

BackendChoice parse_backend_choice(std::string_view text) {
  static constexpr std::pair<std::string_view, BackendChoice> kChoices[] = {
      {"auto", BackendChoice::automatic}, {"cpu", BackendChoice::cpu}, {"gpu", BackendChoice::gpu}};
  return parse_choice(text, "--backend", kChoices);
}

std::string_view backend_name(Backend backend) { return backend == Backend::gpu ? "gpu" : "cpu"; }

BackendDecision choose_backend(BackendChoice choice, bool gpu_solver_available) {
  if (choice == BackendChoice::cpu) return {Backend::cpu, "cpu (requested)"};
  const GpuInfo& gpu = probe_gpu();
  if (choice == BackendChoice::gpu) {
    HG_EXPECTS(gpu.usable, ErrorKind::no_gpu, "--backend gpu: {}", gpu.reason);
    HG_EXPECTS(gpu_solver_available, ErrorKind::no_gpu,
               "--backend gpu: {} is usable, but this version has no GPU solver for this job; use --backend cpu",
               gpu.name);
    return {Backend::gpu, fmt::format("gpu (requested): {}", gpu.name)};
  }
  if (!gpu.usable) return {Backend::cpu, fmt::format("cpu (auto: {})", gpu.reason)};
  if (!gpu_solver_available)
    return {Backend::cpu, fmt::format("cpu (auto: {} is usable, but no GPU solver exists for this job yet)", gpu.name)};
  return {Backend::gpu, fmt::format("gpu (auto): {}", gpu.name)};
}

}  // namespace hg
