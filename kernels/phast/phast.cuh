#pragma once
// The arithmetic of the batched PHAST sweeps (host/solvers/phast/phast_cpu.hpp), shared by the
// GPU kernels (kernels/phast/phast.cu) and the CPU sweeps: one node's labels for
// one 16-byte word of lanes (four origins of the batch at 32 bits, eight at
// 16 bits) at a time.
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

// Labels of a batch, loaded and stored 16 bytes at a time: four lanes of
// 32-bit labels, or eight of 16-bit ones (capped sweeps, phast_label_limit
// in host/solvers/phast/phast_cpu.hpp).
template <class T>
struct alignas(16) PhastWord {
  static constexpr std::uint32_t kLanes = 16 / sizeof(T);
  T t[kLanes];
};
using PhastLanes = PhastWord<Time>;
using PhastLanes16 = PhastWord<std::uint16_t>;

inline constexpr std::uint32_t kPhastLanesPerWord = PhastLanes::kLanes;  // of 32-bit labels
// Batches hold whole words of either width.
inline constexpr std::uint32_t kPhastLaneQuantum = PhastLanes16::kLanes;

// Rows come back through two staging buffers (device and pinned) of this
// size each, or of one row when a row is larger.
inline constexpr std::uint64_t kPhastStagingBytes = std::uint64_t{32} << 20;

// Memory one lane of a batch costs, on the device or on the host: its label
// at every node (`label_bits` wide), and its source's sweep position, node
// and handling.
inline constexpr std::uint64_t phast_lane_bytes(std::uint64_t node_count, std::uint32_t label_bits = 32) {
  return node_count * label_bits / 8 + 12;
}

// Where a batch's upward labels come from.
enum class PhastUpward : std::uint8_t {
  // An upward sweep over every level above 0: two sweeps a batch, and every
  // upward arc reads its tail's label in every lane.
  swept,
  // One upward search per lane in the hierarchy (a few hundred nodes with
  // stall-on-demand on roads), on the CPU, handed to the downward sweep as
  // its starting labels: one sweep a batch, which reads only the downward
  // arcs' tails (Delling et al., GPHAST: the CPU searches upward, the GPU
  // sweeps downward).
  searched,
};

// How a batch's labels are computed and held.
struct PhastLabelForm {
  PhastUpward upward = PhastUpward::searched;
  std::uint32_t bits = 32;  // 32, or 16 under a cap (phast_label_limit in host/solvers/phast/phast_cpu.hpp)
  Time limit = kInfinity;   // the sweep's infinity: kInfinity at 32 bits, the saturation value at 16

  constexpr std::uint32_t lanes_per_word() const { return bits == 16 ? PhastLanes16::kLanes : PhastLanes::kLanes; }
};

// Device memory of the GPU sweeps (kernels/phast/phast.cu): the lanes, the
// graph, staging, per-target arrays (positions, nodes, nearest labels), the
// reverse rows' arrays of one staging piece, for searched upward labels one
// start run per node (the starts themselves are allocated as they come),
// and for 16-bit labels the reachability's component ids (its bitsets,
// within the solver's budget for them, are left to the margin).
inline constexpr std::uint64_t phast_gpu_device_bytes(std::uint64_t node_count, std::uint64_t arc_count,
                                                      std::uint32_t lanes, std::uint64_t targets,
                                                      std::uint32_t label_bits = 32,
                                                      PhastUpward upward = PhastUpward::searched) {
  const std::uint64_t staging = kPhastStagingBytes > 4 * targets ? kPhastStagingBytes : 4 * targets;
  const std::uint64_t runs = upward == PhastUpward::searched ? node_count * 8 : 0;
  const std::uint64_t components = label_bits == 16 ? node_count * 4 : 0;
  return std::uint64_t{lanes} * phast_lane_bytes(node_count, label_bits) + 2 * (node_count + 1) * 4 +
         arc_count * 8 + 2 * staging + targets * 16 + kPhastStagingBytes + runs + components;
}

// The sweep positions of one word's lanes' sources (kNoNode: no source).
template <std::uint32_t kLanes>
struct PhastSources {
  std::uint32_t position[kLanes];
};

template <std::uint32_t kLanes>
HG_HD PhastSources<kLanes> phast_sources(const std::uint32_t* source_positions, std::uint32_t word) {
  PhastSources<kLanes> s;
  HG_UNROLL
  for (std::uint32_t i = 0; i < kLanes; ++i) s.position[i] = source_positions[word * kLanes + i];
  return s;
}

// Every lane at `limit`: the internal infinity of the sweep (kInfinity for
// 32-bit labels, the saturation value of 16-bit ones).
template <class T>
HG_HD PhastWord<T> phast_fill(T limit) {
  PhastWord<T> w;
  HG_UNROLL
  for (std::uint32_t i = 0; i < PhastWord<T>::kLanes; ++i) w.t[i] = limit;
  return w;
}

// The upward label of a node nothing lies below: 0 in the lanes whose source
// sits at `position`, `limit` elsewhere. Level 0 (about a third of a road
// network's nodes) never stores it: the sweeps compute it where they need
// it, which saves writing and reading those rows.
template <class T>
HG_HD PhastWord<T> phast_seed(const PhastSources<PhastWord<T>::kLanes>& sources, std::uint32_t position, T limit) {
  PhastWord<T> seed;
  HG_UNROLL
  for (std::uint32_t i = 0; i < PhastWord<T>::kLanes; ++i)
    seed.t[i] = sources.position[i] == position ? T{0} : limit;
  return seed;
}

// acc = min(acc, label(tail) + w) over the in-arcs [begin, end) of one node,
// for the lanes of one word; tail_label(position) gives the tail's word.
// Labels never exceed the limit (at most kInfinity, below 2^31) and weights
// stay below kInfinity, so the sum, formed in 32 bits, never wraps; min()
// with an accumulator that starts at most at the limit keeps every label at
// most the limit, with no branch. For 16-bit labels this saturation is
// exact: a label below the limit is the exact time, one at the limit means
// the limit or more (or unreachable).
template <class T, class TailLabel>
HG_HD PhastWord<T> phast_pull(const PhastArc* arcs, std::uint32_t begin, std::uint32_t end, PhastWord<T> acc,
                              TailLabel tail_label) {
  for (std::uint32_t e = begin; e < end; ++e) {
    const PhastArc arc = arcs[e];
    const PhastWord<T> tail = tail_label(arc.tail);
#if defined(__CUDA_ARCH__)
    if constexpr (sizeof(T) == 2) {
      // Two lanes an instruction: a saturating add at 0xFFFF (at or above
      // the limit) then min() with an accumulator at most the limit gives
      // the very value of the 32-bit sum below.
      const std::uint32_t w = arc.weight < 0xFFFFu ? arc.weight : 0xFFFFu, pair = w | (w << 16);
      const uint4 t = *reinterpret_cast<const uint4*>(&tail);
      uint4& a = *reinterpret_cast<uint4*>(&acc);
      a.x = __vminu2(a.x, __vaddus2(t.x, pair));
      a.y = __vminu2(a.y, __vaddus2(t.y, pair));
      a.z = __vminu2(a.z, __vaddus2(t.z, pair));
      a.w = __vminu2(a.w, __vaddus2(t.w, pair));
    } else
#endif
    {
      HG_UNROLL
      for (std::uint32_t i = 0; i < PhastWord<T>::kLanes; ++i) {
        const std::uint32_t via = std::uint32_t{tail.t[i]} + arc.weight, now = acc.t[i];
        acc.t[i] = via < now ? static_cast<T>(via) : acc.t[i];
      }
    }
  }
  return acc;
}

// One node's lanes of `word` in one sweep of the swept form, as the kernel
// and the CPU sweeps run it. Upward (levels 1 and up): start from the lanes'
// seeds, pull from lower nodes, level 0's labels computed as seeds where
// read. Downward: start from the node's label, or on level 0 (never stored
// upward) from its seeds, and pull from higher nodes.
template <class T, bool kUpward>
HG_HD void phast_sweep_node(PhastWord<T>* labels, std::uint32_t words, std::uint32_t word, std::uint32_t position,
                            const std::uint32_t* offsets, const PhastArc* arcs, const std::uint32_t* source_positions,
                            std::uint32_t level0_end, T limit) {
  const PhastSources<PhastWord<T>::kLanes> sources = phast_sources<PhastWord<T>::kLanes>(source_positions, word);
  PhastWord<T>& label = labels[std::uint64_t{position} * words + word];
  const PhastWord<T> start = kUpward || position < level0_end ? phast_seed<T>(sources, position, limit) : label;
  const std::uint32_t begin = offsets[position], end = offsets[position + 1];
  if constexpr (kUpward)
    label = phast_pull<T>(arcs, begin, end, start, [&](std::uint32_t tail) {
      return tail < level0_end ? phast_seed<T>(sources, tail, limit) : labels[std::uint64_t{tail} * words + word];
    });
  else
    label = phast_pull<T>(arcs, begin, end, start,
                          [&](std::uint32_t tail) { return labels[std::uint64_t{tail} * words + word]; });
}

// The searched form's upward labels: starts[first, end) of one position,
// lanes ascending, where runs[position] = {first, end} ({0, 0}: no lane's
// search reached the position). Times are folded upward distances.
struct PhastStart {
  std::uint32_t lane;
  Time time;
};
struct PhastStartRun {
  std::uint32_t first, end;
};
// One position's run as the host hands it over (scattered into the runs
// before the sweep, cleared after it).
struct PhastStartGroup {
  std::uint32_t position, first, end;
};

// The starting labels of one position's lanes of `word`: the searches' times
// (at most `limit`), `limit` in lanes no search reached. A binary search
// finds the word's first lane: the top nodes hold a start in every lane.
template <class T>
HG_HD PhastWord<T> phast_search_start(const PhastStartRun* runs, const PhastStart* starts, std::uint32_t position,
                                      std::uint32_t word, T limit) {
  PhastWord<T> start = phast_fill<T>(limit);
  const PhastStartRun run = runs[position];
  const std::uint32_t first_lane = word * PhastWord<T>::kLanes;
  std::uint32_t lo = run.first, hi = run.end;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (starts[mid].lane < first_lane) lo = mid + 1;
    else hi = mid;
  }
  for (; lo < run.end && starts[lo].lane < first_lane + PhastWord<T>::kLanes; ++lo) {
    const Time t = starts[lo].time, saturated = limit;
    start.t[starts[lo].lane - first_lane] = t < saturated ? static_cast<T>(t) : limit;
  }
  return start;
}

// One node's lanes of `word` in the searched form's only sweep (downward):
// start from the searches' labels and pull from higher nodes.
template <class T>
HG_HD void phast_searched_node(PhastWord<T>* labels, std::uint32_t words, std::uint32_t word, std::uint32_t position,
                               const std::uint32_t* offsets, const PhastArc* arcs, const PhastStartRun* runs,
                               const PhastStart* starts, T limit) {
  const PhastWord<T> start = phast_search_start<T>(runs, starts, position, word, limit);
  labels[std::uint64_t{position} * words + word] =
      phast_pull<T>(arcs, offsets[position], offsets[position + 1], start,
                    [&](std::uint32_t tail) { return labels[std::uint64_t{tail} * words + word]; });
}

// The thin top levels of a downward sweep in one launch (the searched form,
// PhastLaunch::fuse_thin_levels): lanes never meet, so block b owns the
// words [b * words_per_block, ...) of every level and needs no other block's
// labels; one __syncthreads() between levels replaces a kernel boundary.
// Item i of a level starting at `first` is (position, word):
struct PhastItem {
  std::uint32_t position, word;
};
HG_HD PhastItem phast_thin_item(std::uint32_t first, std::uint32_t block_first_word, std::uint32_t block_words,
                                std::uint64_t item) {
  return {first + static_cast<std::uint32_t>(item / block_words),
          block_first_word + static_cast<std::uint32_t>(item % block_words)};
}

// The lowest level from which every level up to the top is thin (at most
// `max_items` node-words); `levels` when none is.
inline std::uint32_t phast_first_thin_level(const std::uint32_t* level_begin, std::uint32_t levels,
                                            std::uint32_t words, std::uint64_t max_items) {
  std::uint32_t l = levels;
  while (l > 0 && std::uint64_t{level_begin[l] - level_begin[l - 1]} * words <= max_items) --l;
  return l;
}

// Node-words a level may hold to count as thin, and the words a block of
// the fused launch owns (about 128 blocks at 256 words).
inline constexpr std::uint64_t kPhastThinItems = std::uint64_t{1} << 15;
inline constexpr std::uint32_t phast_thin_words_per_block(std::uint32_t words) { return words > 128 ? words / 128 : 1; }

// What a 16-bit sweep's saturated label (beyond the cap, or unreachable)
// becomes in a stored row until the host tells the two apart by
// reachability: never a stored time (caps are at most kMaxCap).
inline constexpr std::uint32_t kPhastSaturated = kUnreachable32 - 1;

// A stored time with a saturated pair resolved: cap + 1 where the origin
// reaches the destination, unreachable otherwise.
HG_HD std::uint32_t phast_resolved(std::uint32_t stored, bool reaches, Time cap) {
  return stored != kPhastSaturated ? stored : reaches ? cap + 1 : kUnreachable32;
}

// The stored time (docs/design.md#caps) of a pair from its folded label. The folded
// weights charge handling on departure, so every path out of the pair's
// origin carries the origin's handling once (host/model/compile.hpp): subtract it.
// This holds in both directions: a forward sweep from the origin, and a
// reverse sweep from the destination whose label at the origin is the same
// folded path length.
// Labels at `limit` are unreachable (32-bit) or saturated (16-bit:
// kPhastSaturated, resolved by the host).
HG_HD std::uint32_t phast_stored_time(Time folded, Time origin_handling, bool diagonal, Time cap,
                                      Time limit = kInfinity) {
  if (diagonal) return 0;
  if (folded >= limit) return limit >= kInfinity ? kUnreachable32 : kPhastSaturated;
  return stored_time(folded - origin_handling, cap);
}

// The exact time of a pair (kInfinity when unreachable, or saturated), for
// reductions that rank origins before applying a cap.
HG_HD Time phast_exact_time(Time folded, Time origin_handling, bool diagonal, Time limit = kInfinity) {
  if (diagonal) return 0;
  return folded >= limit ? kInfinity : folded - origin_handling;
}

// Nearest-origin labels for coverage: (time << 32) | origin node index, so
// the minimum is the nearest origin with ties to the lowest node index.
HG_HD std::uint64_t phast_nearest_label(Time exact, NodeId origin) {
  return (std::uint64_t{exact} << 32) | origin;
}

}  // namespace hg
