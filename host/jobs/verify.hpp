#pragma once
// `hourglass verify`: runs the chosen backend on a sample of origins and checks
// every sampled row against a second, independent CPU method (Floyd–Warshall
// for small networks, label-correcting for large ones; never the method under
// test; CPU Dijkstra when the GPU's Floyd–Warshall is under test) and against
// the optimality certificate. Any mismatch is printed with
// origin, destination and both values.

#include <cstdint>
#include <string>

#include "host/solvers/backend.hpp"
#include "host/jobs/solve.hpp"

namespace hg {

struct VerifyOptions {
  std::string snapshot_file;
  std::string snapshot_name;
  BackendChoice backend = BackendChoice::automatic;
  MethodChoice method = MethodChoice::automatic;
  WidthChoice width = WidthChoice::automatic;  // the GPU's width (uncapped rows)
  std::uint32_t sample = 16;
  std::uint64_t seed = 1;
  int threads = 1;
  std::uint64_t memory_budget = kDefaultMemoryBudget;
  std::string json_file;
  std::string hierarchy_file;  // --hierarchy: the GPU sweeps' hierarchy, reused or stored
  std::string snapshot_override;  // --snapshot-file: a result's snapshot, when it is not where it was
};

// Returns the exit status: 0 when every row matches and every certificate
// holds, 1 otherwise.
// snapshot_file may name a result instead (it holds OMX_VERSION): then
// run_verify_result.
int run_verify(const VerifyOptions& options);

// `verify RESULT.h5`: the snapshot's SHA-256 against the recorded one
// (missing-file or usage, status 2, when it is missing or different); every
// stored value against the cap, the width rule and the diagonal; sampled rows
// recomputed by an independent CPU method, certified, and compared entry by
// entry (next hops too). 0 when all hold, 1 naming the first differences.
int run_verify_result(const VerifyOptions& options);

}  // namespace hg
