#include "io/snapshot.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "host/core/errors.hpp"
#include "host/model/validate_network.hpp"
#include "host/core/progress.hpp"
#include "io/output_file.hpp"

namespace hg::io {

namespace {

constexpr const char* kKnownAttributes[] = {"time_unit", "description", "valid_from", "default_customs_time"};

bool is_known_attribute(const std::string& name) {
  return std::find(std::begin(kKnownAttributes), std::end(kKnownAttributes), name) != std::end(kKnownAttributes);
}

std::vector<std::string> snapshot_names(hid_t file, const std::string& path) {
  const h5::Where root{path, "/"};
  const std::string format = h5::read_string_attribute(file, "format", root);
  HG_EXPECTS(format == kSnapshotFormat, ErrorKind::unknown_format,
             "{}: attribute 'format' is '{}', expected '{}' (is this a snapshot?)", root.at(), format, kSnapshotFormat);
  const std::int64_t version = h5::read_integer_attribute(file, "schema_version", root);
  HG_EXPECTS(version == kSnapshotSchemaVersion, ErrorKind::unknown_schema_version,
             "{}: schema_version {} is not supported (this build reads version {})", root.at(), version,
             kSnapshotSchemaVersion);
  h5::Id snapshots = h5::open_group(file, "snapshots", root.child("snapshots"));
  std::vector<std::string> names;
  for (const std::string& child : h5::child_names(snapshots))
    if (h5::is_group(snapshots, child)) names.push_back(child);
  HG_EXPECTS(!names.empty(), ErrorKind::missing_group, "{}: /snapshots holds no snapshot group", path);
  return names;
}

void read_nodes(hid_t group, const h5::Where& where, Nodes& nodes) {
  const auto column = [&](const char* name) { return h5::open_dataset(group, name, where.child(name)); };
  nodes.code = h5::read_string_column(column("code"), where.child("code"));
  nodes.name = h5::read_string_column(column("name"), where.child("name"));
  nodes.kind = h5::read_u8_column(column("kind"), where.child("kind"));
  nodes.country = h5::read_string_column(column("country"), where.child("country"));
  nodes.lat = h5::read_f64_column(column("lat"), where.child("lat"));
  nodes.lon = h5::read_f64_column(column("lon"), where.child("lon"));
  nodes.handling_time = h5::read_u32_column(column("handling_time"), where.child("handling_time"), 0xFFFFFFFFu);
  nodes.demand = h5::read_f64_column(column("demand"), where.child("demand"));
}

void read_edges(hid_t group, const h5::Where& where, Edges& edges) {
  const auto column = [&](const char* name) { return h5::open_dataset(group, name, where.child(name)); };
  // Indices are read as any uint32; validate_network names an out-of-range one.
  edges.src = h5::read_u32_column(column("src"), where.child("src"), 0xFFFFFFFFu);
  edges.dst = h5::read_u32_column(column("dst"), where.child("dst"), 0xFFFFFFFFu);
  edges.mode = h5::read_u8_column(column("mode"), where.child("mode"));
  edges.transit_time = h5::read_u32_column(column("transit_time"), where.child("transit_time"), 0xFFFFFFFFu);
}

void read_customs(hid_t group, const h5::Where& where, CustomsTable& customs) {
  const auto column = [&](const char* name) { return h5::open_dataset(group, name, where.child(name)); };
  customs.from = h5::read_string_column(column("from"), where.child("from"));
  customs.to = h5::read_string_column(column("to"), where.child("to"));
  customs.time = h5::read_u32_column(column("time"), where.child("time"), 0xFFFFFFFFu);
}

}  // namespace

std::vector<std::string> list_snapshots(const std::string& file) {
  h5::Id f = h5::open_read(file);
  return snapshot_names(f, file);
}

Network read_snapshot(const std::string& file, const std::string& requested, CodeIndex* index) {
  h5::Id f = h5::open_read(file);
  const std::vector<std::string> names = snapshot_names(f, file);
  std::string name = requested;
  if (name.empty()) {
    HG_EXPECTS(names.size() == 1, ErrorKind::ambiguous_snapshot,
               "{}: holds {} snapshots ({}); choose one with --snapshot", file, names.size(), fmt::join(names, ", "));
    name = names.front();
  }
  HG_EXPECTS(std::find(names.begin(), names.end(), name) != names.end(), ErrorKind::unknown_snapshot,
             "{}: no snapshot '{}' (the file holds: {})", file, name, fmt::join(names, ", "));

  Network net;
  net.name = name;
  const h5::Where where{file, snapshot_path(name)};
  h5::Id group = h5::open_group(f, where.path, where);

  // 1. Attributes.
  const std::string unit = h5::read_string_attribute(group, "time_unit", where);
  const auto parsed_unit = parse_time_unit(unit);
  HG_EXPECTS(parsed_unit.has_value(), ErrorKind::unknown_time_unit,
             "{}: time_unit '{}' is not one of 'minute', 'second'", where.at(), unit);
  net.time_unit = *parsed_unit;
  net.description = h5::read_optional_string_attribute(group, "description", where).value_or("");
  net.valid_from = h5::read_optional_string_attribute(group, "valid_from", where).value_or("");
  if (h5::has_attribute(group, "default_customs_time")) {
    const std::int64_t t = h5::read_integer_attribute(group, "default_customs_time", where);
    HG_EXPECTS(t >= 0 && t < kInfinity, ErrorKind::value_out_of_range,
               "{}: attribute 'default_customs_time' = {} is out of range [0, {})", where.at(), t, kInfinity);
    net.default_customs_time = static_cast<Time>(t);
  }
  for (auto& attribute : h5::string_attributes(group, where))
    if (!is_known_attribute(attribute.first)) net.extra_attributes.push_back(std::move(attribute));

  // 2. Tables, each dataset checked for dtype class, rank and range as it is read.
  read_nodes(h5::open_group(group, "nodes", where.child("nodes")), where.child("nodes"), net.nodes);
  read_edges(h5::open_group(group, "edges", where.child("edges")), where.child("edges"), net.edges);
  if (h5::has_link(group, "customs")) {
    net.has_customs = true;
    read_customs(h5::open_group(group, "customs", where.child("customs")), where.child("customs"), net.customs);
  }

  // 3. The semantic rules (lengths, indices, codes, values, customs).
  validate_network(net, file, index);
  return net;
}

void write_snapshots(const std::string& file, std::span<const Network> networks, const SnapshotWriteOptions& options) {
  std::set<std::string> names;
  for (const Network& net : networks) {
    HG_EXPECTS(!net.name.empty() && net.name.find('/') == std::string::npos && net.name != "." && net.name != "..",
               ErrorKind::usage, "snapshot name '{}' is not a valid group name", net.name);
    HG_EXPECTS(names.insert(net.name).second, ErrorKind::usage, "snapshot name '{}' is used twice", net.name);
    validate_network(net, file);
  }
  PartialFile out(file, OutputFormat::hdf5);
  Progress progress("writing " + std::filesystem::path(file).filename().string(), networks.size(), "snapshots");
  {
    h5::Id f = h5::create_truncate(out.partial_path());
    h5::write_attribute(f, "format", kSnapshotFormat);
    h5::write_attribute(f, "schema_version", kSnapshotSchemaVersion);
    h5::Id snapshots = h5::create_group(f, "snapshots");
    const h5::ColumnOptions& col = options.columns;
    for (const Network& net : networks) {
      h5::Id g = h5::create_group(snapshots, net.name);
      h5::write_attribute(g, "time_unit", time_unit_name(net.time_unit));
      if (!net.description.empty()) h5::write_attribute(g, "description", net.description);
      if (!net.valid_from.empty()) h5::write_attribute(g, "valid_from", net.valid_from);
      h5::write_attribute(g, "default_customs_time", static_cast<std::int64_t>(net.default_customs_time));
      for (const auto& [key, value] : net.extra_attributes) h5::write_attribute(g, key, value);

      h5::Id nodes = h5::create_group(g, "nodes");
      h5::write_column(nodes, "code", net.nodes.code, col);
      h5::write_column(nodes, "name", net.nodes.name, col);
      h5::write_column(nodes, "kind", std::span<const std::uint8_t>(net.nodes.kind), col);
      h5::write_column(nodes, "country", net.nodes.country, col);
      h5::write_column(nodes, "lat", std::span<const double>(net.nodes.lat), col);
      h5::write_column(nodes, "lon", std::span<const double>(net.nodes.lon), col);
      h5::write_column(nodes, "handling_time", std::span<const std::uint32_t>(net.nodes.handling_time), col);
      h5::write_column(nodes, "demand", std::span<const double>(net.nodes.demand), col);

      h5::Id edges = h5::create_group(g, "edges");
      h5::write_column(edges, "src", std::span<const std::uint32_t>(net.edges.src), col);
      h5::write_column(edges, "dst", std::span<const std::uint32_t>(net.edges.dst), col);
      h5::write_column(edges, "mode", std::span<const std::uint8_t>(net.edges.mode), col);
      h5::write_column(edges, "transit_time", std::span<const std::uint32_t>(net.edges.transit_time), col);

      if (net.has_customs || net.customs.size() > 0) {
        h5::Id customs = h5::create_group(g, "customs");
        h5::write_column(customs, "from", net.customs.from, col);
        h5::write_column(customs, "to", net.customs.to, col);
        h5::write_column(customs, "time", std::span<const std::uint32_t>(net.customs.time), col);
      }
      progress.advance();
    }
    h5::check(H5Fflush(f, H5F_SCOPE_GLOBAL), "H5Fflush");
  }
  out.commit();
  progress.finish();
}

}  // namespace hg::io
