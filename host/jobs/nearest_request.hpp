#pragma once
// The nearest origin of every destination for a request, as `coverage`
// computes it and `diff` computes it twice: one multi-source search on the
// CPU (what auto takes), or per-origin sweeps reduced on the device with
// --backend gpu. Both give the same pairs (host/solvers/nearest_origins.hpp).

#include <span>
#include <string>
#include <string_view>

#include "host/jobs/loaded_network.hpp"
#include "host/solvers/backend.hpp"
#include "host/solvers/nearest_origins.hpp"
#include "host/solvers/solver_plan.hpp"

namespace hg {

struct NearestRun {
  SolverPlan plan;
  NearestOrigins nearest;
};

// Logs one line naming `job` (coverage, diff A, …), the backend and the sizes.
NearestRun find_nearest_origins(const LoadedNetwork& loaded, std::span<const NodeId> origins,
                                std::span<const NodeId> destinations, Time cap, BackendChoice backend, int threads,
                                const std::string& hierarchy_file, std::string_view job);

}  // namespace hg
