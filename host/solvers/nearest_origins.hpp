#pragma once
// Nearest origins, what coverage is computed from (docs/design.md#coverage):
// per destination, the smallest stored time from any origin and the origin
// it comes from, ties going to the lowest snapshot node index. It is exact
// integer data, so every solver that finds the same pairs gives the same
// coverage report, bit for bit.

#include <cstdint>
#include <span>
#include <vector>

#include "host/core/time.hpp"

namespace hg {

// Per destination position: the stored nearest time (exact up to cap, cap + 1
// beyond, kUnreachable32 when no origin reaches it) and the nearest origin
// (kNoNode unless the time is exact).
struct NearestOrigins {
  std::vector<std::uint32_t> time;
  std::vector<NodeId> origin;
};

// No origin reaches any of `destination_count` destinations (yet).
NearestOrigins no_nearest_origins(std::size_t destination_count);

// Folds rows of `origins` (origins.size() x nearest.time.size(), stored
// form) into `nearest` with the tie rule. The result does not depend on how
// the origins are split into calls, nor on their order.
void merge_nearest_origins(NearestOrigins& nearest, std::span<const NodeId> origins,
                           std::span<const std::uint32_t> rows, Time cap);

// Each destination's nearest origin as one number, (time << 32) | origin,
// whose minimum over the nearest origins of any split of the origins is the
// nearest origin of them all under the tie rule: exact times come before
// cap + 1, which comes before unreachable, and equal times go to the lower
// node index. The ranks of a run reduce these with an exact minimum.
std::vector<std::uint64_t> nearest_keys(const NearestOrigins& nearest);
NearestOrigins nearest_from_keys(std::span<const std::uint64_t> keys);

// The nearest origins from full rows (origins x destinations, stored form),
// with the tie rule: the reduction every row-producing solver can fall back
// to, and the reference the tests hold the specialised ones to.
NearestOrigins nearest_origins_from_rows(std::span<const NodeId> origins, std::size_t destination_count,
                                         std::span<const std::uint32_t> rows, Time cap);

}  // namespace hg
