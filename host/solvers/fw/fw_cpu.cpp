#include "host/solvers/fw/fw_cpu.hpp"

#include <omp.h>

#include <algorithm>

#include "kernels/fw/fw_schedule.cuh"
#include "kernels/fw/fw_tile.cuh"

namespace hg {

std::uint64_t fw_matrix_bytes(NodeId n, bool hops) {
  return std::uint64_t{n} * n * (sizeof(Time) + (hops ? sizeof(NodeId) : 0));
}

FwMatrix fw_initial_matrix(const Problem& p, bool hops) {
  FwMatrix m;
  m.n = p.node_count;
  const std::size_t n = m.n;
  m.dist.assign(n * n, kInfinity);
  if (hops) m.hop.assign(n * n, kNoNode);
  for (NodeId u = 0; u < m.n; ++u) {
    m.dist[u * n + u] = 0;
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
      const NodeId v = p.forward.arcs[e].target;  // parallel edges are merged already
      m.dist[u * n + v] = p.forward.arcs[e].weight;
      if (hops) m.hop[u * n + v] = v;
    }
  }
  return m;
}

namespace {

// The CPU phase operations: loops over tiles, OpenMP across tiles.
class CpuPhases {
 public:
  CpuPhases(FwMatrix& m, TileGeometry g, int threads) : m_(m), g_(g), threads_(threads) {}

  void closure(std::uint32_t r) { pivot_tile(r, r, r); }

  void panels(std::uint32_t r) {
    const std::int64_t tiles = g_.tiles();
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 1)
    for (std::int64_t t = 0; t < 2 * tiles; ++t) {
      const std::uint32_t other = static_cast<std::uint32_t>(t / 2);
      if (other == r) continue;
      if (t % 2 == 0)
        pivot_tile(r, other, r);  // row panel (r, other)
      else
        pivot_tile(other, r, r);  // column panel (other, r)
    }
  }

  void remainder(std::uint32_t r) {
    const std::int64_t tiles = g_.tiles();
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 1)
    for (std::int64_t t = 0; t < tiles * tiles; ++t) {
      const std::uint32_t ti = static_cast<std::uint32_t>(t / tiles), tj = static_cast<std::uint32_t>(t % tiles);
      if (ti == r || tj == r) continue;
      product_tile(ti, tj, r);
    }
  }

 private:
  // Dependent update of tile (ti, tj) with pivots from round r, one pivot at a
  // time. Row k of the row panel and diagonal tile is b's row k itself, a
  // fixed point of step k (d(k, k) = 0): it is skipped.
  void pivot_tile(std::uint32_t ti, std::uint32_t tj, std::uint32_t r) {
    const MatrixView<Time> c = tile_view(m_.dist.data(), g_, ti, tj);
    const MatrixView<const Time> a = tile_view(static_cast<const Time*>(m_.dist.data()), g_, ti, r);
    const MatrixView<const Time> b = tile_view(static_cast<const Time*>(m_.dist.data()), g_, r, tj);
    const bool row_k_is_pivot_row = ti == r;
    const std::uint32_t depth = g_.extent(r);
    const bool hops = !m_.hop.empty();
    const MatrixView<NodeId> ch = hops ? tile_view(m_.hop.data(), g_, ti, tj) : MatrixView<NodeId>{};
    const MatrixView<const NodeId> ah =
        hops ? tile_view(static_cast<const NodeId*>(m_.hop.data()), g_, ti, r) : MatrixView<const NodeId>{};
    const bool full = c.cols == kCpuFwTile;
    for (std::uint32_t k = 0; k < depth; ++k)
      for (std::uint32_t i = 0; i < c.rows; ++i) {
        if (row_k_is_pivot_row && i == k) continue;
        if (hops && full)
          fw_pivot_row_hops<kCpuFwTile>(c.row(i), ch.row(i), a(i, k), ah(i, k), b.row(k));
        else if (hops)
          fw_pivot_row_hops<kCpuFwTile>(c.row(i), ch.row(i), a(i, k), ah(i, k), b.row(k), c.cols);
        else if (full)
          fw_pivot_row<kCpuFwTile>(c.row(i), a(i, k), b.row(k));
        else
          fw_pivot_row<kCpuFwTile>(c.row(i), a(i, k), b.row(k), c.cols);
      }
  }

  // Independent update of tile (ti, tj): min-plus product of (ti, r) and (r, tj).
  void product_tile(std::uint32_t ti, std::uint32_t tj, std::uint32_t r) {
    const MatrixView<Time> c = tile_view(m_.dist.data(), g_, ti, tj);
    const MatrixView<const Time> a = tile_view(static_cast<const Time*>(m_.dist.data()), g_, ti, r);
    const MatrixView<const Time> b = tile_view(static_cast<const Time*>(m_.dist.data()), g_, r, tj);
    const std::uint32_t depth = g_.extent(r);
    const bool hops = !m_.hop.empty();
    // Full tiles without hops, the bulk of the work: 8 x 16 register blocks.
    if (!hops && c.rows % kBlockRows == 0 && c.cols % kBlockCols == 0) {
      for (std::uint32_t i = 0; i < c.rows; i += kBlockRows)
        for (std::uint32_t j = 0; j < c.cols; j += kBlockCols)
          minplus_register_block<kBlockRows, kBlockCols>(&c(i, j), c.ld, a.row(i), a.ld, b.row(0) + j, b.ld, depth);
      return;
    }
    // Edge tiles, and every tile with hops: one row strip at a time, in a
    // local copy the compiler knows aliases nothing.
    alignas(64) Time acc[kCpuFwTile];
    alignas(64) NodeId hop[kCpuFwTile];
    const MatrixView<NodeId> ch = hops ? tile_view(m_.hop.data(), g_, ti, tj) : MatrixView<NodeId>{};
    const MatrixView<const NodeId> ah =
        hops ? tile_view(static_cast<const NodeId*>(m_.hop.data()), g_, ti, r) : MatrixView<const NodeId>{};
    for (std::uint32_t i = 0; i < c.rows; ++i) {
      for (std::uint32_t j = 0; j < c.cols; ++j) acc[j] = c(i, j);
      if (hops) {
        for (std::uint32_t j = 0; j < c.cols; ++j) hop[j] = ch(i, j);
        if (c.cols == kCpuFwTile)  // a constant trip count vectorises
          minplus_row_strip_hops<kCpuFwTile>(acc, hop, a.row(i), ah.row(i), b, depth);
        else
          minplus_row_strip_hops<kCpuFwTile>(acc, hop, a.row(i), ah.row(i), b, depth, c.cols);
        for (std::uint32_t j = 0; j < c.cols; ++j) ch(i, j) = hop[j];
      } else {
        minplus_row_strip<kCpuFwTile>(acc, a.row(i), b, depth, c.cols);
      }
      for (std::uint32_t j = 0; j < c.cols; ++j) c(i, j) = acc[j];
    }
  }

  static constexpr std::uint32_t kBlockRows = 8, kBlockCols = 16;  // 16 AVX2 registers of accumulators

  FwMatrix& m_;
  TileGeometry g_;
  int threads_;
};

}  // namespace

void fw_solve_cpu(FwMatrix& matrix, int threads, std::uint32_t tile) {
  if (matrix.n == 0) return;
  const TileGeometry g{matrix.n, tile};
  CpuPhases phases(matrix, g, std::max(1, threads));
  run_blocked_floyd_warshall(g, phases);
}

void fw_write_rows(const FwMatrix& m, const Problem& p, std::span<const NodeId> origins,
                   std::span<const NodeId> destinations, Time cap, std::uint32_t* times, NodeId* hops) {
  const std::size_t n = m.n, cols = destinations.size();
  for (std::size_t r = 0; r < origins.size(); ++r) {
    const NodeId o = origins[r];
    const Time* row = m.dist.data() + o * n;
    for (std::size_t j = 0; j < cols; ++j) {
      const NodeId v = destinations[j];
      // Off the diagonal the matrix charges the origin's departure handling.
      const Time d = v == o ? 0 : (row[v] >= kInfinity ? kInfinity : row[v] - p.handling[o]);
      times[r * cols + j] = stored_time(d, cap);
      if (hops) {
        const bool exact = d < kInfinity && (cap == 0 || d <= cap) && v != o;
        hops[r * cols + j] = exact ? m.hop[o * n + v] : kNoNode;
      }
    }
  }
}

}  // namespace hg
