// Commands that move data in and out: import, export, generate.

#include <fmt/format.h>

#include <cmath>

#include "host/cli/commands.hpp"
#include "host/errors.hpp"
#include "host/export_result.hpp"
#include "host/generate.hpp"
#include "io/csv_network.hpp"
#include "io/h5.hpp"
#include "io/output_file.hpp"
#include "io/road_import.hpp"
#include "io/snapshot.hpp"

namespace hg::cli {

namespace {

void add_write_options(CLI::App* sub, io::SnapshotWriteOptions& options, std::string& output) {
  sub->add_option("-o,--output", output, "Snapshot file to write (.h5)")->required();
  sub->add_option("--compress", options.columns.deflate, "Deflate level 1-9 for the datasets (default 0: none, fastest to load)")
      ->check(CLI::Range(0, 9));
  sub->add_flag("--vlen-strings", [&options](std::int64_t) { options.columns.fixed_length_strings = false; },
                "Store strings as variable-length (default: fixed-length)");
}

void print_written(const std::string& output, const Network& net) {
  fmt::print("wrote {}: snapshot '{}', {} nodes, {} edges, time unit {}\n", output, net.name, net.nodes.size(),
             net.edges.size(), time_unit_name(net.time_unit));
}

void add_import_dimacs(CLI::App* import, Context& ctx) {
  auto* sub = import->add_subcommand(
      "dimacs", "DIMACS 9 road network: .gr arcs, optional .co coordinates (docs/road-networks.md)");
  auto o = std::make_shared<io::DimacsImportOptions>();
  auto write = std::make_shared<io::SnapshotWriteOptions>();
  auto output = std::make_shared<std::string>();
  auto unit = std::make_shared<std::string>("second");
  auto speed = std::make_shared<double>(0.0);
  sub->add_option("gr", o->gr_file, "Arcs 'a TAIL HEAD WEIGHT' (.gr or .gr.gz)")->required();
  sub->add_option("--coords", o->co_file, "Coordinates 'v ID X Y' in millionths of degrees (.co or .co.gz)");
  auto* unit_option =
      sub->add_option("--unit", *unit, "Unit of the arc weights, kept verbatim: second (default) or minute");
  auto* speed_option =
      sub->add_option("--speed-kmh", *speed, "The weights are metres: convert them to seconds at this speed");
  sub->add_option("--country", o->country, "ISO 3166-1 alpha-2 code of every node (default ZZ: unknown)");
  sub->add_option("--name", o->snapshot_name, "Snapshot name (default 'road')");
  add_write_options(sub, *write, *output);
  sub->callback([&ctx, o, write, output, unit, speed, unit_option, speed_option] {
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
    ctx.run = [o, write, output] {
      io::check_output_path(*output);
      const Network net = io::import_dimacs(*o);
      io::write_snapshot(*output, net, *write);
      print_written(*output, net);
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
      io::check_output_path(*output);
      const Network net = io::import_tntp(*o);
      io::write_snapshot(*output, net, *write);
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
      io::check_output_path(*output);
      const Network net = io::import_csv_network(*o);
      io::write_snapshot(*output, net, *write);
      fmt::print("wrote {}: snapshot '{}', {} nodes, {} edges, {} customs rows\n", *output, net.name, net.nodes.size(),
                 net.edges.size(), net.customs.size());
      return 0;
    };
  });
  add_import_dimacs(import, ctx);
  add_import_tntp(import, ctx);
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
  sub->add_option("--csv", *csv, "Result: origin,destination,time CSV");
  sub->add_option("--nodes", *nodes, "Snapshot: nodes CSV");
  sub->add_option("--edges", *edges, "Snapshot: edges CSV");
  sub->add_option("--customs", *customs, "Snapshot: customs CSV");
  sub->add_option("--snapshot", *snapshot, "Snapshot name, when the file holds several");
  sub->callback([&ctx, file, csv, nodes, edges, customs, snapshot] {
    ctx.run = [=] {
      bool is_result = false;
      {
        const io::h5::Id f = io::h5::open_read(*file);
        is_result = io::h5::has_attribute(f, "OMX_VERSION");
      }
      if (is_result) {
        HG_EXPECTS(!csv->empty() && nodes->empty() && edges->empty() && customs->empty(), ErrorKind::usage,
                   "{} is a result: export it with --csv OUT.csv (--nodes/--edges/--customs are for snapshots)", *file);
        export_result_csv(*file, *csv);
      } else {
        HG_EXPECTS(csv->empty() && !nodes->empty() && !edges->empty(), ErrorKind::usage,
                   "{} is a snapshot: export it with --nodes N.csv --edges E.csv [--customs C.csv]", *file);
        const Network net = io::read_snapshot(*file, *snapshot);
        io::export_csv_network(net, *nodes, *edges, *customs);
      }
      return 0;
    };
  });
}

void add_generate(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("generate", "A synthetic logistics network, deterministic by seed (docs/generator.md)");
  auto o = std::make_shared<GenerateOptions>();
  auto write = std::make_shared<io::SnapshotWriteOptions>();
  auto output = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>("logistics");
  sub->add_option("--kind", *kind, "Network kind: logistics");
  sub->add_option("--nodes", o->nodes, "Number of nodes (4 per country at least, at most 20,000,000)")->required();
  sub->add_option("--countries", o->countries, "Number of countries (default: about the cube root of --nodes)");
  sub->add_option("--seed", o->seed, "Random seed (default 1)");
  sub->add_option("--name", o->name, "Snapshot name (default 'generated')");
  add_write_options(sub, *write, *output);
  sub->callback([&ctx, o, write, output, kind] {
    HG_EXPECTS(*kind == "logistics", ErrorKind::usage, "--kind: '{}' is not available (kinds: logistics)", *kind);
    ctx.run = [o, write, output] {
      io::check_output_path(*output);
      const Network net = generate_logistics(*o);
      io::write_snapshot(*output, net, *write);
      fmt::print("wrote {}: snapshot '{}', {} nodes, {} edges, {} customs rows\n", *output, net.name,
                 net.nodes.size(), net.edges.size(), net.customs.size());
      return 0;
    };
  });
}

}  // namespace hg::cli
