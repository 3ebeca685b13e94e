#pragma once
// Which solver runs a request, on which backend, in how much memory: the plan
// make_solver (host/solvers/solver_factory.hpp) builds from. plan_solver is
// the choice of `solve` (and of anything that wants rows the way solve does);
// verify and coverage state their own rule with the same pieces.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "host/model/compile.hpp"
#include "host/solvers/backend.hpp"
#include "host/solvers/fw/fw_gpu.hpp"
#include "host/solvers/phast/phast_cpu.hpp"
#include "host/solvers/phast/phast_gpu.hpp"
#include "host/solvers/solver.hpp"

namespace hg {

struct SolverPlan {
  BackendDecision backend;
  Method method = Method::sssp;
  std::string reason;                     // why this method, one line
  bool emulate_gpu = false;               // fw: the GPU kernels' work split, run on the CPU (tests)
  std::optional<FwGpuPlan> fw_gpu;        // fw on the GPU, or emulated
  std::optional<PhastGpuPlan> phast_gpu;  // phast on the GPU (hierarchy arcs estimated until it is built)
  std::optional<PhastCpuPlan> phast_cpu;  // phast on the CPU (likewise)
  bool forward_only = false;              // phast: no reverse sweeps (full rows of verify, coverage)
  std::uint64_t host_bytes = 0;           // host memory the solver holds besides the row blocks

  // A plan for `method` on the CPU, with no device plan (the reference
  // solvers of verify, coverage's search, tests).
  static SolverPlan cpu(Method method, std::string reason);

  // --dry-run's "compute:" line; empty when the method needs none.
  std::string compute_line() const;
  // Device memory the plan needs (0 on the CPU) and the sweeps' lanes.
  std::uint64_t device_bytes() const;
};

// What plan_solver chooses from.
struct SolverChoices {
  std::uint32_t origins = 0;
  std::uint32_t destinations = 0;
  Time cap = 0;
  int width = 32;   // the stored width (host/solvers/time_width.hpp)
  bool hops = false;
  BackendChoice backend = BackendChoice::automatic;
  MethodChoice method = MethodChoice::automatic;
  std::uint64_t memory_budget = 0;  // host memory for the solver and the row blocks
  bool stored_hierarchy = false;    // a hierarchy file to read exists: the sweeps build nothing
};

// The GPU takes all-pairs requests (every or nearly every node on both sides)
// by Floyd–Warshall when the matrix fits its free memory, and one-to-all
// rows by the PHAST sweeps (under auto from kPhastAutoMinOrigins origins, or
// kPhastAutoMinOriginsStored with a stored hierarchy; never with next hops,
// which the sweeps do not keep). The CPU takes Floyd–Warshall when its
// matrix fits half the memory budget and its n^3 work beats one search per
// origin, else Dijkstra; the CPU sweeps only when asked for (--method phast).
// InputError (usage, too_large, no_gpu) where the choices cannot be met.
SolverPlan plan_solver(const Problem& problem, const SolverChoices& choices);

// The sweeps' plan on `backend` with the hierarchy's arcs (estimated, or
// exact once built): the GPU's against its free memory, the CPU's against
// `memory_bytes`. forward_only: no reverse sweeps (full rows, coverage).
SolverPlan plan_phast(const Problem& problem, Backend backend, std::uint64_t arcs, std::size_t origins,
                      std::size_t destinations, std::uint64_t memory_bytes, bool forward_only);

// `--hierarchy FILE` is the PHAST sweeps' file: a plan that runs another
// method refuses it (usage) rather than ignore it.
void expect_hierarchy_used(const SolverPlan& plan, const std::string& hierarchy_file);

}  // namespace hg
