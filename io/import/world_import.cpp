#include "io/import/world_import.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "host/core/errors.hpp"
#include "host/core/text.hpp"
#include "host/model/validate_network.hpp"
#include "io/csv_reader.hpp"
#include "io/input_file.hpp"
#include "io/sha256.hpp"

namespace hg::io {

namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kDegree = std::numbers::pi / 180.0;
constexpr std::string_view kMissing = "\\N";  // OpenFlights' missing value

std::string under(const std::string& dir, const std::string& given, std::string_view name) {
  if (!given.empty()) return given;
  return (std::filesystem::path(dir) / name).string();
}

// --- reading lines --------------------------------------------------------------------

// Every file is read whole (InputFile::load_all) before its first line is
// parsed, so that damaged gzip data is refused as such, never as a bad line.

// One OpenFlights line: comma-separated, text in double quotes ("" inside is
// one quote), numbers and \N bare. Fields are unescaped into `out`.
void split_openflights(const InputFile& in, std::string_view line, std::vector<std::string>& out) {
  out.clear();
  std::size_t i = 0;
  for (;;) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size())
          in.fail(ErrorKind::csv_syntax, fmt::format("column {}: a quoted field is not closed", out.size() + 1));
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',')
        in.fail(ErrorKind::csv_syntax, fmt::format("column {}: text after the closing quote", out.size() + 1));
    } else {
      const std::size_t stop = std::min(line.find(',', i), line.size());
      field.assign(line.substr(i, stop - i));
      i = stop;
    }
    out.push_back(std::move(field));
    if (i >= line.size()) return;
    ++i;  // the comma
  }
}

void split_tabs(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0;
  for (;;) {
    const std::size_t stop = std::min(line.find('\t', i), line.size());
    out.push_back(line.substr(i, stop - i));
    if (stop >= line.size()) return;
    i = stop + 1;
  }
}

void expect_columns(const InputFile& in, std::size_t found, std::size_t expected, std::string_view what) {
  if (found != expected)
    in.fail(ErrorKind::csv_syntax, fmt::format("expected {} columns ({}), found {}", expected, what, found));
}

std::uint64_t parse_id(const InputFile& in, std::string_view text, std::size_t column, std::string_view what) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    in.fail(ErrorKind::csv_bad_value,
            fmt::format("column {} ({}): '{}' is not a non-negative integer", column, what, text));
  return value;
}

double parse_degrees(const InputFile& in, std::string_view text, std::size_t column, std::string_view what, double limit) {
  double value = 0.0;
  if (const auto error = parse_finite(text, what, value))
    in.fail(ErrorKind::csv_bad_value, fmt::format("column {}: {}", column, *error));
  if (!(std::abs(value) <= limit))
    in.fail(ErrorKind::csv_bad_value, fmt::format("column {} ({}): {} is outside [-{}, {}]", column, what, value, limit, limit));
  return value;
}

bool is_code(std::string_view s) { return is_country_code(s); }

// --- countries ------------------------------------------------------------------------

struct Countries {
  std::unordered_set<std::string> iso;                     // countryInfo codes ("NA" is Namibia)
  std::unordered_map<std::string, std::string> by_name;    // OpenFlights name -> ISO (aliases first)
};

// GeoNames countryInfo: tab-separated, '#' header and comments, ISO code first.
void read_country_info(const std::string& path, Countries& c) {
  InputFile in(path);
  in.load_all();
  std::string_view line;
  std::vector<std::string_view> f;
  while (in.next_line(line)) {
    if (line.empty() || line.front() == '#') continue;
    split_tabs(line, f);
    if (f.size() < 5) in.fail(ErrorKind::csv_syntax, fmt::format("expected 19 tab-separated columns, found {}", f.size()));
    if (!is_code(f[0]))
      in.fail(ErrorKind::csv_bad_value, fmt::format("column 1 (ISO): '{}' is not an ISO 3166-1 alpha-2 code", f[0]));
    c.iso.emplace(f[0]);
  }
  HG_EXPECTS(!c.iso.empty(), ErrorKind::csv_syntax, "{}: no countries", path);
}

// name,iso2 with a header; then countries.dat (name, ISO or \N, DAFIF) for the rest.
void read_country_names(const std::string& aliases, const std::string& countries_dat, Countries& c) {
  {
    CsvReader csv = CsvReader::open(aliases);
    const std::size_t name = csv.require_column("name"), iso = csv.require_column("iso2");
    while (csv.next_row()) {
      const CsvField& code = csv.field(iso);
      if (!c.iso.contains(std::string(code.text)))
        csv.fail(ErrorKind::csv_bad_value, code, fmt::format("'{}' is not a country code of countryInfo", code.text));
      if (!c.by_name.emplace(std::string(csv.field(name).text), std::string(code.text)).second)
        csv.fail(ErrorKind::csv_bad_value, csv.field(name), fmt::format("'{}' is listed twice", csv.field(name).text));
    }
  }
  InputFile in(countries_dat);
  in.load_all();
  std::string_view line;
  std::vector<std::string> f;
  while (in.next_line(line)) {
    if (trim(line).empty()) continue;
    split_openflights(in, line, f);
    expect_columns(in, f.size(), 3, "name, ISO code, DAFIF code");
    if (f[1] == kMissing || f[1].empty()) continue;  // a territory without an ISO code
    if (!is_code(f[1]))
      in.fail(ErrorKind::csv_bad_value, fmt::format("column 2 (ISO code): '{}' is not an ISO 3166-1 alpha-2 code", f[1]));
    c.by_name.emplace(f[0], f[1]);  // an alias of the same name wins
  }
}

// --- airports and routes --------------------------------------------------------------

struct Airport {
  std::uint32_t id = 0;
  std::string name, country_name, iata, icao, iso;  // iso empty: the country is not mapped
  double lat = 0, lon = 0;
  bool extended_only = false;
};

struct Airports {
  std::vector<Airport> list;
  std::unordered_map<std::uint32_t, std::uint32_t> by_id;
  std::unordered_map<std::string, std::uint32_t> by_iata;  // airports.dat first, then the extended file
  std::uint64_t main_rows = 0;
};

constexpr std::size_t kAirportColumns = 14;

void read_airports(const std::string& path, bool extended, const Countries& countries, Airports& a) {
  InputFile in(path);
  in.load_all();
  std::string_view line;
  std::vector<std::string> f;
  while (in.next_line(line)) {
    if (trim(line).empty()) continue;
    split_openflights(in, line, f);
    expect_columns(in, f.size(), kAirportColumns, "id, name, city, country, IATA, ICAO, latitude, longitude, …");
    const std::uint64_t id = parse_id(in, f[0], 1, "airport id");
    if (id > UINT32_MAX) in.fail(ErrorKind::csv_bad_value, fmt::format("column 1 (airport id): {} is too large", id));
    Airport airport;
    airport.id = static_cast<std::uint32_t>(id);
    airport.lat = parse_degrees(in, f[6], 7, "latitude", 90.0);
    airport.lon = parse_degrees(in, f[7], 8, "longitude", 180.0);
    if (!extended) ++a.main_rows;
    if (a.by_id.contains(airport.id)) {
      if (!extended) in.fail(ErrorKind::csv_bad_value, fmt::format("column 1 (airport id): {} is used twice", id));
      continue;  // the extended file repeats airports.dat: that row wins
    }
    airport.name = std::move(f[1]);
    airport.country_name = std::move(f[3]);
    if (f[4] != kMissing) airport.iata = std::move(f[4]);
    if (f[5] != kMissing) airport.icao = std::move(f[5]);
    if (const auto found = countries.by_name.find(airport.country_name); found != countries.by_name.end())
      airport.iso = found->second;
    airport.extended_only = extended;
    const auto index = static_cast<std::uint32_t>(a.list.size());
    a.by_id.emplace(airport.id, index);
    if (!airport.iata.empty()) a.by_iata.emplace(airport.iata, index);  // the first holder keeps a code
    a.list.push_back(std::move(airport));
  }
}

constexpr std::size_t kRouteColumns = 9;
constexpr std::uint32_t kNone = UINT32_MAX;

// The airport of one end of a route: by OpenFlights id when there is one (the
// ids are stable, codes are reassigned), else by the current IATA code.
std::uint32_t resolve(const InputFile& in, const Airports& a, std::string_view code, std::string_view id, std::size_t column,
                      bool& by_code, bool& stale) {
  if (id == kMissing) {
    by_code = true;
    const auto found = a.by_iata.find(std::string(code));
    return found == a.by_iata.end() ? kNone : found->second;
  }
  const std::uint64_t value = parse_id(in, id, column, "airport id");
  const auto found = value <= UINT32_MAX ? a.by_id.find(static_cast<std::uint32_t>(value)) : a.by_id.end();
  if (found == a.by_id.end()) return kNone;
  const std::string& iata = a.list[found->second].iata;
  if (!iata.empty() && code != iata) stale = true;
  return found->second;
}

// Distinct directed airport pairs (indices into Airports::list), sorted.
std::vector<std::pair<std::uint32_t, std::uint32_t>> read_routes(const std::string& path, const Airports& a,
                                                                 WorldImportStats& st,
                                                                 std::set<std::uint32_t>& unmapped) {
  InputFile in(path);
  in.load_all();
  std::vector<std::uint64_t> pairs;
  std::string_view line;
  std::vector<std::string> f;
  while (in.next_line(line)) {
    if (trim(line).empty()) continue;
    split_openflights(in, line, f);
    expect_columns(in, f.size(), kRouteColumns,
                   "airline, airline id, source, source id, destination, destination id, codeshare, stops, equipment");
    ++st.route_rows;
    bool by_code = false, stale = false;
    const std::uint32_t src = resolve(in, a, f[2], f[3], 4, by_code, stale);
    const std::uint32_t dst = resolve(in, a, f[4], f[5], 6, by_code, stale);
    if (src == kNone || dst == kNone) {
      ++st.route_rows_unresolved;
      continue;
    }
    if (by_code) ++st.route_rows_by_code;
    if (stale) ++st.route_rows_stale_code;
    if (src == dst) {
      ++st.route_rows_self_loop;
      continue;
    }
    if (a.list[src].iso.empty() || a.list[dst].iso.empty()) {
      ++st.route_rows_unmapped;
      for (const std::uint32_t end : {src, dst})
        if (a.list[end].iso.empty()) unmapped.insert(end);
      continue;
    }
    pairs.push_back(std::uint64_t{src} << 32 | dst);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  out.reserve(pairs.size());
  for (const std::uint64_t p : pairs) out.emplace_back(static_cast<std::uint32_t>(p >> 32), static_cast<std::uint32_t>(p));
  return out;
}

// --- cities ---------------------------------------------------------------------------

struct City {
  std::string id, name, country;
  double lat = 0, lon = 0;
  std::uint64_t population = 0;
};

constexpr std::size_t kGeoNamesColumns = 19;

std::vector<City> read_cities(const std::string& path, const WorldImportOptions& o, const Countries& countries,
                              WorldImportStats& st) {
  InputFile in(path);
  in.load_all();
  std::vector<City> cities;
  cities.reserve(40000);
  std::string_view line;
  std::vector<std::string_view> f;
  while (in.next_line(line)) {
    if (line.empty()) continue;
    split_tabs(line, f);
    expect_columns(in, f.size(), kGeoNamesColumns, "GeoNames: geonameid, name, asciiname, …, population (15), …");
    ++st.city_rows;
    City city;
    city.id = std::to_string(parse_id(in, f[0], 1, "geonameid"));
    city.lat = parse_degrees(in, f[4], 5, "latitude", 90.0);
    city.lon = parse_degrees(in, f[5], 6, "longitude", 180.0);
    city.population = parse_id(in, f[14], 15, "population");
    if (std::find(o.skip_feature_codes.begin(), o.skip_feature_codes.end(), f[7]) != o.skip_feature_codes.end()) {
      ++st.cities_skipped_feature;
      continue;
    }
    if (city.population < o.min_population) {
      ++st.cities_skipped_population;
      continue;
    }
    if (!countries.iso.contains(std::string(f[8]))) {  // "NA" is Namibia: a code like any other
      ++st.cities_skipped_country;
      continue;
    }
    city.name.assign(f[1]);
    city.country.assign(f[8]);
    cities.push_back(std::move(city));
  }
  return cities;
}

// --- geometry -------------------------------------------------------------------------

// Points in 1-degree latitude/longitude cells, for "everything within R km".
class GeoGrid {
 public:
  GeoGrid(const std::vector<double>& lat, const std::vector<double>& lon) : lat_(lat), lon_(lon) {
    start_.assign(kRows * kCols + 1, 0);
    std::vector<std::uint32_t> cell(lat.size());
    for (std::size_t i = 0; i < lat.size(); ++i) {
      cell[i] = row_of(lat[i]) * kCols + col_of(lon[i]);
      ++start_[cell[i] + 1];
    }
    for (std::size_t c = 0; c < kRows * kCols; ++c) start_[c + 1] += start_[c];
    items_.resize(lat.size());
    std::vector<std::uint32_t> fill(start_.begin(), start_.end() - 1);
    for (std::size_t i = 0; i < lat.size(); ++i) items_[fill[cell[i]]++] = static_cast<std::uint32_t>(i);
  }

  // Calls visit(index, km) for every point within radius_km of (lat, lon), in
  // no particular order.
  template <class Visit>
  void within(double lat, double lon, double radius_km, Visit&& visit) const {
    const double angle = radius_km / kEarthRadiusKm;  // radians
    const double lat_lo = lat - angle / kDegree, lat_hi = lat + angle / kDegree;
    bool all_cols = lat_lo <= -90.0 || lat_hi >= 90.0;
    double dlon = 360.0;
    if (!all_cols) {
      // The widest longitude span of the spherical cap (exact bounding box).
      const double s = std::sin(angle) / std::cos(lat * kDegree);
      if (s >= 1.0) all_cols = true;
      else dlon = std::asin(s) / kDegree + 1e-9;
    }
    int col_lo = 0, col_hi = kCols - 1;
    if (!all_cols) {
      col_lo = static_cast<int>(std::floor((lon - dlon + 180.0) / kCell));
      col_hi = static_cast<int>(std::floor((lon + dlon + 180.0) / kCell));
      if (col_hi - col_lo + 1 >= kCols) col_lo = 0, col_hi = kCols - 1;
    }
    const std::uint32_t row_lo = row_of(std::max(lat_lo, -90.0)), row_hi = row_of(std::min(lat_hi, 90.0));
    for (std::uint32_t r = row_lo; r <= row_hi; ++r)
      for (int c = col_lo; c <= col_hi; ++c) {
        const std::uint32_t col = static_cast<std::uint32_t>(((c % kCols) + kCols) % kCols);
        const std::uint32_t cell = r * kCols + col;
        for (std::uint32_t k = start_[cell]; k < start_[cell + 1]; ++k) {
          const std::uint32_t i = items_[k];
          const double km = great_circle_km(lat, lon, lat_[i], lon_[i]);
          if (km <= radius_km) visit(i, km);
        }
      }
  }

 private:
  static constexpr int kRows = 180, kCols = 360;
  static constexpr double kCell = 1.0;
  static std::uint32_t row_of(double lat) {
    return static_cast<std::uint32_t>(std::clamp(static_cast<int>(std::floor((lat + 90.0) / kCell)), 0, kRows - 1));
  }
  static std::uint32_t col_of(double lon) {
    const int c = static_cast<int>(std::floor((lon + 180.0) / kCell));
    return static_cast<std::uint32_t>(((c % kCols) + kCols) % kCols);
  }
  const std::vector<double>& lat_;
  const std::vector<double>& lon_;
  std::vector<std::uint32_t> start_, items_;
};

// --- customs --------------------------------------------------------------------------

void read_customs(const WorldImportOptions& o, const Countries& countries,
                  const std::unordered_set<std::string>& present, Network& net, WorldImportStats& st) {
  std::map<std::pair<std::string, std::string>, Time> rows;
  {
    CsvReader csv = CsvReader::open(o.path_customs_unions());
    const std::size_t u = csv.require_column("union"), c = csv.require_column("country");
    std::map<std::string, std::vector<std::string>> unions;
    while (csv.next_row()) {
      const CsvField& code = csv.field(c);
      if (!countries.iso.contains(std::string(code.text)))
        csv.fail(ErrorKind::csv_bad_value, code, fmt::format("'{}' is not a country code of countryInfo", code.text));
      auto& members = unions[std::string(csv.field(u).text)];
      if (std::find(members.begin(), members.end(), code.text) != members.end())
        csv.fail(ErrorKind::csv_bad_value, code, fmt::format("'{}' is listed twice in union {}", code.text, csv.field(u).text));
      members.emplace_back(code.text);
    }
    for (const auto& [name, members] : unions)
      for (const std::string& from : members)
        for (const std::string& to : members)
          if (from != to && present.contains(from) && present.contains(to)) rows[{from, to}] = 0;
  }
  CsvReader csv = CsvReader::open(o.path_customs());
  const std::size_t cf = csv.require_column("from"), ct = csv.require_column("to"), cm = csv.require_column("minutes");
  std::set<std::pair<std::string, std::string>> explicit_rows;
  while (csv.next_row()) {
    for (const std::size_t col : {cf, ct})
      if (!countries.iso.contains(std::string(csv.field(col).text)))
        csv.fail(ErrorKind::csv_bad_value, csv.field(col),
                 fmt::format("'{}' is not a country code of countryInfo", csv.field(col).text));
    std::pair<std::string, std::string> key{std::string(csv.field(cf).text), std::string(csv.field(ct).text)};
    if (key.first == key.second)
      csv.fail(ErrorKind::csv_bad_value, csv.field(ct), "from and to are the same country (no customs within a country)");
    if (!explicit_rows.insert(key).second)
      csv.fail(ErrorKind::csv_bad_value, csv.field(cf), fmt::format("the row {} -> {} is given twice", key.first, key.second));
    const CsvField& minutes = csv.field(cm);
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(minutes.text.data(), minutes.text.data() + minutes.text.size(), value);
    if (minutes.text.empty() || ec != std::errc() || end != minutes.text.data() + minutes.text.size() ||
        value >= kInfinity)
      csv.fail(ErrorKind::csv_bad_value, minutes, fmt::format("minutes '{}' is not a non-negative integer", minutes.text));
    if (!present.contains(key.first) || !present.contains(key.second)) {
      ++st.customs_rows_unused;
      continue;
    }
    rows[key] = static_cast<Time>(value);  // an explicit row overrides a union's 0
  }
  net.has_customs = true;
  for (const auto& [key, minutes] : rows) {
    net.customs.from.push_back(key.first);
    net.customs.to.push_back(key.second);
    net.customs.time.push_back(minutes);
  }
  st.customs_rows = rows.size();
}

// --- checks and records ---------------------------------------------------------------

constexpr double kHalfEarthCircumferenceKm = 20038.0;
constexpr std::uint32_t kMaxCityNeighbours = 1000;

void check_options(const WorldImportOptions& o) {
  const auto positive = [](double v, std::string_view name) {
    HG_EXPECTS(std::isfinite(v) && v > 0.0, ErrorKind::usage, "{}: {} is not a positive number", name, v);
  };
  const auto non_negative = [](double v, std::string_view name) {
    HG_EXPECTS(std::isfinite(v) && v >= 0.0, ErrorKind::usage, "{}: {} is not a non-negative number", name, v);
  };
  non_negative(o.flight_overhead_minutes, "flight overhead minutes");
  HG_EXPECTS(o.flight_overhead_minutes < 1e6, ErrorKind::usage, "flight overhead minutes {} is too large",
             o.flight_overhead_minutes);
  positive(o.cruise_kmh, "cruise speed (km/h)");
  positive(o.truck_kmh, "truck speed (km/h)");
  positive(o.road_detour, "road detour factor");
  HG_EXPECTS(o.road_detour >= 1.0 && o.road_detour <= 10.0, ErrorKind::usage,
             "road detour factor: {} is not between 1 (a road as short as the great circle) and 10", o.road_detour);
  // No two places on Earth are further apart than half its circumference.
  const auto radius = [&](double km, std::string_view name) {
    non_negative(km, name);
    HG_EXPECTS(km <= kHalfEarthCircumferenceKm, ErrorKind::usage,
               "{}: {} km is more than half the Earth's circumference ({} km)", name, km, kHalfEarthCircumferenceKm);
  };
  radius(o.airport_radius_km, "airport radius (km)");
  radius(o.airport_fallback_km, "airport fallback radius (km)");
  radius(o.city_link_km, "city link radius (km)");
  HG_EXPECTS(o.city_neighbours <= kMaxCityNeighbours, ErrorKind::usage,
             "city neighbours: {} is more than {} (each city's nearest cities are held while they are found)",
             o.city_neighbours, kMaxCityNeighbours);
  for (const Time t : {o.flight_wait_minutes, o.airport_handling_minutes, o.city_handling_minutes, o.customs_default_minutes})
    HG_EXPECTS(t < (Time{1} << 24), ErrorKind::usage, "a time of {} minutes is too large", t);
}

std::string source_record(const std::string& path) {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  return fmt::format("{} ({} bytes, sha256 {})", std::filesystem::path(path).filename().string(), ec ? 0 : bytes,
                     sha256_file(path));
}

std::string number(double v) { return fmt::format("{}", v); }

Time round_minutes(double minutes) { return static_cast<Time>(std::llround(minutes)); }

}  // namespace

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  const double p1 = lat1 * kDegree, p2 = lat2 * kDegree;
  const double dp = p2 - p1, dl = (lon2 - lon1) * kDegree;
  const double s1 = std::sin(dp / 2), s2 = std::sin(dl / 2);
  const double h = std::min(1.0, s1 * s1 + std::cos(p1) * std::cos(p2) * s2 * s2);
  return 2.0 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

std::string WorldImportOptions::path_airports() const { return under(data_dir, airports, "openflights/airports.dat"); }
std::string WorldImportOptions::path_airports_extended() const {
  return under(data_dir, airports_extended, "openflights/airports-extended.dat");
}
std::string WorldImportOptions::path_routes() const { return under(data_dir, routes, "openflights/routes.dat"); }
std::string WorldImportOptions::path_countries() const { return under(data_dir, countries, "openflights/countries.dat"); }
std::string WorldImportOptions::path_aliases() const { return under(data_dir, aliases, "country-aliases.csv"); }
std::string WorldImportOptions::path_country_info() const {
  return under(data_dir, country_info, "countries/geonames_countryInfo.tsv");
}
std::string WorldImportOptions::path_cities() const { return under(data_dir, cities, "cities15000.txt.gz"); }
std::string WorldImportOptions::path_customs() const { return under(data_dir, customs, "customs.csv"); }
std::string WorldImportOptions::path_customs_unions() const {
  return under(data_dir, customs_unions, "customs-unions.csv");
}

Network import_world(const WorldImportOptions& o, WorldImportStats* stats_out) {
  check_options(o);
  WorldImportStats st;

  // 1. Countries: the valid codes, then OpenFlights names to codes.
  Countries countries;
  read_country_info(o.path_country_info(), countries);
  read_country_names(o.path_aliases(), o.path_countries(), countries);

  // 2. Airports (airports.dat, then the ids only airports-extended.dat has) and routes.
  Airports airports;
  read_airports(o.path_airports(), false, countries, airports);
  read_airports(o.path_airports_extended(), true, countries, airports);
  st.airports_read = airports.main_rows;
  std::set<std::uint32_t> unmapped;
  const auto pairs = read_routes(o.path_routes(), airports, st, unmapped);
  st.airports_unmapped = unmapped.size();
  for (const std::uint32_t a : unmapped) ++st.unmapped_countries[airports.list[a].country_name];

  // 3. Cities.
  const std::vector<City> cities = read_cities(o.path_cities(), o, countries, st);

  Network net;
  net.name = o.snapshot_name;
  net.time_unit = TimeUnit::minute;
  net.default_customs_time = o.customs_default_minutes;
  Nodes& nodes = net.nodes;

  // 4. Airport nodes: those with a usable route, in OpenFlights id order.
  std::vector<std::uint32_t> kept;
  {
    std::vector<bool> used(airports.list.size(), false);
    for (const auto& [s, d] : pairs) used[s] = used[d] = true;
    for (std::uint32_t i = 0; i < used.size(); ++i)
      if (used[i]) kept.push_back(i);
    std::sort(kept.begin(), kept.end(), [&](std::uint32_t x, std::uint32_t y) {
      return airports.list[x].id < airports.list[y].id;
    });
  }
  std::vector<NodeId> node_of(airports.list.size(), kNoNode);
  std::unordered_set<std::string> codes;
  for (const std::uint32_t i : kept) {
    const Airport& a = airports.list[i];
    // "A-" + IATA, else ICAO, else the OpenFlights id; a code already taken
    // (an extended-file airport reusing a code) falls through to the next.
    std::string code;
    for (const std::string* key : {&a.iata, &a.icao})
      if (code.empty() && !key->empty() && !codes.contains("A-" + *key)) code = "A-" + *key;
    if (code.empty()) code = fmt::format("A-OF{}", a.id);
    codes.insert(code);
    node_of[i] = static_cast<NodeId>(nodes.size());
    nodes.code.push_back(code);
    nodes.name.push_back(a.name);
    nodes.kind.push_back(static_cast<std::uint8_t>(NodeKind::airport));
    nodes.country.push_back(a.iso);
    nodes.lat.push_back(a.lat);
    nodes.lon.push_back(a.lon);
    nodes.handling_time.push_back(o.airport_handling_minutes);
    nodes.demand.push_back(0.0);
    if (a.extended_only) ++st.airports_extended_used;
  }
  st.airports_kept = kept.size();
  const std::size_t airport_count = nodes.size();

  // 5. City nodes, in file order.
  for (const City& c : cities) {
    nodes.code.push_back("C-" + c.id);
    nodes.name.push_back(c.name);
    nodes.kind.push_back(static_cast<std::uint8_t>(NodeKind::demand_zone));
    nodes.country.push_back(c.country);
    nodes.lat.push_back(c.lat);
    nodes.lon.push_back(c.lon);
    nodes.handling_time.push_back(o.city_handling_minutes);
    nodes.demand.push_back(static_cast<double>(c.population));
  }
  st.cities_kept = cities.size();
  HG_EXPECTS(nodes.size() < kNoNode, ErrorKind::too_large, "{} nodes do not fit 32-bit indices", nodes.size());

  // 6. Flights: one air edge per directed pair.
  Edges& edges = net.edges;
  const auto add = [&](NodeId s, NodeId d, EdgeMode mode, Time t) {
    edges.src.push_back(s);
    edges.dst.push_back(d);
    edges.mode.push_back(static_cast<std::uint8_t>(mode));
    edges.transit_time.push_back(t);
  };
  for (const auto& [s, d] : pairs) {
    const Airport &a = airports.list[s], &b = airports.list[d];
    const double km = great_circle_km(a.lat, a.lon, b.lat, b.lon);
    add(node_of[s], node_of[d], EdgeMode::air,
        o.flight_wait_minutes + round_minutes(o.flight_overhead_minutes + km / o.cruise_kmh * 60.0));
  }
  st.flights = pairs.size();

  // 7. Roads, found with latitude/longitude grids.
  const auto road_minutes = [&](double km) {
    return std::max<Time>(1, round_minutes(km * o.road_detour / o.truck_kmh * 60.0));
  };
  const auto add_road = [&](NodeId x, NodeId y, double km) {
    const Time t = road_minutes(km);
    add(x, y, EdgeMode::road, t);
    add(y, x, EdgeMode::road, t);
  };
  {
    const std::vector<double> alat(nodes.lat.begin(), nodes.lat.begin() + static_cast<std::ptrdiff_t>(airport_count));
    const std::vector<double> alon(nodes.lon.begin(), nodes.lon.begin() + static_cast<std::ptrdiff_t>(airport_count));
    const GeoGrid grid(alat, alon);
    std::vector<std::pair<double, std::uint32_t>> found;
    for (std::size_t c = 0; c < cities.size(); ++c) {
      const auto city = static_cast<NodeId>(airport_count + c);
      found.clear();
      grid.within(cities[c].lat, cities[c].lon, o.airport_radius_km,
                  [&](std::uint32_t i, double km) { found.emplace_back(km, i); });
      if (found.empty()) {
        std::pair<double, std::uint32_t> best{INFINITY, 0};
        grid.within(cities[c].lat, cities[c].lon, o.airport_fallback_km,
                    [&](std::uint32_t i, double km) { best = std::min(best, std::pair{km, i}); });
        if (best.first <= o.airport_fallback_km) found.push_back(best);
      }
      if (found.empty()) ++st.cities_without_airport;
      std::sort(found.begin(), found.end(),
                [](const auto& x, const auto& y) { return x.second < y.second; });  // airport node order
      for (const auto& [km, i] : found) add_road(city, static_cast<NodeId>(i), km);
      st.road_links_airport += found.size();
    }
  }
  if (o.city_neighbours > 0) {
    std::vector<double> clat(cities.size()), clon(cities.size());
    for (std::size_t c = 0; c < cities.size(); ++c) clat[c] = cities[c].lat, clon[c] = cities[c].lon;
    const GeoGrid grid(clat, clon);
    std::vector<std::pair<double, std::uint32_t>> found;
    std::vector<std::uint64_t> links;  // undirected pairs (low << 32 | high)
    std::unordered_map<std::uint64_t, double> km_of;
    km_of.reserve(cities.size() * o.city_neighbours);
    for (std::uint32_t c = 0; c < cities.size(); ++c) {
      // Widen the search until it holds k cities (then they are the k nearest) or reaches the limit.
      for (double radius = std::min(25.0, o.city_link_km);; radius = std::min(radius * 2, o.city_link_km)) {
        found.clear();
        grid.within(clat[c], clon[c], radius, [&](std::uint32_t i, double km) {
          if (i != c) found.emplace_back(km, i);
        });
        if (found.size() >= o.city_neighbours || radius >= o.city_link_km) break;
      }
      const std::size_t k = std::min<std::size_t>(o.city_neighbours, found.size());
      std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(k), found.end());
      for (std::size_t j = 0; j < k; ++j) {
        const std::uint32_t n = found[j].second;
        km_of.emplace(std::uint64_t{std::min(c, n)} << 32 | std::max(c, n), found[j].first);
      }
    }
    links.reserve(km_of.size());
    for (const auto& [key, km] : km_of) links.push_back(key);
    std::sort(links.begin(), links.end());
    for (const std::uint64_t key : links)
      add_road(static_cast<NodeId>(airport_count + (key >> 32)), static_cast<NodeId>(airport_count + (key & 0xFFFFFFFFu)),
               km_of[key]);
    st.road_links_city = links.size();
  }

  // 8. Customs between the countries that occur.
  {
    std::unordered_set<std::string> present;
    for (std::size_t i = 0; i < nodes.size(); ++i) present.emplace(nodes.country[i]);
    read_customs(o, countries, present, net, st);
  }

  // 9. What it was made from, and how.
  net.description = fmt::format(
      "World multimodal network: OpenFlights airports and routes (ODbL 1.0, OpenFlights.org), GeoNames cities "
      "(CC BY 4.0, credit GeoNames); modelling parameters in the param_* attributes (docs/world-network.md)");
  auto& attrs = net.extra_attributes;
  attrs = {
      {"attribution", "Airports and routes: OpenFlights (https://openflights.org/data), ODbL 1.0. Cities and "
                      "countries: GeoNames (https://www.geonames.org), CC BY 4.0."},
      {"source_airports", source_record(o.path_airports())},
      {"source_airports_extended", source_record(o.path_airports_extended())},
      {"source_routes", source_record(o.path_routes())},
      {"source_countries", source_record(o.path_countries())},
      {"source_aliases", source_record(o.path_aliases())},
      {"source_country_info", source_record(o.path_country_info())},
      {"source_cities", source_record(o.path_cities())},
      {"source_customs", source_record(o.path_customs())},
      {"source_customs_unions", source_record(o.path_customs_unions())},
      {"param_flight_overhead_minutes", number(o.flight_overhead_minutes)},
      {"param_cruise_kmh", number(o.cruise_kmh)},
      {"param_flight_wait_minutes", std::to_string(o.flight_wait_minutes)},
      {"param_airport_handling_minutes", std::to_string(o.airport_handling_minutes)},
      {"param_airport_radius_km", number(o.airport_radius_km)},
      {"param_airport_fallback_km", number(o.airport_fallback_km)},
      {"param_city_neighbours", std::to_string(o.city_neighbours)},
      {"param_city_link_km", number(o.city_link_km)},
      {"param_road_detour", number(o.road_detour)},
      {"param_truck_kmh", number(o.truck_kmh)},
      {"param_skip_feature_codes", fmt::format("{}", fmt::join(o.skip_feature_codes, ","))},
      {"param_min_population", std::to_string(o.min_population)},
      {"param_city_handling_minutes", std::to_string(o.city_handling_minutes)},
      {"param_customs_default_minutes", std::to_string(o.customs_default_minutes)},
      {"param_earth_radius_km", number(kEarthRadiusKm)},
      {"import_counts",
       fmt::format("airports {} kept ({} only in airports-extended.dat), {} skipped (unmapped country); cities {} "
                   "kept, {} skipped ({} feature code, {} population, {} country); flights {}; road links {} "
                   "city-airport, {} city-city; route rows {} ({} unresolved, {} self loops, {} unmapped)",
                   st.airports_kept, st.airports_extended_used, st.airports_unmapped, st.cities_kept,
                   st.cities_skipped_feature + st.cities_skipped_population + st.cities_skipped_country,
                   st.cities_skipped_feature, st.cities_skipped_population, st.cities_skipped_country, st.flights,
                   st.road_links_airport, st.road_links_city, st.route_rows, st.route_rows_unresolved,
                   st.route_rows_self_loop, st.route_rows_unmapped)},
  };
  std::sort(attrs.begin(), attrs.end());

  validate_network(net, o.data_dir);
  if (stats_out) *stats_out = std::move(st);
  return net;
}

}  // namespace hg::io
