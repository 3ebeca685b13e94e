#pragma once
// The packed Floyd–Warshall layout of the GPU solver and its arithmetic,
// shared by the CUDA kernels (kernels/fw/fw.cu) and their CPU emulation
// (host/solvers/fw/fw_emulated.cpp), so the CPU tests run every line below.
//
// Layout. The n x n matrix of folded times is padded to n_pad, a multiple of
// the pivot tile, with isolated nodes (0 on their diagonal, `clamp` elsewhere),
// which never lie on a path between real nodes: no kernel handles a partial
// tile. A row is n_pad / lanes 32-bit words; with 16-bit lanes, word w holds
// columns 2w (low half) and 2w + 1 (high half).
//
// Values. Every entry is min(true folded time, clamp). With 32-bit lanes
// clamp = kInfinity and nothing is ever clamped (compile() keeps every path
// below it). With 16-bit lanes clamp = L, 2 L <= 32767: an update computes
// min(c, a + b) with a, b <= L, so the sum never leaves int16, and because
// a clamped operand makes the sum >= L, the result is again min(true, L):
// exact below L, and L means "at least L" (docs/design.md#the-16-bit-rule; for a
// capped run L = cap + 1 + the largest handling, because the matrix charges
// the origin's departure handling that the stored time does not).

#include <cstdint>

#include "kernels/fw/fw_tile.cuh"
#include "host/core/hd.hpp"
#include "host/core/time.hpp"

namespace hg {

using FwWord = std::uint32_t;

// One 32-bit time per word: min(c, a + b) is one VIADDMNMX (u32).
struct FwLanes32 {
  static constexpr std::uint32_t kLanes = 1;
  static constexpr std::uint32_t kTile = 128;  // pivot block, in nodes: 128 words a row
  HG_HD static FwWord broadcast(Time t) { return t; }
  HG_HD static Time lane(FwWord w, std::uint32_t) { return w; }
  HG_HD static FwWord with_lane(FwWord, std::uint32_t, Time t) { return t; }
  HG_HD static FwWord broadcast_lane(FwWord w, std::uint32_t) { return w; }
  HG_HD static FwWord step(FwWord a, FwWord b, FwWord c) {
#if defined(__CUDA_ARCH__)
    return __viaddmin_u32(a, b, c);
#else
    return minplus(c, a, b);
#endif
  }
};

// Two 16-bit times per word: min(c, a + b) lane by lane is one VIADDMNMX
// (s16x2), two updates. `a` carries one time in both lanes (broadcast).
struct FwLanes16 {
  static constexpr std::uint32_t kLanes = 2;
  static constexpr std::uint32_t kTile = 256;  // pivot block, in nodes: 128 words a row
  HG_HD static FwWord broadcast(Time t) { return (t & 0xFFFFu) | (t << 16); }
  HG_HD static Time lane(FwWord w, std::uint32_t l) { return (w >> (16 * l)) & 0xFFFFu; }
  HG_HD static FwWord with_lane(FwWord w, std::uint32_t l, Time t) {
    const std::uint32_t shift = 16 * l;
    return (w & ~(0xFFFFu << shift)) | ((t & 0xFFFFu) << shift);
  }
  // Lane l of w in both lanes: one PRMT on the device.
  HG_HD static FwWord broadcast_lane(FwWord w, std::uint32_t l) {
#if defined(__CUDA_ARCH__)
    return __byte_perm(w, 0, 0x1010u + 0x2222u * l);
#else
    return broadcast(lane(w, l));
#endif
  }
  HG_HD static FwWord step(FwWord a, FwWord b, FwWord c) {
#if defined(__CUDA_ARCH__)
    return __viaddmin_s16x2(a, b, c);
#else
    // The instruction's definition: wrapping 16-bit add, signed 16-bit min.
    FwWord out = 0;
    for (std::uint32_t l = 0; l < 2; ++l) {
      const auto sum = static_cast<std::int16_t>(static_cast<std::uint16_t>(lane(a, l) + lane(b, l)));
      const auto old = static_cast<std::int16_t>(static_cast<std::uint16_t>(lane(c, l)));
      out = with_lane(out, l, static_cast<std::uint16_t>(sum < old ? sum : old));
    }
    return out;
#endif
  }
};

// The largest 16-bit clamp: 2 L must stay a positive int16.
inline constexpr Time kFwClamp16Max = 32767 / 2;

struct FwLayout {
  NodeId n = 0;              // real nodes
  std::uint32_t n_pad = 0;   // padded to a multiple of tile
  std::uint32_t tile = 0;    // pivot block, in nodes
  std::uint32_t lanes = 1;   // times per word
  Time clamp = kInfinity;    // see above

  HG_HD std::uint32_t words() const { return n_pad / lanes; }  // per row
  HG_HD std::uint32_t tiles() const { return n_pad / tile; }
  HG_HD std::uint32_t tile_words() const { return tile / lanes; }
  HG_HD std::uint64_t matrix_words() const { return std::uint64_t{n_pad} * words(); }
};

// The layout for n nodes in a width of 16 or 32 bits.
inline FwLayout fw_layout(NodeId n, int width, Time clamp) {
  FwLayout g;
  g.n = n;
  g.tile = width == 16 ? FwLanes16::kTile : FwLanes32::kTile;
  g.lanes = width == 16 ? FwLanes16::kLanes : FwLanes32::kLanes;
  g.n_pad = (n + g.tile - 1) / g.tile * g.tile;
  if (g.n_pad == 0) g.n_pad = g.tile;
  g.clamp = clamp;
  return g;
}

// Device memory of a run: the matrix, two row-panel buffers (tile x words),
// two column-panel buffers (tile x n_pad), the CSR, and the same for hops.
inline std::uint64_t fw_gpu_device_bytes(const FwLayout& g, bool hops, std::uint64_t arcs) {
  const std::uint64_t words =
      g.matrix_words() + 2 * (std::uint64_t{g.tile} * g.words() + std::uint64_t{g.tile} * g.n_pad);
  const std::uint64_t hop = hops ? std::uint64_t{g.n_pad} * g.n_pad + 2 * std::uint64_t{g.tile} * g.n_pad : 0;
  return 4 * (words + hop) + 4 * (std::uint64_t{g.n} + 1) + 8 * arcs;
}

// Pinned host memory per staging buffer that rows come back through (two
// buffers: one being filled by the device while the host unpacks the other).
inline constexpr std::uint64_t kFwStagingBytes = std::uint64_t{32} << 20;

// Work split shared by the kernels and the emulation: a thread block owns
// kFwBlockRows (or half with next hops) rows x kFwBlockWords words of output,
// 16 x 16 threads, each a register block of Rows x 8 words: rows
// (q / 4) * 64 + 4 ty + q % 4 and words (q / 4) * 64 + 4 tx + q % 4, so the
// operands of one k arrive in 16-byte shared-memory loads.
inline constexpr std::uint32_t kFwBlockWords = 128;
inline constexpr std::uint32_t kFwThreadsX = 16, kFwThreadsY = 16;
inline constexpr std::uint32_t kFwThreadWords = 8;
HG_HD constexpr std::uint32_t fw_thread_rows(bool hops) { return hops ? 4 : 8; }
HG_HD constexpr std::uint32_t fw_block_rows(bool hops) { return kFwThreadsY * fw_thread_rows(hops); }
HG_HD constexpr std::uint32_t fw_fragment_offset(std::uint32_t q, std::uint32_t t) { return (q / 4) * 64 + 4 * t + q % 4; }

// The remainder of round r in parts, so that round r + 1's closure and
// panels can run beside most of it (kernels/fw/fw_schedule.cuh, lookahead): `cross`
// is every block in row block or column block r + 1 (what round r + 1's
// pivot phases read), `rest` everything else, `all` both.
enum class FwPart : std::uint32_t { all, cross, rest };

struct FwRemainderBlock {
  std::uint32_t x = 0, y = 0;  // word block (= tile column), block of block_rows rows
  bool skip = false;           // not this part's
};

struct FwGrid {
  std::uint32_t x = 0, y = 0;
};

HG_HD FwGrid fw_remainder_grid(const FwLayout& g, std::uint32_t block_rows, std::uint32_t r, FwPart part) {
  if (part != FwPart::cross) return {g.tiles(), g.n_pad / block_rows};
  const std::uint32_t per_tile = g.tile / block_rows;
  (void)r;
  return {g.n_pad / block_rows + (g.tiles() - 1) * per_tile, 1};  // column block r + 1, then row block r + 1
}

HG_HD FwRemainderBlock fw_remainder_block(const FwLayout& g, std::uint32_t block_rows, std::uint32_t r,
                                                 FwPart part, std::uint32_t bx, std::uint32_t by) {
  const std::uint32_t per_tile = g.tile / block_rows, next = r + 1;
  FwRemainderBlock b;
  if (part == FwPart::cross) {
    const std::uint32_t column_blocks = g.n_pad / block_rows;
    if (bx < column_blocks) {
      b.x = next, b.y = bx;
    } else {
      const std::uint32_t i = bx - column_blocks;
      b.x = i / per_tile;
      b.x += b.x >= next ? 1 : 0;
      b.y = next * per_tile + i % per_tile;
    }
    return b;
  }
  b.x = bx, b.y = by;
  if (part == FwPart::rest) b.skip = b.x == next || b.y / per_tile == next;
  return b;
}

// One k of a register block: acc[r][c] = min(acc[r][c], a[r] + b[c]).
template <class L, std::uint32_t Rows, std::uint32_t Cols>
HG_HD void fw_fragment(FwWord (&acc)[Rows][Cols], const FwWord (&a)[Rows], const FwWord (&b)[Cols]) {
  HG_UNROLL
  for (std::uint32_t r = 0; r < Rows; ++r) {
    HG_UNROLL
    for (std::uint32_t c = 0; c < Cols; ++c) acc[r][c] = L::step(a[r], b[c], acc[r][c]);
  }
}

// The same with next hops (32-bit lanes only): a strict improvement through
// k takes the hop of (row, k), so every hop stays on a shortest path.
template <std::uint32_t Rows, std::uint32_t Cols>
HG_HD void fw_fragment_hops(FwWord (&acc)[Rows][Cols], NodeId (&hop)[Rows][Cols], const FwWord (&a)[Rows],
                            const NodeId (&a_hop)[Rows], const FwWord (&b)[Cols]) {
  HG_UNROLL
  for (std::uint32_t r = 0; r < Rows; ++r) {
    HG_UNROLL
    for (std::uint32_t c = 0; c < Cols; ++c) {
      const FwWord s = a[r] + b[c];
      const bool better = s < acc[r][c];
      acc[r][c] = better ? s : acc[r][c];
      hop[r][c] = better ? a_hop[r] : hop[r][c];
    }
  }
}

// Initial entry of word w of row u (padded rows included) before the edges:
// 0 on the diagonal, clamp elsewhere.
template <class L>
HG_HD FwWord fw_initial_word(const FwLayout& g, std::uint32_t u, std::uint32_t w) {
  FwWord word = L::broadcast(g.clamp);
  const std::uint32_t first = w * L::kLanes;
  if (u >= first && u < first + L::kLanes) word = L::with_lane(word, u - first, 0);
  return word;
}

// Row u's edges into its initialised row: min with the folded weight,
// clamped. `arcs` are (target, weight) pairs, [begin, end) of the forward CSR.
template <class L>
HG_HD void fw_scatter_edges(const FwLayout& g, FwWord* row, NodeId* hop_row, const std::uint32_t* arcs,
                            std::uint32_t begin, std::uint32_t end) {
  for (std::uint32_t e = begin; e < end; ++e) {
    const NodeId v = arcs[2 * e];
    const Time w = arcs[2 * e + 1] < g.clamp ? arcs[2 * e + 1] : g.clamp;
    FwWord& word = row[v / L::kLanes];
    const std::uint32_t lane = v % L::kLanes;
    if (w < L::lane(word, lane)) {
      word = L::with_lane(word, lane, w);
      if (hop_row) hop_row[v] = v;
    }
  }
}

// The stored value (docs/design.md#caps) of destination v in origin o's packed
// row. `reachable` answers for entries at the clamp when the clamp is not
// above the path bound (then the clamp may hide a reachable time).
template <class L>
HG_HD std::uint32_t fw_stored_entry(const FwLayout& g, const FwWord* row, NodeId o, NodeId v, Time handling_o,
                                    Time cap, bool clamp_means_unreachable, bool reachable) {
  if (v == o) return 0;
  const Time m = L::lane(row[v / L::kLanes], v % L::kLanes);
  if (m >= g.clamp) {
    if (clamp_means_unreachable || !reachable) return kUnreachable32;
    return cap + 1;  // at least clamp - handling(o) >= cap + 1
  }
  return stored_time(m - handling_o, cap);
}

}  // namespace hg
