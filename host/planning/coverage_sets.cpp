#include "host/planning/coverage_sets.hpp"

#include <algorithm>
#include <cassert>

namespace hg {

CoverageSets::CoverageSets(std::uint32_t candidates, std::uint32_t destinations)
    : candidates_(candidates),
      destinations_(destinations),
      words_(cover_words(destinations)),
      bits_(std::uint64_t{candidates} * cover_words(destinations), 0) {}

void CoverageSets::set_row(std::uint32_t candidate, std::span<const std::uint32_t> times, Time threshold) {
  assert(times.size() == destinations_);
  threshold_rows(times.data(), 1, destinations_, threshold, rows(candidate, 1).data());
}

std::span<std::uint64_t> CoverageSets::rows(std::uint32_t first, std::uint32_t count) {
  assert(first + count <= candidates_);
  return {bits_.data() + std::uint64_t{first} * words_, std::uint64_t{count} * words_};
}

void CoverageSets::add(std::uint32_t candidate, std::uint32_t destination) {
  assert(candidate < candidates_ && destination < destinations_);
  bits_[std::uint64_t{candidate} * words_ + destination / kCoverBitsPerWord] |= std::uint64_t{1}
                                                                                << (destination % kCoverBitsPerWord);
}

DestinationSet empty_destination_set(std::uint32_t destinations) {
  return DestinationSet(cover_words(destinations), 0);
}

DestinationSet full_destination_set(std::uint32_t destinations) {
  DestinationSet set(cover_words(destinations), ~std::uint64_t{0});
  if (const std::uint32_t tail = destinations % kCoverBitsPerWord; tail != 0)
    set.back() = (std::uint64_t{1} << tail) - 1;
  return set;
}

}  // namespace hg
