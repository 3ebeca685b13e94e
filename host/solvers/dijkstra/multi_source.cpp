#include "host/solvers/dijkstra/multi_source.hpp"

#include "host/core/quad_heap.hpp"

namespace hg {

namespace {

using Label = std::uint64_t;  // (time << 32) | origin node index
constexpr Label kNoLabel = ~Label{0};

Label make_label(Time t, NodeId origin) { return (Label{t} << 32) | origin; }
Time label_time(Label l) { return static_cast<Time>(l >> 32); }
NodeId label_origin(Label l) { return static_cast<NodeId>(l & 0xFFFFFFFFu); }

}  // namespace

NearestOrigins nearest_origins(const Problem& p, std::span<const NodeId> origins, std::span<const NodeId> destinations,
                               Time cap) {
  const NodeId n = p.node_count;
  std::vector<Label> label(n, kNoLabel);
  QuadHeap<Label> heap(n);
  const auto offer = [&](NodeId v, Label l) {
    if (l >= label[v]) return;
    if (label[v] == kNoLabel)
      heap.push(v, l);
    else
      heap.decrease(v, l);
    label[v] = l;
  };

  // 1. Seeds: every origin at time 0, and — because an origin's own
  //    departure handling is not charged — its out-neighbours at
  //    w - handling(o). A node settled later relaxes with full weights, which
  //    charges handling where an origin is only passed through.
  for (NodeId o : origins) offer(o, make_label(0, o));
  for (NodeId o : origins)
    for (std::uint32_t e = p.forward.begin(o); e < p.forward.end(o); ++e)
      offer(p.forward.arcs[e].target, make_label(p.weight_from(o, o, e), o));

  std::vector<std::uint8_t> is_destination(n, 0);
  for (NodeId d : destinations) is_destination[d] = 1;
  std::size_t destinations_left = destinations.size();
  std::vector<std::uint8_t> settled(n, 0);
  bool stopped_at_cap = false;

  // 2. Settle in (time, origin) order.
  while (!heap.empty() && destinations_left > 0) {
    if (cap != 0 && label_time(heap.top().key) > cap) {
      stopped_at_cap = true;
      break;
    }
    const auto [l, u] = heap.pop();
    settled[u] = 1;
    if (is_destination[u]) --destinations_left;
    const Time t = label_time(l);
    const NodeId origin = label_origin(l);
    for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
      const NodeId v = p.forward.arcs[e].target;
      if (!settled[v]) offer(v, make_label(t + p.forward.arcs[e].weight, origin));
    }
  }

  // 3. After a stop at the cap, which unlabelled destinations are still
  //    reachable from some origin: search on from the labelled frontier.
  std::vector<std::uint8_t> reachable;
  if (stopped_at_cap) {
    reachable.assign(n, 0);
    std::vector<NodeId> queue;
    for (const auto& entry : heap.entries()) {
      reachable[entry.node] = 1;
      queue.push_back(entry.node);
    }
    for (std::size_t head = 0; head < queue.size(); ++head)
      for (std::uint32_t e = p.forward.begin(queue[head]); e < p.forward.end(queue[head]); ++e) {
        const NodeId v = p.forward.arcs[e].target;
        if (label[v] == kNoLabel && !reachable[v]) {
          reachable[v] = 1;
          queue.push_back(v);
        }
      }
  }

  NearestOrigins out;
  out.time.resize(destinations.size());
  out.origin.resize(destinations.size());
  for (std::size_t j = 0; j < destinations.size(); ++j) {
    const NodeId d = destinations[j];
    const Label l = label[d];
    if (l != kNoLabel && settled[d]) {
      out.time[j] = label_time(l);
      out.origin[j] = label_origin(l);
    } else {
      const bool beyond = l != kNoLabel || (stopped_at_cap && reachable[d]);
      out.time[j] = beyond ? cap + 1 : kUnreachable32;
      out.origin[j] = kNoNode;
    }
  }
  return out;
}

}  // namespace hg
