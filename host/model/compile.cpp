#include "host/model/compile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "host/model/path_bound.hpp"
#include "host/model/validate_network.hpp"

namespace hg {

namespace {

// Dense ids for the countries that occur, and the directed customs delay
// between every pair of them (default where no row is given).
class CustomsMatrix {
 public:
  explicit CustomsMatrix(const Network& net) : id_of_key_(1 << 16, kNone) {
    node_country_.reserve(net.nodes.size());
    for (std::size_t i = 0; i < net.nodes.size(); ++i) node_country_.push_back(intern(net.nodes.country[i]));
    delay_.assign(static_cast<std::size_t>(count_) * count_, net.default_customs_time);
    for (std::size_t c = 0; c < count_; ++c) delay_[c * count_ + c] = 0;
    for (std::size_t r = 0; r < net.customs.size(); ++r)
      delay_[static_cast<std::size_t>(intern(net.customs.from[r])) * count_ + intern(net.customs.to[r])] =
          net.customs.time[r];
  }

  Time between(NodeId u, NodeId v) const {
    return delay_[static_cast<std::size_t>(node_country_[u]) * count_ + node_country_[v]];
  }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  std::uint32_t intern(std::string_view code) {
    const std::uint32_t key = country_key(code);
    if (id_of_key_[key] == kNone) id_of_key_[key] = count_++;
    return id_of_key_[key];
  }

  std::vector<std::uint32_t> id_of_key_;
  std::vector<std::uint32_t> node_country_;
  std::uint32_t count_ = 0;
  std::vector<Time> delay_;
};

}  // namespace

Csr build_csr(NodeId n, const std::vector<NodeId>& src, const std::vector<NodeId>& dst,
              const std::vector<Time>& weight, std::size_t* merged) {
  // 1. Counting sort by source.
  std::vector<std::uint32_t> start(static_cast<std::size_t>(n) + 1, 0);
  for (NodeId u : src) ++start[u + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint64_t> packed(src.size());  // (target << 32) | weight: sorts by target, then weight
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t e = 0; e < src.size(); ++e)
      packed[fill[src[e]]++] = (static_cast<std::uint64_t>(dst[e]) << 32) | weight[e];
  }
  // 2. Sort each adjacency list and keep the quickest of parallel edges.
  std::vector<std::uint32_t> kept(n, 0);
#pragma omp parallel for schedule(dynamic, 4096)
  for (std::int64_t u = 0; u < static_cast<std::int64_t>(n); ++u) {
    auto first = packed.begin() + start[u], last = packed.begin() + start[u + 1];
    std::sort(first, last);
    auto out = first;
    for (auto it = first; it != last; ++it)
      if (out == first || (*(out - 1) >> 32) != (*it >> 32)) *out++ = *it;
    kept[u] = static_cast<std::uint32_t>(out - first);
  }
  // 3. Compact.
  Csr csr;
  csr.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  for (NodeId u = 0; u < n; ++u) csr.offsets[u + 1] = csr.offsets[u] + kept[u];
  csr.arcs.resize(csr.offsets[n]);
#pragma omp parallel for schedule(dynamic, 4096)
  for (std::int64_t u = 0; u < static_cast<std::int64_t>(n); ++u)
    for (std::uint32_t k = 0; k < kept[u]; ++k) {
      const std::uint64_t p = packed[start[u] + k];
      csr.arcs[csr.offsets[u] + k] = Arc{static_cast<NodeId>(p >> 32), static_cast<Time>(p & 0xFFFFFFFFu)};
    }
  if (merged) *merged = src.size() - csr.arcs.size();
  return csr;
}

Csr reverse_csr(const Csr& fwd) {
  const NodeId n = static_cast<NodeId>(fwd.offsets.size() - 1);
  Csr rev;
  rev.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const Arc& a : fwd.arcs) ++rev.offsets[a.target + 1];
  std::partial_sum(rev.offsets.begin(), rev.offsets.end(), rev.offsets.begin());
  rev.arcs.resize(fwd.arcs.size());
  std::vector<std::uint32_t> fill(rev.offsets.begin(), rev.offsets.end() - 1);
  for (NodeId u = 0; u < n; ++u)  // sources in increasing order: lists come out sorted
    for (std::uint32_t e = fwd.offsets[u]; e < fwd.offsets[u + 1]; ++e)
      rev.arcs[fill[fwd.arcs[e].target]++] = Arc{u, fwd.arcs[e].weight};
  return rev;
}

Problem compile(const Network& net, const std::string& file, OverflowPolicy policy) {
  const std::size_t n = net.nodes.size();
  const std::size_t m = net.edges.size();
  HG_EXPECTS(n > 0, ErrorKind::empty_network, "{}: snapshot '{}' has no nodes", file, net.name);
  HG_EXPECTS(m < 0xFFFFFFFFull, ErrorKind::too_large, "{}: snapshot '{}' has {} edges; at most {} are supported",
             file, net.name, m, 0xFFFFFFFEull);

  Problem p;
  p.node_count = static_cast<NodeId>(n);
  p.time_unit = net.time_unit;
  p.handling = net.nodes.handling_time;
  const CustomsMatrix customs(net);
  const auto refuse = [&](std::string why) {
    if (policy == OverflowPolicy::refuse) throw InputError(ErrorKind::path_overflow, why);
    if (p.refusal.empty()) p.refusal = std::move(why);
  };

  // 1. Fold every edge, in 64 bits so that nothing can wrap before the check.
  //    Reported (not refused), a weight that reaches the infinity is kept
  //    just below it, so that `info` can still describe the network.
  std::vector<NodeId> src, dst;
  std::vector<Time> weight;
  src.reserve(m);
  dst.reserve(m);
  weight.reserve(m);
  for (std::size_t e = 0; e < m; ++e) {
    const NodeId u = net.edges.src[e], v = net.edges.dst[e];
    if (u == v) {
      ++p.self_loops_dropped;
      continue;
    }
    const std::uint64_t w = std::uint64_t{net.edges.transit_time[e]} + customs.between(u, v) + p.handling[u];
    if (w >= kInfinity)
      refuse(fmt::format("{}: {}/edges/transit_time[{}]: transit {} + customs {} + handling {} at node {} = {} "
                         "reaches 2^31 - 1; times must stay below it",
                         file, snapshot_path(net.name), e, net.edges.transit_time[e], customs.between(u, v),
                         p.handling[u], u, w));
    src.push_back(u);
    dst.push_back(v);
    weight.push_back(static_cast<Time>(std::min<std::uint64_t>(w, kInfinity - 1)));
  }

  // 2. CSR both ways.
  p.forward = build_csr(p.node_count, src, dst, weight, &p.parallel_edges_merged);
  p.reverse = reverse_csr(p.forward);
  if (!p.refusal.empty()) return p;

  // 3. A bound on every shortest time (host/model/path_bound.hpp): the sum of
  //    the N - 1 largest weights where it fits, else the component searches.
  const std::uint64_t largest = largest_weights_bound(p.forward, p.node_count);
  if (largest < kInfinity) {
    p.path_bound = static_cast<Time>(largest);
    return p;
  }
  const auto start = std::chrono::steady_clock::now();
  const ComponentBound bound = component_bound(p);
  p.path_bound_method = PathBoundMethod::component_searches;
  p.strong_components = bound.components;
  note(fmt::format("path bound: the {} largest edge times sum to {}, beyond 2^31 - 1; the searches in {} strongly "
                   "connected component{} bound every shortest time by {} ({:.1f} s)",
                   p.node_count - 1, largest, bound.components, bound.components == 1 ? "" : "s", bound.value,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
  if (bound.value < kInfinity) {
    p.path_bound = static_cast<Time>(bound.value);
    return p;
  }
  // 4. Neither bound fits. Search exactly from where the longest chain of
  //    components starts: a time beyond the range there names a pair that
  //    does overflow; otherwise the bound could not be proved.
  p.path_bound = kInfinity - 1;
  const Farthest far = farthest_from(p.forward, bound.from);
  const std::string unit(time_unit_name(net.time_unit));
  if (far.time >= kInfinity)
    refuse(fmt::format("{}: snapshot '{}': the shortest time from node {} ('{}') to node {} ('{}') is {} {}s{}, "
                       "beyond 2^31 - 2; split the network or use a coarser time unit",
                       file, net.name, bound.from, net.nodes.code[bound.from], far.node, net.nodes.code[far.node],
                       far.time, unit,
                       p.handling[bound.from] == 0
                           ? ""
                           : fmt::format(" (with the departure handling of {})", p.handling[bound.from])));
  else
    refuse(fmt::format("{}: snapshot '{}': shortest times could not be proved below 2^31 - 1: the sum of the {} "
                       "largest folded edge times is {} {}s, and over the {} strongly connected components the "
                       "longest chain, from the component of node {} ('{}') to that of node {} ('{}'), is bounded "
                       "by {} {}s; split the network or use a coarser time unit",
                       file, net.name, p.node_count - 1, largest, unit, bound.components, bound.from,
                       net.nodes.code[bound.from], bound.to, net.nodes.code[bound.to], bound.value, unit));
  return p;
}

}  // namespace hg
