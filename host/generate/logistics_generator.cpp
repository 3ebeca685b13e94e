// `hourglass generate --kind logistics`: the public entry point. It checks the
// request and runs the steps of logistics_internal.hpp in order, one file each.

#include "host/generate/logistics_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "host/core/errors.hpp"
#include "host/generate/logistics_internal.hpp"

namespace hg {

std::string generated_country_code(std::uint32_t index) {
  return {static_cast<char>('A' + index / 26 % 26), static_cast<char>('A' + index % 26)};
}

std::uint32_t default_country_count(std::uint64_t nodes) {
  constexpr std::uint64_t kMost = 200;  // about as many as the real world has
  std::uint64_t root = 1;               // ⌊∛nodes⌋, stopping at kMost
  while (root < kMost && (root + 1) * (root + 1) * (root + 1) <= nodes) ++root;
  return static_cast<std::uint32_t>(std::max<std::uint64_t>(1, std::min(root, nodes / kMinNodesPerCountry)));
}

Network generate_logistics(const GenerateOptions& options) {
  // 1. Check the request.
  const std::uint32_t countries = options.countries == 0 ? default_country_count(options.nodes) : options.countries;
  HG_EXPECTS(countries <= kMaxGeneratedCountries, ErrorKind::usage,
             "generate: {} countries requested; at most {} (codes AA..ZZ)", countries, kMaxGeneratedCountries);
  HG_EXPECTS(options.nodes >= kMinNodesPerCountry * countries, ErrorKind::usage,
             "generate: {} nodes cannot make {} countries; each needs at least {} (airport, hub, site, demand zone)",
             options.nodes, countries, kMinNodesPerCountry);
  HG_EXPECTS(options.nodes <= kMaxGeneratedNodes, ErrorKind::usage, "generate: {} nodes requested; at most {}",
             options.nodes, kMaxGeneratedNodes);
  HG_EXPECTS(!options.name.empty(), ErrorKind::usage, "generate: the snapshot name is empty");
  const std::uint64_t n = options.nodes;

  // 2. Countries, their places, borders and node budgets.
  const logistics::World world = logistics::make_world(options, countries);

  // 3. Nodes.
  Network net;
  net.name = options.name;
  net.time_unit = TimeUnit::minute;
  net.description = fmt::format("synthetic logistics network: {} nodes, {} countries, seed {}", n, countries,
                                options.seed);
  // In name order, the order a snapshot reader returns them in.
  net.extra_attributes = {{"generator", "hourglass generate --kind logistics"},
                          {"generator_countries", std::to_string(countries)},
                          {"generator_seed", std::to_string(options.seed)}};
  logistics::NodeGeometry geo = logistics::place_nodes(world, options.seed, n, net.nodes);
  logistics::name_nodes(world, net.nodes);

  // 4. Roads and long-distance links, both ways.
  const std::vector<logistics::Link> links = logistics::long_distance_links(world, geo);
  {
    const logistics::RoadMesh mesh = logistics::build_road_mesh(world, geo, n);
    geo.x = {};  // only the points on the sphere are needed from here
    geo.y = {};
    logistics::assemble_edges(world, geo, mesh, links, n, net.edges);
  }

  // 5. Customs.
  logistics::add_customs(world, links, options.seed, net);
  return net;
}

}  // namespace hg
