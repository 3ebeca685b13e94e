// The GPU Floyd–Warshall's work split on the CPU: the same padded, packed
// layout, the same panel buffers, the same thread blocks and per-thread
// register blocks, calling the same fw_packed.cuh functions; only the
// launches are loops. The CPU tests hold it to the CPU reference, so a
// wrong index or lane in the shared code fails here, on every CI run.

#include <algorithm>
#include <vector>

#include "host/solvers/fw/fw_gpu.hpp"
#include "kernels/fw/fw_schedule.cuh"

namespace hg {

namespace {

struct EmulatedMatrix {
  FwLayout g;
  std::vector<FwWord> d, row_panel[2], col_panel[2];  // round r uses [r & 1]
  std::vector<NodeId> hop, col_hop[2];
};

// One thread block's register blocks: the thread (tx, ty) at index ty * 16 + tx.
template <bool Hops>
struct BlockRegisters {
  static constexpr std::uint32_t Rows = fw_thread_rows(Hops);
  struct Thread {
    FwWord acc[Rows][kFwThreadWords];
    NodeId hop[Hops ? Rows : 1][kFwThreadWords];
  };
  std::vector<Thread> threads = std::vector<Thread>(kFwThreadsX * kFwThreadsY);

  template <class F>
  void for_each(F&& f) {
    for (std::uint32_t ty = 0; ty < kFwThreadsY; ++ty)
      for (std::uint32_t tx = 0; tx < kFwThreadsX; ++tx) f(threads[ty * kFwThreadsX + tx], tx, ty);
  }
};

template <class L, bool Hops>
class EmulatedPhases {
  static constexpr std::uint32_t T = L::kTile, TW = T / L::kLanes;
  static constexpr std::uint32_t Rows = fw_thread_rows(Hops), BR = fw_block_rows(Hops);

 public:
  EmulatedPhases(EmulatedMatrix& m, int threads) : m_(m), threads_(threads) {}

  // One stream here: the lookahead order alone is emulated.
  void fork() {}
  void join() {}

  // 1. As fw_closure_kernel: step k copies out column k and row k, then
  //    updates every element from the copies.
  void closure(std::uint32_t r) {
    const std::size_t W = m_.g.words(), n_pad = m_.g.n_pad, base_row = std::size_t{r} * T,
                      base_word = std::size_t{r} * TW;
    std::vector<FwWord> column(T), row(TW);
    std::vector<NodeId> column_hop(T);
    for (std::uint32_t k = 0; k < T; ++k) {
      for (std::uint32_t i = 0; i < T; ++i) {
        column[i] = L::broadcast_lane(m_.d[(base_row + i) * W + base_word + k / L::kLanes], k % L::kLanes);
        if constexpr (Hops) column_hop[i] = m_.hop[(base_row + i) * n_pad + base_row + k];
      }
      std::copy_n(&m_.d[(base_row + k) * W + base_word], TW, row.begin());
      for (std::uint32_t i = 0; i < T; ++i) {
        FwWord* out = &m_.d[(base_row + i) * W + base_word];
        if constexpr (Hops) {
          NodeId* hop_out = &m_.hop[(base_row + i) * n_pad + base_row];
          for (std::uint32_t w = 0; w < TW; ++w)
            if (column[i] + row[w] < out[w]) out[w] = column[i] + row[w], hop_out[w] = column_hop[i];
        } else {
          for (std::uint32_t w = 0; w < TW; ++w) out[w] = L::step(column[i], row[w], out[w]);
        }
      }
    }
    for (std::uint32_t i = 0; i < T; ++i)
      std::copy_n(&m_.d[(base_row + i) * W + base_word], TW, &m_.row_panel[r & 1][i * W + base_word]);
  }

  // 2. As fw_panel_kernel, block by block; a block computes all its threads
  //    before it stores (the column panel overwrites its own A operand).
  void panels(std::uint32_t r) {
    const std::int64_t blocks = std::int64_t{m_.g.tiles()} * (T / BR) * 2;
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 1)
    for (std::int64_t b = 0; b < blocks; ++b) {
      const auto t = static_cast<std::uint32_t>(b / (2 * (T / BR)));
      const auto y = static_cast<std::uint32_t>(b / 2 % (T / BR));
      if (t != r) panel_block(r, t, y, b % 2 == 0);
    }
  }

  // 3. As fw_remainder_kernel, over the same grid of the same part.
  void remainder(std::uint32_t r, FwPart part) {
    const FwGrid grid = fw_remainder_grid(m_.g, BR, r, part);
    const std::int64_t xs = grid.x, ys = grid.y;
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 1)
    for (std::int64_t b = 0; b < xs * ys; ++b) {
      const FwRemainderBlock block = fw_remainder_block(m_.g, BR, r, part, static_cast<std::uint32_t>(b % xs),
                                                        static_cast<std::uint32_t>(b / xs));
      if (!block.skip && block.x != r) remainder_block(r, block.x, block.y);
    }
  }

 private:
  template <class V>
  static void gather(V (&acc)[Rows][kFwThreadWords], const V* m, std::size_t ld, std::size_t row0, std::size_t word0,
                     std::uint32_t tx, std::uint32_t ty) {
    for (std::uint32_t q = 0; q < Rows; ++q)
      for (std::uint32_t c = 0; c < kFwThreadWords; ++c)
        acc[q][c] = m[(row0 + fw_fragment_offset(q, ty)) * ld + word0 + fw_fragment_offset(c, tx)];
  }
  template <class V>
  static void scatter(const V (&acc)[Rows][kFwThreadWords], V* m, std::size_t ld, std::size_t row0,
                      std::size_t word0, std::uint32_t tx, std::uint32_t ty) {
    for (std::uint32_t q = 0; q < Rows; ++q)
      for (std::uint32_t c = 0; c < kFwThreadWords; ++c)
        m[(row0 + fw_fragment_offset(q, ty)) * ld + word0 + fw_fragment_offset(c, tx)] = acc[q][c];
  }

  // One k of thread (tx, ty): a(row) and its hop from callbacks, b from a row of words.
  template <class A, class AH>
  static void step_k(typename BlockRegisters<Hops>::Thread& th, std::uint32_t ty, std::uint32_t tx, A&& a_of,
                     AH&& hop_of, const FwWord* b_row) {
    FwWord a[Rows], b[kFwThreadWords];
    for (std::uint32_t q = 0; q < Rows; ++q) a[q] = a_of(fw_fragment_offset(q, ty));
    for (std::uint32_t c = 0; c < kFwThreadWords; ++c) b[c] = b_row[fw_fragment_offset(c, tx)];
    if constexpr (Hops) {
      NodeId ah[Rows];
      for (std::uint32_t q = 0; q < Rows; ++q) ah[q] = hop_of(fw_fragment_offset(q, ty));
      fw_fragment_hops<Rows, kFwThreadWords>(th.acc, th.hop, a, ah, b);
    } else {
      fw_fragment<L, Rows, kFwThreadWords>(th.acc, a, b);
    }
  }

  void panel_block(std::uint32_t r, std::uint32_t t, std::uint32_t y, bool row_panel) {
    const FwLayout& g = m_.g;
    const std::size_t W = g.words();
    const std::size_t row0 = std::size_t{row_panel ? r : t} * T + std::size_t{y} * BR;
    const std::size_t word0 = std::size_t{row_panel ? t : r} * kFwBlockWords;
    const std::size_t pivot0 = std::size_t{r} * T;
    BlockRegisters<Hops> block;
    block.for_each([&](auto& th, std::uint32_t tx, std::uint32_t ty) {
      gather(th.acc, m_.d.data(), W, row0, word0, tx, ty);
      if constexpr (Hops) gather(th.hop, m_.hop.data(), g.n_pad, row0, word0, tx, ty);
      for (std::uint32_t k = 0; k < T; ++k) {
        const std::size_t col = pivot0 + k;
        step_k(
            th, ty, tx,
            [&](std::uint32_t i) { return L::broadcast(L::lane(m_.d[(row0 + i) * W + col / L::kLanes], col % L::kLanes)); },
            [&](std::uint32_t i) { return Hops ? m_.hop[(row0 + i) * g.n_pad + col] : kNoNode; },
            &m_.d[(pivot0 + k) * W + word0]);
      }
    });
    block.for_each([&](auto& th, std::uint32_t tx, std::uint32_t ty) {
      if (row_panel) {
        scatter(th.acc, m_.row_panel[r & 1].data(), W, row0 - pivot0, word0, tx, ty);
      } else {
        scatter(th.acc, m_.d.data(), W, row0, word0, tx, ty);
        for (std::uint32_t q = 0; q < Rows; ++q)
          for (std::uint32_t c = 0; c < kFwThreadWords; ++c)
            for (std::uint32_t l = 0; l < L::kLanes; ++l)
              m_.col_panel[r & 1][std::size_t{fw_fragment_offset(c, tx) * L::kLanes + l} * g.n_pad + row0 +
                                  fw_fragment_offset(q, ty)] = L::broadcast_lane(th.acc[q][c], l);
      }
      if constexpr (Hops) {
        scatter(th.hop, m_.hop.data(), g.n_pad, row0, word0, tx, ty);
        if (!row_panel)
          for (std::uint32_t q = 0; q < Rows; ++q)
            for (std::uint32_t c = 0; c < kFwThreadWords; ++c)
              m_.col_hop[r & 1][std::size_t{fw_fragment_offset(c, tx)} * g.n_pad + row0 + fw_fragment_offset(q, ty)] =
                  th.hop[q][c];
      }
    });
  }

  void remainder_block(std::uint32_t r, std::uint32_t x, std::uint32_t y) {
    const FwLayout& g = m_.g;
    const std::size_t W = g.words();
    const std::size_t row0 = std::size_t{y} * BR, word0 = std::size_t{x} * kFwBlockWords;
    const std::size_t pivot0 = std::size_t{r} * T;
    if (row0 / T == r) {  // pivot row: the row panel goes back into the matrix
      for (std::uint32_t i = 0; i < BR; ++i)
        std::copy_n(&m_.row_panel[r & 1][(row0 - pivot0 + i) * W + word0], kFwBlockWords, &m_.d[(row0 + i) * W + word0]);
      return;
    }
    BlockRegisters<Hops> block;
    block.for_each([&](auto& th, std::uint32_t tx, std::uint32_t ty) {
      gather(th.acc, m_.d.data(), W, row0, word0, tx, ty);
      if constexpr (Hops) gather(th.hop, m_.hop.data(), g.n_pad, row0, word0, tx, ty);
      for (std::uint32_t k = 0; k < T; ++k) {
        const FwWord* a_row = &m_.col_panel[r & 1][std::size_t{k} * g.n_pad + row0];
        const NodeId* ah_row = Hops ? &m_.col_hop[r & 1][std::size_t{k} * g.n_pad + row0] : nullptr;
        step_k(
            th, ty, tx, [&](std::uint32_t i) { return a_row[i]; },
            [&](std::uint32_t i) { return Hops ? ah_row[i] : kNoNode; }, &m_.row_panel[r & 1][std::size_t{k} * W + word0]);
      }
      scatter(th.acc, m_.d.data(), W, row0, word0, tx, ty);
      if constexpr (Hops) scatter(th.hop, m_.hop.data(), g.n_pad, row0, word0, tx, ty);
    });
  }

  EmulatedMatrix& m_;
  int threads_;
};

template <class L>
void initialise(EmulatedMatrix& m, const Problem& p) {
  const FwLayout& g = m.g;
  const std::size_t W = g.words();
  for (std::uint32_t u = 0; u < g.n_pad; ++u) {
    FwWord* row = &m.d[u * W];
    for (std::uint32_t w = 0; w < W; ++w) row[w] = fw_initial_word<L>(g, u, w);
    NodeId* hop_row = m.hop.empty() ? nullptr : &m.hop[std::size_t{u} * g.n_pad];
    if (u < g.n)
      fw_scatter_edges<L>(g, row, hop_row, reinterpret_cast<const std::uint32_t*>(p.forward.arcs.data()),
                          p.forward.begin(u), p.forward.end(u));
  }
}

class EmulatedSolution final : public FwPackedSolution {
 public:
  EmulatedSolution(const Problem& p, const FwGpuPlan& plan, int threads) : p_(p), plan_(plan) {
    const FwLayout& g = plan.layout;
    m_.g = g;
    m_.d.resize(g.matrix_words());
    for (int parity = 0; parity < 2; ++parity) {
      m_.row_panel[parity].assign(std::size_t{g.tile} * g.words(), 0);
      m_.col_panel[parity].assign(std::size_t{g.tile} * g.n_pad, 0);
      if (plan.hops) m_.col_hop[parity].assign(std::size_t{g.tile} * g.n_pad, kNoNode);
    }
    if (plan.hops) m_.hop.assign(std::size_t{g.n_pad} * g.n_pad, kNoNode);
    const TileGeometry geometry{g.n_pad, g.tile};
    if (plan.compute_width == 16) {
      initialise<FwLanes16>(m_, p);
      EmulatedPhases<FwLanes16, false> phases(m_, threads);
      run_blocked_floyd_warshall_lookahead(geometry, phases);
    } else if (plan.hops) {
      initialise<FwLanes32>(m_, p);
      EmulatedPhases<FwLanes32, true> phases(m_, threads);
      run_blocked_floyd_warshall_lookahead(geometry, phases);
    } else {
      initialise<FwLanes32>(m_, p);
      EmulatedPhases<FwLanes32, false> phases(m_, threads);
      run_blocked_floyd_warshall_lookahead(geometry, phases);
    }
    if (!plan.clamp_means_unreachable) reach_.emplace(p);
  }

  void write_rows(std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                  std::uint32_t* times, NodeId* hops) override {
    const std::size_t W = plan_.layout.words(), n_pad = plan_.layout.n_pad;
    std::vector<FwWord> rows(origins.size() * W);
    std::vector<NodeId> hop_rows(hops ? origins.size() * n_pad : 0);
    for (std::size_t i = 0; i < origins.size(); ++i) {
      std::copy_n(&m_.d[origins[i] * W], W, &rows[i * W]);
      if (hops) std::copy_n(&m_.hop[origins[i] * n_pad], n_pad, &hop_rows[i * n_pad]);
    }
    fw_unpack_rows(plan_, p_, reach_ ? &*reach_ : nullptr, origins, destinations, cap, rows.data(),
                   hops ? hop_rows.data() : nullptr, times, hops);
  }

 private:
  const Problem& p_;
  FwGpuPlan plan_;
  EmulatedMatrix m_;
  std::optional<Reachability> reach_;
};

}  // namespace

std::unique_ptr<FwPackedSolution> fw_solve_emulated(const Problem& p, const FwGpuPlan& plan, int threads) {
  return std::make_unique<EmulatedSolution>(p, plan, std::max(1, threads));
}

}  // namespace hg
