#pragma once
// `hourglass demo`: the main job end to end on the default data — until the
// real world network lands, a generated logistics network: generate ->
// solve (sites x demand zones, capped at 72 h) -> coverage at 24/48/72 h ->
// files in the output folder and a short table on stdout.

#include <cstdint>
#include <string>

namespace hg {

struct DemoOptions {
  std::string out_dir = "results";
  std::uint64_t nodes = 100000;
  std::uint64_t seed = 1;
  int threads = 1;
  std::string backend = "auto";
};

void run_demo(const DemoOptions& options);

}  // namespace hg
