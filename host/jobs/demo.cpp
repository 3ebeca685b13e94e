#include "host/jobs/demo.hpp"

#include <fmt/format.h>

#include <chrono>
#include <algorithm>
#include <filesystem>
#include <map>

#include "host/jobs/coverage.hpp"
#include "host/core/errors.hpp"
#include "host/generate/logistics_generator.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/solve.hpp"
#include "io/output_file.hpp"
#include "io/result.hpp"
#include "io/snapshot.hpp"

namespace hg {

void run_demo(const DemoOptions& o) {
  namespace fs = std::filesystem;
  using clock = std::chrono::steady_clock;
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  HG_EXPECTS(fs::is_directory(o.out_dir), ErrorKind::output_path, "--out: cannot create the folder {}", o.out_dir);
  const std::string network_file = (fs::path(o.out_dir) / "demo-network.h5").string();
  const std::string matrix_file = (fs::path(o.out_dir) / "demo-sites-to-demand.h5").string();
  const std::string json_file = (fs::path(o.out_dir) / "demo-coverage.json").string();
  const std::string csv_file = (fs::path(o.out_dir) / "demo-coverage-by-country.csv").string();
  const std::string sites_file = (fs::path(o.out_dir) / "demo-sites.txt").string();

  // 1. The network, and its "home" country: the one with the most demand,
  //    which plays the part China plays in the question Hourglass was
  //    started for (goods leave it for destinations abroad).
  auto t0 = clock::now();
  GenerateOptions g;
  g.nodes = o.nodes;
  g.seed = o.seed;
  g.name = "demo";
  {
    Progress progress("generate", 1);
    io::write_snapshot(network_file, generate_logistics(g));
  }
  const double generate_seconds = std::chrono::duration<double>(clock::now() - t0).count();
  const Network net = io::read_snapshot(network_file);
  std::map<std::string, double> demand_by_country;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) demand_by_country[std::string(net.nodes.country[i])] += net.nodes.demand[i];
  const std::string home = std::max_element(demand_by_country.begin(), demand_by_country.end(), [](auto& a, auto& b) {
                             return a.second < b.second;
                           })->first;
  std::string sites_text;
  std::size_t site_count = 0;
  for (std::size_t i = 0; i < net.nodes.size(); ++i)
    if (net.nodes.country[i] == home && net.nodes.kind[i] == static_cast<std::uint8_t>(NodeKind::site)) {
      sites_text += fmt::format("{}\n", net.nodes.code[i]);
      ++site_count;
    }
  io::write_text_file(sites_file, sites_text);
  const std::string origins = "@" + sites_file;
  const std::string destinations = "kind:demand,-country:" + home;

  // 2. Home sites x demand zones abroad, capped at 72 h.
  t0 = clock::now();
  SolveOptions s;
  s.snapshot_file = network_file;
  s.origins = origins;
  s.destinations = destinations;
  s.max_hours = 72;
  s.backend = parse_backend_choice(o.backend);
  s.threads = o.threads;
  s.output = matrix_file;
  s.command_line = "hourglass demo";
  run_solve(s);
  const double solve_seconds = std::chrono::duration<double>(clock::now() - t0).count();

  // 3. Coverage of the demand abroad from the home sites.
  t0 = clock::now();
  CoverageOptions c;
  c.snapshot_file = network_file;
  c.origins = origins;
  c.destinations = destinations;
  c.hours = "24,48,72";
  c.backend = parse_backend_choice(o.backend);
  c.threads = o.threads;
  c.json_file = json_file;
  c.csv_file = csv_file;
  fmt::print(report_stream(), "\nHourglass demo on a generated logistics network ({} nodes, {} countries, seed {}).\n", o.nodes,
             demand_by_country.size(), o.seed);
  fmt::print(report_stream(), "Goods leave the {} warehouses of the most populous country, {}; how much of the demand in the\n"
             "other countries do they reach within 24, 48 and 72 hours?\n",
             site_count, home);
  run_coverage(c);
  const double coverage_seconds = std::chrono::duration<double>(clock::now() - t0).count();

  const io::ResultReader matrix(matrix_file);
  fmt::print(report_stream(), "\nfiles in {}:\n", o.out_dir);
  fmt::print(report_stream(), "  {:<28} the network (snapshot format v1), generated in {:.1f} s\n",
             fs::path(network_file).filename().string(), generate_seconds);
  fmt::print(report_stream(), "  {:<28} the {} warehouses in {}\n", fs::path(sites_file).filename().string(), site_count, home);
  fmt::print(report_stream(), "  {:<28} {} sites x {} demand zones, {} transit times capped at 72 h (OMX), {:.1f} s\n",
             fs::path(matrix_file).filename().string(), matrix.meta().rows, matrix.meta().cols,
             io::dtype_name(matrix.meta().dtype),
             solve_seconds);
  fmt::print(report_stream(), "  {:<28} the coverage report, {:.1f} s\n", fs::path(json_file).filename().string(), coverage_seconds);
  fmt::print(report_stream(), "  {:<28} coverage per destination country\n", fs::path(csv_file).filename().string());
}

}  // namespace hg
