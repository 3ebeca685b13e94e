#include "host/jobs/diff.hpp"

#include <fmt/format.h>

#include <optional>

#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/diff_report.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/jobs/nearest_request.hpp"
#include "host/jobs/scenario.hpp"
#include "host/jobs/selection.hpp"
#include "host/model/hours.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"

namespace hg {

namespace {

struct SnapshotRef {
  std::string file;
  std::string name;
};

// A.h5 B.h5 with no --snapshot, one name for both, or one for each; or one
// file with two names.
std::pair<SnapshotRef, SnapshotRef> snapshots_of(const DiffOptions& o) {
  const auto& f = o.files;
  const auto& n = o.snapshot_names;
  HG_EXPECTS(!f.empty() && f.size() <= 2, ErrorKind::usage, "diff takes one or two snapshot files, not {}", f.size());
  HG_EXPECTS(n.size() <= 2, ErrorKind::usage, "--snapshot is given at most twice (A's name, then B's), not {} times",
             n.size());
  if (f.size() == 1) {
    HG_EXPECTS(n.size() == 2, ErrorKind::usage,
               "diff with one file compares two of its snapshots: give --snapshot twice (A's name, then B's)");
    return {{f[0], n[0]}, {f[0], n[1]}};
  }
  const std::string name_a = n.empty() ? "" : n[0];
  const std::string name_b = n.empty() ? "" : n.back();
  return {{f[0], name_a}, {f[1], name_b}};
}

std::string label_of(const LoadedNetwork& loaded) {
  return fmt::format("{} (snapshot '{}')", loaded.file, loaded.network.name);
}

struct SideData {
  std::unique_ptr<LoadedNetwork> loaded;
  std::vector<NodeId> origins, destinations;
  NearestRun run;
};

}  // namespace

void run_diff(const DiffOptions& o) {
  // 1. Input, fully checked before any output.
  HG_EXPECTS(o.by == "country" || o.by == "destination", ErrorKind::usage,
             "--by: '{}' is not one of country, destination", o.by);
  HG_EXPECTS(!o.origins.empty() || !o.scenario_file.empty(), ErrorKind::usage, "--origins or --scenario is required");
  const auto [ref_a, ref_b] = snapshots_of(o);
  std::vector<io::FileArgument> inputs = request_files(ref_a.file, o.scenario_file, o.origins, o.destinations);
  inputs.push_back({ref_b.file, "snapshot B"});
  io::check_files(inputs, {{o.json_file, "--json"}, {o.csv_file, "--csv"}});
  std::optional<Scenario> scenario;
  if (!o.scenario_file.empty()) scenario = read_scenario(o.scenario_file);
  const std::vector<std::uint32_t> hours =
      scenario ? parse_hour_list(scenario->hours, o.scenario_file + ": \"hours\"") : parse_hour_list(o.hours, "--hours");

  // 2. Each side on its own snapshot: the selections (and a scenario's site
  //    rules) are evaluated there, then its nearest origins.
  SideData side[2];
  const SnapshotRef refs[2] = {ref_a, ref_b};
  for (int s = 0; s < 2; ++s) {
    side[s].loaded = load_network(refs[s].file, refs[s].name);
    const Network& net = side[s].loaded->network;
    const CodeIndex& codes = side[s].loaded->codes;
    side[s].origins = scenario ? scenario_origins(*scenario, net, codes)
                               : select_nodes(net, codes, o.origins, "--origins");
    side[s].destinations = request_destinations(scenario, net, codes, o.destinations);
  }
  auto side_of = [&](int s) {
    return DiffSide{label_of(*side[s].loaded), &side[s].loaded->network, side[s].origins, side[s].destinations,
                    &side[s].run.nearest};
  };
  check_comparable(side_of(0), side_of(1));  // before the searches
  for (int s = 0; s < 2; ++s) {
    const Time cap = hours_to_time(hours.back(), side[s].loaded->network.time_unit, "--hours");
    side[s].run = find_nearest_origins(*side[s].loaded, side[s].origins, side[s].destinations, cap, o.backend,
                                       o.threads, "", s == 0 ? "diff, snapshot A" : "diff, snapshot B");
  }
  const DiffSide a = side_of(0), b = side_of(1);
  const DiffReport report = compare_coverage(a, b, hours);

  // 3. Output.
  fmt::print(report_stream(), "{}", diff_table(report, a, b));
  if (!o.json_file.empty()) {
    nlohmann::json json = diff_to_json(report, a, b);
    json["snapshot_a"] = {{"file", refs[0].file}, {"name", a.network->name}};
    json["snapshot_b"] = {{"file", refs[1].file}, {"name", b.network->name}};
    json["origins_selection"] = scenario ? scenario->origins : o.origins;
    json["destinations_selection"] = scenario ? scenario->destinations : o.destinations;
    if (scenario) {
      json["scenario"] = scenario->name;
      json["scenario_file"] = o.scenario_file;
    }
    json["backend"] = std::string(backend_name(side[0].run.plan.backend.backend));
    io::write_json_file(o.json_file, json);
  }
  if (!o.csv_file.empty())
    io::write_text_file(o.csv_file, o.by == "destination" ? diff_destination_csv(report, a) : diff_country_csv(report));
}

}  // namespace hg
