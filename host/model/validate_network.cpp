#include "host/model/validate_network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "host/model/code_index.hpp"
#include "host/core/errors.hpp"

namespace hg {

std::string snapshot_path(const std::string& name) { return "/snapshots/" + name; }

bool is_country_code(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

void validate_network(const Network& net, const std::string& file, CodeIndex* index_out) {
  const std::string base = snapshot_path(net.name);
  const auto at = [&](const char* dataset, std::size_t i) { return fmt::format("{}: {}/{}[{}]", file, base, dataset, i); };

  // 1. Lengths within each group.
  const Nodes& nodes = net.nodes;
  const std::size_t n = nodes.code.size();
  const auto same_length = [&](const char* group, const char* first, std::size_t expected, const char* dataset,
                               std::size_t actual) {
    HG_EXPECTS(actual == expected, ErrorKind::length_mismatch, "{}: {}/{}/{} has length {}, but {}/{}/{} has {}", file,
               base, group, dataset, actual, base, group, first, expected);
  };
  same_length("nodes", "code", n, "name", nodes.name.size());
  same_length("nodes", "code", n, "kind", nodes.kind.size());
  same_length("nodes", "code", n, "country", nodes.country.size());
  same_length("nodes", "code", n, "lat", nodes.lat.size());
  same_length("nodes", "code", n, "lon", nodes.lon.size());
  same_length("nodes", "code", n, "handling_time", nodes.handling_time.size());
  same_length("nodes", "code", n, "demand", nodes.demand.size());
  const Edges& edges = net.edges;
  const std::size_t m = edges.src.size();
  same_length("edges", "src", m, "dst", edges.dst.size());
  same_length("edges", "src", m, "mode", edges.mode.size());
  same_length("edges", "src", m, "transit_time", edges.transit_time.size());
  const CustomsTable& customs = net.customs;
  const std::size_t k = customs.from.size();
  same_length("customs", "from", k, "to", customs.to.size());
  same_length("customs", "from", k, "time", customs.time.size());

  HG_EXPECTS(n < kNoNode, ErrorKind::too_large, "{}: {}/nodes has {} nodes; at most {} are supported", file, base, n,
             kNoNode - 1);

  // 2. Nodes, value by value.
  std::vector<bool> country_present(1 << 16, false);
  for (std::size_t i = 0; i < n; ++i) {
    HG_EXPECTS(nodes.kind[i] < kNodeKindCount, ErrorKind::unknown_enum,
               "{}: unknown node kind {} (defined: 0..{})", at("nodes/kind", i), nodes.kind[i], kNodeKindCount - 1);
    HG_EXPECTS(is_country_code(nodes.country[i]), ErrorKind::invalid_country,
               "{}: country '{}' is not an ISO 3166-1 alpha-2 code (two letters A-Z)", at("nodes/country", i),
               nodes.country[i]);
    country_present[country_key(nodes.country[i])] = true;
    HG_EXPECTS(std::isfinite(nodes.lat[i]), ErrorKind::non_finite, "{}: latitude is {}", at("nodes/lat", i),
               nodes.lat[i]);
    HG_EXPECTS(std::isfinite(nodes.lon[i]), ErrorKind::non_finite, "{}: longitude is {}", at("nodes/lon", i),
               nodes.lon[i]);
    HG_EXPECTS(nodes.lat[i] >= -90.0 && nodes.lat[i] <= 90.0, ErrorKind::value_out_of_range,
               "{}: latitude {} is outside [-90, 90]", at("nodes/lat", i), nodes.lat[i]);
    HG_EXPECTS(nodes.lon[i] >= -180.0 && nodes.lon[i] <= 180.0, ErrorKind::value_out_of_range,
               "{}: longitude {} is outside [-180, 180]", at("nodes/lon", i), nodes.lon[i]);
    HG_EXPECTS(std::isfinite(nodes.demand[i]), ErrorKind::non_finite, "{}: demand is {}", at("nodes/demand", i),
               nodes.demand[i]);
    HG_EXPECTS(nodes.demand[i] >= 0.0, ErrorKind::negative_value, "{}: demand {} is negative", at("nodes/demand", i),
               nodes.demand[i]);
  }
  CodeIndex local;
  CodeIndex& index = index_out ? *index_out : local;
  if (const auto dup = CodeIndex::build(nodes.code, index))
    throw InputError(ErrorKind::duplicate_code, fmt::format("{}: code '{}' is also the code of node {}",
                                                            at("nodes/code", dup->second), nodes.code[dup->second],
                                                            dup->first));

  // 3. Edges.
  for (std::size_t e = 0; e < m; ++e) {
    HG_EXPECTS(edges.src[e] < n, ErrorKind::node_index_out_of_range, "{}: node index {} is out of range ({} nodes)",
               at("edges/src", e), edges.src[e], n);
    HG_EXPECTS(edges.dst[e] < n, ErrorKind::node_index_out_of_range, "{}: node index {} is out of range ({} nodes)",
               at("edges/dst", e), edges.dst[e], n);
    HG_EXPECTS(edges.mode[e] < kEdgeModeCount, ErrorKind::unknown_enum, "{}: unknown edge mode {} (defined: 0..{})",
               at("edges/mode", e), edges.mode[e], kEdgeModeCount - 1);
  }

  // 4. Customs: countries that occur in the nodes, no duplicate or self rows.
  std::unordered_set<std::uint32_t> seen;
  seen.reserve(k * 2);
  for (std::size_t r = 0; r < k; ++r) {
    const std::string_view from = customs.from[r], to = customs.to[r];
    HG_EXPECTS(is_country_code(from), ErrorKind::invalid_country,
               "{}: country '{}' is not an ISO 3166-1 alpha-2 code", at("customs/from", r), from);
    HG_EXPECTS(is_country_code(to), ErrorKind::invalid_country, "{}: country '{}' is not an ISO 3166-1 alpha-2 code",
               at("customs/to", r), to);
    HG_EXPECTS(country_present[country_key(from)], ErrorKind::customs_unknown_country,
               "{}: country '{}' occurs in no node of the snapshot", at("customs/from", r), from);
    HG_EXPECTS(country_present[country_key(to)], ErrorKind::customs_unknown_country,
               "{}: country '{}' occurs in no node of the snapshot", at("customs/to", r), to);
    HG_EXPECTS(from != to, ErrorKind::customs_self_row, "{}: row from '{}' to itself", at("customs/to", r), from);
    const std::uint32_t key = (country_key(from) << 16) | country_key(to);
    HG_EXPECTS(seen.insert(key).second, ErrorKind::customs_duplicate_row, "{}: duplicate row ({}, {})",
               at("customs/from", r), from, to);
  }
}

}  // namespace hg
