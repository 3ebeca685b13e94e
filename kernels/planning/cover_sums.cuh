#pragma once
// The arithmetic of maximal covering (host/planning/max_cover.hpp), shared by
// the CPU planner and the device kernels: demand-weighted counts of bitsets.
//
// A destination set is a bitset over destination positions, 64 to a word,
// bit b of word w for position 64 w + b. Its demand is summed in double
// precision in one fixed order, so that the CPU and the GPU, any thread
// count and any tiling give the same bits: within a word, set bits from the
// lowest up; then the words' sums from the first word on.

#include <cstdint>

#include "host/core/hd.hpp"

namespace hg {

inline constexpr std::uint32_t kCoverBitsPerWord = 64;

HG_HD std::uint32_t cover_words(std::uint64_t destinations) {
  return static_cast<std::uint32_t>((destinations + kCoverBitsPerWord - 1) / kCoverBitsPerWord);
}

HG_HD std::uint32_t lowest_set_bit(std::uint64_t bits) {
#if defined(__CUDA_ARCH__)
  return static_cast<std::uint32_t>(__ffsll(static_cast<long long>(bits)) - 1);
#else
  return static_cast<std::uint32_t>(__builtin_ctzll(bits));
#endif
}

// One word of a coverage set from `count` (at most 64) times: bit b set
// where time_at(b) is at most `threshold`. The CPU thresholds stored rows
// with it and the device thresholds sweep labels, so both give the same bits.
template <class TimeAt>
HG_HD std::uint64_t threshold_word(TimeAt time_at, std::uint32_t count, std::uint32_t threshold) {
  std::uint64_t bits = 0;
  for (std::uint32_t b = 0; b < count; ++b) bits |= std::uint64_t{time_at(b) <= threshold} << b;
  return bits;
}

// `rows` rows of stored times (rows x destinations, row-major) as coverage
// sets into `bits` (rows x cover_words(destinations)), on the host.
inline void threshold_rows(const std::uint32_t* times, std::uint32_t rows, std::uint32_t destinations,
                           std::uint32_t threshold, std::uint64_t* bits) {
  const std::uint32_t words = cover_words(destinations);
  for (std::uint32_t r = 0; r < rows; ++r) {
    const std::uint32_t* row = times + std::uint64_t{r} * destinations;
    for (std::uint32_t w = 0; w < words; ++w) {
      const std::uint32_t first = w * kCoverBitsPerWord;
      const std::uint32_t left = destinations - first;
      bits[std::uint64_t{r} * words + w] = threshold_word([&](std::uint32_t b) { return row[first + b]; },
                                                          left < kCoverBitsPerWord ? left : kCoverBitsPerWord,
                                                          threshold);
    }
  }
}

// The demand of the set bits of one word; `demand` points at the word's
// first destination.
HG_HD double word_demand(std::uint64_t bits, const double* demand) {
  double sum = 0;
  while (bits != 0) {
    sum += demand[lowest_set_bit(bits)];
    bits &= bits - 1;
  }
  return sum;
}

// The demand of set & mask over words [0, words). mask may be null (all).
HG_HD double masked_demand(const std::uint64_t* set, const std::uint64_t* mask, const double* demand,
                           std::uint32_t words) {
  double sum = 0;
  for (std::uint32_t w = 0; w < words; ++w) {
    const std::uint64_t bits = mask ? set[w] & mask[w] : set[w];
    if (bits != 0) sum += word_demand(bits, demand + std::uint64_t{w} * kCoverBitsPerWord);
  }
  return sum;
}

// The same over the listed words only (ascending), where the mask is known
// to be zero elsewhere: a site's uniquely covered destinations are a few
// words of the whole set.
HG_HD double listed_masked_demand(const std::uint64_t* set, const std::uint64_t* mask, const double* demand,
                                  const std::uint32_t* listed, std::uint32_t count) {
  double sum = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t w = listed[i];
    const std::uint64_t bits = set[w] & mask[w];
    if (bits != 0) sum += word_demand(bits, demand + std::uint64_t{w} * kCoverBitsPerWord);
  }
  return sum;
}

}  // namespace hg
