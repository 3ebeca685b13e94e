#include "io/import/road_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <vector>

#include "host/core/errors.hpp"
#include "host/core/text.hpp"
#include "host/model/validate_network.hpp"
#include "io/input_file.hpp"

namespace hg::io {

namespace {

constexpr std::uint64_t kMaxTime = std::numeric_limits<Time>::max();
// Edge arrays are reserved for the announced count up to this many: a bogus
// count in a header must not allocate gigabytes before a line is read.
constexpr std::uint64_t kMaxReservedEdges = std::uint64_t{1} << 26;

// --- fields and values -------------------------------------------------------------

// Blanks around tokens; a CR is one too (CRLF files).
constexpr std::string_view kLineBlanks = " \t\r";
constexpr bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The fields of a line, separated by spaces and tabs. Keeps the first N and
// counts them all, so that a line with too many fields is told as such.
template <std::size_t N>
struct Fields {
  std::array<std::string_view, N> at{};
  std::size_t count = 0;
};

template <std::size_t N>
Fields<N> split_fields(std::string_view line) {
  Fields<N> fields;
  const char* p = line.data();
  const char* const end = p + line.size();
  for (;;) {
    while (p != end && is_blank(*p)) ++p;
    if (p == end) return fields;
    const char* const start = p;
    while (p != end && !is_blank(*p)) ++p;
    if (fields.count < N) fields.at[fields.count] = std::string_view(start, static_cast<std::size_t>(p - start));
    ++fields.count;
  }
}

// A TNTP row ends in ';' (node rows may omit it); nothing but blanks may follow.
std::string_view strip_terminator(const InputFile& in, std::string_view text) {
  const std::size_t semicolon = text.find(';');
  if (semicolon == std::string_view::npos) return text;
  const std::string_view after = trim(text.substr(semicolon + 1), kLineBlanks);
  if (!after.empty()) in.fail(ErrorKind::csv_syntax, fmt::format("text after the ';' that ends the row: '{}'", after));
  return text.substr(0, semicolon);
}

[[noreturn]] void fail_unsigned(const InputFile& in, std::string_view text, std::string_view what) {
  if (text.size() > 1 && text.front() == '-' && all_digits(text.substr(1)))
    in.fail(ErrorKind::csv_bad_value, fmt::format("{} {} is negative", what, text));
  if (!text.empty() && all_digits(text))
    in.fail(ErrorKind::csv_bad_value, fmt::format("{} {} is too large", what, text));
  in.fail(ErrorKind::csv_bad_value, fmt::format("{} '{}' is not a non-negative integer", what, text));
}

// Plain decimal digits: no sign, point or exponent. (std::from_chars for an
// unsigned type takes exactly that; the slow path only explains a failure.)
std::uint64_t parse_unsigned(const InputFile& in, std::string_view text, std::string_view what) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) fail_unsigned(in, text, what);
  return value;
}

// A 1-based node id of the file as a 0-based snapshot index.
NodeId parse_node_id(const InputFile& in, std::string_view text, std::uint32_t nodes, std::string_view what) {
  const std::uint64_t id = parse_unsigned(in, text, what);
  if (id < 1 || id > nodes)
    in.fail(ErrorKind::csv_bad_value, fmt::format("{} {} is out of range: node ids run from 1 to {}", what, id, nodes));
  return static_cast<NodeId>(id - 1);
}

// The most nodes a road file may announce: every node costs memory before a
// single arc is read (fuzz/dimacs_import_fuzz found a 20-byte file declaring
// three billion nodes). The largest road networks in use (DIMACS USA) have
// 24 million.
constexpr std::uint32_t kMaxRoadNodes = 100'000'000;

// Every announced node costs memory (about 80 bytes) before the snapshot
// exists, and nodes without arcs are isolated: a count far beyond what the
// arcs could use is refused, so that memory stays in proportion to the file
// (fuzz finding 5: "p sp 41920821 0", 25 bytes, took 2.7 GB). Excerpts that
// keep the whole network's node count stay valid: the first 185 arcs of
// rome99 announce 3,353 nodes, 18 per arc.
constexpr std::uint64_t kNodesPerArc = 64, kIsolatedNodeSlack = 1000;

void check_nodes_touchable(const InputFile& in, std::size_t line, std::uint64_t nodes, std::uint64_t arcs,
                           std::string_view arc_word) {
  const std::uint64_t most = kNodesPerArc * arcs + kIsolatedNodeSlack;
  if (nodes > most)
    in.fail_at(ErrorKind::csv_bad_value, line,
               fmt::format("{} nodes announced for {} {}: at most {} x {} + {} = {} may be announced (nodes cost "
                           "memory before anything else, and without {} they are isolated)",
                           nodes, arcs, arc_word, kNodesPerArc, arc_word, kIsolatedNodeSlack, most, arc_word));
}

// A node count as a header gives it: at least one node, at most kMaxRoadNodes.
std::uint32_t parse_node_count(const InputFile& in, std::string_view text, std::string_view what) {
  const std::uint64_t count = parse_unsigned(in, text, what);
  if (count < 1 || count > kMaxRoadNodes)
    in.fail(ErrorKind::csv_bad_value, fmt::format("{} {} is out of range 1..{}", what, count, kMaxRoadNodes));
  return static_cast<std::uint32_t>(count);
}

// A finite decimal number (std::from_chars grammar).
double parse_finite_field(const InputFile& in, std::string_view text, std::string_view what) {
  double value = 0.0;
  if (const auto error = parse_finite(text, what, value)) in.fail(ErrorKind::csv_bad_value, *error);
  return value;
}

// --- the parts every road network shares --------------------------------------------

void check_country(const std::string& country) {
  HG_EXPECTS(is_country_code(country), ErrorKind::usage,
             "country '{}' is not an ISO 3166-1 alpha-2 code (two capital letters A-Z; ZZ = unknown)", country);
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// Nodes "1".."count" in id order, named "node N", at lat = lon = 0 until a
// coordinate file says otherwise.
void add_numbered_nodes(Nodes& nodes, std::uint32_t count, std::string_view country) {
  const std::size_t digits = std::to_string(count).size();
  nodes.code.reserve(count, count * digits);
  nodes.name.reserve(count, count * (digits + 5));
  nodes.country.reserve(count, 2 * std::size_t{count});
  std::array<char, 16> name = {'n', 'o', 'd', 'e', ' '};
  for (std::uint32_t id = 1; id <= count; ++id) {
    const char* const end = std::to_chars(name.data() + 5, name.data() + name.size(), id).ptr;
    const std::string_view full(name.data(), static_cast<std::size_t>(end - name.data()));
    nodes.code.push_back(full.substr(5));
    nodes.name.push_back(full);
    nodes.country.push_back(country);
  }
  nodes.kind.assign(count, static_cast<std::uint8_t>(NodeKind::other));
  nodes.lat.assign(count, 0.0);
  nodes.lon.assign(count, 0.0);
  nodes.handling_time.assign(count, 0);
  nodes.demand.assign(count, 0.0);
}

void reserve_edges(Edges& edges, std::uint64_t announced) {
  const auto count = static_cast<std::size_t>(std::min(announced, kMaxReservedEdges));
  edges.src.reserve(count);
  edges.dst.reserve(count);
  edges.mode.reserve(count);
  edges.transit_time.reserve(count);
}

void add_road_edge(Edges& edges, NodeId src, NodeId dst, Time time) {
  edges.src.push_back(src);
  edges.dst.push_back(dst);
  edges.mode.push_back(static_cast<std::uint8_t>(EdgeMode::road));
  edges.transit_time.push_back(time);
}

// --- DIMACS 9 ------------------------------------------------------------------------

// DIMACS arc weights as snapshot times: verbatim, metres at a speed, or
// scaled by the weights' unit.
class ArcWeight {
 public:
  explicit ArcWeight(const DimacsImportOptions& o) : speed_kmh_(o.speed_kmh), scale_(o.scale) {}

  Time operator()(const InputFile& in, std::string_view text) const {
    const std::uint64_t weight = parse_unsigned(in, text, "arc weight");
    if (weight > kMaxTime)
      in.fail(ErrorKind::csv_bad_value,
              fmt::format("arc weight {} does not fit 32 bits (at most {})", weight, kMaxTime));
    if (scale_) {
      const double scaled = std::round(static_cast<double>(weight) * *scale_);
      if (!(scaled <= static_cast<double>(kMaxTime)))
        in.fail(ErrorKind::csv_bad_value,
                fmt::format("arc weight {} x scale {} = {}, which does not fit 32 bits", weight, *scale_, scaled));
      return static_cast<Time>(scaled);
    }
    if (!speed_kmh_) return static_cast<Time>(weight);
    // metres / (km/h / 3.6) = metres * 36 / (km/h * 10): whole metres times 36
    // are exact, so an exact half second (125 m at 36 km/h = 12.5 s) stays
    // one and std::round takes it away from zero.
    const double seconds = std::round(static_cast<double>(weight) * 36.0 / (*speed_kmh_ * 10.0));
    if (!(seconds <= static_cast<double>(kMaxTime)))
      in.fail(ErrorKind::csv_bad_value, fmt::format("arc weight {} m at {} km/h takes {} s, which does not fit 32 bits",
                                                    weight, *speed_kmh_, seconds));
    return static_cast<Time>(seconds);
  }

 private:
  std::optional<double> speed_kmh_;
  std::optional<double> scale_;
};

// What the "p sp NODES ARCS" line announces, and where it is (0: not seen).
struct GrProblem {
  std::uint32_t nodes = 0;
  std::uint64_t arcs = 0;
  std::size_t line = 0;
};

GrProblem parse_gr_problem(const InputFile& in, const Fields<5>& f, const GrProblem& before) {
  if (before.line != 0)
    in.fail(ErrorKind::csv_syntax, fmt::format("a second 'p' line (the first is on line {})", before.line));
  if (f.count != 4 || f.at[1] != "sp")
    in.fail(ErrorKind::csv_syntax, "expected the problem line 'p sp NODES ARCS'");
  return {parse_node_count(in, f.at[2], "node count"), parse_unsigned(in, f.at[3], "arc count"), in.line_number()};
}

GrProblem read_gr(const std::string& file, const ArcWeight& weight, Edges& edges) {
  InputFile in(file);
  GrProblem problem;
  std::uint64_t arcs = 0;
  std::string_view line;
  while (in.next_line(line)) {
    const Fields<5> f = split_fields<5>(line);
    if (f.count == 0 || f.at[0].front() == 'c') continue;  // blank or comment
    if (f.at[0] == "a") {
      if (problem.line == 0) in.fail(ErrorKind::csv_syntax, "an arc before the problem line 'p sp NODES ARCS'");
      if (f.count != 4)
        in.fail(ErrorKind::csv_syntax, fmt::format("expected 'a TAIL HEAD WEIGHT', found {} fields", f.count));
      const NodeId tail = parse_node_id(in, f.at[1], problem.nodes, "tail");
      const NodeId head = parse_node_id(in, f.at[2], problem.nodes, "head");
      add_road_edge(edges, tail, head, weight(in, f.at[3]));
      ++arcs;
    } else if (f.at[0] == "p") {
      problem = parse_gr_problem(in, f, problem);
      reserve_edges(edges, problem.arcs);
    } else {
      in.fail(ErrorKind::csv_syntax, fmt::format("unknown line type '{}' (.gr lines start with c, p or a)", f.at[0]));
    }
  }
  if (problem.line == 0) in.fail_file(ErrorKind::csv_syntax, "no problem line 'p sp NODES ARCS'");
  if (arcs != problem.arcs)
    in.fail_at(ErrorKind::csv_syntax, problem.line,
               fmt::format("the problem line announces {} arcs, but the file has {}", problem.arcs, arcs));
  check_nodes_touchable(in, problem.line, problem.nodes, arcs, "arcs");
  return problem;
}

// One coordinate in millionths of a degree, as degrees within +-limit.
double parse_microdegrees(const InputFile& in, std::string_view text, std::string_view what, double limit) {
  std::int64_t micro = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), micro);
  if (ec != std::errc() || end != text.data() + text.size())
    in.fail(ErrorKind::csv_bad_value, fmt::format("{} '{}' is not an integer (millionths of a degree)", what, text));
  const double degrees = static_cast<double>(micro) / 1e6;
  if (!(std::abs(degrees) <= limit))
    in.fail(ErrorKind::csv_bad_value,
            fmt::format("{} {} is {} degrees, outside [-{}, {}]", what, text, degrees, limit, limit));
  return degrees;
}

// "p aux sp co NODES", then "v ID X Y" once for every node of the .gr file.
void read_co(const std::string& file, const std::string& gr_file, std::uint32_t nodes, Nodes& out) {
  InputFile in(file);
  std::size_t problem_line = 0;
  std::uint64_t given = 0;
  std::vector<bool> seen(nodes, false);
  std::string_view line;
  while (in.next_line(line)) {
    const Fields<6> f = split_fields<6>(line);
    if (f.count == 0 || f.at[0].front() == 'c') continue;
    if (f.at[0] == "v") {
      if (problem_line == 0) in.fail(ErrorKind::csv_syntax, "coordinates before the problem line 'p aux sp co NODES'");
      if (f.count != 4) in.fail(ErrorKind::csv_syntax, fmt::format("expected 'v ID X Y', found {} fields", f.count));
      const NodeId id = parse_node_id(in, f.at[1], nodes, "node id");
      if (seen[id]) in.fail(ErrorKind::csv_bad_value, fmt::format("node {} already has coordinates", id + 1));
      seen[id] = true;
      out.lon[id] = parse_microdegrees(in, f.at[2], "x (longitude)", 180.0);
      out.lat[id] = parse_microdegrees(in, f.at[3], "y (latitude)", 90.0);
      ++given;
    } else if (f.at[0] == "p") {
      if (problem_line != 0)
        in.fail(ErrorKind::csv_syntax, fmt::format("a second 'p' line (the first is on line {})", problem_line));
      if (f.count != 5 || f.at[1] != "aux" || f.at[2] != "sp" || f.at[3] != "co")
        in.fail(ErrorKind::csv_syntax, "expected the problem line 'p aux sp co NODES'");
      const std::uint64_t count = parse_unsigned(in, f.at[4], "node count");
      if (count != nodes)
        in.fail(ErrorKind::csv_bad_value,
                fmt::format("the coordinates are for {} nodes, but {} has {}", count, gr_file, nodes));
      problem_line = in.line_number();
    } else {
      in.fail(ErrorKind::csv_syntax, fmt::format("unknown line type '{}' (.co lines start with c, p or v)", f.at[0]));
    }
  }
  if (problem_line == 0) in.fail_file(ErrorKind::csv_syntax, "no problem line 'p aux sp co NODES'");
  if (given != nodes)
    in.fail_at(ErrorKind::csv_syntax, problem_line,
               fmt::format("the problem line announces {} nodes, but the file gives coordinates for {}", nodes, given));
}

std::string dimacs_description(const DimacsImportOptions& o) {
  std::string text = fmt::format("DIMACS 9 road network from {}; ", file_name(o.gr_file));
  if (o.speed_kmh)
    text += fmt::format("arc weights are metres, converted to seconds at {} km/h", *o.speed_kmh);
  else if (o.scale)
    text += fmt::format("arc weights in units of {} {}s, rounded to whole {}s", *o.scale, time_unit_name(o.unit),
                        time_unit_name(o.unit));
  else
    text += fmt::format("arc weights verbatim, assumed to be {}s (the files do not say)", time_unit_name(o.unit));
  text += o.co_file.empty() ? "; no coordinates" : fmt::format("; coordinates from {}", file_name(o.co_file));
  return text;
}

// --- TNTP ----------------------------------------------------------------------------

// init_node term_node capacity length free_flow_time b power speed toll link_type
constexpr std::size_t kTntpLinkFields = 10;
constexpr std::size_t kFreeFlowField = 4;

struct TntpMetadata {
  std::uint32_t nodes = 0;
  std::uint64_t links = 0;
  std::uint32_t zones = 0;
  std::uint32_t first_thru_node = 1;
  std::size_t links_line = 0;  // where <NUMBER OF LINKS> is, for the count check
};

// The metadata block up to <END OF METADATA>. <NUMBER OF NODES> and <NUMBER
// OF LINKS> are required; without <NUMBER OF ZONES> the zones are the nodes
// before <FIRST THRU NODE>; other tags are ignored.
TntpMetadata read_tntp_metadata(InputFile& in) {
  TntpMetadata meta;
  std::size_t nodes_line = 0, zones_line = 0, thru_line = 0;
  std::string_view line;
  while (in.next_line(line)) {
    const std::string_view text = trim(line, kLineBlanks);
    if (text.empty() || text.front() == '~') continue;
    const std::size_t close = text.find('>');
    if (text.front() != '<' || close == std::string_view::npos)
      in.fail(ErrorKind::csv_syntax, "expected a metadata line '<TAG> value' or '<END OF METADATA>' before the links");
    const std::string_view tag = trim(text.substr(1, close - 1), kLineBlanks), value = trim(text.substr(close + 1), kLineBlanks);
    const auto first_time = [&](std::size_t& seen_line) {
      if (seen_line != 0) in.fail(ErrorKind::csv_syntax, fmt::format("<{}> again (first on line {})", tag, seen_line));
      seen_line = in.line_number();
    };
    const std::string what = fmt::format("<{}>", tag);
    if (tag == "NUMBER OF NODES") {
      first_time(nodes_line);
      meta.nodes = parse_node_count(in, value, what);
    } else if (tag == "NUMBER OF LINKS") {
      first_time(meta.links_line);
      meta.links = parse_unsigned(in, value, what);
    } else if (tag == "NUMBER OF ZONES") {
      first_time(zones_line);
      const std::uint64_t zones = parse_unsigned(in, value, what);
      if (zones >= kNoNode) in.fail(ErrorKind::csv_bad_value, fmt::format("{} {} is too large", what, zones));
      meta.zones = static_cast<std::uint32_t>(zones);
    } else if (tag == "FIRST THRU NODE") {
      first_time(thru_line);
      const std::uint64_t first = parse_unsigned(in, value, what);
      if (first < 1 || first >= kNoNode)
        in.fail(ErrorKind::csv_bad_value, fmt::format("{} {} is out of range", what, first));
      meta.first_thru_node = static_cast<std::uint32_t>(first);
    } else if (tag == "END OF METADATA") {
      if (nodes_line == 0) in.fail(ErrorKind::csv_syntax, "the metadata ends without <NUMBER OF NODES>");
      if (meta.links_line == 0) in.fail(ErrorKind::csv_syntax, "the metadata ends without <NUMBER OF LINKS>");
      if (meta.first_thru_node > std::uint64_t{meta.nodes} + 1)
        in.fail_at(ErrorKind::csv_bad_value, thru_line,
                   fmt::format("<FIRST THRU NODE> {} is beyond the {} nodes", meta.first_thru_node, meta.nodes));
      if (zones_line == 0) meta.zones = meta.first_thru_node - 1;
      if (meta.zones > meta.nodes)
        in.fail_at(ErrorKind::csv_bad_value, zones_line != 0 ? zones_line : thru_line,
                   fmt::format("{} zones, but only {} nodes", meta.zones, meta.nodes));
      return meta;
    }
  }
  in.fail(ErrorKind::csv_syntax, "the file ends before <END OF METADATA>");
}

// round(minutes * 60), halves up, computed exactly from a plain decimal
// ("1.333", "5", ".5"): the fraction is multiplied by 120 digit by digit, so
// no binary rounding creeps in (0.0125 min is exactly 0.75 s, 0.025 min
// exactly 1.5 s -> 2 s). nullopt when the text is not a plain decimal.
std::optional<std::uint64_t> plain_decimal_minutes_to_seconds(std::string_view text) {
  const std::size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if ((whole.empty() && fraction.empty()) || !all_digits(whole) || !all_digits(fraction)) return std::nullopt;
  std::uint64_t minutes = 0;
  for (const char c : whole) {
    minutes = minutes * 10 + static_cast<std::uint64_t>(c - '0');
    if (minutes > kMaxTime) return kMaxTime + 1;  // too large in any case; the caller says so
  }
  // carry ends as floor(120 * 0.fraction), the whole part of twice the fraction's seconds.
  unsigned carry = 0;
  for (auto digit = fraction.rbegin(); digit != fraction.rend(); ++digit)
    carry = (static_cast<unsigned>(*digit - '0') * 120 + carry) / 10;
  // floor(60 f + 1/2) = floor((120 f + 1) / 2) = floor((floor(120 f) + 1) / 2)
  return minutes * 60 + (carry + 1) / 2;
}

// free_flow_time, in minutes, as whole seconds. Other number forms (an
// exponent) go through a double.
Time parse_free_flow_seconds(const InputFile& in, std::string_view text) {
  std::uint64_t seconds = 0;
  if (const auto exact = plain_decimal_minutes_to_seconds(text)) {
    seconds = *exact;
  } else {
    const double minutes = parse_finite_field(in, text, "free_flow_time");
    if (minutes < 0.0) in.fail(ErrorKind::csv_bad_value, fmt::format("free_flow_time {} is negative", text));
    const double rounded = std::round(minutes * 60.0);
    seconds = rounded <= static_cast<double>(kMaxTime) ? static_cast<std::uint64_t>(rounded) : kMaxTime + 1;
  }
  if (seconds > kMaxTime)
    in.fail(ErrorKind::csv_bad_value,
            fmt::format("free_flow_time {} minutes does not fit 32 bits in seconds (at most {} s)", text, kMaxTime));
  return static_cast<Time>(seconds);
}

// One link per line after the metadata: ten fields and a ';'.
void read_tntp_links(InputFile& in, const TntpMetadata& meta, Edges& edges) {
  reserve_edges(edges, meta.links);
  std::uint64_t links = 0;
  std::string_view line;
  while (in.next_line(line)) {
    const std::string_view text = trim(line, kLineBlanks);
    if (text.empty() || text.front() == '~') continue;
    const Fields<kTntpLinkFields> f = split_fields<kTntpLinkFields>(strip_terminator(in, text));
    if (f.count != kTntpLinkFields)
      in.fail(ErrorKind::csv_syntax,
              fmt::format("expected {} fields (init_node term_node capacity length free_flow_time b power speed "
                          "toll link_type), found {}",
                          kTntpLinkFields, f.count));
    const NodeId init = parse_node_id(in, f.at[0], meta.nodes, "init_node");
    const NodeId term = parse_node_id(in, f.at[1], meta.nodes, "term_node");
    add_road_edge(edges, init, term, parse_free_flow_seconds(in, f.at[kFreeFlowField]));
    ++links;
  }
  if (links != meta.links)
    in.fail_at(ErrorKind::csv_syntax, meta.links_line,
               fmt::format("<NUMBER OF LINKS> is {}, but the file has {} links", meta.links, links));
}

// "NODE X Y" rows, an optional header line first, a trailing ';' optional.
// Nodes without a row keep lat = lon = 0. Returns whether the coordinates
// were taken: only when every row lies within degree ranges (the Chicago
// files hold State Plane feet, which are no use as degrees).
bool read_tntp_nodes(const std::string& file, std::uint32_t count, Nodes& nodes) {
  InputFile in(file);
  std::vector<bool> seen(count, false);
  bool first_row = true, degrees = true;
  std::string_view line;
  while (in.next_line(line)) {
    const std::string_view text = trim(line, kLineBlanks);
    if (text.empty() || text.front() == '~') continue;
    const Fields<4> f = split_fields<4>(strip_terminator(in, text));
    if (f.count == 0) continue;
    const bool header = first_row && !is_digit(f.at[0].front());  // "node X Y", "Node X Y ;"
    first_row = false;
    if (header) continue;
    if (f.count != 3) in.fail(ErrorKind::csv_syntax, fmt::format("expected 'NODE X Y', found {} fields", f.count));
    const NodeId id = parse_node_id(in, f.at[0], count, "node");
    if (seen[id]) in.fail(ErrorKind::csv_bad_value, fmt::format("node {} already has coordinates", id + 1));
    seen[id] = true;
    const double x = parse_finite_field(in, f.at[1], "X"), y = parse_finite_field(in, f.at[2], "Y");
    nodes.lon[id] = x;
    nodes.lat[id] = y;
    degrees = degrees && std::abs(x) <= 180.0 && std::abs(y) <= 90.0;
  }
  if (!degrees) {
    std::fill(nodes.lon.begin(), nodes.lon.end(), 0.0);
    std::fill(nodes.lat.begin(), nodes.lat.end(), 0.0);
  }
  return degrees;
}

std::string tntp_description(const TntpImportOptions& o, bool degrees) {
  std::string text = fmt::format("TNTP road network from {}; free_flow_time minutes rounded to whole seconds; ",
                                 file_name(o.net_file));
  if (o.node_file.empty()) return text + "no coordinates";
  if (degrees) return text + fmt::format("coordinates from {}", file_name(o.node_file));
  return text + fmt::format("no coordinates ({} holds planar X/Y, not degrees)", file_name(o.node_file));
}

}  // namespace

Network import_dimacs(const DimacsImportOptions& o) {
  check_country(o.country);
  HG_EXPECTS(!o.speed_kmh || (std::isfinite(*o.speed_kmh) && *o.speed_kmh > 0.0), ErrorKind::usage,
             "speed {} km/h: the speed must be a positive number", o.speed_kmh.value_or(0.0));
  HG_EXPECTS(!o.scale || (std::isfinite(*o.scale) && *o.scale > 0.0), ErrorKind::usage,
             "scale {}: the scale must be a positive finite number", o.scale.value_or(0.0));
  HG_EXPECTS(!o.scale || !o.speed_kmh, ErrorKind::usage,
             "a scale and a speed cannot be combined: the speed already converts metres to seconds");
  HG_EXPECTS(!o.speed_kmh || o.unit == TimeUnit::second, ErrorKind::usage,
             "a speed converts metres to seconds: it cannot be combined with the time unit {}", time_unit_name(o.unit));
  Network net;
  net.name = o.snapshot_name;
  net.time_unit = o.speed_kmh ? TimeUnit::second : o.unit;

  // 1. Arcs; the problem line gives the node count.
  const GrProblem problem = read_gr(o.gr_file, ArcWeight(o), net.edges);
  // 2. Nodes "1".."N", then their coordinates.
  add_numbered_nodes(net.nodes, problem.nodes, o.country);
  if (!o.co_file.empty()) read_co(o.co_file, o.gr_file, problem.nodes, net.nodes);

  // Valid by construction: every value was checked as it was read. (No
  // validate_network here: on 20M nodes its code index alone costs seconds,
  // and write_snapshot validates before it writes.)
  net.description = dimacs_description(o);
  return net;
}

Network import_tntp(const TntpImportOptions& o) {
  check_country(o.country);
  Network net;
  net.name = o.snapshot_name;
  net.time_unit = TimeUnit::second;

  // 1. Metadata and links.
  TntpMetadata meta;
  {
    InputFile in(o.net_file);
    meta = read_tntp_metadata(in);
    read_tntp_links(in, meta, net.edges);
    check_nodes_touchable(in, meta.links_line, meta.nodes, meta.links, "links");
  }
  // 2. Nodes "1".."n": zones first, as demand zones.
  add_numbered_nodes(net.nodes, meta.nodes, o.country);
  std::fill_n(net.nodes.kind.begin(), meta.zones, static_cast<std::uint8_t>(NodeKind::demand_zone));
  const bool degrees = o.node_file.empty() || read_tntp_nodes(o.node_file, meta.nodes, net.nodes);

  net.description = tntp_description(o, degrees);
  // Zones before this node may not be passed through (chicago-regional): kept for a later solver to enforce.
  net.extra_attributes.emplace_back("tntp_first_thru_node", std::to_string(meta.first_thru_node));
  return net;  // valid by construction, as above
}

std::optional<ImpliedSpeeds> implied_speeds(const Network& net) {
  const double seconds_per_unit = net.time_unit == TimeUnit::minute ? 60.0 : 1.0;
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRadians = 3.14159265358979323846 / 180.0;
  std::vector<double> kmh;
  kmh.reserve(net.edges.size());
  for (std::size_t e = 0; e < net.edges.size(); ++e) {
    const Time t = net.edges.transit_time[e];
    const NodeId u = net.edges.src[e], v = net.edges.dst[e];
    if (t == 0) continue;
    // Haversine: well conditioned for the short distances of road links.
    const double dlat = (net.nodes.lat[v] - net.nodes.lat[u]) * kRadians;
    const double dlon = (net.nodes.lon[v] - net.nodes.lon[u]) * kRadians;
    const double a = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(net.nodes.lat[u] * kRadians) *
                                                                  std::cos(net.nodes.lat[v] * kRadians) *
                                                                  std::sin(dlon / 2) * std::sin(dlon / 2);
    const double km = 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
    if (km <= 0) continue;
    kmh.push_back(km / (t * seconds_per_unit / 3600.0));
  }
  if (kmh.empty()) return std::nullopt;
  const auto at = [&](double share) {
    const auto k = kmh.begin() + static_cast<std::ptrdiff_t>(share * static_cast<double>(kmh.size() - 1));
    std::nth_element(kmh.begin(), k, kmh.end());
    return *k;
  };
  ImpliedSpeeds s;
  s.edges = kmh.size();
  s.p10_kmh = at(0.1);
  s.median_kmh = at(0.5);
  s.p90_kmh = at(0.9);
  return s;
}

bool plausible_road_speed(double kmh) { return kmh >= 10.0 && kmh <= 150.0; }

}  // namespace hg::io
