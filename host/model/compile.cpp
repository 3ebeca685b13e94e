#include "host/model/compile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "host/core/errors.hpp"
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

Problem compile(const Network& net, const std::string& file) {
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

  // 1. Fold every edge, in 64 bits so that nothing can wrap before the check.
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
    HG_EXPECTS(w < kInfinity, ErrorKind::path_overflow,
               "{}: {}/edges/transit_time[{}]: transit {} + customs {} + handling {} at node {} = {} reaches 2^31 - 1; "
               "times must stay below it",
               file, snapshot_path(net.name), e, net.edges.transit_time[e], customs.between(u, v), p.handling[u], u, w);
    src.push_back(u);
    dst.push_back(v);
    weight.push_back(static_cast<Time>(w));
  }

  // 2. CSR both ways.
  p.forward = build_csr(p.node_count, src, dst, weight, &p.parallel_edges_merged);
  p.reverse = reverse_csr(p.forward);

  // 3. A bound on every shortest path: a simple path has at most n - 1 edges,
  //    so its time is at most the sum of the n - 1 largest folded weights.
  std::vector<Time> largest(p.forward.arcs.size());
  for (std::size_t e = 0; e < largest.size(); ++e) largest[e] = p.forward.arcs[e].weight;
  const std::size_t take = std::min<std::size_t>(largest.size(), n - 1);
  std::nth_element(largest.begin(), largest.begin() + static_cast<std::ptrdiff_t>(take), largest.end(),
                   std::greater<>());
  const std::uint64_t bound = std::accumulate(largest.begin(), largest.begin() + static_cast<std::ptrdiff_t>(take),
                                              std::uint64_t{0});
  HG_EXPECTS(bound < kInfinity, ErrorKind::path_overflow,
             "{}: snapshot '{}': the longest possible path ({} {}s: the sum of the {} largest edge times after "
             "folding handling and customs) could reach 2^31 - 1; split the network or use a coarser time unit",
             file, net.name, bound, time_unit_name(net.time_unit), take);
  p.path_bound = static_cast<Time>(bound);
  return p;
}

}  // namespace hg
