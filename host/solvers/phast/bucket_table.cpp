#include "host/solvers/phast/bucket_table.hpp"

#include <omp.h>

#include <algorithm>
#include <functional>

#include "kernels/phast/phast.cuh"

namespace hg {

// A Dijkstra upward in the hierarchy from one node, stalling on demand.
// `relax` lists, at each node, the arcs the search follows upward (target,
// weight); `stall` lists the arcs by which a higher node could reach the
// node more quickly (other end, weight). Forward searches relax
// hierarchy.upward and stall through hierarchy.downward; backward searches
// the mirror image. Stalled nodes keep their (too large) distance, which
// still proves stalls of others: a shorter path only makes them stricter.
class BucketTable::UpwardSearch {
 public:
  explicit UpwardSearch(NodeId n) : distance_(n, kInfinity) {}

  // visit(node, distance) for every node settled and not stalled.
  template <class Visit>
  void run(const Csr& relax, const Csr& stall, NodeId source, Visit&& visit) {
    for (const NodeId v : touched_) distance_[v] = kInfinity;
    touched_.clear();
    heap_.clear();
    reach(source, 0);
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const std::uint64_t top = heap_.back();
      heap_.pop_back();
      const auto d = static_cast<Time>(top >> 32);
      const auto v = static_cast<NodeId>(top);
      if (d > distance_[v] || stalled(stall, v, d)) continue;
      visit(v, d);
      for (std::uint32_t e = relax.begin(v); e < relax.end(v); ++e) {
        const Arc& a = relax.arcs[e];
        const Time via = d + a.weight;  // both below 2^31: no overflow
        if (via < distance_[a.target]) reach(a.target, via);
      }
    }
  }

 private:
  bool stalled(const Csr& stall, NodeId v, Time d) const {
    for (std::uint32_t e = stall.begin(v); e < stall.end(v); ++e) {
      const Arc& a = stall.arcs[e];
      if (distance_[a.target] != kInfinity && distance_[a.target] + a.weight < d) return true;
    }
    return false;
  }

  void reach(NodeId v, Time d) {
    if (distance_[v] == kInfinity) touched_.push_back(v);
    distance_[v] = d;
    heap_.push_back(std::uint64_t{d} << 32 | v);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  }

  std::vector<Time> distance_;
  std::vector<NodeId> touched_;
  std::vector<std::uint64_t> heap_;
};

BucketTable::BucketTable(const Problem& problem, const ContractionHierarchy& hierarchy,
                         std::span<const NodeId> destinations, Time cap, int threads)
    : problem_(problem),
      hierarchy_(hierarchy),
      destinations_(destinations.begin(), destinations.end()),
      cap_(cap),
      threads_(std::max(1, threads)) {
  // 1. One backward search per destination; each thread keeps its entries
  //    as (node, entry) until all are known.
  struct Found {
    NodeId node;
    Entry entry;
  };
  std::vector<std::vector<Found>> found(static_cast<std::size_t>(threads_));
  const auto columns = static_cast<std::int64_t>(destinations_.size());
  for (int t = 0; t < threads_; ++t) searches_.push_back(std::make_unique<UpwardSearch>(problem_.node_count));
#pragma omp parallel num_threads(threads_)
  {
    UpwardSearch& search = *searches_[static_cast<std::size_t>(omp_get_thread_num())];
    std::vector<Found>& mine = found[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t j = 0; j < columns; ++j)
      search.run(hierarchy_.downward, hierarchy_.upward, destinations_[static_cast<std::size_t>(j)],
                 [&](NodeId v, Time d) { mine.push_back({v, {static_cast<std::uint32_t>(j), d}}); });
  }

  // 2. The buckets: entries grouped by node (a counting sort).
  bucket_offsets_.assign(std::size_t{problem_.node_count} + 1, 0);
  for (const auto& list : found)
    for (const Found& f : list) ++bucket_offsets_[f.node + 1];
  for (std::size_t v = 0; v < problem_.node_count; ++v) bucket_offsets_[v + 1] += bucket_offsets_[v];
  entries_.resize(bucket_offsets_.back());
  std::vector<std::uint32_t> next(bucket_offsets_.begin(), bucket_offsets_.end() - 1);
  for (auto& list : found) {
    for (const Found& f : list) entries_[next[f.node]++] = f.entry;
    std::vector<Found>().swap(list);
  }
}

BucketTable::~BucketTable() = default;

void BucketTable::solve(std::span<const NodeId> origins, std::uint32_t* times) {
  const std::size_t cols = destinations_.size();
  const auto rows = static_cast<std::int64_t>(origins.size());
#pragma omp parallel num_threads(threads_)
  {
    UpwardSearch& search = *searches_[static_cast<std::size_t>(omp_get_thread_num())];
    std::vector<Time> best(cols);
#pragma omp for schedule(dynamic, 4)
    for (std::int64_t i = 0; i < rows; ++i) {
      const NodeId o = origins[static_cast<std::size_t>(i)];
      std::fill(best.begin(), best.end(), kInfinity);
      search.run(hierarchy_.upward, hierarchy_.downward, o, [&](NodeId v, Time d) {
        for (std::uint32_t e = bucket_offsets_[v]; e < bucket_offsets_[v + 1]; ++e) {
          const Entry& entry = entries_[e];
          best[entry.column] = std::min(best[entry.column], d + entry.time);
        }
      });
      std::uint32_t* row = times + static_cast<std::size_t>(i) * cols;
      for (std::size_t j = 0; j < cols; ++j)
        row[j] = phast_stored_time(best[j], problem_.handling[o], o == destinations_[j], cap_);
    }
  }
}

}  // namespace hg
