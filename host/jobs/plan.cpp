#include "host/jobs/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_set>

#include "host/core/cluster.hpp"
#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/coverage_report.hpp"
#include "host/jobs/loaded_network.hpp"
#include "host/jobs/plan_report.hpp"
#include "host/jobs/scenario.hpp"
#include "host/jobs/selection.hpp"
#include "host/jobs/site_rows.hpp"
#include "host/model/hours.hpp"
#include "host/planning/max_cover.hpp"
#include "host/solvers/cover_gains.hpp"
#include "host/solvers/solver_factory.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"

namespace hg {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void check_options(const PlanOptions& o) {
  HG_EXPECTS(o.candidates.empty() != o.evaluate.empty(), ErrorKind::usage,
             "give either --candidates SEL (to choose sites among) or --evaluate SEL (sites to assess as they are)");
  HG_EXPECTS(o.hours > 0, ErrorKind::usage, "--hours is required: the threshold the plan maximises coverage within");
  if (!o.evaluate.empty()) {
    HG_EXPECTS(o.sites == 0 && o.target_share == 0 && o.max_per_country == 0, ErrorKind::usage,
               "--evaluate assesses the given sites: --sites, --target-share and --max-per-country choose sites and "
               "do not apply");
    return;
  }
  HG_EXPECTS((o.sites > 0) != (o.target_share > 0), ErrorKind::usage,
             "give either --sites K (the most demand with K new sites) or --target-share S (the fewest new sites "
             "reaching share S)");
  HG_EXPECTS(o.target_share == 0 || (o.target_share > 0 && o.target_share <= 1), ErrorKind::usage,
             "--target-share {}: a share is above 0 and at most 1", o.target_share);
}

// ISO 3166 reserves ZZ for user assignment; imports and the road generator
// use it for "unknown" (docs/road-networks.md).
constexpr std::string_view kUnknownCountry = "ZZ";

// Per candidate, its country as a group index (countries in order of first
// appearance), for --max-per-country.
std::vector<std::uint32_t> country_groups(const Network& net, std::span<const NodeId> candidates) {
  std::map<std::string, std::uint32_t, std::less<>> index;
  std::vector<std::uint32_t> group;
  group.reserve(candidates.size());
  for (const NodeId c : candidates) {
    const std::string_view country = net.nodes.country[c];
    HG_EXPECTS(country != kUnknownCountry, ErrorKind::usage,
               "--max-per-country: candidate {} has country {} (unknown: imported road networks and generated ones "
               "have no country data), so a per-country limit cannot hold; leave the candidates of unknown "
               "country out (-country:{}) or drop the limit",
               net.nodes.code[c], kUnknownCountry, kUnknownCountry);
    const auto [it, added] = index.try_emplace(std::string(country), static_cast<std::uint32_t>(index.size()));
    group.push_back(it->second);
  }
  return group;
}

// Ties in covered demand go to the candidate whose plan has the lower
// demand-weighted transit time over the demand it covers (each destination
// at its nearest chosen or fixed site), then to the lowest node index. Only
// the tied candidates' rows are computed.
class TimeTieBreak {
 public:
  TimeTieBreak(SiteRows& rows, std::span<const double> demand, std::span<const NodeId> candidates, Time threshold)
      : rows_(rows), demand_(demand), candidates_(candidates), threshold_(threshold), best_(rows.fixed_best()) {}

  std::uint64_t ties() const { return ties_; }
  std::uint64_t rows() const { return rows_computed_; }

  std::uint32_t operator()(std::span<const std::uint32_t> tied, std::span<const std::uint32_t> chosen) {
    ++ties_;
    for (; folded_ < chosen.size(); ++folded_) {  // the greedy only adds sites
      ++rows_computed_;
      const std::vector<std::uint32_t> row = rows_.candidate_row(chosen[folded_]);
      for (std::size_t d = 0; d < best_.size(); ++d) best_[d] = std::min(best_[d], row[d]);
    }
    std::uint32_t pick = tied.front();
    double pick_time = 0;
    bool first = true;
    for (const std::uint32_t j : tied) {
      ++rows_computed_;
      const std::vector<std::uint32_t> row = rows_.candidate_row(j);
      double weighted = 0;  // over destinations in order, as every demand sum
      for (std::size_t d = 0; d < best_.size(); ++d) {
        const std::uint32_t t = std::min(best_[d], row[d]);
        if (t <= threshold_) weighted += demand_[d] * static_cast<double>(t);
      }
      const auto better = [&] {
        if (first || weighted != pick_time) return first || weighted < pick_time;
        return candidates_[j] < candidates_[pick];
      };
      if (better()) {
        pick = j;
        pick_time = weighted;
        first = false;
      }
    }
    return pick;
  }

 private:
  SiteRows& rows_;
  std::span<const double> demand_;
  std::span<const NodeId> candidates_;
  Time threshold_;
  std::vector<std::uint32_t> best_;
  std::size_t folded_ = 0;
  std::uint64_t ties_ = 0, rows_computed_ = 0;
};

// What a plan reads and checks before any output.
struct PlanInputs {
  bool evaluating = false;
  std::optional<Scenario> scenario;
  std::vector<std::uint32_t> hours;
  std::unique_ptr<LoadedNetwork> loaded;
  Time threshold = 0, cap = 0;
  std::vector<NodeId> fixed, candidates, destinations;
  std::vector<double> demand;
  MaxCoverInstance instance;
};

PlanInputs read_plan_inputs(const PlanOptions& o) {
  PlanInputs in;
  check_options(o);
  in.evaluating = !o.evaluate.empty();
  const bool evaluating = in.evaluating;
  const std::string& site_selection = evaluating ? o.evaluate : o.candidates;
  std::vector<io::FileArgument> inputs = request_files(o.snapshot_file, o.scenario_file, site_selection, o.destinations);
  const std::vector<io::FileArgument> fixed_files = request_files("", "", o.fixed, "");
  inputs.insert(inputs.end(), fixed_files.begin(), fixed_files.end());
  io::check_files(inputs, {{o.json_file, "--json"},
                           {o.csv_file, "--csv"},
                           {o.hierarchy_file, "--hierarchy", io::OutputFormat::hdf5}});
  std::optional<Scenario>& scenario = in.scenario;
  if (!o.scenario_file.empty()) scenario = read_scenario(o.scenario_file);
  std::vector<std::uint32_t>& hours = in.hours;
  hours =
      scenario ? parse_hour_list(scenario->hours, o.scenario_file + ": \"hours\"")
               : parse_hour_list(o.report_hours.empty() ? "24,48,72" : o.report_hours, "--report-hours");
  // A whole --hours joins the reported thresholds; a fraction (a quarter of
  // an hour on a road network in seconds) is reported on its own.
  const bool whole_hours = o.hours == std::floor(o.hours);
  if (whole_hours && std::find(hours.begin(), hours.end(), static_cast<std::uint32_t>(o.hours)) == hours.end()) {
    hours.push_back(static_cast<std::uint32_t>(o.hours));
    std::sort(hours.begin(), hours.end());
  }
  in.loaded = load_network(o.snapshot_file, o.snapshot_name);
  const auto& loaded = in.loaded;
  const Network& net = loaded->network;
  in.threshold = hours_to_time(o.hours, net.time_unit, "--hours");
  in.cap = std::max(in.threshold, hours_to_time(hours.back(), net.time_unit, "--report-hours"));
  std::vector<NodeId>& fixed = in.fixed;
  fixed =
      scenario ? scenario_origins(*scenario, net, loaded->codes)
               : (o.fixed.empty() ? std::vector<NodeId>{} : select_nodes(net, loaded->codes, o.fixed, "--fixed"));
  std::vector<NodeId>& candidates = in.candidates;
  candidates =
      select_nodes(net, loaded->codes, site_selection, evaluating ? "--evaluate" : "--candidates");
  std::vector<NodeId>& destinations = in.destinations;
  destinations = request_destinations(scenario, net, loaded->codes, o.destinations);
  {
    const std::unordered_set<NodeId> fixed_set(fixed.begin(), fixed.end());
    for (const NodeId c : candidates)
      HG_EXPECTS(!fixed_set.contains(c), ErrorKind::usage,
                 "{}: {} is a fixed site already (--fixed or the scenario's sites); a fixed site counts "
                 "as chosen and cannot be a candidate",
                 evaluating ? "--evaluate" : "--candidates", net.nodes.code[c]);
  }
  HG_EXPECTS(o.sites <= candidates.size(), ErrorKind::usage,
             "--sites {}: there are only {} candidates", o.sites, candidates.size());
  std::vector<double>& demand = in.demand;
  demand.assign(destinations.size(), 0.0);
  double total = 0;
  for (std::size_t d = 0; d < destinations.size(); ++d) total += demand[d] = net.nodes.demand[destinations[d]];
  HG_EXPECTS(total > 0, ErrorKind::usage,
             "the {} destinations have no demand: there is nothing to cover (choose destinations with demand, e.g. "
             "kind:demand)",
             destinations.size());
  MaxCoverInstance& instance = in.instance;
  if (o.max_per_country > 0) {
    instance.group = country_groups(net, candidates);
    instance.max_per_group = o.max_per_country;
  }
  note(fmt::format("plan: {} {}, {} fixed sites, {} destinations, {} within {} h", candidates.size(),
                   evaluating ? "sites to evaluate" : "candidates", fixed.size(), destinations.size(),
                   evaluating     ? std::string("what each site adds and what its removal loses")
                   : o.sites > 0 ? fmt::format("the most demand with {} new sites", o.sites)
                                 : fmt::format("the fewest new sites reaching {:g} % of the demand", 100 * o.target_share),
                   o.hours));

  return in;
}

}  // namespace

void run_plan(const PlanOptions& o) {
  // 1. Input, fully checked before any output (under mpirun, by every rank).
  PlanInputs in;
  cluster::all_succeeded([&] { in = read_plan_inputs(o); });
  const bool evaluating = in.evaluating;
  const std::optional<Scenario>& scenario = in.scenario;
  const std::vector<std::uint32_t>& hours = in.hours;
  const auto& loaded = in.loaded;
  const Network& net = loaded->network;
  const Time threshold = in.threshold, cap = in.cap;
  const std::vector<NodeId>& fixed = in.fixed;
  const std::vector<NodeId>& candidates = in.candidates;
  const std::vector<NodeId>& destinations = in.destinations;
  const std::vector<double>& demand = in.demand;
  MaxCoverInstance& instance = in.instance;

  // 2. Coverage sets, then the plan.
  const auto start = std::chrono::steady_clock::now();
  SiteRowsOptions row_options;
  row_options.backend = o.backend;
  row_options.method = o.method;
  row_options.memory_budget = o.memory_budget;
  row_options.hierarchy_file = o.hierarchy_file;
  row_options.threads = o.threads;
  SiteRows rows(loaded->problem, candidates, fixed, destinations, threshold, row_options);
  note(fmt::format("coverage sets by {} on the {} ({})", method_name(rows.plan().method),
                   backend_name(rows.plan().backend.backend), rows.plan().reason));
  const CoverageSets sets = rows.coverage_sets(threshold, instance.fixed);
  if (!cluster::leader()) return;  // under mpirun the ranks divide the sets; rank 0 plans
  const double sets_seconds = seconds_since(start);
  instance.sets = &sets;
  instance.demand = demand;
  MaxCoverOptions options;
  options.sites = o.sites;
  options.target_share = o.target_share;
  options.local_search = o.local_search;
  options.threads = o.threads;
  // With the sets' rows on the GPU, the full passes run there too.
  if (rows.plan().backend.backend == Backend::gpu && sets.candidates() > 0) {
    options.full_gains =
        device_full_gains(sets.row(0).data(), sets.candidates(), sets.words(), demand.data(), sets.destinations());
    note("plan: every candidate's gain at once on the gpu");
  }
  TimeTieBreak tie_break(rows, demand, candidates, threshold);
  options.tie_break = std::ref(tie_break);
  MaxCoverResult result = evaluating ? evaluate_sites(instance) : solve_max_cover(instance, options);
  if (!evaluating) result.loss = removal_losses(instance, result.chosen);
  const double plan_seconds = seconds_since(start) - sets_seconds;

  // 3. The plan's coverage at every threshold, as `coverage` reports it.
  std::vector<NodeId> sites = fixed;
  for (const std::uint32_t j : result.chosen) sites.push_back(candidates[j]);
  SolverRequest request;
  request.origins = sites;
  request.destinations = destinations;
  request.cap = cap;
  request.threads = o.threads;
  const NearestOrigins nearest = make_solver(loaded->problem, SolverPlan::cpu(Method::sssp, "one multi-source search"),
                                             request)
                                     ->nearest_origins();
  PlanReport report;
  report.candidates = candidates;
  report.fixed = fixed;
  report.hours = o.hours;
  report.sites = o.sites;
  report.evaluation = evaluating;
  report.result = result;
  report.coverage = summarize_coverage(net, sites, destinations, hours, nearest);
  report.method = rows.describe();
  report.sets_seconds = sets_seconds;
  report.plan_seconds = plan_seconds;
  report.max_per_country = o.max_per_country;
  report.ties = tie_break.ties();
  report.tie_rows = tie_break.rows();

  // 4. Output.
  fmt::print(report_stream(), "{}", plan_table(report, net));
  if (!o.json_file.empty()) {
    nlohmann::json json = plan_to_json(report, net);
    json["snapshot_file"] = o.snapshot_file;
    json["snapshot_name"] = net.name;
    json["candidates_selection"] = o.candidates;
    json["fixed_selection"] = scenario ? scenario->origins : o.fixed;
    json["destinations_selection"] = scenario ? scenario->destinations : o.destinations;
    if (scenario) json["scenario_file"] = o.scenario_file;
    io::write_json_file(o.json_file, json);
  }
  if (!o.csv_file.empty()) io::write_text_file(o.csv_file, plan_csv(report, net));
}

}  // namespace hg
