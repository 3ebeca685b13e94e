#pragma once
// The arithmetic of the batched PHAST sweeps (host/solvers/phast/phast_cpu.hpp), shared by the
// GPU kernels (kernels/phast/phast.cu) and the CPU sweeps: one node's labels for
// four lanes (four origins of the batch) at a time.
//
// Labels live position-major, lanes fastest: the label of lane s at sweep
// position p is labels[p * lanes + s]. A warp pulling a node's in-arc reads
// one contiguous run of lanes of the tail's row, so every load coalesces
// across the batch (Delling, Goldberg, Nowatzyk, Werneck, "PHAST:
// Hardware-accelerated shortest path trees", JPDC 73(7), 2013, section on
// GPHAST and multiple trees).

#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/time.hpp"

namespace hg {

// One in-arc of the sweep graph: the tail's sweep position and the weight.
struct PhastArc {
  std::uint32_t tail;
  Time weight;
};

// Four lanes of labels, loaded and stored as one 16-byte word.
struct alignas(16) PhastLanes {
  Time t[4];
};

inline constexpr std::uint32_t kPhastLanesPerWord = 4;

// Rows come back through two staging buffers (device and pinned) of this
// size each, or of one row when a row is larger.
inline constexpr std::uint64_t kPhastStagingBytes = std::uint64_t{32} << 20;

// Memory one lane of a batch costs, on the device or on the host: its label
// at every node, and its source's sweep position, node and handling.
inline constexpr std::uint64_t phast_lane_bytes(std::uint64_t node_count) { return node_count * 4 + 12; }

// Device memory of the GPU sweeps (kernels/phast/phast.cu): the lanes, the
// graph, staging, per-target arrays (positions, nodes, nearest labels), and
// the reverse rows' arrays of one staging piece.
inline constexpr std::uint64_t phast_gpu_device_bytes(std::uint64_t node_count, std::uint64_t arc_count,
                                                      std::uint32_t lanes, std::uint64_t targets) {
  const std::uint64_t staging = kPhastStagingBytes > 4 * targets ? kPhastStagingBytes : 4 * targets;
  return std::uint64_t{lanes} * phast_lane_bytes(node_count) + 2 * (node_count + 1) * 4 + arc_count * 8 +
         2 * staging + targets * 16 + kPhastStagingBytes;
}

// The sweep positions of the four lanes' sources (kNoNode: no source).
struct PhastSources {
  std::uint32_t position[4];
};

HG_HD PhastSources phast_sources(const std::uint32_t* source_positions, std::uint32_t word) {
  PhastSources s;
  HG_UNROLL
  for (std::uint32_t i = 0; i < kPhastLanesPerWord; ++i) s.position[i] = source_positions[word * kPhastLanesPerWord + i];
  return s;
}

// The upward label of a node nothing lies below: 0 in the lanes whose source
// sits at `position`, the internal infinity elsewhere. Level 0 (about a
// third of a road network's nodes) never stores it: the sweeps compute it
// where they need it, which saves writing and reading those rows.
HG_HD PhastLanes phast_seed(const PhastSources& sources, std::uint32_t position) {
  PhastLanes seed;
  HG_UNROLL
  for (std::uint32_t i = 0; i < kPhastLanesPerWord; ++i) seed.t[i] = sources.position[i] == position ? 0u : kInfinity;
  return seed;
}

// acc = min(acc, label(tail) + w) over the in-arcs [begin, end) of one node,
// for the four lanes of `word`; tails at positions below `seeded_below`
// (level 0, in the upward sweep) contribute their seed instead of a stored
// label. Labels never exceed kInfinity and weights stay below it, so the sum
// fits 32 bits and min() brings it back to at most kInfinity: unreachable
// stays exactly kInfinity, with no branch.
HG_HD PhastLanes phast_pull(const PhastLanes* labels, std::uint32_t words_per_row, std::uint32_t word,
                            const PhastArc* arcs, std::uint32_t begin, std::uint32_t end, PhastLanes acc,
                            const PhastSources& sources, std::uint32_t seeded_below) {
  for (std::uint32_t e = begin; e < end; ++e) {
    const PhastArc arc = arcs[e];
    const PhastLanes tail = arc.tail < seeded_below ? phast_seed(sources, arc.tail)
                                                    : labels[std::uint64_t{arc.tail} * words_per_row + word];
    HG_UNROLL
    for (std::uint32_t i = 0; i < kPhastLanesPerWord; ++i) {
      const Time via = tail.t[i] + arc.weight;
      acc.t[i] = via < acc.t[i] ? via : acc.t[i];
    }
  }
  return acc;
}

// One node's four lanes of `word` in one sweep, as the kernel and the CPU
// sweeps run it. Upward (levels 1 and up): start from the lanes' seeds, pull
// from lower nodes, level 0's labels computed as seeds where read. Downward:
// start from the node's label, or on level 0 (never stored upward) from its
// seeds, and pull from higher nodes.
template <bool kUpward>
HG_HD void phast_sweep_node(PhastLanes* labels, std::uint32_t words, std::uint32_t word, std::uint32_t position,
                            const std::uint32_t* offsets, const PhastArc* arcs, const std::uint32_t* source_positions,
                            std::uint32_t level0_end) {
  const PhastSources sources = phast_sources(source_positions, word);
  PhastLanes& label = labels[std::uint64_t{position} * words + word];
  const PhastLanes start = kUpward || position < level0_end ? phast_seed(sources, position) : label;
  label = phast_pull(labels, words, word, arcs, offsets[position], offsets[position + 1], start, sources,
                     kUpward ? level0_end : 0);
}

// The stored time (docs/design.md#caps) of a pair from its folded label. The folded
// weights charge handling on departure, so every path out of the pair's
// origin carries the origin's handling once (host/model/compile.hpp): subtract it.
// This holds in both directions: a forward sweep from the origin, and a
// reverse sweep from the destination whose label at the origin is the same
// folded path length.
HG_HD std::uint32_t phast_stored_time(Time folded, Time origin_handling, bool diagonal, Time cap) {
  if (diagonal) return 0;
  if (folded >= kInfinity) return kUnreachable32;
  return stored_time(folded - origin_handling, cap);
}

// The exact time of a pair (kInfinity when unreachable), for reductions that
// rank origins before applying a cap.
HG_HD Time phast_exact_time(Time folded, Time origin_handling, bool diagonal) {
  if (diagonal) return 0;
  return folded >= kInfinity ? kInfinity : folded - origin_handling;
}

// Nearest-origin labels for coverage: (time << 32) | origin node index, so
// the minimum is the nearest origin with ties to the lowest node index.
HG_HD std::uint64_t phast_nearest_label(Time exact, NodeId origin) {
  return (std::uint64_t{exact} << 32) | origin;
}

}  // namespace hg
