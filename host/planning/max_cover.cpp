#include "host/planning/max_cover.hpp"

#include <omp.h>

#include <algorithm>
#include <cassert>
#include <limits>
#include <optional>
#include <queue>
#include <utility>

#include "host/planning/lagrangian_bound.hpp"

namespace hg {

namespace {

// A gain bound in the lazy greedy's queue, computed in state `step` (exact
// then, an upper bound in any later state).
struct Entry {
  double bound;
  std::uint32_t candidate;
  std::uint32_t step;
};

// The queue's order: the largest bound first, the lowest candidate on ties.
struct BelowInQueue {
  bool operator()(const Entry& a, const Entry& b) const {
    return a.bound != b.bound ? a.bound < b.bound : a.candidate > b.candidate;
  }
};

// The destinations exactly one of `sites` covers and no fixed site does.
DestinationSet covered_exactly_once(const CoverageSets& sets, std::span<const std::uint32_t> sites,
                                    const DestinationSet& fixed) {
  DestinationSet once = empty_destination_set(sets.destinations()), twice = once;
  for (const std::uint32_t j : sites) {
    const auto row = sets.row(j);
    for (std::uint32_t w = 0; w < sets.words(); ++w) {
      twice[w] |= once[w] & row[w];
      once[w] = (once[w] | row[w]) & ~twice[w];
    }
  }
  if (!fixed.empty())
    for (std::uint32_t w = 0; w < sets.words(); ++w) once[w] &= ~fixed[w];
  return once;
}

// What each of `sites` adds in turn after the fixed sites.
std::vector<double> gains_in_order(const CoverageSets& sets, const DestinationSet& fixed, std::span<const double> demand,
                                   std::span<const std::uint32_t> sites) {
  DestinationSet mask = full_destination_set(sets.destinations());
  if (!fixed.empty())
    for (std::uint32_t w = 0; w < sets.words(); ++w) mask[w] &= ~fixed[w];
  std::vector<double> gains;
  for (const std::uint32_t j : sites) {
    const auto row = sets.row(j);
    gains.push_back(masked_demand(row.data(), mask.data(), demand.data(), sets.words()));
    for (std::uint32_t w = 0; w < sets.words(); ++w) mask[w] &= ~row[w];
  }
  return gains;
}

constexpr std::uint32_t kUnreachableCount = std::numeric_limits<std::uint32_t>::max();

class Planner {
 public:
  Planner(const MaxCoverInstance& instance, const MaxCoverOptions& options)
      : in_(instance),
        options_(options),
        sets_(*instance.sets),
        words_(instance.sets->words()),
        full_(full_destination_set(instance.sets->destinations())),
        fixed_(instance.fixed.empty() ? empty_destination_set(instance.sets->destinations()) : instance.fixed),
        bound_(instance.sets->candidates(), 0),
        chosen_flag_(instance.sets->candidates(), 0) {
    assert(in_.demand.size() == sets_.destinations() && fixed_.size() == words_);
    if (limited()) group_taken_.assign(group_count(in_), 0);
  }

  MaxCoverResult run() {
    result_.total_demand = demand_of(full_);
    result_.fixed_demand = demand_of(fixed_);
    result_.reachable_demand = demand_of(union_of_all());
    const bool with_target = options_.sites == 0;
    if (with_target) result_.target_demand = options_.target_share * result_.total_demand;
    best_bound_ = result_.reachable_demand;

    covered_ = fixed_;
    set_covered(covered_);
    greedy(with_target);
    const std::vector<std::uint32_t> greedy_order = chosen_;
    if (!with_target && options_.local_search) swap_until_no_gain();
    if (with_target) drop_redundant();

    // The last state's bound from exact gains: the tightest at the final plan.
    exact_gains_into_bounds();
    note_bound();
    result_.submodular_bound = best_bound_;
    if (!with_target && options_.bound_iterations > 0 && options_.sites > 0) {
      LagrangianOptions lagrangian;
      lagrangian.sites = options_.sites;
      lagrangian.iterations = options_.bound_iterations;
      lagrangian.threads = options_.threads;
      lagrangian.useful = best_bound_;  // the submodular bound: steps must beat it to be worth running
      const LagrangianBound bound = lagrangian_bound(in_, covered_, covered_demand_, lagrangian);
      best_bound_ = std::min(best_bound_, bound.bound);
      result_.bound_iterations = bound.iterations;
      // Local search from the Lagrangian's plans too: the best plan its steps
      // met, and the one at its best multipliers; the best result stays.
      for (const auto* start : {&bound.best_plan, &bound.final_plan})
        if (!start->empty()) restart_from(*start);
    }
    if (with_target && options_.bound_iterations > 0) tighten_needed_sites(greedy_order);
    finish(with_target);
    return std::move(result_);
  }

 private:
  // --- sets and sums -------------------------------------------------------
  double demand_of(const DestinationSet& set) const {
    return masked_demand(set.data(), nullptr, in_.demand.data(), words_);
  }
  double gain_of(std::uint32_t candidate, const DestinationSet& mask) const {
    return masked_demand(sets_.row(candidate).data(), mask.data(), in_.demand.data(), words_);
  }
  void or_row(DestinationSet& set, std::uint32_t candidate) const {
    const auto row = sets_.row(candidate);
    for (std::uint32_t w = 0; w < words_; ++w) set[w] |= row[w];
  }
  DestinationSet union_of_all() const {
    DestinationSet all = fixed_;
    for (std::uint32_t j = 0; j < sets_.candidates(); ++j) or_row(all, j);
    return all;
  }
  DestinationSet covered_by(std::span<const std::uint32_t> sites) const {
    DestinationSet set = fixed_;
    for (const std::uint32_t j : sites) or_row(set, j);
    return set;
  }
  // covered_ becomes `covered`, uncovered_ its complement, covered_demand_ its demand.
  void set_covered(const DestinationSet& covered) {
    covered_ = covered;
    uncovered_.resize(words_);
    for (std::uint32_t w = 0; w < words_; ++w) uncovered_[w] = full_[w] & ~covered_[w];
    covered_demand_ = demand_of(covered_);
  }

  // --- the group limit ------------------------------------------------------
  bool limited() const { return in_.max_per_group != 0 && !in_.group.empty(); }
  std::uint32_t group_of(std::uint32_t candidate) const { return in_.group.empty() ? kNoGroup : in_.group[candidate]; }
  // Whether `candidate` may join the plan, `leaving` (a chosen site, or
  // kNoGroup as no site) leaving it at the same time.
  bool may_take(std::uint32_t candidate, std::uint32_t leaving = kNoGroup) const {
    if (!limited()) return true;
    const std::uint32_t g = group_of(candidate);
    if (g == kNoGroup) return true;
    const std::uint32_t freed = leaving != kNoGroup && group_of(leaving) == g ? 1 : 0;
    return group_taken_[g] - freed < in_.max_per_group;
  }
  void take(std::uint32_t candidate) {
    chosen_.push_back(candidate);
    chosen_flag_[candidate] = 1;
    bound_[candidate] = 0;
    if (limited() && group_of(candidate) != kNoGroup) ++group_taken_[group_of(candidate)];
    DestinationSet covered = covered_;
    or_row(covered, candidate);
    set_covered(covered);
  }
  void replace(std::size_t position, std::uint32_t candidate) {
    const std::uint32_t old = chosen_[position];
    chosen_flag_[old] = 0;
    if (limited() && group_of(old) != kNoGroup) --group_taken_[group_of(old)];
    chosen_[position] = candidate;
    chosen_flag_[candidate] = 1;
    if (limited() && group_of(candidate) != kNoGroup) ++group_taken_[group_of(candidate)];
  }

  // --- the greedy -----------------------------------------------------------
  void greedy(bool with_target) {
    const std::uint32_t n = sets_.candidates();
    all_gains(uncovered_, bound_);
    std::priority_queue<Entry, std::vector<Entry>, BelowInQueue> queue;
    for (std::uint32_t j = 0; j < n; ++j) queue.push({bound_[j], j, 0});

    for (std::uint32_t step = 0;; ++step) {
      if (with_target ? covered_demand_ >= result_.target_demand : chosen_.size() >= options_.sites) break;
      note_bound();
      const std::optional<std::uint32_t> next = pick(queue, step);
      if (!next) {
        result_.exhausted = true;
        break;
      }
      take(*next);
    }
    note_bound();
  }

  // The candidate with the largest gain in state `step`, ties broken;
  // nothing when no candidate that may be taken adds demand.
  std::optional<std::uint32_t> pick(std::priority_queue<Entry, std::vector<Entry>, BelowInQueue>& queue,
                                    std::uint32_t step) {
    std::vector<std::uint32_t> tied;
    double best = 0;
    while (!queue.empty()) {
      const Entry e = queue.top();
      if (!tied.empty() && e.bound < best) break;
      queue.pop();
      // A group only fills up during the greedy: such a candidate is out for good.
      if (!may_take(e.candidate)) continue;
      if (e.step != step) {
        const double gain = gain_of(e.candidate, uncovered_);
        ++result_.evaluations;
        bound_[e.candidate] = gain;
        queue.push({gain, e.candidate, step});
        continue;
      }
      // Current and on top: no other candidate gains more.
      if (tied.empty()) best = e.bound;
      tied.push_back(e.candidate);
    }
    if (tied.empty() || best <= 0) {
      for (const std::uint32_t j : tied) queue.push({best, j, step});
      return std::nullopt;
    }
    std::sort(tied.begin(), tied.end());
    std::uint32_t pick = tied.front();
    if (tied.size() > 1 && options_.tie_break) pick = options_.tie_break(tied, chosen_);
    for (const std::uint32_t j : tied)
      if (j != pick) queue.push({best, j, step});
    return pick;
  }

  // --- local search ---------------------------------------------------------
  // Destinations the chosen sites (not the fixed ones) cover exactly once.
  DestinationSet covered_once() const { return covered_exactly_once(sets_, chosen_, fixed_); }

  // Swaps a chosen site for an unchosen one while the exact demand covered
  // strictly grows: each pass tries the sites in plan order, each against
  // the best replacement (the lowest index among equals). What j adds in
  // place of i is its gain now plus the demand it would keep of what only i
  // covers; the latter lies in the few words i covers alone.
  void swap_until_no_gain() {
    const std::uint32_t n = sets_.candidates();
    std::vector<double> now(n), instead(n);
    for (bool improved = true; improved;) {
      improved = false;
      const DestinationSet once = covered_once();
      unchosen_gains(now);
      for (std::size_t p = 0; p < chosen_.size() && !improved; ++p) {
        const std::uint32_t leaving = chosen_[p];
        const auto row = sets_.row(leaving);
        DestinationSet unique(words_);
        std::vector<std::uint32_t> listed;
        for (std::uint32_t w = 0; w < words_; ++w)
          if ((unique[w] = row[w] & once[w]) != 0) listed.push_back(w);
        const double loss = demand_of(unique);
        const auto count = static_cast<std::uint32_t>(listed.size());
#pragma omp parallel for schedule(dynamic, 256) num_threads(std::max(1, options_.threads))
        for (std::uint32_t j = 0; j < n; ++j)
          instead[j] = chosen_flag_[j] || !may_take(j, leaving)
                           ? -1.0
                           : now[j] + listed_masked_demand(sets_.row(j).data(), unique.data(), in_.demand.data(),
                                                           listed.data(), count);
        const auto best =
            static_cast<std::uint32_t>(std::max_element(instead.begin(), instead.end()) - instead.begin());
        if (!(instead[best] > loss)) continue;
        std::vector<std::uint32_t> plan = chosen_;
        plan[p] = best;
        const DestinationSet covered = covered_by(plan);
        if (demand_of(covered) <= covered_demand_) continue;  // equal but for rounding
        replace(p, best);
        set_covered(covered);
        ++result_.swaps;
        improved = true;
      }
    }
  }

  // With a target: drops sites the others do without (the smallest loss
  // first) while the target stays reached.
  void drop_redundant() {
    if (!(covered_demand_ >= result_.target_demand)) return;
    for (bool dropped = true; dropped && !chosen_.empty();) {
      dropped = false;
      const DestinationSet once = covered_once();
      std::vector<std::pair<double, std::size_t>> losses;
      for (std::size_t p = 0; p < chosen_.size(); ++p) {
        const auto row = sets_.row(chosen_[p]);
        DestinationSet unique(words_);
        for (std::uint32_t w = 0; w < words_; ++w) unique[w] = row[w] & once[w];
        losses.emplace_back(demand_of(unique), p);
      }
      std::sort(losses.begin(), losses.end());
      for (const auto& [loss, p] : losses) {
        std::vector<std::uint32_t> plan = chosen_;
        plan.erase(plan.begin() + static_cast<std::ptrdiff_t>(p));
        const DestinationSet covered = covered_by(plan);
        if (demand_of(covered) < result_.target_demand) continue;
        const std::uint32_t gone = chosen_[p];
        chosen_flag_[gone] = 0;
        if (limited() && group_of(gone) != kNoGroup) --group_taken_[group_of(gone)];
        chosen_ = std::move(plan);
        set_covered(covered);
        dropped = true;
        break;
      }
    }
  }

  // --- the bound ------------------------------------------------------------
  void exact_gains_into_bounds() { unchosen_gains(bound_); }

  // Every candidate's gain in the present state, 0 for the chosen ones.
  void unchosen_gains(std::vector<double>& gains) {
    all_gains(uncovered_, gains);
    for (std::uint32_t j = 0; j < sets_.candidates(); ++j)
      if (chosen_flag_[j]) gains[j] = 0.0;
  }

  // Every candidate's gain under `mask`, on the device when the options
  // give one, else on the host's threads.
  void all_gains(const DestinationSet& mask, std::vector<double>& gains) {
    const std::uint32_t n = sets_.candidates();
    if (options_.full_gains) {
      options_.full_gains(mask.data(), gains.data());
    } else {
#pragma omp parallel for schedule(dynamic, 64) num_threads(std::max(1, options_.threads))
      for (std::uint32_t j = 0; j < n; ++j) gains[j] = gain_of(j, mask);
    }
    result_.evaluations += n;
  }

  // Folds the present state into the bounds: covered demand plus the
  // largest gain bounds a plan may take under the group limit. With K
  // sites, the K largest; with a target, the fewest that reach it.
  void note_bound() {
    std::vector<std::pair<double, std::uint32_t>> order;
    order.reserve(bound_.size());
    for (std::uint32_t j = 0; j < bound_.size(); ++j)
      if (bound_[j] > 0) order.emplace_back(bound_[j], j);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::uint32_t> taken(group_taken_.size(), 0);
    const bool with_target = options_.sites == 0;
    double sum = covered_demand_;
    std::uint32_t count = 0;
    const auto reached = [&] { return sum * (1 + kBoundRounding) >= result_.target_demand; };
    if (with_target && reached()) {
      needed_sites_ = std::max(needed_sites_, count);
      return;
    }
    for (const auto& [bound, j] : order) {
      if (!with_target && count == options_.sites) break;
      if (limited() && group_of(j) != kNoGroup) {
        if (taken[group_of(j)] == in_.max_per_group) continue;
        ++taken[group_of(j)];
      }
      sum += bound;
      ++count;
      if (with_target && reached()) {
        needed_sites_ = std::max(needed_sites_, count);
        return;
      }
    }
    if (with_target) needed_sites_ = kUnreachableCount;
    else best_bound_ = std::min(best_bound_, sum * (1 + kBoundRounding));
  }

  // Starts again from `plan` (a Lagrangian one): fills it up to K greedily,
  // swaps until no swap gains, and keeps the result when it covers more
  // than the present plan; else the present plan stays as it was.
  void restart_from(const std::vector<std::uint32_t>& plan) {
    const std::vector<std::uint32_t> before = chosen_;
    const double before_demand = covered_demand_;
    const bool before_exhausted = result_.exhausted;
    const std::uint32_t before_swaps = result_.swaps;
    reset_to(plan);
    greedy(false);
    if (options_.local_search) swap_until_no_gain();
    if (covered_demand_ > before_demand) {
      ++result_.restarts;
      exact_gains_into_bounds();
      note_bound();
      return;
    }
    reset_to(before);  // the earlier plan stays, as it was
    result_.exhausted = before_exhausted;
    result_.swaps = before_swaps;
  }
  void reset_to(const std::vector<std::uint32_t>& plan) {
    chosen_.clear();
    std::fill(chosen_flag_.begin(), chosen_flag_.end(), 0);
    std::fill(group_taken_.begin(), group_taken_.end(), 0);
    set_covered(fixed_);
    for (const std::uint32_t j : plan) take(j);
  }

  // With a target: k sites cannot reach it when the Lagrangian bound for k
  // sites stays below it (the bound is at least the best any k sites
  // cover). A binary search between the submodular count and the plan's
  // own size; each probe steers its steps by the greedy's first k sites.
  // Every raise is proven by its probe, so the result is a lower bound
  // even where the bounds of neighbouring k are not in order.
  void tighten_needed_sites(const std::vector<std::uint32_t>& greedy_order) {
    if (needed_sites_ == kUnreachableCount || !(covered_demand_ >= result_.target_demand)) return;
    std::uint32_t low = needed_sites_, high = static_cast<std::uint32_t>(chosen_.size());
    while (low < high) {
      const std::uint32_t k = low + (high - low) / 2;
      if (k == 0) {  // no site: the fixed ones alone, known exactly
        if (result_.fixed_demand < result_.target_demand) low = 1; else high = 0;
        continue;
      }
      const std::span<const std::uint32_t> prefix(greedy_order.data(), std::min<std::size_t>(k, greedy_order.size()));
      const DestinationSet covered = covered_by(prefix);
      LagrangianOptions lagrangian;
      lagrangian.sites = k;
      lagrangian.iterations = options_.bound_iterations;
      lagrangian.threads = options_.threads;
      lagrangian.enough = result_.target_demand;  // below the target: k sites proven too few
      lagrangian.useful = result_.target_demand;
      const LagrangianBound bound = lagrangian_bound(in_, covered, demand_of(covered), lagrangian);
      result_.bound_iterations += bound.iterations;
      if (bound.bound < result_.target_demand) low = k + 1;
      else high = k;
    }
    needed_sites_ = std::max(needed_sites_, low);
  }

  void finish(bool with_target) {
    result_.chosen = chosen_;
    result_.covered_demand = covered_demand_;
    result_.gain = gains_in_order(sets_, fixed_, in_.demand, chosen_);
    if (with_target) {
      result_.target_reached = covered_demand_ >= result_.target_demand;
      result_.lower_bound_sites = needed_sites_ == kUnreachableCount
                                      ? static_cast<std::uint32_t>(chosen_.size())
                                      : std::min<std::uint32_t>(needed_sites_, static_cast<std::uint32_t>(chosen_.size()));
    } else {
      result_.upper_bound = std::max(best_bound_, covered_demand_);
    }
  }

  const MaxCoverInstance& in_;
  const MaxCoverOptions& options_;
  const CoverageSets& sets_;
  std::uint32_t words_;
  DestinationSet full_, fixed_, covered_, uncovered_;
  double covered_demand_ = 0;
  std::vector<double> bound_;              // per candidate: at least its gain in the present state
  std::vector<std::uint8_t> chosen_flag_;
  std::vector<std::uint32_t> chosen_;
  std::vector<std::uint32_t> group_taken_;  // new sites taken per group
  double best_bound_ = 0;                   // K sites: the least bound seen
  std::uint32_t needed_sites_ = 0;          // target: the most sites any state's bound needs
  MaxCoverResult result_;
};

}  // namespace

std::uint32_t group_count(const MaxCoverInstance& instance) {
  std::uint32_t groups = 0;
  for (const std::uint32_t g : instance.group)
    if (g != kNoGroup) groups = std::max(groups, g + 1);
  return groups;
}

MaxCoverResult solve_max_cover(const MaxCoverInstance& instance, const MaxCoverOptions& options) {
  return Planner(instance, options).run();
}

double covered_demand(const MaxCoverInstance& instance, std::span<const std::uint32_t> sites) {
  const CoverageSets& sets = *instance.sets;
  DestinationSet covered = instance.fixed.empty() ? empty_destination_set(sets.destinations()) : instance.fixed;
  for (const std::uint32_t j : sites) {
    const auto row = sets.row(j);
    for (std::uint32_t w = 0; w < sets.words(); ++w) covered[w] |= row[w];
  }
  return masked_demand(covered.data(), nullptr, instance.demand.data(), sets.words());
}

std::vector<double> removal_losses(const MaxCoverInstance& instance, std::span<const std::uint32_t> sites) {
  const CoverageSets& sets = *instance.sets;
  const DestinationSet once = covered_exactly_once(sets, sites, instance.fixed);
  std::vector<double> losses;
  for (const std::uint32_t j : sites)
    losses.push_back(masked_demand(sets.row(j).data(), once.data(), instance.demand.data(), sets.words()));
  return losses;
}

MaxCoverResult evaluate_sites(const MaxCoverInstance& instance) {
  const CoverageSets& sets = *instance.sets;
  MaxCoverResult r;
  for (std::uint32_t j = 0; j < sets.candidates(); ++j) r.chosen.push_back(j);
  const DestinationSet full = full_destination_set(sets.destinations());
  r.total_demand = masked_demand(full.data(), nullptr, instance.demand.data(), sets.words());
  r.fixed_demand = covered_demand(instance, {});
  r.covered_demand = r.reachable_demand = r.upper_bound = covered_demand(instance, r.chosen);
  r.gain = gains_in_order(sets, instance.fixed, instance.demand, r.chosen);
  r.loss = removal_losses(instance, r.chosen);
  return r;
}

}  // namespace hg
