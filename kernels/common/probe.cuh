#pragma once

namespace hg {

// Launches a one-thread kernel on `device` and checks its result. Throws
// RuntimeError (via CUDA_CHECK) when the device cannot run our code.
bool run_probe_kernel(int device);

}  // namespace hg
