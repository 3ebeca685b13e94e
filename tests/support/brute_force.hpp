#pragma once
// The transit-time definition (docs/design.md#transit-time) evaluated literally, by
// enumerating every simple path of a tiny raw Network: sum of edge transit
// times, handling at the nodes passed through, the directed customs row (or
// the default) on every country-crossing edge. Shares nothing with compile().

#include <cstdint>
#include <vector>

#include "host/model/network.hpp"

namespace hg::test {

inline std::vector<std::uint64_t> brute_force_all_pairs(const Network& net) {
  constexpr std::uint64_t kNone = ~std::uint64_t{0};
  const std::size_t n = net.nodes.size();
  const auto customs = [&](std::size_t u, std::size_t v) -> std::uint64_t {
    if (net.nodes.country[u] == net.nodes.country[v]) return 0;
    for (std::size_t r = 0; r < net.customs.size(); ++r)
      if (net.customs.from[r] == net.nodes.country[u] && net.customs.to[r] == net.nodes.country[v])
        return net.customs.time[r];
    return net.default_customs_time;
  };
  std::vector<std::uint64_t> best(n * n, kNone);
  std::vector<bool> on_path(n, false);
  // Depth-first over simple paths; `time` excludes handling at the current end.
  const auto explore = [&](auto&& self, std::size_t origin, std::size_t u, std::uint64_t time) -> void {
    best[origin * n + u] = std::min(best[origin * n + u], time);
    on_path[u] = true;
    for (std::size_t e = 0; e < net.edges.size(); ++e) {
      if (net.edges.src[e] != u) continue;
      const std::size_t v = net.edges.dst[e];
      if (on_path[v]) continue;
      const std::uint64_t handling = u == origin ? 0 : net.nodes.handling_time[u];
      self(self, origin, v, time + handling + net.edges.transit_time[e] + customs(u, v));
    }
    on_path[u] = false;
  };
  for (std::size_t o = 0; o < n; ++o) explore(explore, o, o, 0);
  return best;
}

// What a solver stores for a brute-force time under `cap` (0: none): the
// time itself, cap + 1 beyond the cap, kUnreachable32 where no path is.
inline std::uint32_t expected_stored(std::uint64_t brute, Time cap) {
  if (brute == ~std::uint64_t{0}) return kUnreachable32;
  if (cap != 0 && brute > cap) return cap + 1;
  return static_cast<std::uint32_t>(brute);
}

}  // namespace hg::test
