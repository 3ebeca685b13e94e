#pragma once
// A multimodal world snapshot (docs/world-network.md) from OpenFlights
// airports and routes and GeoNames cities, as shipped in data/world/:
// airports with routes (kind airport) and cities (kind demand zone, demand =
// population); one air edge per directed airport pair that some airline
// flies; road edges from cities to nearby airports and to their nearest
// cities; customs from a table of explicit rows and customs unions.
//
// Every modelling assumption is a parameter here, with its default; all of
// them, and the input files (name, size, SHA-256), are recorded in the
// snapshot as string attributes "param_*" and "source_*". Time unit: minute.
//
// A malformed row is an InputError whose message starts with "FILE:LINE: "
// and names the column; a file that cannot be read is a missing_file error
// naming its path. The function returns a whole, validated Network or nothing.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "host/model/network.hpp"

namespace hg::io {

struct WorldImportOptions {
  // The folder the inputs are read from; each file below, when not empty,
  // replaces the default path under it (shown after the option).
  std::string data_dir = "data/world";
  std::string airports;           // openflights/airports.dat
  std::string airports_extended;  // openflights/airports-extended.dat
  std::string routes;             // openflights/routes.dat
  std::string countries;          // openflights/countries.dat (country name -> ISO alpha-2)
  std::string aliases;            // country-aliases.csv (name,iso2: names countries.dat lacks)
  std::string country_info;       // countries/geonames_countryInfo.tsv (the valid ISO codes)
  std::string cities;             // cities15000.txt.gz (GeoNames; .gz is read directly)
  std::string customs;            // customs.csv (from,to,minutes)
  std::string customs_unions;     // customs-unions.csv (union,country)

  // Flights: block time = round(overhead + km / cruise * 60), plus the wait.
  double flight_overhead_minutes = 40.0;  // taxi, climb, descent
  double cruise_kmh = 800.0;
  Time flight_wait_minutes = 240;         // next departure, cargo cut-off: added to every flight
  Time airport_handling_minutes = 180;     // charged when goods pass through an airport
  // Roads: round(km * detour / truck_kmh * 60) minutes, at least 1.
  double airport_radius_km = 150.0;       // a city links to every airport this close …
  double airport_fallback_km = 400.0;     // … or, if none, to its nearest airport this close
  std::uint32_t city_neighbours = 4;      // a city links to this many nearest cities …
  double city_link_km = 400.0;            // … that are this close
  double road_detour = 1.3;               // road km per great-circle km
  double truck_kmh = 60.0;
  // Cities.
  std::vector<std::string> skip_feature_codes = {"PPLX"};  // GeoNames feature codes left out
  std::uint64_t min_population = 1;       // cities with fewer people are left out
  Time city_handling_minutes = 0;
  // Customs.
  Time customs_default_minutes = 480;     // between countries with no row and no common union

  std::string snapshot_name = "world";

  // The effective path of each input (the option, or its default under data_dir).
  std::string path_airports() const;
  std::string path_airports_extended() const;
  std::string path_routes() const;
  std::string path_countries() const;
  std::string path_aliases() const;
  std::string path_country_info() const;
  std::string path_cities() const;
  std::string path_customs() const;
  std::string path_customs_unions() const;
};

// What the import kept and left out, for the command line's report.
struct WorldImportStats {
  std::uint64_t airports_read = 0;            // rows of airports.dat
  std::uint64_t airports_extended_used = 0;   // kept airports found only in airports-extended.dat
  std::uint64_t airports_kept = 0;            // with at least one usable route
  std::uint64_t airports_unmapped = 0;        // route airports whose country has no ISO code: skipped
  std::map<std::string, std::uint64_t> unmapped_countries;  // their country names, with airport counts
  std::uint64_t route_rows = 0;
  std::uint64_t route_rows_unresolved = 0;    // an airport found neither by id nor by code
  std::uint64_t route_rows_by_code = 0;       // a \N id joined on the IATA code
  std::uint64_t route_rows_stale_code = 0;    // joined by id to an airport whose IATA code is now another
  std::uint64_t route_rows_self_loop = 0;
  std::uint64_t route_rows_unmapped = 0;      // touching an airport with an unmapped country
  std::uint64_t flights = 0;                  // air edges: distinct directed airport pairs
  std::uint64_t city_rows = 0;
  std::uint64_t cities_kept = 0;
  std::uint64_t cities_skipped_feature = 0;   // feature code in skip_feature_codes (PPLX)
  std::uint64_t cities_skipped_population = 0;
  std::uint64_t cities_skipped_country = 0;   // country code not in countryInfo
  std::uint64_t cities_without_airport = 0;   // no airport within airport_fallback_km
  std::uint64_t road_links_airport = 0;       // city-airport links (each two road edges)
  std::uint64_t road_links_city = 0;          // city-city links (each two road edges)
  std::uint64_t customs_rows = 0;
  std::uint64_t customs_rows_unused = 0;      // explicit rows naming a country with no node
};

Network import_world(const WorldImportOptions& options, WorldImportStats* stats = nullptr);

// Great-circle distance in km on a sphere of radius 6371.0088 km (the IUGG
// mean Earth radius), by the haversine formula.
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace hg::io
