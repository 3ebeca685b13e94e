#pragma once
// Batched one-to-all shortest paths by PHAST sweeps over a contraction
// hierarchy (host/solvers/phast/contraction.hpp): the many-to-many solver for large sparse
// networks, on the GPU (kernels/phast/phast.cu) and, with the very same per-node
// arithmetic (kernels/phast/phast.cuh), on the CPU.
//
// Why this algorithm (Delling, Goldberg, Nowatzyk, Werneck, "PHAST:
// Hardware-accelerated shortest path trees", IPDPS 2011 / JPDC 2013): after
// one CPU preprocessing, a full one-to-all tree is two linear sweeps with no
// priority queue and no data-dependent control flow, which is what a GPU
// does well. For a batch of k sources:
//
//   1. upward sweep, levels ascending: every node's label is 0 for its own
//      source lane, else the minimum over its in-arcs from lower-ranked
//      nodes. This is the exact upward-search distance, computed for all
//      nodes instead of a per-source priority-queue search (so no CPU phase
//      per source and no irregular work on the device);
//   2. downward sweep, levels descending: every node takes the minimum of its
//      label and its in-arcs from higher-ranked nodes.
//
// Every shortest path has an up-down form in the hierarchy, so the labels
// are exact. Nodes of one level never depend on each other: each level is
// one parallel step (one kernel launch). Labels are stored position-major
// with the k lanes contiguous, so each arc pull is a coalesced read of the
// tail's k labels; sweep positions follow the levels, so each level is a
// contiguous run of memory. Delta-stepping or near-far would need hundreds
// of frontier rounds per batch on a road graph (its hop diameter) with
// irregular frontiers; the sweeps' cost is fixed and bandwidth-bound.
//
// Searches toward destinations (when destinations are far fewer than
// origins) run the same sweeps on the reverse graph: the hierarchy of the
// reverse graph is the same one with every arc turned around.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "host/solvers/fw/reachability.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/phast/search_starts.hpp"
#include "kernels/phast/phast.cuh"
#include "kernels/phast/phast_device.cuh"

namespace hg {

enum class SweepDirection {
  forward,  // labels are times from each lane's source
  reverse,  // labels are times to each lane's source
};

// The hierarchy laid out for sweeping in one direction. Positions order the
// nodes by level (ascending), then by node index; arcs are grouped by their
// head's position and name their tail's position.
struct SweepGraph {
  SweepDirection direction = SweepDirection::forward;
  NodeId node_count = 0;
  std::vector<NodeId> node_at;                // position -> node
  std::vector<std::uint32_t> position_of;     // node -> position
  std::vector<std::uint32_t> level_begin;     // level_count + 1 positions
  std::vector<std::uint32_t> up_offsets;      // node_count + 1, by head position
  std::vector<PhastArc> up_arcs;              // tails at lower levels
  std::vector<std::uint32_t> down_offsets;
  std::vector<PhastArc> down_arcs;            // tails at higher levels
  // The upward arcs again, grouped by tail position and naming the head (in
  // PhastArc::tail): what the upward searches of the searched form relax.
  std::vector<std::uint32_t> search_offsets;
  std::vector<PhastArc> search_arcs;

  std::uint32_t level_count() const { return level_begin.empty() ? 0 : static_cast<std::uint32_t>(level_begin.size() - 1); }
  std::uint64_t arc_count() const { return up_arcs.size() + down_arcs.size(); }
  // Bytes of the arrays a device copy holds: offsets and arcs.
  std::uint64_t graph_bytes() const {
    return 4 * (up_offsets.size() + down_offsets.size()) + sizeof(PhastArc) * arc_count();
  }
  // The sweep positions of `nodes`, in order.
  std::vector<std::uint32_t> positions(std::span<const NodeId> nodes) const {
    std::vector<std::uint32_t> p(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) p[i] = position_of[nodes[i]];
    return p;
  }
  // The arrays as the GPU sweeps take them (kernels/phast/phast_device.cuh).
  PhastGraphView view() const {
    return {node_count,         level_count(),       level_begin.data(), up_offsets.data(),
            up_arcs.data(),     down_offsets.data(), down_arcs.data()};
  }
};

SweepGraph build_sweep_graph(const ContractionHierarchy& ch, SweepDirection direction);

// Lanes of a batch are a multiple of the lanes one word holds (eight: a
// word of either width).
std::uint32_t phast_round_lanes(std::uint32_t sources);

// Host memory of a hierarchy with `arcs` arcs and of its sweep graph: the
// ranks and levels, both arc lists, the upward arcs again for the searches,
// positions and offsets, and the searched starts' per-node runs and counts.
// (Each search thread adds 4 bytes a node.)
inline std::uint64_t phast_hierarchy_host_bytes(NodeId node_count, std::uint64_t arcs) {
  return 20 * arcs + 48 * (std::uint64_t{node_count} + 1);
}

// 16-bit labels saturating at S = cap + the largest handling + 1 are exact
// for every label below S, so for every pair within the cap (a stored time
// t <= cap is a folded label t + handling(origin) < S); beyond the cap and
// unreachable both read S, which reachability tells apart. Returns S, or 0
// without a cap or where S does not fit 16 bits.
Time phast_label_limit(const Problem& problem, Time cap);

// The form of a run: 16-bit labels where `limit16` (phast_label_limit) is
// not 0, 32-bit ones otherwise.
PhastLabelForm phast_label_form(PhastUpward upward, Time limit16);

// The form a backend runs: upward searches; on the GPU 16-bit labels where
// the cap allows (the CPU's 16-bit lanes measured slower, docs/performance.md).
// The solver falls back to 32 bits where reachability does not fit.
PhastLabelForm phast_backend_form(const Problem& problem, bool gpu, Time cap);

// 16-bit forms need the network's reachability: RuntimeError without it.
void expect_reachability(const PhastLabelForm& form, const Reachability* reach);

// A row of `origin` by 16-bit labels holds kPhastSaturated for pairs beyond
// the cap or unreachable: cap + 1 where the origin reaches the destination,
// kUnreachable32 otherwise.
void resolve_saturated(std::uint32_t* row, NodeId origin, std::span<const NodeId> destinations,
                       const Reachability& reach, Time cap);

// The CPU sweeps' batches: at most this many lanes, so that a node's labels
// (256 bytes) stay within a few cache lines.
inline constexpr std::uint32_t kPhastCpuMaxLanes = 64;

struct PhastCpuPlan {
  SweepDirection direction = SweepDirection::forward;
  PhastLabelForm form;
  std::uint32_t lanes = 0;      // sources a batch
  std::uint32_t batches = 0;
  std::uint64_t host_bytes = 0;  // labels, hierarchy and sweep graph
  std::uint64_t arcs = 0;        // of the hierarchy (an estimate before it is built)
  std::uint64_t memory_bytes = 0;  // what host_bytes had to fit
  bool fits = false;
  std::string reason;            // one line for the plan, or why it does not fit
};

// Reverse sweeps (one batch from the destinations) when destinations are
// fewer than origins and fit one batch, unless `forward_only`; forward
// batches of origins otherwise. Lanes shrink (from kPhastCpuMaxLanes) until
// the host memory fits `memory_bytes`; fits = false when not even 4 lanes do.
PhastCpuPlan plan_phast_cpu(NodeId node_count, std::uint64_t arcs, std::size_t origins, std::size_t destinations,
                            std::uint64_t memory_bytes, bool forward_only = false, PhastLabelForm form = {});

// One line naming a form, for plans and notes.
std::string phast_form_text(const PhastLabelForm& form);

// The sweeps on the CPU, parallel over the nodes of a level (OpenMP), with
// the kernels' per-node functions, in any form. The CPU reference of the
// GPU sweeps.
class PhastSweeps {
 public:
  PhastSweeps(const SweepGraph& graph, std::uint32_t lanes, int threads, PhastLabelForm form = {});

  // Labels for up to lanes() sources (nodes), lane i for sources[i].
  void run(std::span<const NodeId> sources);

  std::uint32_t lanes() const { return lanes_; }
  const PhastLabelForm& form() const { return form_; }
  // The folded label of `node` in `lane`: form().limit when unreachable
  // (or, at 16 bits, saturated).
  Time label(NodeId node, std::uint32_t lane) const {
    const std::uint64_t at = std::uint64_t{graph_.position_of[node]} * lanes_ + lane;
    return form_.bits == 16 ? reinterpret_cast<const std::uint16_t*>(labels_.data())[at]
                            : reinterpret_cast<const Time*>(labels_.data())[at];
  }
  // The last batch's searched starts (the searched form).
  const PhastSearchStarts& starts() const { return starts_; }

 private:
  template <class T>
  void run_as(std::span<const NodeId> sources, T limit);

  const SweepGraph& graph_;
  PhastLabelForm form_;
  std::uint32_t lanes_, words_;
  int threads_;
  std::vector<std::uint32_t> source_positions_;
  std::vector<PhastLanes> labels_;  // 16-byte words of either width
  std::optional<PhastStartSearches> searches_;
  PhastSearchStarts starts_;
  std::vector<PhastStartRun> runs_;  // per position, cleared after each batch
};

// Stored rows (docs/design.md#caps) origins x destinations by CPU sweeps, in batches
// of `lanes` sources: forward sweeps from the origins, or one reverse sweep
// from the destinations (at most `lanes` of them).
class PhastRows {
 public:
  // 16-bit forms need `reach` (resolve_saturated).
  PhastRows(const Problem& problem, const SweepGraph& graph, std::span<const NodeId> destinations, Time cap,
            std::uint32_t lanes, int threads, PhastLabelForm form = {}, const Reachability* reach = nullptr);
  void solve(std::span<const NodeId> origins, std::uint32_t* times);

 private:
  const Problem& problem_;
  const SweepGraph& graph_;
  std::vector<NodeId> destinations_;
  Time cap_;
  int threads_;
  const Reachability* reach_;
  PhastSweeps sweeps_;
  bool reverse_done_ = false;
};

}  // namespace hg
