#pragma once
// The optimality certificate (docs/design.md#verification) for one origin's row of exact,
// uncapped internal times over all nodes:
//   1. d[origin] = 0;
//   2. every edge u -> v with d[u] finite satisfies d[v] <= d[u] + w(u, v)
//      (so no time is too large, and no node marked unreachable has an edge
//      from a reached one);
//   3. every reached node is reached from the origin along tight edges
//      (d[u] + w(u, v) = d[v]), so every time is achieved by a real path.
// Rule 3 as a search from the origin, not "some tight incoming edge", also
// rejects underestimates propped up by a cycle of zero-time edges.

#include <optional>
#include <span>
#include <string>

#include "host/model/compile.hpp"

namespace hg {

struct CertificateViolation {
  enum class Rule { origin_not_zero, edge_not_relaxed, not_reached_by_tight_edges } rule;
  NodeId u = kNoNode;  // edge tail (rule 2)
  NodeId v = kNoNode;  // the node whose time is wrong
  Time du = 0, dv = 0, w = 0;
  std::string describe() const;
};

// `dist` holds internal times for all nodes, kInfinity where unreachable.
std::optional<CertificateViolation> check_certificate(const Problem& problem, NodeId origin, std::span<const Time> dist);

}  // namespace hg
