#pragma once
// The orchestration of blocked Floyd–Warshall, written once for every
// backend: rounds, phases and which tiles each phase touches. A backend
// supplies the phase operations (CPU loops in host/solvers/fw/fw_cpu.cpp; GPU launches in
// kernels/fw/fw.cu, and their CPU emulation in host/solvers/fw/fw_emulated.cpp); tile
// geometry and arithmetic live in kernels/fw/fw_tile.cuh and kernels/fw/fw_packed.cuh.
//
// Round r, for r = 0 .. tiles-1:
//   1. closure(r):   close diagonal tile (r, r) pivot by pivot;
//   2. panels(r):    update the tiles (r, j) and (i, r), i, j != r, against it:
//                    pivot by pivot (CPU), or as one min-plus product with the
//                    closed tile (GPU) — the same values, since that tile has a
//                    zero diagonal;
//   3. remainder(r): every tile (i, j), i, j != r, takes the min-plus product
//                    of (i, r) and (r, j) — independent, in any order.
// C++17, so the CUDA launcher can include it.

#include <cstdint>

#include "kernels/fw/fw_packed.cuh"
#include "kernels/fw/fw_tile.cuh"

namespace hg {

// The same rounds with one round of lookahead, for a backend that can run two
// streams of work: round r + 1's closure and panels need only the tiles of row
// and column block r + 1 after round r, so those go first (remainder part
// `cross`); fork() lets the side stream start on them while the main stream
// finishes the rest of round r; join() makes the main stream wait for the side.
// Panel buffers alternate by round parity, so round r + 1's panels never
// overwrite what round r's remainder is still reading. Closure and panels run
// on the side stream, the remainder on the main stream.
template <class Phases>
void run_blocked_floyd_warshall_lookahead(const TileGeometry& geometry, Phases& phases) {
  const std::uint32_t tiles = geometry.tiles();
  if (tiles == 0) return;
  phases.fork();
  phases.closure(0);
  phases.panels(0);
  phases.join();
  for (std::uint32_t r = 0; r < tiles; ++r) {
    if (r + 1 == tiles) {
      phases.remainder(r, FwPart::all);
      break;
    }
    phases.remainder(r, FwPart::cross);
    phases.fork();
    phases.closure(r + 1);
    phases.panels(r + 1);
    phases.remainder(r, FwPart::rest);
    phases.join();
  }
}

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
