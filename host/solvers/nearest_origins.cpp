#include "host/solvers/nearest_origins.hpp"

namespace hg {

NearestOrigins nearest_origins_from_rows(std::span<const NodeId> origins, std::size_t cols,
                                         std::span<const std::uint32_t> rows, Time cap) {
  NearestOrigins out;
  out.time.assign(cols, kUnreachable32);
  out.origin.assign(cols, kNoNode);
  for (std::size_t j = 0; j < cols; ++j) {
    for (std::size_t r = 0; r < origins.size(); ++r) {
      const std::uint32_t t = rows[r * cols + j];
      const bool exact = t != kUnreachable32 && (cap == 0 || t <= cap);
      const bool better_exact =
          exact && (out.origin[j] == kNoNode || t < out.time[j] || (t == out.time[j] && origins[r] < out.origin[j]));
      if (better_exact) {
        out.time[j] = t;
        out.origin[j] = origins[r];
      } else if (!exact && t != kUnreachable32 && out.origin[j] == kNoNode) {
        out.time[j] = cap + 1;  // reachable beyond the cap, unless an exact time turns up
      }
    }
  }
  return out;
}

}  // namespace hg
