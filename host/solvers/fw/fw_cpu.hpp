#pragma once
// Dense all-pairs by blocked Floyd–Warshall on the CPU (for up to a few
// thousand nodes), the reference for the GPU version: same schedule
// (kernels/fw/fw_schedule.cuh), same per-tile arithmetic (kernels/fw/fw_tile.cuh).
//
// The matrix holds folded times (host/model/compile.hpp): entry (i, j), i != j, is
// the transit time plus handling(i); rows are corrected on output.

#include <cstdint>
#include <span>
#include <vector>

#include "host/model/compile.hpp"

namespace hg {

struct FwMatrix {
  NodeId n = 0;
  std::vector<Time> dist;   // n x n row-major, kInfinity where unreachable
  std::vector<NodeId> hop;  // n x n, the node after i on a shortest i -> j path (empty without hops)
};

inline constexpr std::uint32_t kCpuFwTile = 64;

// Bytes the CPU Floyd–Warshall needs for n nodes.
std::uint64_t fw_matrix_bytes(NodeId n, bool hops);

FwMatrix fw_initial_matrix(const Problem& problem, bool hops);
void fw_solve_cpu(FwMatrix& matrix, int threads, std::uint32_t tile = kCpuFwTile);

// Stored rows (docs/design.md#caps) for origins x destinations from a solved matrix.
void fw_write_rows(const FwMatrix& matrix, const Problem& problem, std::span<const NodeId> origins,
                   std::span<const NodeId> destinations, Time cap, std::uint32_t* times, NodeId* hops);

}  // namespace hg
