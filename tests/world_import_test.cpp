// The world importer (io/import/world_import.hpp) on the hand-written fixtures in
// tests/data/world/ (one row or two per quirk of the real files; see
// docs/world-network.md), and once on the real data/world/ the project ships.
// Expected times are computed by hand in the comments.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "host/core/errors.hpp"
#include "io/snapshot.hpp"
#include "io/import/world_import.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;

std::string fixture_dir() { return test::data_file("world"); }

io::WorldImportOptions fixture_options() {
  io::WorldImportOptions o;
  o.data_dir = fixture_dir();
  o.cities = fixture_dir() + "/cities.txt";
  return o;
}

struct Imported {
  Network net;
  io::WorldImportStats stats;
};

Imported import_fixture(const io::WorldImportOptions& o = fixture_options()) {
  Imported r;
  r.net = io::import_world(o, &r.stats);
  return r;
}

NodeId node(const Network& net, std::string_view code) {
  for (std::size_t i = 0; i < net.nodes.size(); ++i)
    if (net.nodes.code[i] == code) return static_cast<NodeId>(i);
  ADD_FAILURE() << "no node " << code;
  return kNoNode;
}
bool has_node(const Network& net, std::string_view code) {
  for (std::size_t i = 0; i < net.nodes.size(); ++i)
    if (net.nodes.code[i] == code) return true;
  return false;
}

// The edges from -> to of one mode: their transit times.
std::vector<Time> edges(const Network& net, std::string_view from, std::string_view to, EdgeMode mode) {
  const NodeId s = node(net, from), d = node(net, to);
  std::vector<Time> times;
  for (std::size_t e = 0; e < net.edges.size(); ++e)
    if (net.edges.src[e] == s && net.edges.dst[e] == d && net.edges.mode[e] == static_cast<std::uint8_t>(mode))
      times.push_back(net.edges.transit_time[e]);
  return times;
}

std::map<std::pair<std::string, std::string>, Time> customs(const Network& net) {
  std::map<std::pair<std::string, std::string>, Time> rows;
  for (std::size_t i = 0; i < net.customs.size(); ++i)
    rows[{std::string(net.customs.from[i]), std::string(net.customs.to[i])}] = net.customs.time[i];
  return rows;
}

std::string attribute(const Network& net, const std::string& key) {
  for (const auto& [k, v] : net.extra_attributes)
    if (k == key) return v;
  return "<missing " + key + ">";
}

// A copy of the fixture folder with one file replaced by `text`.
io::WorldImportOptions fixture_with(const std::string& relative, std::string_view text, std::string* path = nullptr) {
  const fs::path dir = test::temp_dir() / "world";
  fs::copy(fixture_dir(), dir, fs::copy_options::recursive);
  const fs::path file = dir / relative;
  fs::remove(file);
  test::write_file(file.parent_path(), file.filename().string(), text);
  if (path) *path = file.string();
  io::WorldImportOptions o;
  o.data_dir = dir.string();
  o.cities = (dir / "cities.txt").string();
  return o;
}

std::string fixture_text(const std::string& relative) { return test::read_file(fixture_dir() + "/" + relative); }

// --- nodes ---------------------------------------------------------------------------

TEST(WorldImport, AirportsWithRoutesBecomeAirportNodesWithTheirCodes) {
  const Imported r = import_fixture();
  const Network& net = r.net;
  EXPECT_EQ(net.name, "world");
  EXPECT_EQ(net.time_unit, TimeUnit::minute);
  // In OpenFlights id order; codes from IATA, else ICAO (\N IATA), else the id (both \N).
  const std::vector<std::string> airports = {"A-AAA", "A-BBB", "A-VYGG", "A-DDD", "A-OF7",
                                             "A-IST", "A-ISL", "A-CCC",  "A-ZZZ"};
  ASSERT_EQ(r.stats.airports_kept, airports.size());
  for (std::size_t i = 0; i < airports.size(); ++i) {
    EXPECT_EQ(net.nodes.code[i], airports[i]);
    EXPECT_EQ(net.nodes.kind[i], static_cast<std::uint8_t>(NodeKind::airport));
    EXPECT_EQ(net.nodes.handling_time[i], 180u);
    EXPECT_EQ(net.nodes.demand[i], 0.0);
  }
  // Quoted names: a doubled quote and a comma inside the quotes.
  EXPECT_EQ(net.nodes.name[node(net, "A-AAA")], "Alpha \"Quoted\" Airport");
  EXPECT_EQ(net.nodes.name[node(net, "A-BBB")], "Beta, International");
  EXPECT_EQ(net.nodes.country[node(net, "A-BBB")], "FR");
  EXPECT_EQ(net.nodes.lat[node(net, "A-DDD")], -22.5);
  EXPECT_EQ(net.nodes.lon[node(net, "A-DDD")], 17.0);
}

TEST(WorldImport, AirportsWithoutUsableRoutesAreDropped) {
  const Imported r = import_fixture();
  EXPECT_FALSE(has_node(r.net, "A-UUU"));      // no route at all
  EXPECT_FALSE(has_node(r.net, "A-OF101"));    // a station only in the extended file, no route
  EXPECT_FALSE(has_node(r.net, "A-ATL"));      // country "Atlantis" has no ISO code: skipped, counted
  EXPECT_EQ(r.stats.airports_unmapped, 1u);
  EXPECT_EQ(r.stats.unmapped_countries, (std::map<std::string, std::uint64_t>{{"Atlantis", 1}}));
  EXPECT_EQ(r.stats.route_rows_unmapped, 1u);
  EXPECT_EQ(r.stats.airports_read, 10u);
}

TEST(WorldImport, CountryNamesMapThroughCountriesDatAndTheAliasTable) {
  const Imported r = import_fixture();
  EXPECT_EQ(r.net.nodes.country[node(r.net, "A-VYGG")], "MM");  // "Burma": only in the alias table
  EXPECT_EQ(r.net.nodes.country[node(r.net, "A-AAA")], "DE");
  EXPECT_EQ(r.net.nodes.country[node(r.net, "A-ZZZ")], "HK");
}

TEST(WorldImport, NaIsNamibiaNotAMissingValue) {
  const Imported r = import_fixture();
  EXPECT_EQ(r.net.nodes.country[node(r.net, "A-DDD")], "NA");     // countries.dat "Namibia","NA"
  EXPECT_EQ(r.net.nodes.country[node(r.net, "C-105")], "NA");     // GeoNames country code NA
  EXPECT_EQ(r.net.nodes.name[node(r.net, "C-105")], "Windhoek");
  EXPECT_EQ(r.stats.cities_skipped_country, 0u);
}

TEST(WorldImport, CitiesAreDemandZonesWithoutPplxAndEmptyOnes) {
  const Imported r = import_fixture();
  const Network& net = r.net;
  const NodeId alpha = node(net, "C-101");
  EXPECT_EQ(net.nodes.kind[alpha], static_cast<std::uint8_t>(NodeKind::demand_zone));
  EXPECT_EQ(net.nodes.name[alpha], "Alphaville");
  EXPECT_EQ(net.nodes.country[alpha], "DE");
  EXPECT_EQ(net.nodes.demand[alpha], 100000.0);
  EXPECT_EQ(net.nodes.handling_time[alpha], 0u);
  EXPECT_EQ(net.nodes.lon[alpha], 0.5);
  EXPECT_FALSE(has_node(net, "C-102"));  // PPLX: a city section
  EXPECT_FALSE(has_node(net, "C-103"));  // population 0
  EXPECT_EQ(r.stats.city_rows, 9u);
  EXPECT_EQ(r.stats.cities_kept, 7u);
  EXPECT_EQ(r.stats.cities_skipped_feature, 1u);
  EXPECT_EQ(r.stats.cities_skipped_population, 1u);
}

TEST(WorldImport, CityFiltersAreParameters) {
  io::WorldImportOptions o = fixture_options();
  o.skip_feature_codes.clear();
  o.min_population = 0;
  const Imported r = import_fixture(o);
  EXPECT_TRUE(has_node(r.net, "C-102"));
  EXPECT_TRUE(has_node(r.net, "C-103"));
  o.min_population = 1000000;
  const Imported big = import_fixture(o);
  EXPECT_EQ(big.stats.cities_kept, 3u);  // Windhoek 431,000 and the small ones left out
}

TEST(WorldImport, ReadsGzipCities) {
  const fs::path gz = test::temp_dir() / "cities.txt.gz";
  const std::string text = fixture_text("cities.txt");
  gzFile out = gzopen(gz.c_str(), "wb9");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
  gzclose(out);
  io::WorldImportOptions o = fixture_options();
  o.cities = gz.string();
  const Imported zipped = import_fixture(o), plain = import_fixture();
  EXPECT_EQ(zipped.net.nodes.size(), plain.net.nodes.size());
  EXPECT_EQ(zipped.net.edges.transit_time, plain.net.edges.transit_time);
}

// --- flights ---------------------------------------------------------------------------

TEST(WorldImport, OneAirEdgePerDirectedPairWhateverTheAirlines) {
  const Imported r = import_fixture();
  // Three airlines (one a codeshare) fly AAA -> BBB: one edge. Block time by
  // hand: 5 degrees of the equator = 6371.0088 * 5 * pi / 180 = 555.975 km;
  // 40 + 555.975 / 800 * 60 = 81.698 -> 82 minutes, plus the 240-minute wait.
  EXPECT_EQ(edges(r.net, "A-AAA", "A-BBB", EdgeMode::air), std::vector<Time>{322});
  EXPECT_EQ(edges(r.net, "A-BBB", "A-AAA", EdgeMode::air), std::vector<Time>{322});
  EXPECT_EQ(r.stats.flights, 9u);
  EXPECT_EQ(r.stats.route_rows, 14u);
}

TEST(WorldImport, FlightTimesFollowTheParameters) {
  io::WorldImportOptions o = fixture_options();
  o.flight_wait_minutes = 0;
  o.flight_overhead_minutes = 10;
  o.cruise_kmh = 600;  // 555.975 / 600 * 60 = 55.598 + 10 = 65.598 -> 66
  EXPECT_EQ(edges(import_fixture(o).net, "A-AAA", "A-BBB", EdgeMode::air), std::vector<Time>{66});
}

TEST(WorldImport, SelfLoopsAreSkipped) {
  const Imported r = import_fixture();
  EXPECT_TRUE(edges(r.net, "A-AAA", "A-AAA", EdgeMode::air).empty());
  EXPECT_EQ(r.stats.route_rows_self_loop, 1u);
}

TEST(WorldImport, RouteIdsMissingFromAirportsDatComeFromTheExtendedFile) {
  const Imported r = import_fixture();
  EXPECT_EQ(edges(r.net, "A-AAA", "A-ZZZ", EdgeMode::air).size(), 1u);
  EXPECT_EQ(edges(r.net, "A-ZZZ", "A-CCC", EdgeMode::air).size(), 1u);
  EXPECT_EQ(r.stats.airports_extended_used, 1u);
}

TEST(WorldImport, MissingRouteIdsJoinOnTheCurrentIataCode) {
  const Imported r = import_fixture();
  // "BBB,2,IST,\N": the code IST today belongs to airport 8 (Istanbul Airport).
  EXPECT_EQ(edges(r.net, "A-BBB", "A-IST", EdgeMode::air).size(), 1u);
  EXPECT_EQ(r.stats.route_rows_by_code, 1u);
  // "AAA,1,QQQ,\N": no airport has the code: the row is dropped.
  EXPECT_EQ(r.stats.route_rows_unresolved, 1u);
  // "IST,9,...": the id wins over the stale code (id 9 is Atatürk, now ISL).
  EXPECT_EQ(edges(r.net, "A-ISL", "A-AAA", EdgeMode::air).size(), 1u);
  EXPECT_TRUE(edges(r.net, "A-IST", "A-AAA", EdgeMode::air).empty());
  EXPECT_EQ(r.stats.route_rows_stale_code, 1u);
}

// --- roads ---------------------------------------------------------------------------

TEST(WorldImport, RoadTimesAndRadii) {
  const Imported r = import_fixture();
  const Network& net = r.net;
  // Alphaville (0, 0.5) to AAA (0, 0): 0.5 degrees = 55.5975 km; * 1.3 / 60 km/h
  // * 60 = 72.277 -> 72 minutes, both ways. Epsilon (0, 1) is as far.
  EXPECT_EQ(edges(net, "C-101", "A-AAA", EdgeMode::road), std::vector<Time>{72});
  EXPECT_EQ(edges(net, "A-AAA", "C-101", EdgeMode::road), std::vector<Time>{72});
  EXPECT_EQ(edges(net, "C-101", "A-OF7", EdgeMode::road), std::vector<Time>{72});
  // Farville (0, 3.2): no airport within 150 km; the nearest is BBB (0, 5),
  // 1.8 degrees = 200.151 km (< 400): 200.151 * 1.3 = 260.196 -> 260 minutes.
  EXPECT_EQ(edges(net, "C-104", "A-BBB", EdgeMode::road), std::vector<Time>{260});
  EXPECT_TRUE(edges(net, "C-104", "A-OF7", EdgeMode::road).empty());
  // Nowhere (60, 100): nothing within 400 km.
  EXPECT_EQ(r.stats.cities_without_airport, 1u);
  const NodeId nowhere = node(net, "C-106");
  for (std::size_t e = 0; e < net.edges.size(); ++e) EXPECT_NE(net.edges.src[e], nowhere);
  // Alphaville - Farville: 2.7 degrees = 300.227 km < 400: a city link, both
  // ways: 300.227 * 1.3 = 390.295 -> 390 minutes.
  EXPECT_EQ(edges(net, "C-101", "C-104", EdgeMode::road), std::vector<Time>{390});
  EXPECT_EQ(edges(net, "C-104", "C-101", EdgeMode::road), std::vector<Time>{390});
  EXPECT_EQ(r.stats.road_links_city, 2u);  // and Shenzhen - Hong Kong
  EXPECT_EQ(edges(net, "C-107", "C-108", EdgeMode::road).size(), 1u);
}

TEST(WorldImport, RoadParameters) {
  io::WorldImportOptions o = fixture_options();
  o.airport_fallback_km = 150;  // Farville loses its airport
  o.city_neighbours = 0;        // no city links
  o.truck_kmh = 80;
  o.road_detour = 1.0;          // 55.5975 / 80 * 60 = 41.698 -> 42
  const Imported r = import_fixture(o);
  EXPECT_TRUE(edges(r.net, "C-104", "A-BBB", EdgeMode::road).empty());
  EXPECT_EQ(r.stats.road_links_city, 0u);
  EXPECT_EQ(edges(r.net, "C-101", "A-AAA", EdgeMode::road), std::vector<Time>{42});
  EXPECT_EQ(r.stats.cities_without_airport, 2u);
}

TEST(WorldImport, GreatCircleDistance) {
  EXPECT_NEAR(io::great_circle_km(0, 0, 0, 1), 111.19508, 1e-4);
  EXPECT_NEAR(io::great_circle_km(0, 179.5, 0, -179.5), 111.19508, 1e-4);  // across the date line
  EXPECT_NEAR(io::great_circle_km(90, 0, -90, 0), 6371.0088 * M_PI, 1e-6);
}

// --- customs ---------------------------------------------------------------------------

TEST(WorldImport, CustomsUnionsAndExplicitRows) {
  const Imported r = import_fixture();
  const auto rows = customs(r.net);
  EXPECT_EQ(r.net.default_customs_time, 480u);
  EXPECT_TRUE(r.net.has_customs);
  // EU = DE, FR, NL: 0 both ways, except the explicit DE -> FR row; NL has no node.
  EXPECT_EQ(rows.at({"FR", "DE"}), 0u);
  EXPECT_EQ(rows.at({"DE", "FR"}), 30u);
  EXPECT_EQ(rows.at({"CN", "HK"}), 60u);
  EXPECT_EQ(rows.at({"HK", "CN"}), 45u);
  EXPECT_EQ(rows.size(), 4u);  // US -> CA: no node in either country
  EXPECT_EQ(r.stats.customs_rows_unused, 1u);
}

TEST(WorldImport, CustomsDefaultIsAParameter) {
  io::WorldImportOptions o = fixture_options();
  o.customs_default_minutes = 480;
  EXPECT_EQ(import_fixture(o).net.default_customs_time, 480u);
}

TEST(WorldImport, SourcesAndParametersAreRecorded) {
  io::WorldImportOptions o = fixture_options();
  o.flight_wait_minutes = 90;
  const Network net = import_fixture(o).net;
  EXPECT_EQ(attribute(net, "param_flight_wait_minutes"), "90");
  EXPECT_EQ(attribute(net, "param_road_detour"), "1.3");
  EXPECT_EQ(attribute(net, "param_skip_feature_codes"), "PPLX");
  EXPECT_EQ(attribute(net, "param_earth_radius_km"), "6371.0088");
  EXPECT_NE(attribute(net, "source_routes").find("routes.dat ("), std::string::npos);
  EXPECT_NE(attribute(net, "source_cities").find("sha256 "), std::string::npos);
  EXPECT_NE(attribute(net, "attribution").find("GeoNames"), std::string::npos);
  EXPECT_TRUE(std::is_sorted(net.extra_attributes.begin(), net.extra_attributes.end()));
}

// --- errors ------------------------------------------------------------------------------

TEST(WorldImport, MalformedRowsNameFileLineAndColumn) {
  std::string path;
  {
    std::string text = fixture_text("openflights/airports.dat");
    text.replace(text.find(",0,5,100"), 8, ",0,east,100");  // line 2, longitude
    const auto o = fixture_with("openflights/airports.dat", text, &path);
    test::expect_input_error([&] { io::import_world(o); }, ErrorKind::csv_bad_value, path + ":2: column 8");
  }
  {
    const auto o = fixture_with("openflights/routes.dat", fixture_text("openflights/routes.dat") + "XX,1,AAA,1,BBB\r\n",
                                &path);
    test::expect_input_error([&] { io::import_world(o); }, ErrorKind::csv_syntax, path + ":15: expected 9 columns");
  }
  {
    const auto o =
        fixture_with("openflights/routes.dat", "XX,1,AAA,one,BBB,2,,0,320\r\n", &path);
    test::expect_input_error([&] { io::import_world(o); }, ErrorKind::csv_bad_value, path + ":1: column 4");
  }
  {
    std::string text = fixture_text("cities.txt");
    text.replace(text.find("\t100000\t"), 8, "\tmany\t");  // line 1, population
    const auto o = fixture_with("cities.txt", text, &path);
    test::expect_input_error([&] { io::import_world(o); }, ErrorKind::csv_bad_value, path + ":1: column 15");
  }
  {
    const auto o = fixture_with("cities.txt", "1\tOnly\tthree\n", &path);
    test::expect_input_error([&] { io::import_world(o); }, ErrorKind::csv_syntax, path + ":1: expected 19 columns");
  }
  {
    const auto o = fixture_with("customs.csv", "from,to,minutes\nCN,CN,5\n", &path);
    test::expect_input_error([&] { io::import_world(o); }, ErrorKind::csv_bad_value, path + ":2:");
  }
}

TEST(WorldImport, MissingFilesNameThePath) {
  io::WorldImportOptions o = fixture_options();
  o.routes = fixture_dir() + "/no-such-routes.dat";
  test::expect_input_error([&] { io::import_world(o); }, ErrorKind::missing_file, o.routes);
  io::WorldImportOptions none;
  none.data_dir = (test::temp_dir() / "empty").string();
  test::expect_input_error([&] { io::import_world(none); }, ErrorKind::missing_file, none.data_dir);
}

TEST(WorldImport, CommandLineWritesTheSnapshotAndReportsCounts) {
  const fs::path dir = test::temp_dir();
  const std::string out = (dir / "world.h5").string();
  const auto r = test::run_hourglass({"import", "openflights", "--data", fixture_dir(), "--cities",
                                      fixture_dir() + "/cities.txt", "--flight-wait-minutes", "0", "-o", out});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("airports: 9 kept"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unmapped country 'Atlantis': 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cities: 7 kept"), std::string::npos) << r.out;
  const Network net = io::read_snapshot(out, "");
  EXPECT_EQ(net.name, "world");
  EXPECT_EQ(edges(net, "A-AAA", "A-BBB", EdgeMode::air), std::vector<Time>{82});
  EXPECT_EQ(attribute(net, "param_flight_wait_minutes"), "0");
  EXPECT_EQ(net.default_customs_time, 480u);
}

TEST(WorldImport, CommandLineBadRowExitsTwoAndWritesNothing) {
  std::string path;
  std::string text = fixture_text("openflights/airports.dat");
  text.replace(text.find(",-22.5,"), 7, ",south,");  // line 4, latitude
  const auto o = fixture_with("openflights/airports.dat", text, &path);
  const std::string out = (fs::path(o.data_dir) / "out.h5").string();
  const auto r = test::run_hourglass({"import", "openflights", "--data", o.data_dir, "--cities", o.cities, "-o", out});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(path + ":4: column 7"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".partial"));
}

// --- the real data -------------------------------------------------------------------

TEST(WorldImport, RealShippedData) {
  io::WorldImportOptions o;
  o.data_dir = test::source_dir() + "/data/world";
  io::WorldImportStats st;
  const auto start = std::chrono::steady_clock::now();
  const Network net = io::import_world(o, &st);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0);
  EXPECT_GT(st.airports_kept, 3000u);
  EXPECT_GT(st.cities_kept, 30000u);
  EXPECT_GT(st.flights, 35000u);
  EXPECT_EQ(st.airports_unmapped, 0u) << "every route airport's country maps with the alias table";
  EXPECT_EQ(st.cities_skipped_feature, 2064u);  // PPLX
  EXPECT_EQ(st.cities_skipped_population, 1u);
  // Every node's country is a code of countryInfo.
  std::set<std::string> iso;
  std::istringstream info(test::read_file(o.data_dir + "/countries/geonames_countryInfo.tsv"));
  for (std::string line; std::getline(info, line);)
    if (!line.empty() && line[0] != '#') iso.insert(line.substr(0, line.find('\t')));
  ASSERT_TRUE(iso.contains("NA"));
  std::size_t namibia = 0;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    ASSERT_TRUE(iso.contains(std::string(net.nodes.country[i]))) << net.nodes.code[i];
    namibia += net.nodes.country[i] == "NA";
  }
  EXPECT_GT(namibia, 3u);
  // Atatürk (ISL) and Hong Kong are there; Hong Kong - China customs are explicit.
  EXPECT_TRUE(has_node(net, "A-ISL"));  // Atatürk: the 2017 routes coded IST carry its id
  EXPECT_TRUE(has_node(net, "A-HKG"));
  const auto rows = customs(net);
  EXPECT_EQ(rows.at({"CN", "HK"}), 60u);
  EXPECT_EQ(rows.at({"DE", "FR"}), 0u);
  EXPECT_EQ(rows.count({"CN", "DE"}), 0u);
}

}  // namespace
}  // namespace hg
