#pragma once
// Which backend runs a job. `auto` takes the GPU when the build has CUDA, a
// GPU is usable and a GPU solver exists for the job; otherwise the CPU, and
// says why. `gpu` where that is impossible is bad usage (exit status 2).

#include <string>
#include <string_view>

namespace hg {

enum class BackendChoice { automatic, cpu, gpu };
enum class Backend { cpu, gpu };

BackendChoice parse_backend_choice(std::string_view text);  // InputError(usage) if unknown
std::string_view backend_name(Backend backend);

struct BackendDecision {
  Backend backend = Backend::cpu;
  std::string reason;  // one line for the plan
};

// `gpu_solver_available`: whether a GPU implementation of the job exists.
BackendDecision choose_backend(BackendChoice choice, bool gpu_solver_available);

}  // namespace hg
