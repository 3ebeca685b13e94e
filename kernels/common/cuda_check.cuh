#pragma once
// CUDA_CHECK(call): every CUDA runtime call goes through it; a failure throws
// hg::RuntimeError naming the call, the file and the line (exit status 1).

#include <cuda_runtime.h>

#include <string>

#include "host/core/errors.hpp"

namespace hg {

inline void cuda_check(cudaError_t status, const char* call, const char* file, int line) {
  if (status != cudaSuccess)
    throw RuntimeError(std::string("CUDA error: ") + cudaGetErrorString(status) + " (" + cudaGetErrorName(status) +
                       ") in " + call + " at " + file + ":" + std::to_string(line));
}

}  // namespace hg

#define CUDA_CHECK(call) ::hg::cuda_check((call), #call, __FILE__, __LINE__)
