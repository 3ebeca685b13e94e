#pragma once
// Blocked Floyd–Warshall: tile geometry and the per-tile min-plus arithmetic,
// shared by the CPU reference (host/solvers/fw/fw_cpu.cpp) and the GPU kernels.
//
// The n x n matrix is cut into tiles of `tile` rows and columns; the last tile
// row and column may be partial (extent < tile). Round r closes diagonal tile
// (r, r), then updates the tiles of row r and column r against it (the
// dependent phases, one pivot k at a time), then every other tile (i, j) with
// the min-plus product of tiles (i, r) and (r, j) (the independent phase).

#include <cstddef>
#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/time.hpp"

namespace hg {

struct TileGeometry {
  std::uint32_t n = 0;
  std::uint32_t tile = 0;

  HG_HD std::uint32_t tiles() const { return (n + tile - 1) / tile; }
  HG_HD std::uint32_t begin(std::uint32_t t) const { return t * tile; }
  HG_HD std::uint32_t extent(std::uint32_t t) const {
    const std::uint32_t b = t * tile;
    return n - b < tile ? n - b : tile;
  }
};

// A rectangular view into a row-major matrix with leading dimension ld.
template <class T>
struct MatrixView {
  T* data = nullptr;
  std::size_t ld = 0;
  std::uint32_t rows = 0;
  std::uint32_t cols = 0;

  HG_HD T& operator()(std::uint32_t r, std::uint32_t c) const { return data[r * ld + c]; }
  HG_HD T* row(std::uint32_t r) const { return data + r * ld; }
};

template <class T>
HG_HD MatrixView<T> tile_view(T* matrix, const TileGeometry& g, std::uint32_t ti, std::uint32_t tj) {
  return MatrixView<T>{matrix + static_cast<std::size_t>(g.begin(ti)) * g.n + g.begin(tj), g.n,
                       g.extent(ti), g.extent(tj)};
}

// One min-plus update: min(c, a + b). Operands are at most kInfinity, so the
// sum cannot wrap; on sm_90 this is one VIADDMNMX.
HG_HD Time minplus(Time c, Time a, Time b) {
  const Time s = a + b;
  return s < c ? s : c;
}

// Dependent phases: pivot step k for element (i, j) of tile c, with
// a = the tile holding column k for c's rows, b = the tile holding row k for
// c's columns. a and b may alias c (diagonal and panel tiles): d(k, k) = 0, so
// row k and column k are fixed points of step k and the elements of one step
// may run in any order. The hop of (i, j) becomes the hop of (i, k) only on a
// strict improvement, which keeps the hop of every pair on a shortest path.
HG_HD void fw_pivot_element(MatrixView<Time> c, MatrixView<const Time> a, MatrixView<const Time> b,
                            std::uint32_t k, std::uint32_t i, std::uint32_t j) {
  c(i, j) = minplus(c(i, j), a(i, k), b(k, j));
}

HG_HD void fw_pivot_element_hops(MatrixView<Time> c, MatrixView<const Time> a, MatrixView<const Time> b,
                                 MatrixView<NodeId> c_hop, MatrixView<const NodeId> a_hop, std::uint32_t k,
                                 std::uint32_t i, std::uint32_t j) {
  const Time s = a(i, k) + b(k, j);
  if (s < c(i, j)) {
    c(i, j) = s;
    c_hop(i, j) = a_hop(i, k);
  }
}

// The same pivot step for a whole row strip: c_row[j] = min(c_row[j],
// a_ik + b_row[j]). Callers skip row k of a tile whose row k is b_row (a
// fixed point of step k), so the two strips never overlap and the loop
// vectorises; full tiles pass cols = Cols, a constant trip count.
template <std::uint32_t Cols>
HG_HD void fw_pivot_row(Time* __restrict__ c_row, Time a_ik, const Time* __restrict__ b_row, std::uint32_t cols = Cols) {
  for (std::uint32_t j = 0; j < cols; ++j) c_row[j] = minplus(c_row[j], a_ik, b_row[j]);
}

template <std::uint32_t Cols>
HG_HD void fw_pivot_row_hops(Time* __restrict__ c_row, NodeId* __restrict__ c_hop, Time a_ik, NodeId a_hop,
                             const Time* __restrict__ b_row, std::uint32_t cols = Cols) {
  for (std::uint32_t j = 0; j < cols; ++j) {
    const Time s = a_ik + b_row[j];
    const bool better = s < c_row[j];
    c_row[j] = better ? s : c_row[j];
    c_hop[j] = better ? a_hop : c_hop[j];
  }
}

// Independent phase, one strip of Cols accumulators of one row: acc[j] holds
// c(i, j0 + j) and takes the minimum over k < depth of a_row[k] + b(k, j0 + j).
// The CPU calls it with a whole tile row (vectorised over j); a GPU thread with
// its register strip. `cols` <= Cols trims the strip on partial edge tiles.
template <std::uint32_t Cols>
HG_HD void minplus_row_strip(Time* acc, const Time* a_row, MatrixView<const Time> b, std::uint32_t depth,
                             std::uint32_t cols = Cols) {
  for (std::uint32_t k = 0; k < depth; ++k) {
    const Time aik = a_row[k];
    const Time* b_row = b.row(k);
    for (std::uint32_t j = 0; j < cols; ++j) acc[j] = minplus(acc[j], aik, b_row[j]);
  }
}

template <std::uint32_t Cols>
HG_HD void minplus_row_strip_hops(Time* acc, NodeId* hop, const Time* a_row, const NodeId* a_hop_row,
                                  MatrixView<const Time> b, std::uint32_t depth, std::uint32_t cols = Cols) {
  for (std::uint32_t k = 0; k < depth; ++k) {
    const Time aik = a_row[k];
    const NodeId hik = a_hop_row[k];
    const Time* b_row = b.row(k);
    for (std::uint32_t j = 0; j < cols; ++j) {
      const Time s = aik + b_row[j];
      const bool better = s < acc[j];
      acc[j] = better ? s : acc[j];
      hop[j] = better ? hik : hop[j];
    }
  }
}

// Independent phase, one register block: the Rows x Cols block of c at
// (row 0, col 0) takes the minimum over k < depth of a(r, k) + b(k, j). The
// accumulators live in registers across the k loop (Rows * Cols / 8 AVX2
// registers on the CPU; per-thread registers on the GPU); each k costs Rows
// broadcasts and Cols / 8 vector loads for Rows * Cols updates.
template <std::uint32_t Rows, std::uint32_t Cols>
HG_HD void minplus_register_block(Time* __restrict__ c, std::size_t ldc, const Time* __restrict__ a, std::size_t lda,
                                  const Time* __restrict__ b, std::size_t ldb, std::uint32_t depth) {
  Time acc[Rows][Cols];
  HG_UNROLL
  for (std::uint32_t r = 0; r < Rows; ++r) {
    HG_UNROLL
    for (std::uint32_t j = 0; j < Cols; ++j) acc[r][j] = c[r * ldc + j];
  }
  for (std::uint32_t k = 0; k < depth; ++k) {
    const Time* b_row = b + k * ldb;
    HG_UNROLL
    for (std::uint32_t r = 0; r < Rows; ++r) {
      const Time a_rk = a[r * lda + k];
      HG_UNROLL
      for (std::uint32_t j = 0; j < Cols; ++j) acc[r][j] = minplus(acc[r][j], a_rk, b_row[j]);
    }
  }
  HG_UNROLL
  for (std::uint32_t r = 0; r < Rows; ++r) {
    HG_UNROLL
    for (std::uint32_t j = 0; j < Cols; ++j) c[r * ldc + j] = acc[r][j];
  }
}

}  // namespace hg
