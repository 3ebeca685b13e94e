#pragma once
// Which solver runs a request, on which backend, in how much memory: the plan
// make_solver (host/solvers/solver_factory.hpp) builds from. plan_solver is
// the choice of `solve` (and of anything that wants rows the way solve does);
// verify and coverage state their own rule with the same pieces.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/model/compile.hpp"
#include "host/solvers/backend.hpp"
#include "host/solvers/cost_model.hpp"
#include "host/solvers/fw/fw_gpu.hpp"
#include "host/solvers/phast/phast_cpu.hpp"
#include "host/solvers/phast/phast_gpu.hpp"
#include "host/solvers/solver.hpp"

namespace hg {

// One alternative the planner weighed: its estimate, and whether it fits.
struct PlanEstimate {
  MethodEstimate estimate;
  bool fits = false;
  std::string why_not;
};

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
  std::vector<PlanEstimate> estimates;    // every alternative plan_solver weighed (the cost model)

  // A plan for `method` on the CPU, with no device plan (the reference
  // solvers of verify, coverage's search, tests).
  static SolverPlan cpu(Method method, std::string reason);

  // --dry-run's "compute:" line; empty when the method needs none.
  std::string compute_line() const;
  // --dry-run's "estimates:" line: each alternative's estimated seconds.
  std::string estimates_line() const;
  nlohmann::json estimates_json() const;
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
  int threads = 1;                  // CPU threads the solver and the hierarchy build get
};

// Every backend and method the choices allow (--backend, --method; the
// sweeps never with next hops), planned against memory (the CPU's within half
// the budget, the GPU's within its free memory) and estimated by the cost
// model (host/solvers/cost_model.hpp); the quickest that fits runs. The plan
// keeps every estimate for --dry-run. InputError (usage, too_large, no_gpu)
// where nothing the choices allow can run.
SolverPlan plan_solver(const Problem& problem, const SolverChoices& choices);

// The sweeps' plan on `backend` with the hierarchy's arcs (estimated, or
// exact once built): the GPU's against its free memory, the CPU's against
// `memory_bytes`. forward_only: no reverse sweeps (full rows, coverage).
// The labels' form follows the backend and `cap` (phast_backend_form).
SolverPlan plan_phast(const Problem& problem, Backend backend, std::uint64_t arcs, std::size_t origins,
                      std::size_t destinations, std::uint64_t memory_bytes, bool forward_only, Time cap = 0);

// `--hierarchy FILE` is the file of the methods over a hierarchy (the sweeps,
// the buckets): a plan that runs another method refuses it (usage) rather
// than ignore it, unless the cost model chose that method as quicker
// (--method auto), which the returned line then says; else it is empty.
std::string check_hierarchy_used(const SolverPlan& plan, const std::string& hierarchy_file);

}  // namespace hg
