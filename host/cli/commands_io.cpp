// Commands that move data in and out: import, export, generate.

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>

#include "host/cli/commands.hpp"
#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/export.hpp"
#include "host/generate/logistics_generator.hpp"
#include "host/generate/road_generator.hpp"
#include "io/import/csv_network.hpp"
#include "io/dimacs_writer.hpp"
#include "io/result.hpp"
#include "io/output_file.hpp"
#include "io/import/road_import.hpp"
#include "io/snapshot.hpp"
#include "io/import/world_import.hpp"

namespace hg::cli {

namespace {

void add_write_options(CLI::App* sub, io::SnapshotWriteOptions& options, std::string& output) {
  sub->add_option("-o,--output", output, "Snapshot file to write (.h5)")->required();
  sub->add_option("--compress", options.columns.deflate, "Deflate level 1-9 for the datasets (default 0: none, fastest to load)")
      ->check(CLI::Range(0, 9));
  sub->add_flag("--vlen-strings", [&options](std::int64_t) { options.columns.fixed_length_strings = false; },
                "Store strings as variable-length (default: fixed-length)");
}

// The shipped world data when --data is not given: data/world in the current
// folder, else in the source tree or install prefix the program came from.
std::string find_world_data() {
  namespace fs = std::filesystem;
  const fs::path relative = "data/world";
  std::vector<fs::path> tried = {fs::current_path() / relative};
  std::error_code ec;
  const fs::path program = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (const char* up : {"..", "../..", "../share/hourglass"})
      tried.push_back((program.parent_path() / up / relative).lexically_normal());
  for (const fs::path& dir : tried)
    if (fs::is_directory(dir, ec)) return dir.string();
  std::string looked;
  for (const fs::path& dir : tried) looked += (looked.empty() ? "" : ", ") + dir.string();
  throw InputError(ErrorKind::missing_file,
                   fmt::format("the default data folder data/world is not here or beside the program (looked in {}); "
                               "pass --data FOLDER",
                               looked));
}

// Before any work: the snapshot to write is none of the inputs.
void check_snapshot_output(const std::vector<io::FileArgument>& inputs, const std::string& output) {
  io::check_files(inputs, {{output, "-o", io::OutputFormat::hdf5}});
}

void print_written(const std::string& output, const Network& net) {
  fmt::print(report_stream(), "wrote {}: snapshot '{}', {} nodes, {} edges, time unit {}\n", output, net.name, net.nodes.size(),
             net.edges.size(), time_unit_name(net.time_unit));
}

// The speeds the stored times imply: the check on a unit the files do not
// state. `assumed`: the weights were taken verbatim.
void print_implied_speeds(const Network& net, bool assumed) {
  const std::optional<io::ImpliedSpeeds> s = io::implied_speeds(net);
  if (!s) return;
  fmt::print(report_stream(), "implied speeds (straight line over stored time, {} edges): median {:.1f} km/h, 10-90 % {:.1f}-{:.1f} km/h\n",
             s->edges, s->median_kmh, s->p10_kmh, s->p90_kmh);
  if (!io::plausible_road_speed(s->median_kmh))
    note(fmt::format("warning: a median road speed of {:.1f} km/h is implausible: the weights are {}{}s only if that is "
                     "right; set their unit with --scale (docs/road-networks.md#the-unit-of-dimacs-weights)",
                     s->median_kmh, assumed ? "assumed to be " : "taken as ", time_unit_name(net.time_unit)));
}

void add_import_dimacs(CLI::App* import, Context& ctx) {
  auto* sub = import->add_subcommand(
      "dimacs", "DIMACS 9 road network: .gr arcs, optional .co coordinates (docs/road-networks.md)");
  auto o = std::make_shared<io::DimacsImportOptions>();
  auto write = std::make_shared<io::SnapshotWriteOptions>();
  auto output = std::make_shared<std::string>();
  auto unit = std::make_shared<std::string>("second");
  auto speed = std::make_shared<double>(0.0);
  auto scale = std::make_shared<double>(0.0);
  sub->add_option("gr", o->gr_file, "Arcs 'a TAIL HEAD WEIGHT' (.gr or .gr.gz)")->required();
  sub->add_option("--coords", o->co_file, "Coordinates 'v ID X Y' in millionths of degrees (.co or .co.gz)");
  auto* unit_option =
      sub->add_option("--unit", *unit, "Unit of the arc weights, kept verbatim: second (default) or minute");
  auto* speed_option =
      sub->add_option("--speed-kmh", *speed, "The weights are metres: convert them to seconds at this speed");
  auto* scale_option = sub->add_option(
      "--scale", *scale,
      "The weights' unit as a multiple of --unit: 0.1 for tenths of a second; times are rounded "
      "(docs/road-networks.md)");
  sub->add_option("--country", o->country, "ISO 3166-1 alpha-2 code of every node (default ZZ: unknown)");
  sub->add_option("--name", o->snapshot_name, "Snapshot name (default 'road')");
  add_write_options(sub, *write, *output);
  sub->callback([&ctx, o, write, output, unit, speed, scale, unit_option, speed_option, scale_option] {
    const auto parsed = parse_time_unit(*unit);
    HG_EXPECTS(parsed.has_value(), ErrorKind::usage, "--unit: '{}' is not one of second, minute", *unit);
    o->unit = *parsed;
    if (speed_option->count() > 0) {
      HG_EXPECTS(std::isfinite(*speed) && *speed > 0.0, ErrorKind::usage, "--speed-kmh: {} is not a positive speed",
                 *speed);
      HG_EXPECTS(unit_option->count() == 0 || o->unit == TimeUnit::second, ErrorKind::usage,
                 "--speed-kmh converts metres to seconds: it cannot be combined with --unit {}", *unit);
      o->speed_kmh = *speed;
    }
    if (scale_option->count() > 0) {
      HG_EXPECTS(std::isfinite(*scale) && *scale > 0.0, ErrorKind::usage,
                 "--scale: {} is not a positive finite number", *scale);
      HG_EXPECTS(speed_option->count() == 0, ErrorKind::usage,
                 "--scale cannot be combined with --speed-kmh: the speed already converts metres to seconds");
      o->scale = *scale;
    }
    ctx.run = [o, write, output] {
      check_snapshot_output({{o->gr_file, "gr"}, {o->co_file, "--coords"}}, *output);
      const Network net = io::import_dimacs(*o);
      io::write_snapshot(*output, net, *write);
      print_written(*output, net);
      print_implied_speeds(net, !o->scale && !o->speed_kmh);
      return 0;
    };
  });
}

void add_import_tntp(CLI::App* import, Context& ctx) {
  auto* sub = import->add_subcommand(
      "tntp", "TNTP road network: _net.tntp links, optional _node.tntp coordinates (docs/road-networks.md)");
  auto o = std::make_shared<io::TntpImportOptions>();
  auto write = std::make_shared<io::SnapshotWriteOptions>();
  auto output = std::make_shared<std::string>();
  sub->add_option("net", o->net_file, "Links (_net.tntp or _net.tntp.gz); free_flow_time in minutes")->required();
  sub->add_option("--nodes", o->node_file, "Node coordinates (_node.tntp), used when they are degrees");
  sub->add_option("--country", o->country, "ISO 3166-1 alpha-2 code of every node (default ZZ: unknown)");
  sub->add_option("--name", o->snapshot_name, "Snapshot name (default 'road')");
  add_write_options(sub, *write, *output);
  sub->callback([&ctx, o, write, output] {
    ctx.run = [o, write, output] {
      check_snapshot_output({{o->net_file, "net"}, {o->node_file, "--nodes"}}, *output);
      const Network net = io::import_tntp(*o);
      io::write_snapshot(*output, net, *write);
      print_written(*output, net);
      return 0;
    };
  });
}

void add_import_openflights(CLI::App* import, Context& ctx) {
  auto* sub = import->add_subcommand(
      "openflights",
      "World network: OpenFlights airports and routes, GeoNames cities, customs tables (docs/world-network.md)");
  auto o = std::make_shared<io::WorldImportOptions>();
  auto write = std::make_shared<io::SnapshotWriteOptions>();
  auto output = std::make_shared<std::string>();
  auto skip = std::make_shared<std::string>("PPLX");
  auto* data_option = sub->add_option(
      "--data", o->data_dir, "Folder of the inputs (default: data/world here, else beside the program)");
  sub->add_option("--airports", o->airports, "airports.dat (default DATA/openflights/airports.dat)");
  sub->add_option("--airports-extended", o->airports_extended,
                  "airports-extended.dat (default DATA/openflights/airports-extended.dat)");
  sub->add_option("--routes", o->routes, "routes.dat (default DATA/openflights/routes.dat)");
  sub->add_option("--countries", o->countries, "OpenFlights countries.dat (default DATA/openflights/countries.dat)");
  sub->add_option("--aliases", o->aliases, "Country name aliases name,iso2 (default DATA/country-aliases.csv)");
  sub->add_option("--country-info", o->country_info,
                  "GeoNames countryInfo (default DATA/countries/geonames_countryInfo.tsv)");
  sub->add_option("--cities", o->cities, "GeoNames cities, .txt or .txt.gz (default DATA/cities15000.txt.gz)");
  sub->add_option("--customs", o->customs, "Explicit customs rows from,to,minutes (default DATA/customs.csv)");
  sub->add_option("--customs-unions", o->customs_unions,
                  "Customs unions union,country: 0 minutes inside (default DATA/customs-unions.csv)");
  sub->add_option("--flight-overhead-minutes", o->flight_overhead_minutes,
                  "Taxi, climb and descent per flight (default 40)");
  sub->add_option("--cruise-kmh", o->cruise_kmh, "Cruise speed over the great circle (default 800)");
  sub->add_option("--flight-wait-minutes", o->flight_wait_minutes,
                  "Wait for the next departure / cargo cut-off, added to every flight (default 240)");
  sub->add_option("--airport-handling-minutes", o->airport_handling_minutes,
                  "Handling when goods pass through an airport (default 180)");
  sub->add_option("--airport-radius-km", o->airport_radius_km, "A city links to every airport this close (default 150)");
  sub->add_option("--airport-fallback-km", o->airport_fallback_km,
                  "Else to its nearest airport when this close (default 400)");
  sub->add_option("--city-neighbours", o->city_neighbours, "A city links to this many nearest cities (default 4)");
  sub->add_option("--city-link-km", o->city_link_km, "… that are this close (default 400)");
  sub->add_option("--road-detour", o->road_detour, "Road km per great-circle km (default 1.3)");
  sub->add_option("--truck-kmh", o->truck_kmh, "Truck speed (default 60)");
  sub->add_option("--skip-feature-codes", *skip, "GeoNames feature codes left out, comma list (default PPLX; '' none)");
  sub->add_option("--min-population", o->min_population, "Cities with fewer people are left out (default 1)");
  sub->add_option("--city-handling-minutes", o->city_handling_minutes,
                  "Handling when goods pass through a city (default 0)");
  sub->add_option("--customs-default-minutes", o->customs_default_minutes,
                  "Customs between countries with no row and no common union (default 480)");
  sub->add_option("--name", o->snapshot_name, "Snapshot name (default 'world')");
  add_write_options(sub, *write, *output);
  sub->callback([&ctx, o, write, output, skip, data_option] {
    if (data_option->count() == 0) o->data_dir = find_world_data();
    o->skip_feature_codes.clear();
    std::stringstream codes(*skip);
    for (std::string code; std::getline(codes, code, ',');)
      if (!code.empty()) o->skip_feature_codes.push_back(code);
    ctx.run = [o, write, output] {
      check_snapshot_output({{o->path_airports(), "--airports"},
                             {o->path_airports_extended(), "--airports-extended"},
                             {o->path_routes(), "--routes"},
                             {o->path_countries(), "--countries"},
                             {o->path_aliases(), "--aliases"},
                             {o->path_country_info(), "--country-info"},
                             {o->path_cities(), "--cities"},
                             {o->path_customs(), "--customs"},
                             {o->path_customs_unions(), "--customs-unions"}},
                            *output);
      io::WorldImportStats st;
      const Network net = io::import_world(*o, &st);
      io::write_snapshot(*output, net, *write);
      fmt::print(report_stream(), "airports: {} kept ({} only in airports-extended.dat), {} skipped (country not mapped)\n",
                 st.airports_kept, st.airports_extended_used, st.airports_unmapped);
      for (const auto& [name, count] : st.unmapped_countries)
        fmt::print(report_stream(), "  unmapped country '{}': {} airports\n", name, count);
      fmt::print(report_stream(), "routes: {} rows, {} flights (distinct directed airport pairs); {} joined by IATA code, {} with a "
                 "stale code, {} unresolved, {} self loops, {} touching unmapped airports\n",
                 st.route_rows, st.flights, st.route_rows_by_code, st.route_rows_stale_code,
                 st.route_rows_unresolved, st.route_rows_self_loop, st.route_rows_unmapped);
      fmt::print(report_stream(), "cities: {} kept of {}; skipped {} by feature code, {} by population, {} by country\n",
                 st.cities_kept, st.city_rows, st.cities_skipped_feature, st.cities_skipped_population,
                 st.cities_skipped_country);
      fmt::print(report_stream(), "road links: {} city-airport, {} city-city (two edges each); {} cities without an airport\n",
                 st.road_links_airport, st.road_links_city, st.cities_without_airport);
      fmt::print(report_stream(), "customs: {} rows ({} explicit rows unused), default {} minutes\n", st.customs_rows,
                 st.customs_rows_unused, net.default_customs_time);
      print_written(*output, net);
      return 0;
    };
  });
}

}  // namespace

void add_import(CLI::App& app, Context& ctx) {
  auto* import = app.add_subcommand("import", "Build a snapshot from other formats");
  import->require_subcommand(1);
  auto* csv = import->add_subcommand("csv", "Nodes, edges and customs tables as CSV (docs/csv-format.md)");
  auto o = std::make_shared<io::CsvImportOptions>();
  auto write = std::make_shared<io::SnapshotWriteOptions>();
  auto output = std::make_shared<std::string>();
  auto unit = std::make_shared<std::string>("minute");
  csv->add_option("--nodes", o->nodes_file, "Nodes CSV")->required();
  csv->add_option("--edges", o->edges_file, "Edges CSV")->required();
  csv->add_option("--customs", o->customs_file, "Customs CSV (optional)");
  csv->add_option("--time-unit", *unit, "minute or second (default minute)");
  csv->add_option("--name", o->snapshot_name, "Snapshot name (default 'default')");
  csv->add_option("--default-customs-time", o->default_customs_time, "Customs delay where no row is given");
  csv->add_option("--description", o->description, "Snapshot description");
  csv->add_option("--valid-from", o->valid_from, "ISO date the snapshot describes");
  add_write_options(csv, *write, *output);
  csv->callback([&ctx, o, write, output, unit] {
    const auto parsed = parse_time_unit(*unit);
    HG_EXPECTS(parsed.has_value(), ErrorKind::usage, "--time-unit: '{}' is not one of minute, second", *unit);
    o->time_unit = *parsed;
    ctx.run = [o, write, output] {
      check_snapshot_output({{o->nodes_file, "--nodes"}, {o->edges_file, "--edges"}, {o->customs_file, "--customs"}},
                            *output);
      const Network net = io::import_csv_network(*o);
      io::write_snapshot(*output, net, *write);
      fmt::print(report_stream(), "wrote {}: snapshot '{}', {} nodes, {} edges, {} customs rows\n", *output, net.name, net.nodes.size(),
                 net.edges.size(), net.customs.size());
      return 0;
    };
  });
  add_import_dimacs(import, ctx);
  add_import_tntp(import, ctx);
  add_import_openflights(import, ctx);
}

void add_export(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("export", "A result as long-format CSV, or a snapshot's tables as CSV");
  auto file = std::make_shared<std::string>();
  auto csv = std::make_shared<std::string>();
  auto nodes = std::make_shared<std::string>();
  auto edges = std::make_shared<std::string>();
  auto customs = std::make_shared<std::string>();
  auto snapshot = std::make_shared<std::string>();
  sub->add_option("file", *file, "Result or snapshot (.h5)")->required();
  sub->add_option("--csv", *csv, "Result: origin,destination,time,status CSV (- for stdout)");
  sub->add_option("--nodes", *nodes, "Snapshot: nodes CSV");
  sub->add_option("--edges", *edges, "Snapshot: edges CSV");
  sub->add_option("--customs", *customs, "Snapshot: customs CSV");
  sub->add_option("--snapshot", *snapshot, "Snapshot name, when the file holds several");
  sub->callback([&ctx, file, csv, nodes, edges, customs, snapshot] {
    ctx.run = [=] {
      if (io::file_kind(*file) == io::FileKind::result) {
        HG_EXPECTS(!csv->empty() && nodes->empty() && edges->empty() && customs->empty(), ErrorKind::usage,
                   "{} is a result: export it with --csv OUT.csv (--nodes/--edges/--customs are for snapshots)", *file);
        export_result_csv(*file, *csv);
      } else {
        HG_EXPECTS(csv->empty() && !nodes->empty() && !edges->empty(), ErrorKind::usage,
                   "{} is a snapshot: export it with --nodes N.csv --edges E.csv [--customs C.csv]", *file);
        io::check_files({{*file, "file"}}, {{*nodes, "--nodes"}, {*edges, "--edges"}, {*customs, "--customs"}});
        const Network net = io::read_snapshot(*file, *snapshot);
        io::export_csv_network(net, *nodes, *edges, *customs);
      }
      return 0;
    };
  });
}

void add_generate(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "generate", "A synthetic logistics or road network, deterministic by seed (docs/generator.md)");
  auto o = std::make_shared<GenerateOptions>();
  auto write = std::make_shared<io::SnapshotWriteOptions>();
  auto output = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>("logistics");
  sub->add_option("--kind", *kind, "Network kind: logistics (default) or road");
  sub->add_option("--nodes", o->nodes, "Number of nodes (logistics: 4 per country at least, at most 20,000,000; "
                                       "road: 2 at least, at most 50,000,000)")
      ->required();
  auto format = std::make_shared<std::string>("snapshot");
  sub->add_option("--format", *format,
                  "snapshot (default), or dimacs (road only): -o PREFIX writes PREFIX.gr and PREFIX.co, weights in "
                  "tenths of a second");
  auto* countries = sub->add_option("--countries", o->countries,
                                    "Logistics: number of countries (default: about the cube root of --nodes)");
  sub->add_option("--seed", o->seed, "Random seed (default 1)");
  sub->add_option("--name", o->name, "Snapshot name (default 'generated')");
  add_write_options(sub, *write, *output);
  sub->callback([&ctx, o, write, output, kind, countries, format] {
    HG_EXPECTS(*kind == "logistics" || *kind == "road", ErrorKind::usage,
               "--kind: '{}' is not available (kinds: logistics, road)", *kind);
    HG_EXPECTS(*format == "snapshot" || *format == "dimacs", ErrorKind::usage,
               "--format: '{}' is not one of snapshot, dimacs", *format);
    HG_EXPECTS(*format == "snapshot" || *kind == "road", ErrorKind::usage,
               "--format dimacs writes road networks only (DIMACS files hold no handling, customs or countries)");
    HG_EXPECTS(*kind != "road" || countries->count() == 0, ErrorKind::usage,
               "--countries applies to --kind logistics, not road");
    if (*format == "dimacs") {
      ctx.run = [o, output] {
        const io::DimacsFiles files = io::dimacs_files(*output);
        io::check_files({}, {{files.gr, "-o PREFIX (.gr)"}, {files.co, "-o PREFIX (.co)"}});
        const Network net = generate_road({o->nodes, o->seed, o->name, /*tenths=*/true});
        io::write_dimacs(net, files,
                         "arc weights: travel times in tenths of a second (import dimacs --unit second --scale 0.1)");
        fmt::print(report_stream(), "wrote {} and {}: {} nodes, {} arcs, weights in tenths of a second\n", files.gr, files.co,
                   net.nodes.size(), net.edges.size());
        return 0;
      };
      return;
    }
    if (*kind == "road") {
      ctx.run = [o, write, output] {
        check_snapshot_output({}, *output);
        const Network net = generate_road({o->nodes, o->seed, o->name});
        io::write_snapshot(*output, net, *write);
        const std::optional<std::uint64_t> hops = road_corner_hops(net);
        fmt::print(report_stream(), "wrote {}: snapshot '{}', {} nodes, {} edges, time unit {}; hop distance corner to corner: {}\n",
                   *output, net.name, net.nodes.size(), net.edges.size(), time_unit_name(net.time_unit),
                   hops ? std::to_string(*hops) : "unreachable");
        return 0;
      };
      return;
    }
    ctx.run = [o, write, output] {
      check_snapshot_output({}, *output);
      const Network net = generate_logistics(*o);
      io::write_snapshot(*output, net, *write);
      fmt::print(report_stream(), "wrote {}: snapshot '{}', {} nodes, {} edges, {} customs rows\n", *output, net.name,
                 net.nodes.size(), net.edges.size(), net.customs.size());
      return 0;
    };
  });
}

}  // namespace hg::cli
