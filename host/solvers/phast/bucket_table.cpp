#include "host/solvers/phast/bucket_table.hpp"

#include <omp.h>

#include <algorithm>

#include "host/solvers/phast/upward_search.hpp"
#include "kernels/phast/phast.cuh"

namespace hg {

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
      search.run(adjacency(hierarchy_.downward), adjacency(hierarchy_.upward),
                 destinations_[static_cast<std::size_t>(j)],
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
      search.run(adjacency(hierarchy_.upward), adjacency(hierarchy_.downward), o, [&](NodeId v, Time d) {
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
