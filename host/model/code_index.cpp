#include "host/model/code_index.hpp"

#include <functional>

namespace hg {

namespace {
constexpr std::size_t kBatch = 16;  // codes hashed and prefetched ahead of their probes
}

std::uint64_t CodeIndex::hash(std::string_view s) {
  // std::hash mixes well; one more multiply spreads it over the tag bits too.
  return std::hash<std::string_view>{}(s) * 0x9E3779B97F4A7C15ull;
}

std::optional<CodeIndex::Duplicate> CodeIndex::build(const StringColumn& codes, CodeIndex& out) {
  out.codes_ = &codes;
  std::size_t capacity = 16;
  while (capacity < 2 * codes.size()) capacity *= 2;
  out.mask_ = capacity - 1;
  out.slots_.assign(capacity, kEmpty);
  std::uint64_t hashes[kBatch];
  for (std::size_t base = 0; base < codes.size(); base += kBatch) {
    const std::size_t count = std::min(kBatch, codes.size() - base);
    for (std::size_t k = 0; k < count; ++k) {
      hashes[k] = hash(codes[base + k]);
      __builtin_prefetch(&out.slots_[out.home(hashes[k])]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      const NodeId node = static_cast<NodeId>(base + k);
      const std::uint64_t h = hashes[k], tag = h >> 32;
      std::size_t s = out.home(h);
      while (out.slots_[s] != kEmpty) {
        const std::uint64_t slot = out.slots_[s];
        if (slot >> 32 == tag && codes[static_cast<NodeId>(slot)] == codes[node])
          return Duplicate{static_cast<NodeId>(slot), node};
        s = (s + 1) & out.mask_;
      }
      out.slots_[s] = pack(node, h);
    }
  }
  return std::nullopt;
}

std::optional<NodeId> CodeIndex::probe(std::string_view code, std::uint64_t h) const {
  const std::uint64_t tag = h >> 32;
  for (std::size_t s = home(h); slots_[s] != kEmpty; s = (s + 1) & mask_) {
    const std::uint64_t slot = slots_[s];
    if (slot >> 32 == tag && (*codes_)[static_cast<NodeId>(slot)] == code) return static_cast<NodeId>(slot);
  }
  return std::nullopt;
}

std::optional<NodeId> CodeIndex::find(std::string_view code) const {
  if (slots_.empty()) return std::nullopt;
  return probe(code, hash(code));
}

void CodeIndex::find_many(std::span<const std::string_view> codes, std::span<NodeId> out) const {
  std::uint64_t hashes[kBatch];
  for (std::size_t base = 0; base < codes.size(); base += kBatch) {
    const std::size_t count = std::min(kBatch, codes.size() - base);
    for (std::size_t k = 0; k < count; ++k) {
      hashes[k] = hash(codes[base + k]);
      if (!slots_.empty()) __builtin_prefetch(&slots_[home(hashes[k])]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      const auto found = slots_.empty() ? std::nullopt : probe(codes[base + k], hashes[k]);
      out[base + k] = found.value_or(kNoNode);
    }
  }
}

}  // namespace hg
