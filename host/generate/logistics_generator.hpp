#pragma once
// `hourglass generate --kind logistics`: realistic synthetic logistics networks
// (docs/generator.md). Countries are regions on the globe with Zipf-sized
// populations; inside each, demand zones cluster around metropolitan centres
// and are served by sites and hubs over a road mesh; border crossings join
// neighbouring road meshes; airports, seaports and rail terminals carry the
// long-distance legs; a directed customs table prices every border.
//
// The result is a function of the options alone: the same on every run, for
// any thread count, and on any IEEE-754 platform (own PRNG, own transforms,
// own trigonometry, no floating-point contraction).

#include <cstdint>
#include <string>

#include "host/model/network.hpp"

namespace hg {

struct GenerateOptions {
  std::uint64_t nodes = 10000;
  std::uint32_t countries = 0;  // 0 = choose from nodes (default_country_count)
  std::uint64_t seed = 1;
  std::string name = "generated";
};

// Every country needs an airport, a hub, a site and a demand zone.
inline constexpr std::uint64_t kMinNodesPerCountry = 4;
inline constexpr std::uint32_t kMaxGeneratedCountries = 26 * 26;  // "AA" .. "ZZ"
// compile() refuses a network whose n - 1 largest folded edge times sum to
// 2^31 or more; here that sum is about 81 minutes per node (1.62e9 at 20M).
inline constexpr std::uint64_t kMaxGeneratedNodes = 20'000'000;

// Builds the network, in minutes. Throws InputError(usage) when countries
// exceeds 676, or nodes is below 4 per country or above kMaxGeneratedNodes.
// The result passes validate_network and compile.
Network generate_logistics(const GenerateOptions& options);

// The country count chosen when options.countries is 0: about the cube root
// of the node count, at most 200 (as many as the real world has) and at most
// one per kMinNodesPerCountry nodes.
std::uint32_t default_country_count(std::uint64_t nodes);

// The code of the index-th country, "AA", "AB", …, "AZ", "BA", …: the same for
// every seed, so "NA" (index 338) occurs once there are 339 countries or more.
std::string generated_country_code(std::uint32_t index);

}  // namespace hg
