// Road-network importers (io/import/road_import.hpp): DIMACS 9 and TNTP. Expected
// values are read by hand from the fixtures in tests/data/road/ (see its
// README) or from the small files the tests write; every malformed line is
// checked for its error kind and its FILE:LINE.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <sstream>

#include "host/core/errors.hpp"
#include "host/model/validate_network.hpp"
#include "io/import/road_import.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

// --- helpers -----------------------------------------------------------------------

std::string road_file(std::string_view name) { return test::data_file("road/" + std::string(name)); }

Network import_gr(const std::string& gr, const std::string& co = "") {
  io::DimacsImportOptions o;
  o.gr_file = gr;
  o.co_file = co;
  return io::import_dimacs(o);
}

Network import_net(const std::string& net, const std::string& nodes = "") {
  io::TntpImportOptions o;
  o.net_file = net;
  o.node_file = nodes;
  return io::import_tntp(o);
}

// A .gr text (or .co text) written to a fresh folder, imported; the error must
// be `kind` at "FILE:LINE: ".
void expect_gr_error(std::string_view gr, ErrorKind kind, std::size_t line) {
  const std::string file = test::write_file(test::temp_dir(), "bad.gr", gr);
  test::expect_input_error([&] { import_gr(file); }, kind, fmt::format("{}:{}: ", file, line));
}

constexpr std::string_view kSmallGr = "p sp 3 2\na 1 2 10\na 2 3 20\n";

void expect_co_error(std::string_view co, ErrorKind kind, std::size_t line) {
  const fs::path dir = test::temp_dir();
  const std::string gr = test::write_file(dir, "ok.gr", kSmallGr), file = test::write_file(dir, "bad.co", co);
  test::expect_input_error([&] { import_gr(gr, file); }, kind, fmt::format("{}:{}: ", file, line));
}

// TNTP metadata for `nodes` nodes and `links` links; the links start on line 5.
std::string tntp_header(int nodes, int links) {
  return fmt::format(
      "<NUMBER OF NODES> {}\n<NUMBER OF LINKS> {}\n<END OF METADATA>\n"
      "~ init term cap len fft b power speed toll type ;\n",
      nodes, links);
}
// A link row with the given ends and free_flow_time, the other fields as in Sioux Falls.
std::string link(std::string_view init, std::string_view term, std::string_view minutes) {
  return fmt::format("\t{}\t{}\t25900.2\t6\t{}\t0.15\t4\t0\t0\t1\t;\n", init, term, minutes);
}

void expect_net_error(std::string_view net, ErrorKind kind, std::size_t line) {
  const std::string file = test::write_file(test::temp_dir(), "bad_net.tntp", net);
  test::expect_input_error([&] { import_net(file); }, kind, fmt::format("{}:{}: ", file, line));
}

void expect_node_file_error(std::string_view nodes, ErrorKind kind, std::size_t line) {
  const fs::path dir = test::temp_dir();
  const std::string net = test::write_file(dir, "ok_net.tntp", tntp_header(3, 1) + link("1", "2", "1")),
                    file = test::write_file(dir, "bad_node.tntp", nodes);
  test::expect_input_error([&] { import_net(net, file); }, kind, fmt::format("{}:{}: ", file, line));
}

// --- TNTP: Sioux Falls ----------------------------------------------------------------

TEST(TntpImport, SiouxFallsNodesLinksAndTimes) {
  const Network net = import_net(road_file("SiouxFalls_net.tntp"), road_file("SiouxFalls_node.tntp"));
  EXPECT_NO_THROW(validate_network(net, "SiouxFalls"));
  EXPECT_EQ(net.name, "road");
  EXPECT_EQ(net.time_unit, TimeUnit::second);
  ASSERT_EQ(net.nodes.size(), 24u);
  ASSERT_EQ(net.edges.size(), 76u);
  EXPECT_EQ(net.nodes.code[0], "1");
  EXPECT_EQ(net.nodes.code[23], "24");
  EXPECT_EQ(net.nodes.name[23], "node 24");
  EXPECT_EQ(net.nodes.country[5], "ZZ");
  // <NUMBER OF ZONES> 24: every node is a zone.
  EXPECT_EQ(net.nodes.kind, std::vector<std::uint8_t>(24, static_cast<std::uint8_t>(NodeKind::demand_zone)));
  EXPECT_EQ(net.nodes.handling_time, std::vector<Time>(24, 0));
  EXPECT_EQ(net.nodes.demand, std::vector<double>(24, 0.0));
  // Rows (file line): "1 2 ... 6" (10), "4 5 ... 2" (18), "8 9 ... 10" (30), "14 15 ... 5" (50), "24 23 ... 2" (85).
  const auto expect_link = [&](std::size_t e, NodeId src, NodeId dst, Time seconds) {
    EXPECT_EQ(net.edges.src[e], src - 1) << "link " << e;
    EXPECT_EQ(net.edges.dst[e], dst - 1) << "link " << e;
    EXPECT_EQ(net.edges.transit_time[e], seconds) << "link " << e;
  };
  expect_link(0, 1, 2, 6 * 60);
  expect_link(8, 4, 5, 2 * 60);
  expect_link(20, 8, 9, 10 * 60);
  expect_link(40, 14, 15, 5 * 60);
  expect_link(75, 24, 23, 2 * 60);
  EXPECT_EQ(net.edges.mode, std::vector<std::uint8_t>(76, static_cast<std::uint8_t>(EdgeMode::road)));
  // Node rows "1 -96.77041974 43.61282792 ;" and "24 -96.74920028 43.50316422 ;": degrees, so kept.
  EXPECT_EQ(net.nodes.lon[0], -96.77041974);
  EXPECT_EQ(net.nodes.lat[0], 43.61282792);
  EXPECT_EQ(net.nodes.lon[23], -96.74920028);
  EXPECT_EQ(net.nodes.lat[23], 43.50316422);
  EXPECT_NE(net.description.find("SiouxFalls_net.tntp"), std::string::npos) << net.description;
  EXPECT_NE(net.description.find("coordinates from SiouxFalls_node.tntp"), std::string::npos) << net.description;
  EXPECT_EQ(net.extra_attributes,
            (std::vector<std::pair<std::string, std::string>>{{"tntp_first_thru_node", "1"}}));
}

TEST(TntpImport, WithoutNodeFileCoordinatesAreZero) {
  const Network net = import_net(road_file("SiouxFalls_net.tntp"));
  EXPECT_EQ(net.nodes.lat, std::vector<double>(24, 0.0));
  EXPECT_EQ(net.nodes.lon, std::vector<double>(24, 0.0));
  EXPECT_NE(net.description.find("no coordinates"), std::string::npos);
}

TEST(TntpImport, PlanarCoordinatesAreDropped) {
  // Chicago-style rows in State Plane feet, no ';': not degrees, so no node gets any.
  const fs::path dir = test::temp_dir();
  const std::string net = test::write_file(dir, "c_net.tntp", tntp_header(3, 1) + link("1", "2", "1")),
                    nodes = test::write_file(dir, "c_node.tntp", "node\tX\tY\n1\t120.5\t45\n2\t712475\t1855780\n");
  const Network imported = import_net(net, nodes);
  EXPECT_EQ(imported.nodes.lon, std::vector<double>(3, 0.0));
  EXPECT_EQ(imported.nodes.lat, std::vector<double>(3, 0.0));
  EXPECT_NE(imported.description.find("c_node.tntp holds planar X/Y, not degrees"), std::string::npos)
      << imported.description;
}

TEST(TntpImport, NodeRowsWithAndWithoutSemicolonAndMissingRows) {
  const fs::path dir = test::temp_dir();
  const std::string net = test::write_file(dir, "n_net.tntp", tntp_header(3, 1) + link("1", "2", "1")),
                    nodes = test::write_file(dir, "n_node.tntp", "Node X Y ;\n3 -1.5 2.25 ;\n1 10 -20\n");
  const Network imported = import_net(net, nodes);
  EXPECT_EQ(imported.nodes.lon, (std::vector<double>{10.0, 0.0, -1.5}));  // node 2 has no row
  EXPECT_EQ(imported.nodes.lat, (std::vector<double>{-20.0, 0.0, 2.25}));
}

TEST(TntpImport, ZonesFromNumberOfZonesElseFirstThruNode) {
  const fs::path dir = test::temp_dir();
  const std::string with_zones = test::write_file(
      dir, "z_net.tntp",
      "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 4\n<FIRST THRU NODE> 3\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n" +
          link("1", "4", "0"));
  const Network zones = import_net(with_zones);
  EXPECT_EQ(zones.nodes.kind, (std::vector<std::uint8_t>{0, 0, 7, 7}));
  EXPECT_EQ(zones.extra_attributes[0].second, "3");
  const std::string thru_only = test::write_file(
      dir, "t_net.tntp", "<NUMBER OF NODES> 4\n<FIRST THRU NODE> 2\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n" +
                             link("1", "4", "0"));
  EXPECT_EQ(import_net(thru_only).nodes.kind, (std::vector<std::uint8_t>{0, 7, 7, 7}));
}

TEST(TntpImport, MinutesRoundToTheNearestSecondExactly) {
  // minutes -> seconds, by hand: 1.025 min = 61.5 s -> 62 (as a double, 1.025 * 60 is 61.49999999999999);
  // 0.025 = 1.5 s -> 2; 0.0125 = 0.75 -> 1; 1.333 = 79.98 -> 80; 0.008333 = 0.49998 -> 0;
  // 0.0083333333333334 = 0.500000000000004 -> 1; 1.903 = 114.18 -> 114; 5. = 300; .5 = 30;
  // 1.5e1 = 15 min = 900; 0 = 0 (a zone connector); 71582788 min = 4294967280 s, the largest that fits.
  const std::vector<std::pair<std::string, Time>> cases = {
      {"1.025", 62}, {"0.025", 2},    {"0.0125", 1}, {"1.333", 80}, {"0.008333", 0}, {"0.0083333333333334", 1},
      {"1.903", 114}, {"5.", 300},    {".5", 30},    {"1.5e1", 900}, {"0", 0},       {"71582788", 4294967280u}};
  std::string text = tntp_header(2, static_cast<int>(cases.size()));
  for (const auto& [minutes, seconds] : cases) text += link("1", "2", minutes);
  const Network net = import_net(test::write_file(test::temp_dir(), "r_net.tntp", text));
  ASSERT_EQ(net.edges.size(), cases.size());
  for (std::size_t e = 0; e < cases.size(); ++e)
    EXPECT_EQ(net.edges.transit_time[e], cases[e].second) << cases[e].first << " minutes";
}

TEST(TntpImport, ParallelLinksAndSpacesKept) {
  // Space-separated rows, a ';' right after the last field, a self loop.
  const std::string text =
      tntp_header(2, 3) + "1 2 1 1 3 0.15 4 0 0 1 ;\n1 2 1 1 2 0.15 4 0 0 1;\n" + link("2", "2", "1");
  const Network net = import_net(test::write_file(test::temp_dir(), "p_net.tntp", text));
  EXPECT_EQ(net.edges.src, (std::vector<NodeId>{0, 0, 1}));
  EXPECT_EQ(net.edges.dst, (std::vector<NodeId>{1, 1, 1}));
  EXPECT_EQ(net.edges.transit_time, (std::vector<Time>{180, 120, 60}));
}

TEST(TntpImport, ByteOrderMarkAndCrlf) {
  // A byte-order mark, then every line ended by CRLF. (Built by appending:
  // GCC 12 at -O3 warns, -Wrestrict, on `"..." + string` and on insert.)
  std::string text = "\xEF\xBB\xBF";
  for (const char c : tntp_header(2, 1) + link("1", "2", "1.5")) {
    if (c == '\n') text += '\r';
    text += c;
  }
  const Network net = import_net(test::write_file(test::temp_dir(), "bom_net.tntp", text));
  EXPECT_EQ(net.nodes.size(), 2u);
  EXPECT_EQ(net.edges.transit_time, (std::vector<Time>{90}));
}

// --- TNTP: errors ---------------------------------------------------------------------

TEST(TntpErrors, LinkCountDiffersFromMetadata) {
  const std::string file = test::write_file(test::temp_dir(), "c_net.tntp", tntp_header(3, 2) + link("1", "2", "1"));
  // <NUMBER OF LINKS> is on line 2.
  test::expect_input_error([&] { import_net(file); }, ErrorKind::csv_syntax,
               file + ":2: <NUMBER OF LINKS> is 2, but the file has 1 links");
}

TEST(TntpErrors, NodeIdsOutOfRange) {
  expect_net_error(tntp_header(3, 2) + link("1", "2", "1") + link("0", "2", "1"), ErrorKind::csv_bad_value, 6);
  expect_net_error(tntp_header(3, 1) + link("1", "4", "1"), ErrorKind::csv_bad_value, 5);
  expect_net_error(tntp_header(3, 1) + link("-1", "2", "1"), ErrorKind::csv_bad_value, 5);
  expect_net_error(tntp_header(3, 1) + link("1.0", "2", "1"), ErrorKind::csv_bad_value, 5);
}

TEST(TntpErrors, FreeFlowTimeNotANonNegativeFiniteNumber) {
  for (const char* bad : {"-1", "-0.5", "abc", "nan", "inf", "1..2", "1e999", "71582789"})
    expect_net_error(tntp_header(3, 1) + link("1", "2", bad), ErrorKind::csv_bad_value, 5);
}

TEST(TntpErrors, WrongFieldCount) {
  expect_net_error(tntp_header(3, 1) + "\t1\t2\t100\t1\t;\n", ErrorKind::csv_syntax, 5);
  expect_net_error(tntp_header(3, 1) + "1 2 1 1 3 0.15 4 0 0 1 7 ;\n", ErrorKind::csv_syntax, 5);
}

TEST(TntpErrors, TextAfterSemicolon) {
  expect_net_error(tntp_header(3, 1) + "1 2 1 1 3 0.15 4 0 0 1 ; 9\n", ErrorKind::csv_syntax, 5);
}

TEST(TntpErrors, Metadata) {
  expect_net_error("<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 1\n" + link("1", "2", "1"), ErrorKind::csv_syntax, 3);
  expect_net_error("<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 1\n", ErrorKind::csv_syntax, 2);  // no END
  expect_net_error("<NUMBER OF LINKS> 1\n<END OF METADATA>\n", ErrorKind::csv_syntax, 2);
  expect_net_error("<NUMBER OF NODES> 3\n<END OF METADATA>\n", ErrorKind::csv_syntax, 2);
  expect_net_error("<NUMBER OF NODES> 3\n<NUMBER OF NODES> 4\n", ErrorKind::csv_syntax, 2);
  expect_net_error("<NUMBER OF NODES> three\n", ErrorKind::csv_bad_value, 1);
  expect_net_error("<NUMBER OF NODES> 0\n", ErrorKind::csv_bad_value, 1);
  expect_net_error("<NUMBER OF NODES\n", ErrorKind::csv_syntax, 1);
  expect_net_error("~ c\n<NUMBER OF ZONES> 4\n<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 0\n<END OF METADATA>\n",
                   ErrorKind::csv_bad_value, 2);
  expect_net_error("<NUMBER OF NODES> 3\n<FIRST THRU NODE> 5\n<NUMBER OF LINKS> 0\n<END OF METADATA>\n",
                   ErrorKind::csv_bad_value, 2);
}

TEST(TntpErrors, NodeFile) {
  expect_node_file_error("node X Y\n1 1 2\n1 3 4\n", ErrorKind::csv_bad_value, 3);     // node twice
  expect_node_file_error("node X Y\n4 1 2\n", ErrorKind::csv_bad_value, 2);           // beyond 3 nodes
  expect_node_file_error("node X Y\n1 east 2 ;\n", ErrorKind::csv_bad_value, 2);      // X not a number
  expect_node_file_error("node X Y\n1 1 nan ;\n", ErrorKind::csv_bad_value, 2);       // Y not finite
  expect_node_file_error("node X Y\n\n1 1 ;\n", ErrorKind::csv_syntax, 3);            // two fields
  expect_node_file_error("node X Y\nnode X Y\n", ErrorKind::csv_bad_value, 2);        // one header only
}

TEST(TntpErrors, BadOptions) {
  io::TntpImportOptions o;
  o.net_file = road_file("SiouxFalls_net.tntp");
  o.country = "Italy";
  test::expect_input_error([&] { io::import_tntp(o); }, ErrorKind::usage, "country 'Italy'");
  o.country = "ZZ";
  o.net_file = (test::temp_dir() / "absent_net.tntp").string();
  test::expect_input_error([&] { io::import_tntp(o); }, ErrorKind::missing_file, o.net_file + ": cannot read");
}

// --- DIMACS -------------------------------------------------------------------------

TEST(DimacsImport, RomeExcerptWeightsVerbatim) {
  const Network net = import_gr(road_file("rome99-head.gr"));
  EXPECT_NO_THROW(validate_network(net, "rome99-head.gr"));
  EXPECT_EQ(net.name, "road");
  EXPECT_EQ(net.time_unit, TimeUnit::second);
  ASSERT_EQ(net.nodes.size(), 3353u);
  ASSERT_EQ(net.edges.size(), 185u);
  EXPECT_EQ(net.nodes.code[0], "1");
  EXPECT_EQ(net.nodes.code[3352], "3353");
  EXPECT_EQ(net.nodes.name[3352], "node 3353");
  EXPECT_EQ(net.nodes.kind, std::vector<std::uint8_t>(3353, static_cast<std::uint8_t>(NodeKind::other)));
  EXPECT_EQ(net.nodes.country[0], "ZZ");
  EXPECT_EQ(net.nodes.lat[100], 0.0);
  // "a 2958 2959 535", "a 1494 1573 77", ..., the last "a 475 473 608".
  EXPECT_EQ(net.edges.src[0], 2957u);
  EXPECT_EQ(net.edges.dst[0], 2958u);
  EXPECT_EQ(net.edges.transit_time[0], 535u);
  EXPECT_EQ(net.edges.src[1], 1493u);
  EXPECT_EQ(net.edges.dst[1], 1572u);
  EXPECT_EQ(net.edges.transit_time[1], 77u);
  EXPECT_EQ(net.edges.src[184], 474u);
  EXPECT_EQ(net.edges.dst[184], 472u);
  EXPECT_EQ(net.edges.transit_time[184], 608u);
  EXPECT_NE(net.description.find("rome99-head.gr"), std::string::npos);
}

TEST(DimacsImport, MinuteUnitCountryAndName) {
  io::DimacsImportOptions o;
  o.gr_file = road_file("rome99-head.gr");
  o.unit = TimeUnit::minute;
  o.country = "IT";
  o.snapshot_name = "rome";
  const Network net = io::import_dimacs(o);
  EXPECT_EQ(net.time_unit, TimeUnit::minute);
  EXPECT_EQ(net.name, "rome");
  EXPECT_EQ(net.nodes.country[42], "IT");
  EXPECT_EQ(net.edges.transit_time[0], 535u);
}

TEST(DimacsImport, MetresToSecondsAtASpeed) {
  io::DimacsImportOptions o;
  o.gr_file = road_file("rome99-head.gr");
  o.speed_kmh = 36.0;  // 10 m/s
  const Network net = io::import_dimacs(o);
  EXPECT_EQ(net.time_unit, TimeUnit::second);
  // 535 m -> 53.5 s -> 54 (a half rounds up), 77 -> 7.7 -> 8, 184 -> 18.4 -> 18, 179 -> 17.9 -> 18, 22 -> 2.2 -> 2.
  EXPECT_EQ(std::vector<Time>(net.edges.transit_time.begin(), net.edges.transit_time.begin() + 5),
            (std::vector<Time>{54, 8, 18, 18, 2}));
  EXPECT_NE(net.description.find("converted to seconds at 36 km/h"), std::string::npos) << net.description;
  // At 50 km/h: 535 m * 3.6 / 50 = 38.52 s -> 39; 125 m = 9 s exactly. At 45 km/h: 125 m = 10 s; 5 m = 0.4 s -> 0.
  const fs::path dir = test::temp_dir();
  o.gr_file = test::write_file(dir, "s.gr", "p sp 2 3\na 1 2 535\na 1 2 125\na 2 1 5\n");
  o.speed_kmh = 50.0;
  EXPECT_EQ(io::import_dimacs(o).edges.transit_time, (std::vector<Time>{39, 9, 0}));
  o.speed_kmh = 45.0;
  EXPECT_EQ(io::import_dimacs(o).edges.transit_time, (std::vector<Time>{43, 10, 0}));  // 535 m: 42.8 s
}

TEST(DimacsImport, ScaleTurnsWeightsIntoTheStoredUnit) {
  // Weights in tenths of a second: 1000 -> 100 s, 15 -> 1.5 -> 2 (a half rounds up), 4 -> 0.4 -> 0.
  io::DimacsImportOptions o;
  o.gr_file = test::write_file(test::temp_dir(), "t.gr", "p sp 2 3\na 1 2 1000\na 2 1 15\na 1 2 4\n");
  o.scale = 0.1;
  const Network net = io::import_dimacs(o);
  EXPECT_EQ(net.time_unit, TimeUnit::second);
  EXPECT_EQ(net.edges.transit_time, (std::vector<Time>{100, 2, 0}));
  EXPECT_NE(net.description.find("arc weights in units of 0.1 seconds"), std::string::npos) << net.description;
  // Minutes: 90 s weights (scale 1.5) are 1.5 minutes each.
  o.unit = TimeUnit::minute;
  o.scale = 1.5;
  EXPECT_EQ(io::import_dimacs(o).edges.transit_time, (std::vector<Time>{1500, 23, 6}));
  // Unscaled, the description says the unit is assumed.
  EXPECT_NE(import_gr(o.gr_file).description.find("assumed to be seconds (the files do not say)"), std::string::npos);
}

// Two nodes 0.01 degrees of latitude apart (1.112 km), each way in 100 s: 40.0 km/h.
TEST(DimacsImport, ImpliedSpeedsFromTheCoordinates) {
  const fs::path dir = test::temp_dir();
  const std::string gr = test::write_file(dir, "s.gr", "p sp 3 3\na 1 2 100\na 2 1 100\na 2 3 0\n");
  const std::string co = test::write_file(dir, "s.co", "p aux sp co 3\nv 1 11000000 48000000\nv 2 11000000 48010000\nv 3 0 0\n");
  const std::optional<io::ImpliedSpeeds> s = io::implied_speeds(import_gr(gr, co));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->edges, 2u);  // the 0-second arc is not measured
  EXPECT_NEAR(s->median_kmh, 40.03, 0.01);
  EXPECT_TRUE(io::plausible_road_speed(s->median_kmh));
  EXPECT_FALSE(io::plausible_road_speed(4.0));  // tenths of a second read as seconds
  EXPECT_FALSE(io::implied_speeds(import_gr(gr)).has_value());  // no coordinates
}

TEST(DimacsImportCli, WarnsAboutAnImplausibleUnitAndScalesIt) {
  const fs::path dir = test::temp_dir();
  const std::string gr = test::write_file(dir, "s.gr", "p sp 2 2\na 1 2 1000\na 2 1 1000\n");
  const std::string co = test::write_file(dir, "s.co", "p aux sp co 2\nv 1 11000000 48000000\nv 2 11000000 48010000\n");
  const auto verbatim = test::run_hourglass({"import", "dimacs", gr, "--coords", co, "-o", (dir / "a.h5").string()});
  ASSERT_EQ(verbatim.status, 0) << verbatim.err;
  EXPECT_NE(verbatim.out.find("median 4.0 km/h"), std::string::npos) << verbatim.out;
  EXPECT_NE(verbatim.err.find("warning: a median road speed of 4.0 km/h is implausible"), std::string::npos)
      << verbatim.err;
  const auto scaled =
      test::run_hourglass({"import", "dimacs", gr, "--coords", co, "--scale", "0.1", "-o", (dir / "b.h5").string()});
  ASSERT_EQ(scaled.status, 0) << scaled.err;
  EXPECT_NE(scaled.out.find("median 40.0 km/h"), std::string::npos) << scaled.out;
  EXPECT_EQ(scaled.err.find("warning"), std::string::npos) << scaled.err;
  for (const char* bad : {"0", "-1", "nan", "inf"}) {
    const auto r = test::run_hourglass({"import", "dimacs", gr, "--scale", bad, "-o", (dir / "c.h5").string()});
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("--scale"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "c.h5"));
  }
  const auto both =
      test::run_hourglass({"import", "dimacs", gr, "--scale", "2", "--speed-kmh", "50", "-o", (dir / "c.h5").string()});
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("--scale cannot be combined with --speed-kmh"), std::string::npos) << both.err;
}

TEST(DimacsImport, GzipReadsTheSameAsPlain) {
  const Network plain = import_gr(road_file("rome99-head.gr"));
  const Network gz = import_gr(road_file("rome99-head.gr.gz"));
  EXPECT_EQ(gz.nodes.size(), plain.nodes.size());
  EXPECT_EQ(gz.edges.src, plain.edges.src);
  EXPECT_EQ(gz.edges.dst, plain.edges.dst);
  EXPECT_EQ(gz.edges.transit_time, plain.edges.transit_time);
  EXPECT_TRUE(gz.nodes.code == plain.nodes.code);
}

TEST(DimacsImport, CoordinatesInMillionthsOfDegrees) {
  const fs::path dir = test::temp_dir();
  const std::string gr = test::write_file(dir, "c.gr", kSmallGr),
                    co = test::write_file(dir, "c.co",
                                    "c coordinates\np aux sp co 3\nv 2 12496365 41902783\nv 1 -73530767 41085396\n"
                                    "v 3 -180000000 -90000000\n");
  const Network net = import_gr(gr, co);
  EXPECT_EQ(net.nodes.lon, (std::vector<double>{-73.530767, 12.496365, -180.0}));
  EXPECT_EQ(net.nodes.lat, (std::vector<double>{41.085396, 41.902783, -90.0}));
  EXPECT_NE(net.description.find("coordinates from c.co"), std::string::npos);
}

TEST(DimacsImport, CrlfBlankLinesAndNoFinalNewline) {
  const std::string file =
      test::write_file(test::temp_dir(), "w.gr", "c windows\r\n\r\np sp 2 2\r\n  a\t1 2 7 \r\n\na 2 1 0");
  const Network net = import_gr(file);
  EXPECT_EQ(net.edges.src, (std::vector<NodeId>{0, 1}));
  EXPECT_EQ(net.edges.transit_time, (std::vector<Time>{7, 0}));
}

TEST(DimacsImport, LargeFileAcrossReadChunksAndAVeryLongLine) {
  // A comment longer than the reader's 4 MiB buffer, then 700,000 arcs (about
  // 10 MB): arc i is (i % 1000 + 1) -> (7 i % 1000 + 1) with weight i.
  constexpr std::uint32_t kNodes = 1000, kArcs = 700000;
  std::string text = "c " + std::string(5u << 20, 'x') + "\n";
  text += fmt::format("p sp {} {}\n", kNodes, kArcs);
  for (std::uint32_t i = 0; i < kArcs; ++i) text += fmt::format("a {} {} {}\n", i % kNodes + 1, 7 * i % kNodes + 1, i);
  const Network net = import_gr(test::write_file(test::temp_dir(), "big.gr", text));
  ASSERT_EQ(net.edges.size(), kArcs);
  bool all_match = true;
  for (std::uint32_t i = 0; i < kArcs; ++i)
    all_match = all_match && net.edges.src[i] == i % kNodes && net.edges.dst[i] == 7 * i % kNodes &&
                net.edges.transit_time[i] == i;
  EXPECT_TRUE(all_match);
}

// --- DIMACS: errors -------------------------------------------------------------------

// Fuzz finding 5: a 25-byte file announcing 42 million nodes and no arcs
// took 2.7 GB. More than 64 nodes an arc (plus 1,000) are refused at the
// problem line, before any node is made.
TEST(DimacsErrors, NodesBeyondWhatTheArcsTouch) {
  expect_gr_error("p sp 41920821 0000", ErrorKind::csv_bad_value, 1);
  expect_gr_error("c\np sp 1065 1\na 1 2 5\n", ErrorKind::csv_bad_value, 2);
  const std::string file = test::write_file(test::temp_dir(), "ok.gr", "p sp 1064 1\na 1 2 5\n");
  EXPECT_EQ(import_gr(file).nodes.size(), 1064u);  // 64 x 1 + 1000: an excerpt, still valid
}

TEST(TntpErrors, NodesBeyondWhatTheLinksTouch) {
  expect_net_error(tntp_header(1065, 1) + link("1", "2", "1"), ErrorKind::csv_bad_value, 2);
}

TEST(DimacsErrors, ProblemLine) {
  expect_gr_error("c x\na 1 2 3\np sp 3 1\n", ErrorKind::csv_syntax, 2);       // arc before p
  expect_gr_error("p sp 3 1\np sp 3 1\na 1 2 3\n", ErrorKind::csv_syntax, 2);  // second p
  expect_gr_error("p sp 3\n", ErrorKind::csv_syntax, 1);
  expect_gr_error("p max 3 1\n", ErrorKind::csv_syntax, 1);
  expect_gr_error("p sp 0 0\n", ErrorKind::csv_bad_value, 1);
  expect_gr_error("p sp 3 -1\n", ErrorKind::csv_bad_value, 1);
  expect_gr_error("p sp 4294967295 0\n", ErrorKind::csv_bad_value, 1);
  // Found by fuzz/dimacs_import_fuzz: 300 million announced nodes and no
  // arcs allocated 23 GB before reading anything (killed for memory).
  expect_gr_error("\np sp 300300000\t 0", ErrorKind::csv_bad_value, 2);
}

TEST(DimacsErrors, NoProblemLineNamesTheFile) {
  const std::string file = test::write_file(test::temp_dir(), "empty.gr", "c nothing here\n");
  test::expect_input_error([&] { import_gr(file); }, ErrorKind::csv_syntax, file + ": no problem line 'p sp NODES ARCS'");
}

TEST(DimacsErrors, ArcCountDiffersNamesBothCounts) {
  const std::string file = test::write_file(test::temp_dir(), "n.gr", "c\np sp 3 3\na 1 2 10\na 2 3 20\n");
  test::expect_input_error([&] { import_gr(file); }, ErrorKind::csv_syntax,
               file + ":2: the problem line announces 3 arcs, but the file has 2");
}

TEST(DimacsErrors, ArcValues) {
  expect_gr_error("p sp 3 2\na 1 2 10\na 0 3 20\n", ErrorKind::csv_bad_value, 3);   // tail 0
  expect_gr_error("p sp 3 2\na 1 2 10\na 1 4 20\n", ErrorKind::csv_bad_value, 3);   // head beyond N
  expect_gr_error("p sp 3 1\na 1 2 -5\n", ErrorKind::csv_bad_value, 2);             // negative weight
  expect_gr_error("p sp 3 1\na 1 2 1.5\n", ErrorKind::csv_bad_value, 2);            // not an integer
  expect_gr_error("p sp 3 1\na 1 2 +5\n", ErrorKind::csv_bad_value, 2);
  expect_gr_error("p sp 3 1\na 1 2 4294967296\n", ErrorKind::csv_bad_value, 2);     // beyond 32 bits
  expect_gr_error("p sp 3 1\na x 2 5\n", ErrorKind::csv_bad_value, 2);
}

TEST(DimacsErrors, LineShapes) {
  expect_gr_error("p sp 3 1\na 1 2\n", ErrorKind::csv_syntax, 2);
  expect_gr_error("p sp 3 1\na 1 2 3 4\n", ErrorKind::csv_syntax, 2);
  expect_gr_error("p sp 3 1\n\ne 1 2 3\n", ErrorKind::csv_syntax, 3);
  expect_gr_error("p sp 3 1\narc 1 2 3\n", ErrorKind::csv_syntax, 2);
}

TEST(DimacsErrors, ConvertedWeightMustFit32Bits) {
  // 4294967295 m at 1 km/h is 15461882262 s.
  const std::string file = test::write_file(test::temp_dir(), "slow.gr", "p sp 2 2\na 1 2 1\na 2 1 4294967295\n");
  io::DimacsImportOptions o;
  o.gr_file = file;
  o.speed_kmh = 1.0;
  test::expect_input_error([&] { io::import_dimacs(o); }, ErrorKind::csv_bad_value, file + ":3: ");
}

TEST(DimacsErrors, ScaleMustBePositiveFiniteAndFit32Bits) {
  const std::string file = test::write_file(test::temp_dir(), "big.gr", "p sp 2 2\na 1 2 1\na 2 1 4294967295\n");
  io::DimacsImportOptions o;
  o.gr_file = file;
  o.scale = 2.0;  // 8589934590 does not fit
  test::expect_input_error([&] { io::import_dimacs(o); }, ErrorKind::csv_bad_value, file + ":3: ");
  for (const double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    o.scale = bad;
    test::expect_input_error([&] { io::import_dimacs(o); }, ErrorKind::usage, "scale ");
  }
  o.scale = 0.5;
  o.speed_kmh = 50.0;
  test::expect_input_error([&] { io::import_dimacs(o); }, ErrorKind::usage, "a scale and a speed");
}

TEST(DimacsErrors, CoordinateFile) {
  expect_co_error("p aux sp co 3\nv 1 0 0\nv 1 0 0\n", ErrorKind::csv_bad_value, 3);          // node twice
  expect_co_error("p aux sp co 3\nv 4 0 0\n", ErrorKind::csv_bad_value, 2);                  // beyond N
  expect_co_error("p aux sp co 3\nv 1 0 90000001\n", ErrorKind::csv_bad_value, 2);           // latitude > 90
  expect_co_error("p aux sp co 3\nv 1 180000001 0\n", ErrorKind::csv_bad_value, 2);          // longitude > 180
  expect_co_error("p aux sp co 3\nv 1 1.5 0\n", ErrorKind::csv_bad_value, 2);                // not an integer
  expect_co_error("p aux sp co 4\n", ErrorKind::csv_bad_value, 1);                           // .gr has 3 nodes
  expect_co_error("v 1 0 0\n", ErrorKind::csv_syntax, 1);                                    // before p
  expect_co_error("p aux sp co 3\nv 1 0\n", ErrorKind::csv_syntax, 2);
  expect_co_error("p aux sp co 3\nv 1 0 0\nv 2 0 0\n", ErrorKind::csv_syntax, 1);            // node 3 missing
  expect_co_error("p sp 3 2\n", ErrorKind::csv_syntax, 1);
}

TEST(DimacsErrors, BadOptions) {
  io::DimacsImportOptions o;
  o.gr_file = road_file("rome99-head.gr");
  o.speed_kmh = 0.0;
  test::expect_input_error([&] { io::import_dimacs(o); }, ErrorKind::usage, "positive");
  o.speed_kmh = 50.0;
  o.unit = TimeUnit::minute;
  test::expect_input_error([&] { io::import_dimacs(o); }, ErrorKind::usage, "minute");
  o.unit = TimeUnit::second;
  o.country = "it";
  test::expect_input_error([&] { io::import_dimacs(o); }, ErrorKind::usage, "country 'it'");
}

TEST(DimacsErrors, MissingFile) {
  const std::string file = (test::temp_dir() / "absent.gr").string();
  test::expect_input_error([&] { import_gr(file); }, ErrorKind::missing_file, file + ": cannot read");
  test::expect_input_error([&] { import_gr(test::temp_dir().string()); }, ErrorKind::missing_file, "cannot read");
}

TEST(DimacsErrors, DamagedOrTruncatedGzip) {
  const std::string gz = test::read_file(road_file("rome99-head.gr.gz"));
  const fs::path dir = test::temp_dir();
  const std::string truncated = test::write_file(dir, "cut.gr.gz", gz.substr(0, gz.size() / 2));
  test::expect_input_error([&] { import_gr(truncated); }, ErrorKind::corrupt_file, truncated + ": the gzip data ends early");
  std::string flipped = gz;
  for (std::size_t i = 40; i < 60; ++i) flipped[i] = static_cast<char>(~flipped[i]);
  const std::string damaged = test::write_file(dir, "bad.gr.gz", flipped);
  test::expect_input_error([&] { import_gr(damaged); }, ErrorKind::corrupt_file, damaged + ": the gzip data");
}

// --- the CLI ---------------------------------------------------------------------------

TEST(RoadImportCli, TntpWritesAValidSnapshot) {
  const std::string out = (test::temp_dir() / "sf.h5").string();
  const auto r = test::run_hourglass({"import", "tntp", road_file("SiouxFalls_net.tntp"), "--nodes",
                                      road_file("SiouxFalls_node.tntp"), "--name", "sioux-falls", "-o", out});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("24 nodes, 76 edges"), std::string::npos) << r.out;
  const Network net = io::read_snapshot(out, "sioux-falls");
  EXPECT_EQ(net.edges.size(), 76u);
  EXPECT_EQ(net.edges.transit_time[20], 600u);
  EXPECT_EQ(net.time_unit, TimeUnit::second);
  EXPECT_EQ(net.nodes.lat[0], 43.61282792);
}

TEST(RoadImportCli, DimacsFromGzipWithSpeedAndCountry) {
  const std::string out = (test::temp_dir() / "rome.h5").string();
  const auto r = test::run_hourglass({"import", "dimacs", road_file("rome99-head.gr.gz"), "--speed-kmh", "36",
                                      "--country", "IT", "-o", out});
  ASSERT_EQ(r.status, 0) << r.err;
  const Network net = io::read_snapshot(out);
  EXPECT_EQ(net.name, "road");
  EXPECT_EQ(net.nodes.size(), 3353u);
  EXPECT_EQ(net.edges.transit_time[0], 54u);
  EXPECT_EQ(net.nodes.country[0], "IT");
}

TEST(RoadImportCli, BadFileExitsTwoAndWritesNothing) {
  const fs::path dir = test::temp_dir();
  const std::string gr = test::write_file(dir, "bad.gr", "p sp 3 1\na 1 9 5\n"), out = (dir / "out.h5").string();
  const auto r = test::run_hourglass({"import", "dimacs", gr, "-o", out});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[csv-bad-value]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(gr + ":2: head 9 is out of range"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".partial"));

  const std::string net = test::write_file(dir, "bad_net.tntp", tntp_header(3, 1) + link("1", "2", "-1"));
  const auto t = test::run_hourglass({"import", "tntp", net, "-o", out});
  EXPECT_EQ(t.status, 2);
  EXPECT_NE(t.err.find(net + ":5: "), std::string::npos) << t.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(RoadImportCli, UsageErrors) {
  const std::string out = (test::temp_dir() / "u.h5").string(), gr = road_file("rome99-head.gr");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"import", "dimacs", gr, "--speed-kmh", "50", "--unit", "minute", "-o", out},
           {"import", "dimacs", gr, "--speed-kmh", "0", "-o", out},
           {"import", "dimacs", gr, "--unit", "hour", "-o", out},
           {"import", "dimacs", gr, "--country", "Italy", "-o", out},
       }) {
    const auto r = test::run_hourglass(args);
    EXPECT_EQ(r.status, 2) << fmt::format("{}", fmt::join(args, " "));
    EXPECT_NE(r.err.find("[usage]"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
}

}  // namespace
}  // namespace hg
