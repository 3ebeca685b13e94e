#pragma once
// Coverage sets for site planning (docs/planning.md): for each candidate
// site, the destinations it reaches within the planning threshold, as one
// bitset a candidate (kernels/planning/cover_sums.cuh gives the layout and
// the demand sums). 10^4 candidates x 10^6 destinations take 1.25 GB, a
// thirty-second of the 32-bit times they come from, which are never kept.

#include <cstdint>
#include <span>
#include <vector>

#include "host/core/time.hpp"
#include "kernels/planning/cover_sums.cuh"

namespace hg {

// A set of destination positions: cover_words(destinations) words, the bits
// beyond the last destination always clear.
using DestinationSet = std::vector<std::uint64_t>;

class CoverageSets {
 public:
  CoverageSets() = default;
  CoverageSets(std::uint32_t candidates, std::uint32_t destinations);

  std::uint32_t candidates() const { return candidates_; }
  std::uint32_t destinations() const { return destinations_; }
  std::uint32_t words() const { return words_; }
  std::uint64_t bytes() const { return bits_.size() * sizeof(std::uint64_t); }

  std::span<const std::uint64_t> row(std::uint32_t candidate) const {
    return {bits_.data() + std::uint64_t{candidate} * words_, words_};
  }
  bool covers(std::uint32_t candidate, std::uint32_t destination) const {
    return (row(candidate)[destination / kCoverBitsPerWord] >> (destination % kCoverBitsPerWord)) & 1u;
  }

  // Row `candidate` from its stored times to every destination (the stored
  // form of docs/design.md#caps): covered where the time is at most
  // `threshold`.
  void set_row(std::uint32_t candidate, std::span<const std::uint32_t> times, Time threshold);
  // The words of rows [first, first + count), row after row, to fill in
  // place (Solver::cover_rows writes them).
  std::span<std::uint64_t> rows(std::uint32_t first, std::uint32_t count);
  // Sets one bit (tests, hand-made instances).
  void add(std::uint32_t candidate, std::uint32_t destination);

 private:
  std::uint32_t candidates_ = 0, destinations_ = 0, words_ = 0;
  std::vector<std::uint64_t> bits_;
};

// An empty set over `destinations` positions, and one with every position.
DestinationSet empty_destination_set(std::uint32_t destinations);
DestinationSet full_destination_set(std::uint32_t destinations);

}  // namespace hg
