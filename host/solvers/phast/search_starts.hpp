#pragma once
// The starting labels of the searched PHAST sweeps (PhastUpward::searched in
// kernels/phast/phast.cuh): one upward search per lane of a batch, in the
// sweep graph's positions, grouped by position for the downward sweep.
//
// On roads a search with stall-on-demand visits a few hundred nodes, so a
// batch of 1,024 lanes hands over about 10^5 starts, where the upward sweep
// it replaces reads a label per lane at every upward arc.

#include <cstdint>
#include <span>
#include <vector>

#include "host/solvers/phast/upward_search.hpp"
#include "kernels/phast/phast.cuh"

namespace hg {

struct SweepGraph;

// One batch's starts: starts[g.first, g.end) of each group g belong to
// position g.position, lanes ascending; groups come in no particular order.
struct PhastSearchStarts {
  std::vector<PhastStart> starts;
  std::vector<PhastStartGroup> groups;
};

class PhastStartSearches {
 public:
  PhastStartSearches(const SweepGraph& graph, int threads);
  ~PhastStartSearches();

  // Lane i searches from sources[i] (nodes); parallel over the lanes.
  void run(std::span<const NodeId> sources, PhastSearchStarts& out);

 private:
  struct Found {
    std::uint32_t position;
    Time time;
  };
  const SweepGraph& graph_;
  int threads_;
  std::vector<UpwardSearch> searches_;      // one a thread
  std::vector<std::vector<Found>> found_;   // one a lane
  std::vector<std::uint32_t> cursor_;       // per position; zero between runs
};

// Scatters a batch's groups into per-position runs (runs[p] = {first, end})
// and clears them again: the CPU sweeps' side of the GPU's scatter kernel.
void phast_scatter_runs(std::span<const PhastStartGroup> groups, PhastStartRun* runs);
void phast_clear_runs(std::span<const PhastStartGroup> groups, PhastStartRun* runs);

}  // namespace hg
