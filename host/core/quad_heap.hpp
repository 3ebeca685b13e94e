#pragma once
// An indexed 4-ary min-heap with decrease-key. Four children per node halve
// the depth of a binary heap and keep the children of a node in one cache
// line (entries are 8 bytes for 32-bit keys): the heap Dijkstra wants.

#include <cstdint>
#include <vector>

#include "host/core/time.hpp"

namespace hg {

template <class Key>
class QuadHeap {
 public:
  struct Entry {
    Key key;
    NodeId node;
  };

  explicit QuadHeap(NodeId node_count = 0) : position_(node_count, kAbsent) {}

  void resize(NodeId node_count) { position_.assign(node_count, kAbsent); heap_.clear(); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Entry& top() const { return heap_.front(); }
  bool contains(NodeId v) const { return position_[v] != kAbsent; }
  const std::vector<Entry>& entries() const { return heap_; }

  void push(NodeId v, Key key) {
    position_[v] = static_cast<std::uint32_t>(heap_.size());
    heap_.push_back(Entry{key, v});
    sift_up(position_[v]);
  }

  void decrease(NodeId v, Key key) {
    const std::uint32_t i = position_[v];
    heap_[i].key = key;
    sift_up(i);
  }

  Entry pop() {
    const Entry top_entry = heap_.front();
    position_[top_entry.node] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
    return top_entry;
  }

  // Empties the heap, forgetting positions only of the entries still in it.
  void clear() {
    for (const Entry& e : heap_) position_[e.node] = kAbsent;
    heap_.clear();
  }

 private:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

  void sift_up(std::uint32_t i) {
    const Entry moving = heap_[i];
    while (i > 0) {
      const std::uint32_t parent = (i - 1) / 4;
      if (!(moving.key < heap_[parent].key)) break;
      heap_[i] = heap_[parent];
      position_[heap_[i].node] = i;
      i = parent;
    }
    heap_[i] = moving;
    position_[moving.node] = i;
  }

  // Places `moving` at hole i, moving smaller children up.
  void sift_down(std::uint32_t i, Entry moving) {
    const std::uint32_t n = static_cast<std::uint32_t>(heap_.size());
    while (true) {
      const std::uint32_t first = 4 * i + 1;
      if (first >= n) break;
      std::uint32_t best = first;
      const std::uint32_t last = first + 4 < n ? first + 4 : n;
      for (std::uint32_t c = first + 1; c < last; ++c)
        if (heap_[c].key < heap_[best].key) best = c;
      if (!(heap_[best].key < moving.key)) break;
      heap_[i] = heap_[best];
      position_[heap_[i].node] = i;
      i = best;
    }
    heap_[i] = moving;
    position_[moving.node] = i;
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;
};

}  // namespace hg
