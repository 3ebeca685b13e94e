#include "host/solvers/fw/reachability.hpp"

#include <algorithm>
#include <utility>

#include "host/model/strong_components.hpp"

namespace hg {

namespace {

std::size_t words_for(std::uint32_t components) { return (std::size_t{components} + 63) / 64; }

}  // namespace

// 1. The components, sinks first: every arc leaving a component points to
// one with a smaller id.
Reachability::Reachability(const Problem& problem) : Reachability(problem, strong_components(problem.forward)) {}

std::optional<Reachability> Reachability::within(const Problem& problem, std::uint64_t max_bytes) {
  StrongComponents scc = strong_components(problem.forward);
  if (bytes_for_components(scc.count) > max_bytes) return std::nullopt;
  return Reachability(problem, std::move(scc));
}

Reachability::Reachability(const Problem& problem, StrongComponents&& scc) {
  const Csr& g = problem.forward;
  components_ = scc.count;
  component_ = std::move(scc.component);

  // 2. Bitsets in id order: successors are complete before their
  // predecessors. Rows are transitively closed, so a successor whose bit is
  // already set has its whole set included and is skipped.
  words_ = words_for(components_);
  bits_.assign(std::size_t{components_} * words_, 0);
  for (std::uint32_t c = 0; c < components_; ++c) {
    std::uint64_t* row = bits_.data() + std::size_t{c} * words_;
    row[c / 64] |= std::uint64_t{1} << (c % 64);
    for (std::uint32_t i = scc.start[c]; i < scc.start[c + 1]; ++i) {
      const NodeId u = scc.members[i];
      for (std::uint32_t e = g.begin(u), end = g.end(u); e < end; ++e) {
        const std::uint32_t s = component_[g.arcs[e].target];
        if ((row[s / 64] >> (s % 64)) & 1) continue;
        const std::uint64_t* from = bits_.data() + std::size_t{s} * words_;
        for (std::size_t k = 0; k < words_; ++k) row[k] |= from[k];
      }
    }
  }
}

std::uint64_t Reachability::bytes() const {
  return component_.size() * sizeof(std::uint32_t) + bits_.size() * sizeof(std::uint64_t);
}

std::uint64_t Reachability::bytes_for_components(std::uint32_t components) {
  return std::uint64_t{components} * words_for(components) * sizeof(std::uint64_t);
}

}  // namespace hg
