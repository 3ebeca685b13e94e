#include "host/planning/lagrangian_bound.hpp"

#include <omp.h>

#include <algorithm>
#include <cassert>
#include <limits>
#include <vector>

namespace hg {

namespace {

class Subgradient {
 public:
  Subgradient(const MaxCoverInstance& in, const LagrangianOptions& options)
      : in_(in),
        options_(options),
        sets_(*in.sets),
        words_(sets_.words()),
        candidate_words_(cover_words(sets_.candidates())),
        lambda_(in.demand.begin(), in.demand.end()),
        c_(sets_.candidates(), 0) {
    // Active destinations: not covered by a fixed site, covered by some candidate.
    const DestinationSet full = full_destination_set(sets_.destinations());
    DestinationSet reachable = empty_destination_set(sets_.destinations());
    for (std::uint32_t j = 0; j < sets_.candidates(); ++j) {
      const auto row = sets_.row(j);
      for (std::uint32_t w = 0; w < words_; ++w) reachable[w] |= row[w];
    }
    active_ = full;
    for (std::uint32_t w = 0; w < words_; ++w)
      active_[w] &= reachable[w] & ~(in_.fixed.empty() ? 0 : in_.fixed[w]);
    fixed_demand_ = in_.fixed.empty() ? 0.0 : masked_demand(in_.fixed.data(), nullptr, in_.demand.data(), words_);
    transpose();
  }

  LagrangianBound run(const DestinationSet& plan_covered, double covered) {
    for (std::uint32_t w = 0; w < words_; ++w)
      for_bits(active_[w] & plan_covered[w], w, [&](std::uint32_t d) { lambda_[d] = 0; });
    recompute_costs();
    std::vector<double> best_lambda = lambda_;
    double best = std::numeric_limits<double>::infinity();
    double theta = 2;
    std::uint32_t since_improved = 0, step = 0;
    std::vector<std::int32_t> count(sets_.destinations(), 0);
    std::vector<double> gradient(sets_.destinations(), 0);
    std::vector<std::pair<std::uint32_t, double>> changed;
    LagrangianBound result;
    DestinationSet plan_set;
    for (; step < options_.iterations && theta > 1e-3; ++step) {
      const std::vector<std::uint32_t> plan = select();
      const double l = value(plan);
      // Each maximising plan is a feasible one: the best of them is kept,
      // and its demand steers the steps once it tops the given plan's.
      plan_set = in_.fixed.empty() ? empty_destination_set(sets_.destinations()) : in_.fixed;
      for (const std::uint32_t j : plan) {
        const auto row = sets_.row(j);
        for (std::uint32_t w = 0; w < words_; ++w) plan_set[w] |= row[w];
      }
      const double demand = masked_demand(plan_set.data(), nullptr, in_.demand.data(), words_);
      if (demand > result.best_plan_covered) {
        result.best_plan_covered = demand;
        result.best_plan = plan;
      }
      covered = std::max(covered, demand);
      if (l < best) {
        best = l;
        best_lambda = lambda_;
        since_improved = 0;
      } else if (++since_improved == 10) {
        theta /= 2;
        since_improved = 0;
      }
      if (!(l - covered > 1e-9 * l)) break;  // the bound meets the plan: optimal
      if (best * (1 + kBoundRounding) < options_.enough) break;
      if (step >= options_.patience && !(best * (1 + kBoundRounding) < options_.useful)) break;
      // The subgradient: g_d = [λ_d < w_d] − (sites of the plan covering d).
      std::fill(count.begin(), count.end(), 0);
      for (const std::uint32_t j : plan) {
        const auto row = sets_.row(j);
        for (std::uint32_t w = 0; w < words_; ++w) for_bits(row[w] & active_[w], w, [&](std::uint32_t d) { ++count[d]; });
      }
      double norm = 0;
      for (std::uint32_t w = 0; w < words_; ++w)
        for_bits(active_[w], w, [&](std::uint32_t d) {
          gradient[d] = (lambda_[d] < in_.demand[d] ? 1.0 : 0.0) - count[d];
          norm += gradient[d] * gradient[d];
        });
      if (norm == 0) break;  // the plan is consistent with λ: L is the plan's demand
      const double t = theta * (l - covered) / norm;
      changed.clear();
      for (std::uint32_t w = 0; w < words_; ++w)
        for_bits(active_[w], w, [&](std::uint32_t d) {
          if (gradient[d] == 0) return;
          const double next = std::clamp(lambda_[d] + t * gradient[d], 0.0, in_.demand[d]);
          if (next != lambda_[d]) changed.emplace_back(d, next - lambda_[d]);
          lambda_[d] = next;
        });
      update_costs(changed);
    }
    lambda_ = std::move(best_lambda);
    recompute_costs();
    result.final_plan = select();
    result.bound = value(result.final_plan) * (1 + kBoundRounding);
    result.iterations = step;
    return result;
  }

 private:
  template <class F>
  static void for_bits(std::uint64_t bits, std::uint32_t word, F&& f) {
    while (bits != 0) {
      f(word * kCoverBitsPerWord + lowest_set_bit(bits));
      bits &= bits - 1;
    }
  }

  // For each destination, the candidates that cover it: as a list of
  // candidate indices (ascending) when that is smaller, as on road networks
  // where a destination lies in a few candidates' sets; else as a bitset
  // over the candidates, as on the world network where thousands cover it.
  void transpose() {
    const std::uint32_t destinations = sets_.destinations();
    std::vector<std::uint64_t> per_destination(destinations + 1, 0);
    for (std::uint32_t j = 0; j < sets_.candidates(); ++j) {
      const auto row = sets_.row(j);
      for (std::uint32_t w = 0; w < words_; ++w)
        for_bits(row[w] & active_[w], w, [&](std::uint32_t d) { ++per_destination[d + 1]; });
    }
    for (std::uint32_t d = 0; d < destinations; ++d) per_destination[d + 1] += per_destination[d];
    const std::uint64_t incidences = per_destination[destinations];
    using Layout = LagrangianOptions::Layout;
    listed_ = options_.layout == Layout::smaller
                  ? incidences * sizeof(std::uint32_t) < std::uint64_t{destinations} * candidate_words_ * sizeof(std::uint64_t)
                  : options_.layout == Layout::lists;
    if (listed_) {
      list_begin_ = per_destination;
      list_.resize(incidences);
      std::vector<std::uint64_t> next(per_destination.begin(), per_destination.end() - 1);
      for (std::uint32_t j = 0; j < sets_.candidates(); ++j) {  // j ascending: every list ascends
        const auto row = sets_.row(j);
        for (std::uint32_t w = 0; w < words_; ++w)
          for_bits(row[w] & active_[w], w, [&](std::uint32_t d) { list_[next[d]++] = j; });
      }
      return;
    }
    columns_.assign(std::uint64_t{destinations} * candidate_words_, 0);
    for (std::uint32_t j = 0; j < sets_.candidates(); ++j) {
      const auto row = sets_.row(j);
      for (std::uint32_t w = 0; w < words_; ++w)
        for_bits(row[w] & active_[w], w, [&](std::uint32_t d) {
          columns_[std::uint64_t{d} * candidate_words_ + j / kCoverBitsPerWord] |= std::uint64_t{1}
                                                                                   << (j % kCoverBitsPerWord);
        });
    }
  }

  // c_j from scratch, in the fixed order of cover_sums.cuh.
  void recompute_costs() {
    const std::uint32_t n = sets_.candidates();
#pragma omp parallel for schedule(dynamic, 64) num_threads(std::max(1, options_.threads))
    for (std::uint32_t j = 0; j < n; ++j)
      c_[j] = masked_demand(sets_.row(j).data(), active_.data(), lambda_.data(), words_);
  }

  // c_j += δ_d for every changed d that j covers, d ascending; each thread
  // owns a range of candidates (whole words of them with bitset columns),
  // so each c_j has one order whatever the threads and the layout.
  void update_costs(const std::vector<std::pair<std::uint32_t, double>>& changed) {
    const std::uint32_t n = sets_.candidates();
    if (listed_) {
#pragma omp parallel num_threads(std::max(1, options_.threads))
      {
        const auto threads = static_cast<std::uint64_t>(omp_get_num_threads());
        const auto thread = static_cast<std::uint64_t>(omp_get_thread_num());
        const auto low = static_cast<std::uint32_t>(n * thread / threads);
        const auto high = static_cast<std::uint32_t>(n * (thread + 1) / threads);
        for (const auto& [d, delta] : changed) {
          const std::uint32_t* end = list_.data() + list_begin_[d + 1];
          const std::uint32_t* j = list_.data() + list_begin_[d];
          if (low > 0) j = std::lower_bound(j, end, low);
          for (; j != end && *j < high; ++j) c_[*j] += delta;
        }
      }
      return;
    }
#pragma omp parallel for schedule(static) num_threads(std::max(1, options_.threads))
    for (std::uint32_t cw = 0; cw < candidate_words_; ++cw)
      for (const auto& [d, delta] : changed) {
        std::uint64_t bits = columns_[std::uint64_t{d} * candidate_words_ + cw];
        while (bits != 0) {
          const std::uint32_t j = cw * kCoverBitsPerWord + lowest_set_bit(bits);
          if (j < n) c_[j] += delta;
          bits &= bits - 1;
        }
      }
  }

  // The plan maximising Σ c_j: the K largest (the lowest index among equals)
  // with at most N a group.
  std::vector<std::uint32_t> select() const {
    std::vector<std::uint32_t> order(sets_.candidates());
    for (std::uint32_t j = 0; j < order.size(); ++j) order[j] = j;
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return c_[a] != c_[b] ? c_[a] > c_[b] : a < b; });
    const bool limited = in_.max_per_group != 0 && !in_.group.empty();
    std::vector<std::uint32_t> taken(limited ? group_count(in_) : 0, 0), plan;
    for (const std::uint32_t j : order) {
      if (plan.size() == options_.sites || !(c_[j] > 0)) break;
      if (limited && in_.group[j] != kNoGroup) {
        if (taken[in_.group[j]] == in_.max_per_group) continue;
        ++taken[in_.group[j]];
      }
      plan.push_back(j);
    }
    return plan;
  }

  // L(λ) for the plan `select` gave.
  double value(const std::vector<std::uint32_t>& plan) const {
    double sum = fixed_demand_;
    for (std::uint32_t w = 0; w < words_; ++w)
      for_bits(active_[w], w, [&](std::uint32_t d) { sum += in_.demand[d] - lambda_[d]; });
    for (const std::uint32_t j : plan) sum += c_[j];
    return sum;
  }

  const MaxCoverInstance& in_;
  const LagrangianOptions& options_;
  const CoverageSets& sets_;
  std::uint32_t words_, candidate_words_;
  DestinationSet active_;
  double fixed_demand_ = 0;
  std::vector<double> lambda_;   // per destination; w_d where inactive
  std::vector<double> c_;        // per candidate: Σ λ over the active destinations it covers
  bool listed_ = false;                 // the covering candidates as lists (else columns_)
  std::vector<std::uint64_t> list_begin_;  // per destination + 1: where its list starts in list_
  std::vector<std::uint32_t> list_;
  std::vector<std::uint64_t> columns_;     // per destination: a bitset over the candidates
};

}  // namespace

LagrangianBound lagrangian_bound(const MaxCoverInstance& instance, const DestinationSet& plan_covered, double covered,
                                 const LagrangianOptions& options) {
  assert(options.sites > 0);
  return Subgradient(instance, options).run(plan_covered, covered);
}

}  // namespace hg
