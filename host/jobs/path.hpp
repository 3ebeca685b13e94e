#pragma once
// `hourglass path`: the route behind one entry of a result, leg by leg, from
// the result's next hops and the snapshot's edges — and the check that its
// total equals the matrix entry.

#include <string>

namespace hg {

struct PathOptions {
  std::string result_file;
  std::string from;
  std::string to;
  std::string snapshot_file;  // overrides the result's snapshot_file attribute
  std::string json_file;
};

void run_path(const PathOptions& options);

}  // namespace hg
