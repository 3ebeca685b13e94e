#pragma once
// Node code -> node index, as an open-addressing hash table over the codes of
// a StringColumn (no copies of the strings). Building it is how duplicate
// codes are found; selections and `path` use it to look codes up.

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "host/string_column.hpp"
#include "kernels/time.cuh"

namespace hg {

class CodeIndex {
 public:
  // Indexes codes[0..n). If a code repeats, stops and reports the pair.
  struct Duplicate {
    NodeId first;
    NodeId second;
  };
  static std::optional<Duplicate> build(const StringColumn& codes, CodeIndex& out) {
    out.codes_ = &codes;
    std::size_t capacity = 16;
    while (capacity < 2 * codes.size()) capacity *= 2;
    out.mask_ = capacity - 1;
    out.slots_.assign(capacity, kNoNode);
    for (std::size_t i = 0; i < codes.size(); ++i) {
      std::size_t s = std::hash<std::string_view>{}(codes[i]) & out.mask_;
      while (out.slots_[s] != kNoNode) {
        if (codes[out.slots_[s]] == codes[i]) return Duplicate{out.slots_[s], static_cast<NodeId>(i)};
        s = (s + 1) & out.mask_;
      }
      out.slots_[s] = static_cast<NodeId>(i);
    }
    return std::nullopt;
  }

  std::optional<NodeId> find(std::string_view code) const {
    if (slots_.empty()) return std::nullopt;
    std::size_t s = std::hash<std::string_view>{}(code) & mask_;
    while (slots_[s] != kNoNode) {
      if ((*codes_)[slots_[s]] == code) return slots_[s];
      s = (s + 1) & mask_;
    }
    return std::nullopt;
  }

 private:
  const StringColumn* codes_ = nullptr;
  std::size_t mask_ = 0;
  std::vector<NodeId> slots_;
};

}  // namespace hg
