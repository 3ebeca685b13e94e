#include "host/solvers/nearest_origins.hpp"

namespace hg {

NearestOrigins no_nearest_origins(std::size_t destination_count) {
  NearestOrigins out;
  out.time.assign(destination_count, kUnreachable32);
  out.origin.assign(destination_count, kNoNode);
  return out;
}

void merge_nearest_origins(NearestOrigins& nearest, std::span<const NodeId> origins,
                           std::span<const std::uint32_t> rows, Time cap) {
  const std::size_t cols = nearest.time.size();
  for (std::size_t r = 0; r < origins.size(); ++r) {
    const std::uint32_t* row = rows.data() + r * cols;
    for (std::size_t j = 0; j < cols; ++j) {
      const std::uint32_t t = row[j];
      const bool exact = t != kUnreachable32 && (cap == 0 || t <= cap);
      const bool better_exact = exact && (nearest.origin[j] == kNoNode || t < nearest.time[j] ||
                                          (t == nearest.time[j] && origins[r] < nearest.origin[j]));
      if (better_exact) {
        nearest.time[j] = t;
        nearest.origin[j] = origins[r];
      } else if (!exact && t != kUnreachable32 && nearest.origin[j] == kNoNode) {
        nearest.time[j] = cap + 1;  // reachable beyond the cap, unless an exact time turns up
      }
    }
  }
}

NearestOrigins nearest_origins_from_rows(std::span<const NodeId> origins, std::size_t destination_count,
                                         std::span<const std::uint32_t> rows, Time cap) {
  NearestOrigins nearest = no_nearest_origins(destination_count);
  merge_nearest_origins(nearest, origins, rows, cap);
  return nearest;
}

std::vector<std::uint64_t> nearest_keys(const NearestOrigins& nearest) {
  std::vector<std::uint64_t> keys(nearest.time.size());
  for (std::size_t j = 0; j < keys.size(); ++j)
    keys[j] = (std::uint64_t{nearest.time[j]} << 32) | nearest.origin[j];  // kNoNode sorts last among equal times
  return keys;
}

NearestOrigins nearest_from_keys(std::span<const std::uint64_t> keys) {
  NearestOrigins nearest;
  nearest.time.resize(keys.size());
  nearest.origin.resize(keys.size());
  for (std::size_t j = 0; j < keys.size(); ++j) {
    nearest.time[j] = static_cast<std::uint32_t>(keys[j] >> 32);
    nearest.origin[j] = static_cast<NodeId>(keys[j] & 0xFFFFFFFFu);
  }
  return nearest;
}

}  // namespace hg
