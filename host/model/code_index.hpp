#pragma once
// Node code -> node index, as an open-addressing hash table over the codes of
// a StringColumn (no copies of the strings). Building it is how duplicate
// codes are found; selections, importers and `path` look codes up with it.
//
// Each slot holds the node index and 32 bits of the code's hash, so probing
// reads a string only when the tags match; bulk work hashes a batch of codes
// first and prefetches their slots, so the cache misses overlap.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "host/core/string_column.hpp"
#include "host/core/time.hpp"

namespace hg {

class CodeIndex {
 public:
  struct Duplicate {
    NodeId first;
    NodeId second;
  };

  // Indexes codes[0..n). If a code repeats, stops and reports the first pair.
  static std::optional<Duplicate> build(const StringColumn& codes, CodeIndex& out);

  // After the indexed column was moved (same contents, new address).
  void rebind(const StringColumn& codes) { codes_ = &codes; }

  std::optional<NodeId> find(std::string_view code) const;

  // Looks up many codes at once: out[i] = index of codes[i], or kNoNode.
  void find_many(std::span<const std::string_view> codes, std::span<NodeId> out) const;

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  static std::uint64_t hash(std::string_view s);
  static std::uint64_t pack(NodeId node, std::uint64_t h) { return (h >> 32 << 32) | node; }
  std::size_t home(std::uint64_t h) const { return h & mask_; }
  std::optional<NodeId> probe(std::string_view code, std::uint64_t h) const;

  const StringColumn* codes_ = nullptr;
  std::size_t mask_ = 0;
  std::vector<std::uint64_t> slots_;  // (hash tag << 32) | node, or kEmpty
};

}  // namespace hg
