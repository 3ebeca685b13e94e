#include "tests/support/cover_instances.hpp"

#include <cmath>
#include <random>

namespace hg::test {

Instance random_instance(std::uint32_t seed, std::uint32_t candidates, std::uint32_t destinations,
                         bool with_fixed, std::uint32_t groups) {
  std::mt19937_64 rng(seed);
  Instance in{CoverageSets(candidates, destinations), std::vector<double>(destinations), {}, {}, 0};
  std::uniform_real_distribution<double> unit(0, 1);
  for (auto& d : in.demand) d = unit(rng) < 0.1 ? 0.0 : std::floor(unit(rng) * 1000) / 7.0;
  for (std::uint32_t j = 0; j < candidates; ++j) {
    const double centre = unit(rng) * destinations, radius = 1 + unit(rng) * destinations / 6.0;
    for (std::uint32_t d = 0; d < destinations; ++d)
      if (std::abs(d - centre) <= radius || unit(rng) < 0.03) in.sets.add(j, d);
  }
  if (with_fixed) {
    in.fixed = empty_destination_set(destinations);
    for (std::uint32_t d = 0; d < destinations; ++d)
      if (unit(rng) < 0.15) in.fixed[d / 64] |= std::uint64_t{1} << (d % 64);
  }
  if (groups > 0) {
    for (std::uint32_t j = 0; j < candidates; ++j)
      in.group.push_back(unit(rng) < 0.1 ? kNoGroup : static_cast<std::uint32_t>(rng() % groups));
    in.max_per_group = 1 + static_cast<std::uint32_t>(seed % 2);
  }
  return in;
}

}  // namespace hg::test
