// CSV import and export (io/csv_reader.hpp, io/import/csv_network.hpp): exact round
// trips, the RFC 4180 dialect, and one test per error with its exact
// FILE:LINE:COLUMN, counted by hand from the fixture text.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "host/core/errors.hpp"
#include "io/import/csv_network.hpp"
#include "io/csv_reader.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

// --- helpers -----------------------------------------------------------------------

// Exports `net`, imports the files back with the snapshot attributes of `net`.
Network round_trip(const Network& net) {
  const fs::path dir = test::temp_dir();
  const std::string nodes = (dir / "nodes.csv").string(), edges = (dir / "edges.csv").string(),
                    customs = net.has_customs ? (dir / "customs.csv").string() : "";
  io::export_csv_network(net, nodes, edges, customs);
  io::CsvImportOptions o;
  o.nodes_file = nodes;
  o.edges_file = edges;
  o.customs_file = customs;
  o.snapshot_name = net.name;
  o.time_unit = net.time_unit;
  o.default_customs_time = net.default_customs_time;
  o.description = net.description;
  o.valid_from = net.valid_from;
  return io::import_csv_network(o);
}

// A network from CSV text; files that are not given get a valid default.
struct CsvCase {
  std::string nodes = "code,country,lat,lon\nA,CN,31.2,121.5\nB,DE,50.0,8.6\n";
  std::string edges = "from,to,transit_time\nA,B,600\n";
  std::optional<std::string> customs = std::nullopt;
};
struct CsvFiles {
  std::string nodes, edges, customs;
};
CsvFiles write_case(const CsvCase& c) {
  const fs::path dir = test::temp_dir();
  return {test::write_file(dir, "nodes.csv", c.nodes), test::write_file(dir, "edges.csv", c.edges),
          c.customs ? test::write_file(dir, "customs.csv", *c.customs) : ""};
}
Network import_files(const CsvFiles& f) {
  io::CsvImportOptions o;
  o.nodes_file = f.nodes;
  o.edges_file = f.edges;
  o.customs_file = f.customs;
  return io::import_csv_network(o);
}
// Expects the import of `c` to fail with `kind` at "FILE:LINE:COLUMN"; `which`
// picks the file the error must name.
enum class Which { nodes, edges, customs };
void expect_import_error(const CsvCase& c, ErrorKind kind, Which which, std::size_t line, std::size_t column) {
  const CsvFiles f = write_case(c);
  const std::string& file = which == Which::nodes ? f.nodes : which == Which::edges ? f.edges : f.customs;
  test::expect_input_error([&] { import_files(f); }, kind, fmt::format("{}:{}:{}: ", file, line, column));
}
void expect_node_error(const std::string& nodes, ErrorKind kind, std::size_t line, std::size_t column) {
  CsvCase c;
  c.nodes = nodes;
  c.edges = "from,to,transit_time\n";
  expect_import_error(c, kind, Which::nodes, line, column);
}

constexpr const char* kNodeHeader = "code,country,lat,lon,handling_time,demand,kind\n";

// --- round trips ---------------------------------------------------------------------

TEST(CsvRoundTrip, GoldenSmallFixed) {
  const Network net = io::read_snapshot(test::data_file("golden/small-fixed.h5"));
  ASSERT_EQ(net.nodes.size(), 200u);
  ASSERT_TRUE(net.has_customs);
  test::expect_same_network(round_trip(net), net);
}

TEST(CsvRoundTrip, GoldenMediumVlen) {
  const Network net = io::read_snapshot(test::data_file("golden/medium-vlen.h5"));
  ASSERT_EQ(net.edges.size(), 2404u);
  test::expect_same_network(round_trip(net), net);
}

TEST(CsvRoundTrip, RandomNetworksWithAwkwardValues) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    Network net = test::random_network(seed, {.nodes = 300, .edges = 900});
    net.description = "seed " + std::to_string(seed);
    net.valid_from = "2026-01-01";
    // Doubles whose shortest decimal form is long or unusual.
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lat(-90.0, 90.0), lon(-180.0, 180.0), demand(0.0, 1e9);
    for (std::size_t i = 0; i < net.nodes.size(); ++i) {
      net.nodes.lat[i] = lat(rng);
      net.nodes.lon[i] = lon(rng);
      net.nodes.demand[i] = demand(rng);
    }
    net.nodes.lat[0] = -0.0;
    net.nodes.lon[0] = 5e-324;  // the smallest subnormal
    net.nodes.demand[0] = 1.7976931348623157e308;
    net.nodes.lat[1] = 90.0;
    net.nodes.lon[1] = -180.0;
    net.nodes.demand[1] = 0.1 + 0.2;
    net.edges.transit_time[0] = 4294967295u;
    test::expect_same_network(round_trip(net), net);
  }
}

TEST(CsvRoundTrip, StringsThatNeedQuoting) {
  const std::vector<std::string> names = {"a,b", "say \"hi\"",  "two\nlines", "crlf\r\nline", " padded ", "\ttab",
                                          "",    "Zürich 北京", "\"",         "  ",           "trailing,"};
  test::NetworkBuilder b("quoting");
  for (std::size_t i = 0; i < names.size(); ++i) b.node(fmt::format("C{}", i), "FR");
  b.node("code, with \"quotes\"", "DE").node(" spaced code ", "PL");
  b.edge("code, with \"quotes\"", " spaced code ", 5, EdgeMode::air).edge(" spaced code ", "C0", 7);
  Network net = b.build();
  net.nodes.name = StringColumn();
  for (const std::string& name : names) net.nodes.name.push_back(name);
  net.nodes.name.push_back("q");
  net.nodes.name.push_back("s");
  test::expect_same_network(round_trip(net), net);
}

TEST(CsvRoundTrip, NetworkWithoutCustomsStaysWithout) {
  const Network net = test::NetworkBuilder().node("A").node("B", "DE").edge("A", "B", 3).build();
  ASSERT_FALSE(net.has_customs);
  const Network back = round_trip(net);
  EXPECT_FALSE(back.has_customs);
  test::expect_same_network(back, net);
}

TEST(CsvExport, WritesNamesAndQuotesOnlyWhenNeeded) {
  Network net = test::NetworkBuilder("x")
                    .node("WH1", "CN", 30, 0.0, NodeKind::site)
                    .node("Z,1", "DE", 0, 2.5)
                    .edge("WH1", "Z,1", 600, EdgeMode::air)
                    .customs("CN", "DE", 240)
                    .build();
  const fs::path dir = test::temp_dir();
  const std::string nodes = (dir / "n.csv").string(), edges = (dir / "e.csv").string(),
                    customs = (dir / "c.csv").string();
  io::export_csv_network(net, nodes, edges, customs);
  // NetworkBuilder places node i at lat 30 + 0.01 i, lon 120.
  EXPECT_EQ(test::read_file(nodes),
            "code,name,kind,country,lat,lon,handling_time,demand\n"
            "WH1,node WH1,site,CN,30,120,30,0\n"
            "\"Z,1\",\"node Z,1\",demand,DE,30.01,120,0,2.5\n");
  EXPECT_EQ(test::read_file(edges), "from,to,transit_time,mode\nWH1,\"Z,1\",600,air\n");
  EXPECT_EQ(test::read_file(customs), "from,to,time\nCN,DE,240\n");
  EXPECT_FALSE(fs::exists(nodes + ".partial"));
}

TEST(CsvExport, LeavesNothingBehindWhenAnOutputCannotBeCreated) {
  const Network net = test::NetworkBuilder().node("A").build();
  const fs::path dir = test::temp_dir();
  const std::string nodes = (dir / "nodes.csv").string();
  test::expect_input_error([&] { io::export_csv_network(net, nodes, (dir / "missing" / "edges.csv").string(), ""); },
               ErrorKind::output_path, "missing");
  EXPECT_TRUE(fs::is_empty(dir));
}

// --- the dialect -----------------------------------------------------------------------

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndNewlines) {
  io::CsvReader in("t.csv", "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,\"\",z\n");
  ASSERT_TRUE(in.next_row());
  EXPECT_EQ(in.field(0).text, "x,y");
  EXPECT_EQ(in.field(1).text, "say \"hi\"");
  EXPECT_EQ(in.field(2).text, "two\nlines");
  EXPECT_EQ(in.field(2).line, 2u);
  EXPECT_EQ(in.field(2).column, 20u);  // "x,y", is 6 bytes, "say ""hi""", 13 more
  ASSERT_TRUE(in.next_row());          // starts on line 4: the quoted newline counts
  EXPECT_EQ(in.field(0).text, "last");
  EXPECT_EQ(in.field(0).line, 4u);
  EXPECT_EQ(in.field(1).text, "");
  EXPECT_EQ(in.field(2).column, 9u);
  EXPECT_FALSE(in.next_row());
}

TEST(CsvReader, CrlfBomAndBlankLines) {
  io::CsvReader in("t.csv", "\xEF\xBB\xBF code , name\r\nA,\"B\r\nC\"\r\n\r\nD, E \r\n\r\n  \r\n\n");
  EXPECT_EQ(in.header(), (std::vector<std::string>{"code", "name"}));
  EXPECT_EQ(in.find_column("code"), 0u);  // the BOM is not part of the name
  ASSERT_TRUE(in.next_row());
  EXPECT_EQ(in.field(0).text, "A");
  EXPECT_EQ(in.field(1).text, "B\r\nC");  // a line break inside quotes is kept as written
  ASSERT_TRUE(in.next_row());
  EXPECT_EQ(in.field(0).text, "D");
  EXPECT_EQ(in.field(0).line, 5u);
  EXPECT_EQ(in.field(1).text, "E");  // unquoted fields are trimmed
  EXPECT_EQ(in.field(1).column, 3u);
  EXPECT_FALSE(in.next_row());
}

TEST(CsvReader, BomDoesNotShiftColumns) {
  // The x after "a" is the fourth byte after the BOM.
  test::expect_input_error([] { io::CsvReader("t.csv", "\xEF\xBB\xBF\"a\"x,b\n"); }, ErrorKind::csv_syntax, "t.csv:1:4: ");
}

TEST(CsvReader, QuotedFieldsKeepSpacesAndLastLineNeedsNoNewline) {
  io::CsvReader in("t.csv", "a,b\n  \" x \" , y\nlast,row");
  ASSERT_TRUE(in.next_row());
  EXPECT_EQ(in.field(0).text, " x ");
  EXPECT_EQ(in.field(1).text, "y");
  ASSERT_TRUE(in.next_row());
  EXPECT_EQ(in.field(1).text, "row");
  EXPECT_FALSE(in.next_row());
}

TEST(CsvReader, ColumnsAreFoundByTrimmedCaseSensitiveName) {
  io::CsvReader in("t.csv", " Code ,code,\" lat \"\n");
  EXPECT_EQ(in.find_column("code"), 1u);
  EXPECT_EQ(in.find_column("Code"), 0u);
  EXPECT_EQ(in.find_column("lat"), 2u);
  EXPECT_EQ(in.find_column("lon"), std::nullopt);
}

// --- the network: columns, defaults, names ------------------------------------------

TEST(CsvImport, DefaultsForOptionalColumns) {
  CsvCase c;
  c.nodes = "code,country,lat,lon,notes\nA,CN,31.2,121.5,ignored\nB,DE,-50,-8.25,\n";
  c.edges = "from,to,transit_time\nA,B,600\nB,A,0\n";
  const Network net = import_files(write_case(c));
  ASSERT_EQ(net.nodes.size(), 2u);
  EXPECT_EQ(net.name, "default");
  EXPECT_EQ(net.nodes.name[0], "A");  // name defaults to the code
  EXPECT_EQ(net.nodes.kind, (std::vector<std::uint8_t>{0, 0}));
  EXPECT_EQ(net.nodes.handling_time, (std::vector<Time>{0, 0}));
  EXPECT_EQ(net.nodes.demand, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(net.nodes.lat[1], -50.0);
  EXPECT_EQ(net.nodes.lon[1], -8.25);
  EXPECT_EQ(net.edges.src, (std::vector<NodeId>{0, 1}));
  EXPECT_EQ(net.edges.dst, (std::vector<NodeId>{1, 0}));
  EXPECT_EQ(net.edges.mode, (std::vector<std::uint8_t>{0, 0}));
  EXPECT_EQ(net.edges.transit_time, (std::vector<Time>{600, 0}));
  EXPECT_FALSE(net.has_customs);
}

TEST(CsvImport, KindAndModeNamesDigitsAndBlankCells) {
  CsvCase c;
  c.nodes =
      "code,name,kind,country,lat,lon,handling_time,demand\n"
      "W,Warehouse,warehouse,CN,1,2,45,\n"
      "H,,3,DE,1,2,,12.5\n"
      "R,Rail,rail_terminal,PL,1,2, 7 ,\" 1e3 \"\n"
      "Z,Zone,,US,1,2,4294967295,0\n";
  c.edges = "from,to,transit_time,mode\nW,H,1,air\nH,R,2,other\nR,Z,3,\nZ,W,4,3\n";
  c.customs = "from,to,time\nCN,DE,120\nDE,CN,0\n";
  const Network net = import_files(write_case(c));
  EXPECT_EQ(net.nodes.kind, (std::vector<std::uint8_t>{1, 3, 5, 0}));
  EXPECT_EQ(net.nodes.name[1], "");  // a blank name stays blank: names are text, not defaults
  EXPECT_EQ(net.nodes.handling_time, (std::vector<Time>{45, 0, 7, 4294967295u}));
  EXPECT_EQ(net.nodes.demand, (std::vector<double>{0.0, 12.5, 1000.0, 0.0}));
  EXPECT_EQ(net.edges.mode, (std::vector<std::uint8_t>{1, 4, 0, 3}));
  ASSERT_TRUE(net.has_customs);
  EXPECT_EQ(net.customs.size(), 2u);
  EXPECT_EQ(net.customs.from[1], "DE");
  EXPECT_EQ(net.customs.time, (std::vector<Time>{120, 0}));
}

TEST(CsvImport, ExampleNetworkFromTheDocs) {
  const std::string dir = std::string(HG_SOURCE_DIR) + "/data/example/";
  io::CsvImportOptions o;
  o.nodes_file = dir + "nodes.csv";
  o.edges_file = dir + "edges.csv";
  o.customs_file = dir + "customs.csv";
  o.default_customs_time = 720;
  const Network net = io::import_csv_network(o);
  EXPECT_EQ(net.nodes.size(), 12u);
  EXPECT_EQ(net.edges.size(), 26u);
  EXPECT_EQ(net.customs.size(), 8u);
  EXPECT_EQ(net.nodes.code[0], "WH-SZ");
  EXPECT_EQ(net.nodes.name[0], "Shenzhen warehouse, Longhua");
  EXPECT_EQ(net.nodes.kind[2], static_cast<std::uint8_t>(NodeKind::airport));  // PVG
  EXPECT_EQ(net.nodes.handling_time[2], 240u);
  // Row 10: the air leg FRA -> DZ-BER beside the road leg of row 9.
  EXPECT_EQ(net.edges.src[9], 3u);
  EXPECT_EQ(net.edges.dst[9], 5u);
  EXPECT_EQ(net.edges.mode[9], static_cast<std::uint8_t>(EdgeMode::air));
  EXPECT_EQ(net.edges.transit_time[9], 70u);
  EXPECT_EQ(net.default_customs_time, 720u);
}

// --- syntax errors -------------------------------------------------------------------------

TEST(CsvErrors, UnterminatedQuote) {
  expect_node_error("code,country,lat,lon\nA,CN,1,2\nB,\"CN,1,2\n", ErrorKind::csv_syntax, 3, 3);
}

TEST(CsvErrors, TextAfterClosingQuote) {
  expect_node_error("code,country,lat,lon\n\"A\"x,CN,1,2\n", ErrorKind::csv_syntax, 2, 4);
}

TEST(CsvErrors, QuoteInsideUnquotedField) {
  expect_node_error("code,country,lat,lon\nA,CN,1,2\nB 5\"x,CN,1,2\n", ErrorKind::csv_syntax, 3, 4);
}

TEST(CsvErrors, BareCarriageReturn) {
  expect_node_error("code,country,lat,lon\rA,CN,1,2\n", ErrorKind::csv_syntax, 1, 21);
}

TEST(CsvErrors, TooManyFieldsNamesTheFirstExtraField) {
  const CsvFiles f = write_case({.nodes = "code,country,lat,lon\nA,CN,1,2,9\n"});
  test::expect_input_error([&] { import_files(f); }, ErrorKind::csv_syntax,
               f.nodes + ":2:10: expected 4 fields as in the header, found 5");
}

TEST(CsvErrors, TooFewFieldsPointsPastTheRow) {
  const CsvFiles f = write_case({.nodes = "code,country,lat,lon\nA,CN,1,2\nB,DE,3\n"});
  test::expect_input_error([&] { import_files(f); }, ErrorKind::csv_syntax,
               f.nodes + ":3:7: expected 4 fields as in the header, found 3");
}

TEST(CsvErrors, FieldCountAfterAMultiLineField) {
  // The row starts on line 2; its second field ends on line 3, where it is short.
  expect_node_error("code,name,country,lat,lon\nA,\"two\nlines\",CN,1\n", ErrorKind::csv_syntax, 3, 12);
}

TEST(CsvErrors, InvalidUtf8NamesTheField) {
  expect_node_error("code,name,country,lat,lon\nA,ok,CN,1,2\nB,bad \xC3\x28,CN,1,2\n", ErrorKind::invalid_utf8, 3, 3);
}

TEST(CsvErrors, EmptyFile) { expect_node_error("\n\n", ErrorKind::csv_syntax, 3, 1); }

TEST(CsvErrors, MissingFile) {
  io::CsvImportOptions o;
  o.nodes_file = (test::temp_dir() / "nope.csv").string();
  o.edges_file = o.nodes_file;
  test::expect_input_error([&] { io::import_csv_network(o); }, ErrorKind::missing_file, o.nodes_file + ": cannot read");
}

TEST(CsvErrors, MissingRequiredColumnNamesFileAndColumn) {
  const CsvFiles f = write_case({.nodes = "code,country,latitude,lon\nA,CN,1,2\n"});
  test::expect_input_error([&] { import_files(f); }, ErrorKind::csv_missing_column,
               f.nodes + ":1:1: missing required column 'lat'");
}

TEST(CsvErrors, SemicolonSeparatedFileIsNamedAsSuch) {
  const CsvFiles f = write_case({.nodes = "code;country;lat;lon\nA;CN;1;2\n"});
  test::expect_input_error([&] { import_files(f); }, ErrorKind::csv_missing_column, "separated by semicolons");
}

TEST(CsvErrors, MissingEdgeColumn) {
  CsvCase c;
  c.edges = "from,to,minutes\nA,B,600\n";
  const CsvFiles f = write_case(c);
  test::expect_input_error([&] { import_files(f); }, ErrorKind::csv_missing_column,
               f.edges + ":1:1: missing required column 'transit_time'");
}

TEST(CsvErrors, DuplicateHeaderColumn) {
  expect_node_error("code,country,lat,lon,lat\nA,CN,1,2,3\n", ErrorKind::csv_syntax, 1, 22);
}

// --- value errors --------------------------------------------------------------------------

TEST(CsvErrors, IntegersArePlainDigits) {
  // Row "A,CN,1,2," then handling_time at column 10.
  for (const char* bad : {"1.5", "1e3", "+3", "3 4", "0x10", "three"})
    expect_node_error(fmt::format("{}A,CN,1,2,{},0,demand\n", kNodeHeader, bad), ErrorKind::csv_bad_value, 2, 10);
}

TEST(CsvErrors, NegativeInteger) {
  const CsvFiles f = write_case({.nodes = std::string(kNodeHeader) + "A,CN,1,2,-3,0,demand\n"});
  test::expect_input_error([&] { import_files(f); }, ErrorKind::csv_bad_value, f.nodes + ":2:10: handling_time -3 is negative");
}

TEST(CsvErrors, IntegerTooLargeForUint32) {
  CsvCase c;
  c.edges = "from,to,transit_time\nA,B,1\nB,A,4294967296\n";
  expect_import_error(c, ErrorKind::csv_bad_value, Which::edges, 3, 5);
}

TEST(CsvErrors, LatitudeNotANumber) {
  expect_node_error(std::string(kNodeHeader) + "A,CN,north,2,0,0,demand\n", ErrorKind::csv_bad_value, 2, 6);
}

TEST(CsvErrors, LatitudeNotFinite) {
  for (const char* bad : {"nan", "inf", "-infinity", "1e999"})
    expect_node_error(fmt::format("{}A,CN,{},2,0,0,demand\n", kNodeHeader, bad), ErrorKind::csv_bad_value, 2, 6);
}

TEST(CsvErrors, LatitudeOutOfRange) {
  expect_node_error(std::string(kNodeHeader) + "A,CN,90.5,2,0,0,demand\n", ErrorKind::csv_bad_value, 2, 6);
}

TEST(CsvErrors, LongitudeOutOfRange) {
  expect_node_error(std::string(kNodeHeader) + "A,CN,1,-180.001,0,0,demand\n", ErrorKind::csv_bad_value, 2, 8);
}

TEST(CsvErrors, NegativeDemand) {
  expect_node_error(std::string(kNodeHeader) + "A,CN,1,2,0,-0.5,demand\n", ErrorKind::csv_bad_value, 2, 12);
}

TEST(CsvErrors, NonFiniteDemand) {
  expect_node_error(std::string(kNodeHeader) + "A,CN,1,2,0,inf,demand\n", ErrorKind::csv_bad_value, 2, 12);
}

TEST(CsvErrors, UnknownKindAtItsByteColumn) {
  // "A,Zürich," is 10 bytes: ü takes two.
  expect_node_error("code,name,kind,country,lat,lon\nA,Zürich,castle,CH,1,2\n", ErrorKind::csv_bad_value, 2, 11);
}

TEST(CsvErrors, UnknownMode) {
  CsvCase c;
  c.edges = "from,to,transit_time,mode\nA,B,60,boat\n";
  expect_import_error(c, ErrorKind::csv_bad_value, Which::edges, 2, 8);
}

TEST(CsvErrors, CountryNotTwoCapitalLetters) {
  for (const char* bad : {"cn", "CHN", "C", "", "C1"})
    expect_node_error(fmt::format("code,country,lat,lon\nA,CN,1,2\nB,{},1,2\n", bad), ErrorKind::csv_bad_value, 3, 3);
}

TEST(CsvErrors, EmptyCode) {
  expect_node_error("code,country,lat,lon\nA,CN,1,2\n,CN,1,2\n", ErrorKind::csv_bad_value, 3, 1);
}

TEST(CsvErrors, DuplicateCodeNamesTheFirstLine) {
  const CsvFiles f = write_case({.nodes = "code,country,lat,lon\nA,CN,1,2\nB,CN,1,2\n\nC,CN,1,2\n  B,DE,1,2\n"});
  test::expect_input_error([&] { import_files(f); }, ErrorKind::duplicate_code,
               f.nodes + ":6:1: code 'B' is already the code of the node on line 3");
}

TEST(CsvErrors, EdgeNamesUnknownCode) {
  CsvCase c;
  c.edges = "from,to,transit_time\nA,B,1\nB,\"a\",2\n";  // codes are case-sensitive
  expect_import_error(c, ErrorKind::unknown_code, Which::edges, 3, 3);
  c.edges = "from,to,transit_time\nX,B,1\n";
  expect_import_error(c, ErrorKind::unknown_code, Which::edges, 2, 1);
}

TEST(CsvErrors, CustomsUnknownCountry) {
  CsvCase c;
  c.customs = "from,to,time\nCN,DE,60\nCN,FR,60\n";
  expect_import_error(c, ErrorKind::customs_unknown_country, Which::customs, 3, 4);
}

TEST(CsvErrors, CustomsSelfRow) {
  CsvCase c;
  c.customs = "from,to,time\nDE,DE,60\n";
  expect_import_error(c, ErrorKind::customs_self_row, Which::customs, 2, 1);
}

TEST(CsvErrors, CustomsDuplicateRowNamesTheFirstLine) {
  CsvCase c;
  c.customs = "from,to,time\nCN,DE,60\nDE,CN,30\nCN,DE,90\n";
  const CsvFiles f = write_case(c);
  test::expect_input_error([&] { import_files(f); }, ErrorKind::customs_duplicate_row,
               f.customs + ":4:1: row (CN, DE) repeats the row on line 2");
}

TEST(CsvErrors, CustomsCountryNotACode) {
  CsvCase c;
  c.customs = "from,to,time\nCN,de,60\n";
  expect_import_error(c, ErrorKind::csv_bad_value, Which::customs, 2, 4);
}

TEST(CsvErrors, CustomsTimeNotAnInteger) {
  CsvCase c;
  c.customs = "from,to,time\nCN,DE,1.5\n";
  expect_import_error(c, ErrorKind::csv_bad_value, Which::customs, 2, 7);
}

}  // namespace
}  // namespace hg
