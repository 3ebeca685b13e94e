#pragma once
// The orchestration of blocked Floyd–Warshall, written once for every
// backend: rounds, phases and which tiles each phase touches. A backend
// supplies the three phase operations (CPU loops in host/fw.cpp; GPU launches
// in the GPU launcher); tile geometry and arithmetic live in kernels/fw_tile.cuh.
//
// Round r, for r = 0 .. tiles-1:
//   1. closure(r):   close diagonal tile (r, r) pivot by pivot;
//   2. panels(r):    update the tiles (r, j) and (i, r), i, j != r, against it,
//                    pivot by pivot (they depend on their own updates);
//   3. remainder(r): every tile (i, j), i, j != r, takes the min-plus product
//                    of (i, r) and (r, j) — independent, in any order.
// C++17, so the CUDA launcher can include it.

#include <cstdint>

#include "kernels/fw_tile.cuh"

namespace hg {

template <class Phases>
void run_blocked_floyd_warshall(const TileGeometry& geometry, Phases& phases) {
  const std::uint32_t tiles = geometry.tiles();
  for (std::uint32_t r = 0; r < tiles; ++r) {
    phases.closure(r);
    phases.panels(r);
    phases.remainder(r);
  }
}

}  // namespace hg
