#include "host/solvers/certificate.hpp"

#include <fmt/format.h>

#include <vector>

namespace hg {

std::string CertificateViolation::describe() const {
  switch (rule) {
    case Rule::origin_not_zero: return fmt::format("the origin's own time is {}, not 0", dv);
    case Rule::edge_not_relaxed:
      return fmt::format("edge {} -> {} (time {}) would improve node {}: {} + {} < {}", u, v, w, v, du, w,
                         dv >= kInfinity ? std::string("unreachable") : std::to_string(dv));
    case Rule::not_reached_by_tight_edges:
      return fmt::format("node {} has time {} but no path of tight edges from the origin achieves it", v, dv);
  }
  return "unknown violation";
}

std::optional<CertificateViolation> check_certificate(const Problem& p, NodeId origin, std::span<const Time> dist) {
  using Rule = CertificateViolation::Rule;
  if (dist[origin] != 0) return CertificateViolation{Rule::origin_not_zero, kNoNode, origin, 0, dist[origin], 0};
  const auto weight = [&](NodeId u, std::uint32_t e) -> std::uint64_t { return p.weight_from(origin, u, e); };
  // Rule 2.
  for (NodeId u = 0; u < p.node_count; ++u) {
    if (dist[u] >= kInfinity) continue;
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
      const NodeId v = p.forward.arcs[e].target;
      const std::uint64_t w = weight(u, e);
      if (std::uint64_t{dist[u]} + w < dist[v])
        return CertificateViolation{Rule::edge_not_relaxed, u, v, dist[u], dist[v], static_cast<Time>(w)};
    }
  }
  // Rule 3: search the tight edges from the origin.
  std::vector<bool> proven(p.node_count, false);
  std::vector<NodeId> stack{origin};
  proven[origin] = true;
  while (!stack.empty()) {
    const NodeId u = stack.back();
    stack.pop_back();
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
      const NodeId v = p.forward.arcs[e].target;
      if (!proven[v] && dist[v] < kInfinity && std::uint64_t{dist[u]} + weight(u, e) == dist[v]) {
        proven[v] = true;
        stack.push_back(v);
      }
    }
  }
  for (NodeId v = 0; v < p.node_count; ++v)
    if (dist[v] < kInfinity && !proven[v])
      return CertificateViolation{Rule::not_reached_by_tight_edges, kNoNode, v, 0, dist[v], 0};
  return std::nullopt;
}

}  // namespace hg
