#pragma once
// Floyd–Warshall behind the solver interface (host/solvers/solver.hpp): the
// CPU reference (fw_cpu.hpp), and the GPU kernels or their emulation on the
// CPU (fw_gpu.hpp). All three solve the whole matrix in prepare(); rows are
// then read out of it.

#include <memory>

#include "host/model/compile.hpp"
#include "host/solvers/fw/fw_gpu.hpp"
#include "host/solvers/solver.hpp"

namespace hg {

std::unique_ptr<Solver> make_fw_cpu_solver(const Problem& problem, const SolverRequest& request, SolverHooks hooks);

// `emulated`: the GPU kernels' work split and arithmetic, run on the CPU.
std::unique_ptr<Solver> make_fw_packed_solver(const Problem& problem, const FwGpuPlan& plan, bool emulated,
                                              const SolverRequest& request, SolverHooks hooks);

}  // namespace hg
