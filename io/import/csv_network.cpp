#include "io/import/csv_network.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "host/model/code_index.hpp"
#include "host/core/errors.hpp"
#include "host/core/text.hpp"
#include "host/model/validate_network.hpp"
#include "io/csv_reader.hpp"
#include "io/csv_writer.hpp"
#include "io/output_file.hpp"

namespace hg::io {

namespace {

// --- reading values ------------------------------------------------------------

// Plain decimal digits that fit uint32: no sign, point, exponent or spaces inside.
std::uint32_t parse_u32(const CsvReader& in, const CsvField& f, std::string_view column) {
  const std::string_view s = trim(f.text);
  if (s.empty())
    in.fail(ErrorKind::csv_bad_value, f, fmt::format("{} is empty; expected a non-negative integer", column));
  if (s.size() > 1 && s[0] == '-' && all_digits(s.substr(1)))
    in.fail(ErrorKind::csv_bad_value, f, fmt::format("{} {} is negative", column, s));
  if (!all_digits(s))
    in.fail(ErrorKind::csv_bad_value, f,
            fmt::format("{} '{}' is not a non-negative integer (plain decimal digits)", column, s));
  std::uint64_t value = 0;
  for (const char c : s) {
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > 0xFFFFFFFFull)
      in.fail(ErrorKind::csv_bad_value, f, fmt::format("{} {} does not fit 32 bits (at most 4294967295)", column, s));
  }
  return static_cast<std::uint32_t>(value);
}

// A finite decimal number (std::from_chars grammar: no leading '+', no hex).
double parse_f64(const CsvReader& in, const CsvField& f, std::string_view column) {
  const std::string_view s = trim(f.text);
  if (s.empty()) in.fail(ErrorKind::csv_bad_value, f, fmt::format("{} is empty; expected a number", column));
  double value = 0.0;
  if (const auto error = parse_finite(s, column, value)) in.fail(ErrorKind::csv_bad_value, f, *error);
  return value;
}

double parse_in_range(const CsvReader& in, const CsvField& f, std::string_view column, double low, double high) {
  const double value = parse_f64(in, f, column);
  if (!(value >= low && value <= high))
    in.fail(ErrorKind::csv_bad_value, f, fmt::format("{} {} is outside [{}, {}]", column, value, low, high));
  return value;
}

std::string_view parse_country(const CsvReader& in, const CsvField& f, std::string_view column) {
  if (!is_country_code(f.text))
    in.fail(ErrorKind::csv_bad_value, f,
            fmt::format("{} '{}' is not an ISO 3166-1 alpha-2 code (two capital letters A-Z)", column, f.text));
  return f.text;
}

// An optional column: absent, or a blank cell, gives the default.
const CsvField* optional_field(const CsvReader& in, std::optional<std::size_t> column) {
  if (!column) return nullptr;
  const CsvField& f = in.field(*column);
  return trim(f.text).empty() ? nullptr : &f;
}

// --- the three tables ------------------------------------------------------------

void read_nodes(CsvReader& in, Nodes& nodes) {
  const std::size_t c_code = in.require_column("code"), c_country = in.require_column("country"),
                    c_lat = in.require_column("lat"), c_lon = in.require_column("lon");
  const auto c_name = in.find_column("name"), c_kind = in.find_column("kind"),
             c_handling = in.find_column("handling_time"), c_demand = in.find_column("demand");

  const std::size_t rows = in.row_count_hint();
  nodes.code.reserve(rows, 0);
  nodes.name.reserve(rows, 0);
  nodes.country.reserve(rows, 2 * rows);
  nodes.kind.reserve(rows);
  nodes.lat.reserve(rows);
  nodes.lon.reserve(rows);
  nodes.handling_time.reserve(rows);
  nodes.demand.reserve(rows);

  while (in.next_row()) {
    const CsvField& code = in.field(c_code);
    if (code.text.empty()) in.fail(ErrorKind::csv_bad_value, code, "code is empty");
    nodes.code.push_back(code.text);
    nodes.name.push_back(c_name ? in.field(*c_name).text : code.text);

    NodeKind kind = NodeKind::demand_zone;
    if (const CsvField* f = optional_field(in, c_kind)) {
      const auto parsed = parse_node_kind(trim(f->text));
      if (!parsed)
        in.fail(ErrorKind::csv_bad_value, *f,
                fmt::format("kind '{}' is not one of demand, site, hub, airport, seaport, rail, border, other "
                            "(or warehouse, demand_zone, rail_terminal, border_crossing, or a digit 0-7)",
                            f->text));
      kind = *parsed;
    }
    nodes.kind.push_back(static_cast<std::uint8_t>(kind));
    nodes.country.push_back(parse_country(in, in.field(c_country), "country"));
    nodes.lat.push_back(parse_in_range(in, in.field(c_lat), "lat", -90.0, 90.0));
    nodes.lon.push_back(parse_in_range(in, in.field(c_lon), "lon", -180.0, 180.0));
    const CsvField* handling = optional_field(in, c_handling);
    nodes.handling_time.push_back(handling ? parse_u32(in, *handling, "handling_time") : 0);
    double demand = 0.0;
    if (const CsvField* f = optional_field(in, c_demand)) {
      demand = parse_f64(in, *f, "demand");
      if (demand < 0.0) in.fail(ErrorKind::csv_bad_value, *f, fmt::format("demand {} is negative", demand));
    }
    nodes.demand.push_back(demand);
  }
}

// Where the code field of two data rows lies; read again only when an error
// needs it, so that the normal path keeps no per-row positions.
struct FieldPosition {
  std::size_t line = 0, column = 0;
};
std::pair<FieldPosition, FieldPosition> code_positions(const std::string& file, std::size_t row_a, std::size_t row_b) {
  CsvReader in = CsvReader::open(file);
  const std::size_t c_code = in.require_column("code");
  FieldPosition a, b;
  for (std::size_t row = 0; row <= row_b && in.next_row(); ++row) {
    const CsvField& f = in.field(c_code);
    if (row == row_a) a = {f.line, f.column};
    if (row == row_b) b = {f.line, f.column};
  }
  return {a, b};
}

void check_unique_codes(const std::string& file, const Nodes& nodes, CodeIndex& index) {
  const auto duplicate = CodeIndex::build(nodes.code, index);
  if (!duplicate) return;
  const auto [first, second] = code_positions(file, duplicate->first, duplicate->second);
  throw InputError(ErrorKind::duplicate_code,
                   fmt::format("{}:{}:{}: code '{}' is already the code of the node on line {}", file, second.line,
                               second.column, nodes.code[duplicate->second], first.line));
}

void read_edges(CsvReader& in, const CodeIndex& index, const std::string& nodes_file, Edges& edges) {
  const std::size_t c_from = in.require_column("from"), c_to = in.require_column("to"),
                    c_time = in.require_column("transit_time");
  const auto c_mode = in.find_column("mode");

  const std::size_t rows = in.row_count_hint();
  edges.src.reserve(rows);
  edges.dst.reserve(rows);
  edges.mode.reserve(rows);
  edges.transit_time.reserve(rows);

  const auto node = [&](std::size_t column, std::string_view name) {
    const CsvField& f = in.field(column);
    const auto id = index.find(f.text);
    if (!id)
      in.fail(ErrorKind::unknown_code, f,
              fmt::format("{} '{}' is the code of no node in {}", name, f.text, nodes_file));
    return *id;
  };
  while (in.next_row()) {
    edges.src.push_back(node(c_from, "from"));
    edges.dst.push_back(node(c_to, "to"));
    EdgeMode mode = EdgeMode::road;
    if (const CsvField* f = optional_field(in, c_mode)) {
      const auto parsed = parse_edge_mode(trim(f->text));
      if (!parsed)
        in.fail(
            ErrorKind::csv_bad_value, *f,
            fmt::format("mode '{}' is not one of road, air, rail, sea, transfer (or other, or a digit 0-4)", f->text));
      mode = *parsed;
    }
    edges.mode.push_back(static_cast<std::uint8_t>(mode));
    edges.transit_time.push_back(parse_u32(in, in.field(c_time), "transit_time"));
  }
}

void read_customs(CsvReader& in, const Nodes& nodes, const std::string& nodes_file, CustomsTable& customs) {
  const std::size_t c_from = in.require_column("from"), c_to = in.require_column("to"),
                    c_time = in.require_column("time");
  std::vector<bool> country_present(1u << 16, false);
  for (std::size_t i = 0; i < nodes.size(); ++i) country_present[country_key(nodes.country[i])] = true;
  std::unordered_map<std::uint32_t, std::size_t> first_line;  // (from, to) -> line of its first row

  while (in.next_row()) {
    const CsvField &from = in.field(c_from), &to = in.field(c_to);
    parse_country(in, from, "from");
    parse_country(in, to, "to");
    const Time time = parse_u32(in, in.field(c_time), "time");
    for (const CsvField* f : {&from, &to})
      if (!country_present[country_key(f->text)])
        in.fail(ErrorKind::customs_unknown_country, *f,
                fmt::format("country '{}' is the country of no node in {}", f->text, nodes_file));
    if (from.text == to.text)
      in.fail(ErrorKind::customs_self_row, from,
              fmt::format("row from '{}' to itself (customs apply between different countries)", from.text));
    const auto [it, inserted] = first_line.emplace((country_key(from.text) << 16) | country_key(to.text), from.line);
    if (!inserted)
      in.fail(ErrorKind::customs_duplicate_row, from,
              fmt::format("row ({}, {}) repeats the row on line {}", from.text, to.text, it->second));
    customs.from.push_back(from.text);
    customs.to.push_back(to.text);
    customs.time.push_back(time);
  }
}

// --- writing ---------------------------------------------------------------------

void write_nodes(CsvWriter& out, const Nodes& nodes) {
  for (const char* column : {"code", "name", "kind", "country", "lat", "lon", "handling_time", "demand"})
    out.text(column);
  out.end_row();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    out.text(nodes.code[i]);
    out.text(nodes.name[i]);
    out.text(node_kind_name(static_cast<NodeKind>(nodes.kind[i])));
    out.text(nodes.country[i]);
    out.number(nodes.lat[i]);
    out.number(nodes.lon[i]);
    out.number(std::uint64_t{nodes.handling_time[i]});
    out.number(nodes.demand[i]);
    out.end_row();
  }
}

void write_edges(CsvWriter& out, const Edges& edges, const StringColumn& codes) {
  for (const char* column : {"from", "to", "transit_time", "mode"}) out.text(column);
  out.end_row();
  for (std::size_t e = 0; e < edges.size(); ++e) {
    out.text(codes[edges.src[e]]);
    out.text(codes[edges.dst[e]]);
    out.number(std::uint64_t{edges.transit_time[e]});
    out.text(edge_mode_name(static_cast<EdgeMode>(edges.mode[e])));
    out.end_row();
  }
}

void write_customs(CsvWriter& out, const CustomsTable& customs) {
  for (const char* column : {"from", "to", "time"}) out.text(column);
  out.end_row();
  for (std::size_t r = 0; r < customs.size(); ++r) {
    out.text(customs.from[r]);
    out.text(customs.to[r]);
    out.number(std::uint64_t{customs.time[r]});
    out.end_row();
  }
}

}  // namespace

Network import_csv_network(const CsvImportOptions& options) {
  Network net;
  net.name = options.snapshot_name;
  net.time_unit = options.time_unit;
  net.default_customs_time = options.default_customs_time;
  net.description = options.description;
  net.valid_from = options.valid_from;

  // 1. Nodes, then their codes: edges refer to nodes by code.
  {
    CsvReader nodes = CsvReader::open(options.nodes_file);
    read_nodes(nodes, net.nodes);
  }
  CodeIndex index;
  check_unique_codes(options.nodes_file, net.nodes, index);

  // 2. Edges and the optional customs table.
  {
    CsvReader edges = CsvReader::open(options.edges_file);
    read_edges(edges, index, options.nodes_file, net.edges);
  }
  if (!options.customs_file.empty()) {
    net.has_customs = true;
    CsvReader customs = CsvReader::open(options.customs_file);
    read_customs(customs, net.nodes, options.nodes_file, net.customs);
  }

  // 3. The format's rules, as a safety net: every row was checked above.
  validate_network(net, options.nodes_file);
  return net;
}

void export_csv_network(const Network& network, const std::string& nodes_file, const std::string& edges_file,
                        const std::string& customs_file) {
  validate_network(network, "CSV export of snapshot '" + network.name + "'");  // edges index nodes safely below
  PartialFile nodes_out(nodes_file), edges_out(edges_file);
  std::optional<PartialFile> customs_out;
  if (!customs_file.empty()) customs_out.emplace(customs_file);
  {
    CsvWriter out(nodes_out);
    write_nodes(out, network.nodes);
    out.close();
  }
  {
    CsvWriter out(edges_out);
    write_edges(out, network.edges, network.nodes.code);
    out.close();
  }
  if (customs_out) {
    CsvWriter out(*customs_out);
    write_customs(out, network.customs);
    out.close();
  }
  nodes_out.commit();
  edges_out.commit();
  if (customs_out) customs_out->commit();
}

}  // namespace hg::io
