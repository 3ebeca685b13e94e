#include "host/solvers/fw/reachability.hpp"

#include <algorithm>

namespace hg {

namespace {

constexpr std::uint32_t kUnvisited = 0xFFFFFFFFu;
constexpr std::uint32_t kNoComponent = 0xFFFFFFFFu;

std::size_t words_for(std::uint32_t components) { return (std::size_t{components} + 63) / 64; }

}  // namespace

Reachability::Reachability(const Problem& problem) {
  const NodeId n = problem.node_count;
  const Csr& g = problem.forward;
  component_.assign(n, kNoComponent);

  // 1. Tarjan with an explicit call stack. Components complete sinks first,
  // so every arc leaving a component points to one with a smaller id; their
  // members are listed contiguously in `members`, component c from start[c].
  std::vector<std::uint32_t> index(n, kUnvisited);
  std::vector<std::uint32_t> low(n);
  std::vector<NodeId> open;  // Tarjan's stack: visited, component not yet known
  struct Frame {
    NodeId node;
    std::uint32_t next;  // next forward arc to follow
  };
  std::vector<Frame> calls;
  std::vector<NodeId> members;
  members.reserve(n);
  std::vector<std::uint32_t> start;
  std::uint32_t counter = 0;
  const auto visit = [&](NodeId u) {
    index[u] = low[u] = counter++;
    open.push_back(u);
    calls.push_back({u, g.begin(u)});
  };

  for (NodeId root = 0; root < n; ++root) {
    if (index[root] != kUnvisited) continue;
    visit(root);
    while (!calls.empty()) {
      Frame& frame = calls.back();
      const NodeId u = frame.node;
      if (frame.next < g.end(u)) {
        const NodeId v = g.arcs[frame.next++].target;
        if (index[v] == kUnvisited) {
          visit(v);  // invalidates `frame`
        } else if (component_[v] == kNoComponent) {
          low[u] = std::min(low[u], index[v]);  // v is on the open stack
        }
        continue;
      }
      calls.pop_back();
      if (low[u] == index[u]) {
        start.push_back(static_cast<std::uint32_t>(members.size()));
        NodeId w;
        do {
          w = open.back();
          open.pop_back();
          component_[w] = components_;
          members.push_back(w);
        } while (w != u);
        ++components_;
      }
      if (!calls.empty()) {
        const NodeId parent = calls.back().node;
        low[parent] = std::min(low[parent], low[u]);
      }
    }
  }
  start.push_back(static_cast<std::uint32_t>(members.size()));

  // 2. Bitsets in id order: successors are complete before their
  // predecessors. Rows are transitively closed, so a successor whose bit is
  // already set has its whole set included and is skipped.
  words_ = words_for(components_);
  bits_.assign(std::size_t{components_} * words_, 0);
  for (std::uint32_t c = 0; c < components_; ++c) {
    std::uint64_t* row = bits_.data() + std::size_t{c} * words_;
    row[c / 64] |= std::uint64_t{1} << (c % 64);
    for (std::uint32_t i = start[c]; i < start[c + 1]; ++i) {
      const NodeId u = members[i];
      for (std::uint32_t e = g.begin(u), end = g.end(u); e < end; ++e) {
        const std::uint32_t s = component_[g.arcs[e].target];
        if ((row[s / 64] >> (s % 64)) & 1) continue;
        const std::uint64_t* from = bits_.data() + std::size_t{s} * words_;
        for (std::size_t k = 0; k < words_; ++k) row[k] |= from[k];
      }
    }
  }
}

bool Reachability::reaches(NodeId from, NodeId to) const {
  const std::uint32_t t = component_[to];
  return (bits_[std::size_t{component_[from]} * words_ + t / 64] >> (t % 64)) & 1;
}

std::uint64_t Reachability::bytes() const {
  return component_.size() * sizeof(std::uint32_t) + bits_.size() * sizeof(std::uint64_t);
}

std::uint64_t Reachability::bytes_for_components(std::uint32_t components) {
  return std::uint64_t{components} * words_for(components) * sizeof(std::uint64_t);
}

}  // namespace hg
