#include "host/model/path_bound.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>

#include "host/core/quad_heap.hpp"
#include "host/model/strong_components.hpp"

namespace hg {

namespace {

constexpr std::uint64_t kFar = std::numeric_limits<std::uint64_t>::max();

std::uint64_t add_saturating(std::uint64_t a, std::uint64_t b) { return a > kFar - b ? kFar : a + b; }

// Dijkstra in 64 bits over the nodes that `inside` admits, reusable across
// searches: only what a search touched is reset before the next.
class BoundSearch {
 public:
  explicit BoundSearch(NodeId n) : dist_(n, kFar), heap_(n) {}

  // The farthest node reached from `root` and its time.
  template <class Inside>
  Farthest run(const Csr& g, NodeId root, Inside inside) {
    for (NodeId v : touched_) dist_[v] = kFar;
    touched_.clear();
    heap_.clear();
    Farthest far{0, root};
    dist_[root] = 0;
    touched_.push_back(root);
    heap_.push(root, 0);
    while (!heap_.empty()) {
      const auto [d, u] = heap_.pop();
      if (d > far.time) far = {d, u};
      for (std::uint32_t e = g.begin(u), end = g.end(u); e < end; ++e) {
        const NodeId v = g.arcs[e].target;
        if (!inside(v)) continue;
        const std::uint64_t nd = d + g.arcs[e].weight;
        if (nd >= dist_[v]) continue;
        if (dist_[v] == kFar) {
          touched_.push_back(v);
          heap_.push(v, nd);
        } else {
          heap_.decrease(v, nd);
        }
        dist_[v] = nd;
      }
    }
    return far;
  }

 private:
  std::vector<std::uint64_t> dist_;
  std::vector<NodeId> touched_;
  QuadHeap<std::uint64_t> heap_;
};

// For every component of 2+ nodes, the farthest time from its root (the first
// member) inside the component, over `g`.
std::vector<std::uint64_t> eccentricities(const Csr& g, const StrongComponents& s) {
  std::vector<std::uint64_t> ecc(s.count, 0);
  BoundSearch search(static_cast<NodeId>(s.component.size()));
  for (std::uint32_t c = 0; c < s.count; ++c) {
    if (s.size(c) < 2) continue;
    ecc[c] = search.run(g, s.members[s.start[c]], [&](NodeId v) { return s.component[v] == c; }).time;
  }
  return ecc;
}

}  // namespace

std::string_view path_bound_method_name(PathBoundMethod method) {
  return method == PathBoundMethod::largest_weights ? "largest-weights" : "component-searches";
}

std::uint64_t largest_weights_bound(const Csr& forward, NodeId node_count) {
  std::vector<Time> largest(forward.arcs.size());
  for (std::size_t e = 0; e < largest.size(); ++e) largest[e] = forward.arcs[e].weight;
  const std::size_t take = std::min<std::size_t>(largest.size(), node_count == 0 ? 0 : node_count - 1);
  std::nth_element(largest.begin(), largest.begin() + static_cast<std::ptrdiff_t>(take), largest.end(),
                   std::greater<>());
  return std::accumulate(largest.begin(), largest.begin() + static_cast<std::ptrdiff_t>(take), std::uint64_t{0});
}

ComponentBound component_bound(const Problem& p, int threads) {
  const StrongComponents s = strong_components(p.forward);
  ComponentBound result;
  result.components = s.count;

  // 1. Inside each component C with root r, a shortest time between two of
  //    its nodes x, y never leaves C, and d(x, y) <= d(x, r) + d(r, y).
  std::vector<std::uint64_t> out_ecc, in_ecc;
#pragma omp parallel sections num_threads(threads < 2 ? 1 : 2)
  {
#pragma omp section
    out_ecc = eccentricities(p.forward, s);
#pragma omp section
    in_ecc = eccentricities(p.reverse, s);
  }

  // 2. The longest chain from each component onwards. Arcs leaving C point to
  //    components with smaller ids (sinks first), which are already done:
  //    chain(C) = inside(C) + max over arcs C -> C' of (w + chain(C')).
  std::vector<std::uint64_t> chain(s.count, 0);
  std::vector<std::uint32_t> last(s.count);  // the component the longest chain from C ends in
  std::uint32_t best = 0;
  for (std::uint32_t c = 0; c < s.count; ++c) {
    std::uint64_t onward = 0;
    last[c] = c;
    for (std::uint32_t i = s.start[c]; i < s.start[c + 1]; ++i) {
      const NodeId u = s.members[i];
      for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
        const std::uint32_t next = s.component[p.forward.arcs[e].target];
        if (next == c) continue;
        const std::uint64_t via = add_saturating(p.forward.arcs[e].weight, chain[next]);
        if (via > onward) {
          onward = via;
          last[c] = last[next];
        }
      }
    }
    chain[c] = add_saturating(add_saturating(out_ecc[c], in_ecc[c]), onward);
    if (chain[c] > chain[best]) best = c;
  }
  if (s.count > 0) {
    result.value = chain[best];
    result.from = s.members[s.start[best]];
    result.to = s.members[s.start[last[best]]];
  }
  return result;
}

Farthest farthest_from(const Csr& graph, NodeId origin) {
  BoundSearch search(graph.offsets.empty() ? 0 : static_cast<NodeId>(graph.offsets.size() - 1));
  return search.run(graph, origin, [](NodeId) { return true; });
}

}  // namespace hg
