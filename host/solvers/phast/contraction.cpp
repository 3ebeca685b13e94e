#include "host/solvers/phast/contraction.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <utility>

namespace hg {

namespace {

struct DynamicArc {
  NodeId other;
  Time weight;
};

struct Shortcut {
  NodeId from, to;
  Time weight;
};

// The adjacency lists that change while contracting, all in one pool: each
// node's list is a run of the pool with room to grow, and a list that
// outgrows its run moves to the pool's end. The pool starts in node order, so
// the lists of nearby nodes lie near each other; the witness searches, which
// dominate preprocessing, are bound by cache misses on exactly these lists.
// Compacting (in node order again) when moved-out runs outweigh the live ones
// keeps it so. Only the sequential part of a round changes the lists.
class ArcLists {
 public:
  ArcLists(NodeId n, const std::vector<std::uint32_t>& degree) : runs_(n) { lay_out(degree, nullptr); }

  // The lists of the nodes `kept` (ascending) of `from`, renumbered to
  // 0, 1, ... in that order; every arc must lead to a kept node.
  ArcLists(const ArcLists& from, const std::vector<NodeId>& kept, const std::vector<NodeId>& new_id)
      : runs_(kept.size()) {
    std::vector<std::uint32_t> sizes(kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) sizes[i] = from.runs_[kept[i]].size;
    lay_out(sizes, nullptr);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      Run& r = runs_[i];
      for (const DynamicArc& a : from[kept[i]]) pool_[r.begin + r.size++] = {new_id[a.other], a.weight};
    }
  }

  void prefetch(NodeId v) const { __builtin_prefetch(pool_.data() + runs_[v].begin); }

  std::span<const DynamicArc> operator[](NodeId v) const { return {pool_.data() + runs_[v].begin, runs_[v].size}; }
  std::span<DynamicArc> mutable_list(NodeId v) { return {pool_.data() + runs_[v].begin, runs_[v].size}; }

  void push(NodeId v, DynamicArc arc) {
    Run& r = runs_[v];
    if (r.size == r.capacity) {
      const auto moved = static_cast<std::uint32_t>(pool_.size());
      const std::uint32_t capacity = std::max<std::uint32_t>(4, 2 * r.capacity);
      pool_.resize(pool_.size() + capacity);
      std::copy_n(pool_.begin() + r.begin, r.size, pool_.begin() + moved);
      garbage_ += r.capacity;
      r.begin = moved;
      r.capacity = capacity;
    }
    pool_[r.begin + r.size++] = arc;
  }

  // Removes the arc to `other`, if any (the last arc takes its place).
  void erase(NodeId v, NodeId other) {
    Run& r = runs_[v];
    for (std::uint32_t i = 0; i < r.size; ++i)
      if (pool_[r.begin + i].other == other) {
        pool_[r.begin + i] = pool_[r.begin + r.size - 1];
        --r.size;
        return;
      }
  }

  void clear(NodeId v) {
    garbage_ += runs_[v].capacity;
    runs_[v] = {};
  }

  // Lays the lists out afresh, in node order, once most of the pool is
  // runs that moved or were cleared.
  void compact_if_sparse() {
    if (garbage_ * 2 < pool_.size()) return;
    std::vector<std::uint32_t> sizes(runs_.size());
    for (std::size_t v = 0; v < runs_.size(); ++v) sizes[v] = runs_[v].size;
    std::vector<DynamicArc> old;
    old.swap(pool_);
    lay_out(sizes, &old);
  }

 private:
  struct Run {
    std::uint32_t begin = 0, size = 0, capacity = 0;
  };

  // Runs of size[v] arcs plus room for half as many more; copies the arcs
  // from `old` (the current runs) when given.
  void lay_out(const std::vector<std::uint32_t>& size, const std::vector<DynamicArc>* old) {
    std::uint64_t total = 0;
    for (const std::uint32_t s : size) total += s + s / 2 + 1;
    pool_.resize(total);
    std::uint32_t next = 0;
    for (std::size_t v = 0; v < runs_.size(); ++v) {
      Run& r = runs_[v];
      const Run was = r;
      r = {next, old ? was.size : 0, size[v] + size[v] / 2 + 1};
      if (old) std::copy_n(old->begin() + was.begin, was.size, pool_.begin() + next);
      next += r.capacity;
    }
    garbage_ = 0;
  }

  std::vector<Run> runs_;
  std::vector<DynamicArc> pool_;
  std::uint64_t garbage_ = 0;  // pool slots no run holds
};

// Tie-break among equal priorities by a hash of the node, not its index:
// index order on a grid would select long runs of neighbours apart.
std::uint64_t node_hash(NodeId v) {
  std::uint64_t z = v + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kFar = std::numeric_limits<std::uint64_t>::max();

// The priority's weights (the contracted neighbours count once): chosen on
// generated road networks of 2·10⁵ and 10⁶ nodes and the world network, where
// they give fewer arcs and fewer levels than 2 and 2 did, with the cheaper
// ordering searches of ContractionOptions (docs/performance.md, "Building the
// hierarchy on the CPU").
constexpr std::int64_t kEdgeDifferenceWeight = 8;
constexpr std::int64_t kLevelWeight = 6;

// A Dijkstra bounded in distance and settled nodes over the remaining graph,
// never entering `avoid` nor, when kBlocking, nodes marked `blocked` (the
// other nodes of a contraction round). Each node's distance and stamp share
// one 8-byte record, the few targets are a list, and heap entries are
// (distance << 32 | node) in one word: the searches are short and many, so
// cache misses and compares are what they cost.
class WitnessSearch {
 public:
  explicit WitnessSearch(NodeId n) : state_(n) {}

  // Settles nodes from `source` in order until every target (out-neighbour
  // x of the node contracted, reached from source over in_weight + w(v, x))
  // is decided: settled (its distance is final), witnessed (a label at most
  // its shortcut's weight: labels only fall, so no shortcut whatever comes
  // next) or out of reach (every later label exceeds its shortcut's weight,
  // so the shortcut stays). The searches settle nodes in the same order as
  // one that waits for every target to settle and stop only sooner, so the
  // shortcuts are the same. Nodes farther than `limit` (below 2^32: twice
  // the largest weight) are never labelled, since the search would stop
  // before settling them, and a target not labelled needs its shortcut
  // either way.
  template <bool kBlocking>
  void run(const ArcLists& out, NodeId source, const std::vector<std::uint8_t>& blocked, NodeId avoid,
           std::uint64_t in_weight, std::span<const DynamicArc> targets, std::uint64_t limit, std::uint64_t path_bound,
           std::uint32_t max_settled) {
    if (++epoch_ == 0) {  // wrapped: forget every stamp
      std::fill(state_.begin(), state_.end(), State{});
      epoch_ = 1;
    }
    pending_.clear();
    for (const DynamicArc& t : targets) {
      const std::uint64_t via = in_weight + t.weight;
      // A shortcut above the path bound is never added: nothing to decide.
      if (t.other != source && via <= path_bound) pending_.push_back({t.other, via});
    }
    heap_.clear();
    if (pending_.empty()) return;
    label(source, 0);
    std::uint32_t settled = 0;
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const std::uint64_t top = heap_.back();
      heap_.pop_back();
      const auto d = static_cast<std::uint32_t>(top >> 32);
      const auto u = static_cast<NodeId>(top);
      if (d > state_[u].distance) continue;  // stale entry
      if (d > limit || ++settled > max_settled) break;
      if (!heap_.empty()) out.prefetch(static_cast<NodeId>(heap_.front()));  // likely the next settled
      for (const DynamicArc& a : out[u]) {
        if (a.other == avoid || (kBlocking && blocked[a.other])) continue;
        const std::uint64_t nd = std::uint64_t{d} + a.weight;
        if (nd <= limit && nd < distance(a.other)) label(a.other, static_cast<std::uint32_t>(nd));
      }
      std::erase_if(pending_,
                    [&](const Target& t) { return t.node == u || t.via < d || distance(t.node) <= t.via; });
      if (pending_.empty()) break;
    }
  }

  std::uint64_t distance(NodeId v) const { return state_[v].stamp == epoch_ ? state_[v].distance : kFar; }

 private:
  struct State {
    std::uint32_t distance = 0;  // at most the limit, below 2^32
    std::uint32_t stamp = 0;     // distance is valid when stamp == epoch_
  };

  void label(NodeId v, std::uint32_t d) {
    state_[v].distance = d;
    state_[v].stamp = epoch_;
    heap_.push_back(std::uint64_t{d} << 32 | v);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  }

  std::vector<State> state_;
  std::uint32_t epoch_ = 0;
  std::vector<std::uint64_t> heap_;
  struct Target {
    NodeId node;
    std::uint64_t via;  // the shortcut's weight
  };
  std::vector<Target> pending_;  // targets not yet decided
};

std::vector<std::uint32_t> out_degrees(const Csr& g) {
  std::vector<std::uint32_t> degree(g.offsets.empty() ? 0 : g.offsets.size() - 1);
  for (std::size_t v = 0; v < degree.size(); ++v) degree[v] = g.offsets[v + 1] - g.offsets[v];
  return degree;
}

std::vector<std::uint32_t> in_degrees(const Csr& g) {
  std::vector<std::uint32_t> degree(g.offsets.empty() ? 0 : g.offsets.size() - 1);
  for (const Arc& a : g.arcs) ++degree[a.target];
  return degree;
}

class Contractor {
 public:
  Contractor(const Problem& p, const ContractionOptions& o)
      : options_(o),
        n_(p.node_count),
        path_bound_(p.path_bound),
        out_(n_, out_degrees(p.forward)),
        in_(n_, in_degrees(p.forward)) {
    for (NodeId u = 0; u < n_; ++u)
      for (std::uint32_t e = p.forward.begin(u); e < p.forward.end(u); ++e) {
        const Arc& a = p.forward.arcs[e];
        out_.push(u, {a.target, a.weight});
        in_.push(a.target, {u, a.weight});
      }
    blocked_.assign(n_, 0);
    contracted_.assign(n_, 0);
    contracted_neighbours_.assign(n_, 0);
    level_.assign(n_, 0);
    priority_.assign(n_, 0);
    hash_.resize(n_);
    original_.resize(n_);
    for (NodeId v = 0; v < n_; ++v) {
      hash_[v] = node_hash(v);
      original_[v] = v;
    }
    ids_ = n_;
    final_level_.assign(n_, 0);
    touched_in_.assign(n_, kNoNode);
    rank_.assign(n_, kNoNode);
    up_.resize(n_);
    down_.resize(n_);
    threads_ = std::max(1, o.threads);
    for (int t = 0; t < threads_; ++t) searches_.emplace_back(n_);
  }

  ContractionHierarchy run() {
    // 1. Every node's priority, in parallel (the searches only read).
    std::vector<NodeId> all(n_);
    for (NodeId v = 0; v < n_; ++v) all[v] = v;
    update_priorities(all);

    // 2. Rounds: contract every node whose priority is below all of its
    //    neighbours' at once. Their witness searches avoid every node of the
    //    round, so each round equals a sequential contraction with stricter
    //    witnesses, and the hierarchy stays exact (no two of them are
    //    adjacent, so no shortcut touches another one of the round).
    NodeId next_rank = 0;
    std::vector<NodeId> remaining = all, round, touched;
    std::vector<std::uint8_t> minimum;
    std::vector<std::vector<Shortcut>> shortcuts;
    while (!remaining.empty()) {
      // The round's nodes, found in parallel, kept in node order.
      minimum.assign(remaining.size(), 0);
#pragma omp parallel for schedule(static) num_threads(threads_)
      for (std::size_t i = 0; i < remaining.size(); ++i) minimum[i] = is_local_minimum(remaining[i]);
      round.clear();
      for (std::size_t i = 0; i < remaining.size(); ++i)
        if (minimum[i]) round.push_back(remaining[i]);
      for (NodeId v : round) blocked_[v] = 1;
      shortcuts.assign(round.size(), {});
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads_)
      for (std::size_t i = 0; i < round.size(); ++i) {
        needed_shortcuts<true>(round[i], options_.contract_search_limit, searches_[omp_get_thread_num()], shortcuts[i]);
        record(round[i]);
      }

      touched.clear();
      next_rank_of_round_ = next_rank;
      for (std::size_t i = 0; i < round.size(); ++i) {
        const NodeId v = round[i];
        rank_[original_[v]] = next_rank++;
        remove(v, touched);
        for (const Shortcut& s : shortcuts[i]) add_arc(s);
      }
      for (NodeId v : round) blocked_[v] = 0;
      out_.compact_if_sparse();
      in_.compact_if_sparse();

      update_priorities(touched);
      std::erase_if(remaining, [&](NodeId v) { return contracted_[v] != 0; });
      if (remaining.size() * 2 <= ids_) renumber(remaining);
    }
    return finish();
  }

 private:
  // The shortcuts contracting v needs: for each in-neighbour u, one search
  // bounded by the longest u -> v -> x; a shortcut wherever no path avoiding
  // v (and the round's other nodes) is as short.
  template <bool kBlocking>
  void needed_shortcuts(NodeId v, std::uint32_t max_settled, WitnessSearch& search, std::vector<Shortcut>& result) {
    result.clear();
    for (const DynamicArc& in : in_[v]) {
      const NodeId u = in.other;
      std::uint64_t bound = 0;
      bool any = false;
      for (const DynamicArc& o : out_[v])
        if (o.other != u) {
          bound = std::max(bound, std::uint64_t{in.weight} + o.weight);
          any = true;
        }
      if (!any) continue;
      search.run<kBlocking>(out_, u, blocked_, v, in.weight, out_[v], bound, path_bound_, max_settled);
      for (const DynamicArc& o : out_[v]) {
        if (o.other == u) continue;
        const std::uint64_t via = std::uint64_t{in.weight} + o.weight;
        // No shortest time exceeds the path bound (compile), so a longer
        // shortcut can never carry one: leaving it out keeps the hierarchy
        // exact and every arc weight at most the bound, below 2^31 - 1. (A
        // witness search that gave up early can otherwise chain shortcuts
        // into walks longer than any simple path.)
        if (via > path_bound_) continue;
        if (search.distance(o.other) > via) result.push_back({u, o.other, static_cast<Time>(via)});
      }
    }
  }

  void update_priorities(const std::vector<NodeId>& nodes) {
    std::vector<std::vector<Shortcut>> scratch(static_cast<std::size_t>(threads_));
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads_)
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const NodeId v = nodes[i];
      if (contracted_[v]) continue;
      const int t = omp_get_thread_num();
      // Between rounds nothing is blocked.
      needed_shortcuts<false>(v, options_.order_search_limit, searches_[t], scratch[t]);
      const std::int64_t edge_difference = static_cast<std::int64_t>(scratch[t].size()) -
                                           static_cast<std::int64_t>(in_[v].size() + out_[v].size());
      priority_[v] = kEdgeDifferenceWeight * edge_difference + contracted_neighbours_[v] +
                     kLevelWeight * std::int64_t{level_[v]};
    }
  }

  bool is_local_minimum(NodeId v) const {
    const auto key = [&](NodeId x) { return std::make_pair(priority_[x], hash_[x]); };
    const auto mine = key(v);
    for (const DynamicArc& a : out_[v])
      if (key(a.other) < mine) return false;
    for (const DynamicArc& a : in_[v])
      if (key(a.other) < mine) return false;
    return true;
  }

  // Numbers the remaining nodes 0, 1, ... in their order, once they are
  // at most half the numbers in use: the witness searches' state, the lists
  // and the priorities of the nodes still to contract then share cache lines
  // instead of lying scattered among contracted ones. Order and ties (hash_
  // of the original number) are kept, so the hierarchy does not change.
  void renumber(std::vector<NodeId>& remaining) {
    std::vector<NodeId> new_id(ids_, kNoNode);
    for (std::size_t i = 0; i < remaining.size(); ++i) new_id[remaining[i]] = static_cast<NodeId>(i);
    out_ = ArcLists(out_, remaining, new_id);
    in_ = ArcLists(in_, remaining, new_id);
    const auto keep = [&](auto& values) {  // in place: remaining is ascending, so remaining[i] >= i
      for (std::size_t i = 0; i < remaining.size(); ++i) values[i] = values[remaining[i]];
      values.resize(remaining.size());
    };
    keep(contracted_neighbours_);
    keep(level_);
    keep(priority_);
    keep(hash_);
    keep(original_);
    ids_ = static_cast<NodeId>(remaining.size());
    blocked_.assign(ids_, 0);
    contracted_.assign(ids_, 0);
    touched_in_.assign(ids_, kNoNode);
    for (std::size_t i = 0; i < remaining.size(); ++i) remaining[i] = static_cast<NodeId>(i);
  }

  // Records the arcs of v, a node of the round, to the remaining
  // (higher-ranked) nodes, by original number: in parallel, as nothing
  // changes the lists while the round's witness searches run.
  void record(NodeId v) {
    const NodeId original = original_[v];
    final_level_[original] = level_[v];
    const auto by_original = [&](std::span<const DynamicArc> arcs, std::vector<DynamicArc>& kept) {
      kept.reserve(arcs.size());
      for (const DynamicArc& a : arcs) kept.push_back({original_[a.other], a.weight});
    };
    by_original(out_[v], up_[original]);
    by_original(in_[v], down_[original]);
  }

  // Unlinks v, a node of the round.
  void remove(NodeId v, std::vector<NodeId>& touched) {
    contracted_[v] = 1;
    const auto neighbour = [&](NodeId x) {
      ++contracted_neighbours_[x];
      level_[x] = std::max(level_[x], level_[v] + 1);
      if (touched_in_[x] != next_rank_of_round_) {  // once a round
        touched_in_[x] = next_rank_of_round_;
        touched.push_back(x);
      }
    };
    for (const DynamicArc& a : out_[v]) {
      in_.erase(a.other, v);
      neighbour(a.other);
    }
    for (const DynamicArc& a : in_[v]) {
      out_.erase(a.other, v);
      neighbour(a.other);
    }
    out_.clear(v);
    in_.clear(v);
  }

  void add_arc(const Shortcut& s) {
    for (DynamicArc& a : out_.mutable_list(s.from))
      if (a.other == s.to) {
        if (s.weight < a.weight) {
          a.weight = s.weight;
          for (DynamicArc& b : in_.mutable_list(s.to))
            if (b.other == s.from) b.weight = s.weight;
        }
        return;
      }
    out_.push(s.from, {s.to, s.weight});
    in_.push(s.to, {s.from, s.weight});
    ++shortcuts_;
  }

  static Csr to_csr(std::vector<std::vector<DynamicArc>>& lists) {
    Csr csr;
    csr.offsets.assign(lists.size() + 1, 0);
    for (std::size_t v = 0; v < lists.size(); ++v)
      csr.offsets[v + 1] = csr.offsets[v] + static_cast<std::uint32_t>(lists[v].size());
    csr.arcs.reserve(csr.offsets.back());
    for (auto& list : lists) {
      std::sort(list.begin(), list.end(), [](const DynamicArc& a, const DynamicArc& b) { return a.other < b.other; });
      for (const DynamicArc& a : list) csr.arcs.push_back({a.other, a.weight});
      std::vector<DynamicArc>().swap(list);
    }
    return csr;
  }

  ContractionHierarchy finish() {
    ContractionHierarchy ch;
    ch.node_count = n_;
    ch.rank = std::move(rank_);
    ch.level = std::move(final_level_);
    ch.level_count = n_ == 0 ? 0 : *std::max_element(ch.level.begin(), ch.level.end()) + 1;
    ch.upward = to_csr(up_);
    ch.downward = to_csr(down_);
    ch.shortcuts = shortcuts_;
    return ch;
  }

  ContractionOptions options_;
  NodeId n_;
  Time path_bound_;
  ArcLists out_, in_;
  std::vector<std::vector<DynamicArc>> up_, down_;  // recorded at contraction
  std::vector<std::uint8_t> blocked_, contracted_;
  std::vector<std::int64_t> contracted_neighbours_;
  std::vector<std::uint32_t> level_, final_level_;  // by current, by original number
  std::vector<std::int64_t> priority_;
  std::vector<std::uint64_t> hash_;        // node_hash of each node, the ties' order
  std::vector<NodeId> touched_in_;         // the round (its first rank) that last touched a node
  NodeId next_rank_of_round_ = kNoNode;
  // Nodes are renumbered as they are contracted (renumber): the arrays
  // above are by current number, original_ maps it back; rank_, final_level_,
  // up_ and down_ are by original number.
  std::vector<NodeId> original_;
  NodeId ids_ = 0;  // current numbers in use
  std::vector<NodeId> rank_;
  std::uint64_t shortcuts_ = 0;
  int threads_ = 1;
  std::vector<WitnessSearch> searches_;
};

}  // namespace

ContractionHierarchy contract(const Problem& problem, const ContractionOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ContractionHierarchy ch = Contractor(problem, options).run();
  ch.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return ch;
}

}  // namespace hg
