#pragma once
// `hourglass solve`: snapshot -> selections -> compiled problem -> plan ->
// row blocks from a solver -> OMX result, written to RESULT.h5.partial block
// by block (overlapping computation and writing) and renamed when complete.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "host/jobs/loaded_network.hpp"
#include "host/solvers/backend.hpp"
#include "host/solvers/solver_plan.hpp"
#include "host/solvers/time_width.hpp"
#include "io/result_dtype.hpp"

namespace hg {

inline constexpr std::uint64_t kDefaultMemoryBudget = std::uint64_t{2} << 30;

struct SolveOptions {
  std::string snapshot_file;
  std::string snapshot_name;
  std::string origins = "all";
  std::string destinations = "all";
  std::string scenario_file;  // origins and destinations from a scenario file
  std::optional<double> max_hours;
  bool paths = false;
  WidthChoice width = WidthChoice::automatic;
  std::optional<io::ResultDtype> dtype;  // --dtype; nullopt: uint16 or uint32 by the width
  BackendChoice backend = BackendChoice::automatic;
  MethodChoice method = MethodChoice::automatic;
  int threads = 1;
  std::uint64_t memory_budget = kDefaultMemoryBudget;
  bool dry_run = false;
  bool resume = false;  // continue from OUTPUT.partial and its progress record
  std::string output;
  std::string command_line;  // recorded as the `parameters` attribute
  std::string json_file;     // optional summary for scripts
  std::string hierarchy_file;  // --hierarchy: the sweeps' hierarchy, reused or stored
};

struct SolvePlan {
  SolverPlan solver;  // backend, method, device plan, the solver's own host memory
  int width = 32;                                   // the solvers' time width
  io::ResultDtype dtype = io::ResultDtype::uint32;  // the stored element type
  Time cap = 0;
  std::uint32_t rows = 0, cols = 0;
  std::uint32_t block_rows = 0, blocks = 0;
  std::uint64_t block_bytes = 0;   // host memory of the block buffers in flight
  std::uint64_t output_bytes = 0;  // uncompressed size of the stored matrices

  std::string describe() const;
  nlohmann::json to_json() const;
};

SolvePlan plan_solve(const LoadedNetwork& loaded, std::uint32_t origin_count, std::uint32_t destination_count,
                     const SolveOptions& options);

// Runs a whole solve; InputError for bad input (nothing is written), RuntimeError otherwise.
void run_solve(const SolveOptions& options);

}  // namespace hg
