#include "host/model/strong_components.hpp"

#include <algorithm>

namespace hg {

StrongComponents strong_components(const Csr& g) {
  constexpr std::uint32_t kUnvisited = 0xFFFFFFFFu;
  constexpr std::uint32_t kOpen = 0xFFFFFFFFu;  // component not yet known
  // An empty graph may have no offsets at all.
  const NodeId n = g.offsets.empty() ? 0 : static_cast<NodeId>(g.offsets.size() - 1);
  StrongComponents s;
  s.component.assign(n, kOpen);
  s.members.reserve(n);

  std::vector<std::uint32_t> index(n, kUnvisited);
  std::vector<std::uint32_t> low(n);
  std::vector<NodeId> open;  // Tarjan's stack: visited, component not yet known
  struct Frame {
    NodeId node;
    std::uint32_t next;  // next arc to follow
  };
  std::vector<Frame> calls;
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
        } else if (s.component[v] == kOpen) {
          low[u] = std::min(low[u], index[v]);  // v is on the open stack
        }
        continue;
      }
      calls.pop_back();
      if (low[u] == index[u]) {
        s.start.push_back(static_cast<std::uint32_t>(s.members.size()));
        NodeId w;
        do {
          w = open.back();
          open.pop_back();
          s.component[w] = s.count;
          s.members.push_back(w);
        } while (w != u);
        ++s.count;
      }
      if (!calls.empty()) {
        const NodeId parent = calls.back().node;
        low[parent] = std::min(low[parent], low[u]);
      }
    }
  }
  s.start.push_back(static_cast<std::uint32_t>(s.members.size()));
  return s;
}

}  // namespace hg
