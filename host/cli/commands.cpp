#include "host/cli/commands.hpp"

#include <fmt/format.h>

#include <charconv>

#include "host/jobs/coverage.hpp"
#include "host/jobs/criticality.hpp"
#include "host/jobs/diff.hpp"
#include "host/jobs/demo.hpp"
#include "host/core/bytes.hpp"
#include "host/core/errors.hpp"
#include "host/core/machine.hpp"
#include "host/model/hours.hpp"
#include "host/jobs/export.hpp"
#include "host/jobs/info.hpp"
#include "host/jobs/path.hpp"
#include "host/jobs/plan.hpp"
#include "host/jobs/solve.hpp"
#include "host/jobs/verify.hpp"

namespace hg::cli {

std::uint64_t parse_bytes(const std::string& text, const char* flag) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [rest, ec] = std::from_chars(text.data(), end, value);
  HG_EXPECTS(ec == std::errc() && rest != text.data(), ErrorKind::usage, "{}: '{}' is not a size (e.g. 2G, 512M)",
             flag, text);
  const std::string suffix(rest, end);
  std::uint64_t scale = 1;
  if (suffix.empty() || suffix == "B") scale = 1;
  else if (suffix == "K" || suffix == "KiB" || suffix == "k") scale = 1ull << 10;
  else if (suffix == "M" || suffix == "MiB") scale = 1ull << 20;
  else if (suffix == "G" || suffix == "GiB") scale = 1ull << 30;
  else if (suffix == "T" || suffix == "TiB") scale = 1ull << 40;
  else throw InputError(ErrorKind::usage, fmt::format("{}: unknown size suffix '{}' in '{}'", flag, suffix, text));
  HG_EXPECTS(value > 0 && value <= (~std::uint64_t{0}) / scale, ErrorKind::usage, "{}: '{}' is out of range", flag, text);
  return value * scale;
}

namespace {

void add_threads(CLI::App* sub, Context& ctx) {
  const CLI::Validator within_limit(
      [](std::string& text) -> std::string {
        long long threads = 0;
        try {
          threads = std::stoll(text);
        } catch (const std::exception&) {
          return fmt::format("'{}' is not a whole number", text);
        }
        if (threads < 1 || threads > max_threads())
          return fmt::format("{} is not between 1 and {} (4 x the {} hardware threads)", text, max_threads(),
                             hardware_threads());
        return "";
      },
      "1..4 x hardware threads");
  sub->add_option("--threads", ctx.threads,
                  fmt::format("CPU threads, 1 to {} (default: all, or OMP_NUM_THREADS)", max_threads()))
      ->check(within_limit);
}

// --memory: a size no larger than what this machine has.
std::uint64_t parse_memory_budget(const std::string& text) {
  const std::uint64_t bytes = parse_bytes(text, "--memory");
  const MemoryLimit usable = usable_memory();
  HG_EXPECTS(bytes <= usable.bytes, ErrorKind::usage, "--memory: {} is more than this machine has ({}: {})", text,
             usable.source, bytes_text(usable.bytes));
  return bytes;
}

}  // namespace

void add_info(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("info", "Summarise a snapshot or a result file");
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<std::string>();
  sub->add_option("file", *file, "Snapshot or result (.h5)")->required();
  sub->add_option("--json", *json, "Also write the summary as JSON (- for stdout)");
  sub->callback([&ctx, file, json] {
    ctx.run = [file, json] {
      run_info(*file, *json);
      return 0;
    };
  });
}

void add_solve(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("solve", "Transit times for origins x destinations, written as an OMX result");
  auto o = std::make_shared<SolveOptions>();
  auto width = std::make_shared<std::string>("auto");
  auto backend = std::make_shared<std::string>("auto");
  auto method = std::make_shared<std::string>("auto");
  auto memory = std::make_shared<std::string>("2G");
  auto max_hours = std::make_shared<double>(0);
  sub->add_option("snapshot", o->snapshot_file, "Snapshot file (.h5)")->required();
  sub->add_option("--snapshot", o->snapshot_name, "Snapshot name, when the file holds several");
  auto* scenario = sub->add_option("--scenario", o->scenario_file,
                                   "Scenario file (data/scenarios/*.json): its sites x its destinations");
  sub->add_option("--origins", o->origins, "Origin selection (default: all)")->excludes(scenario);
  sub->add_option("--destinations", o->destinations, "Destination selection (default: all)")->excludes(scenario);
  auto* cap = sub->add_option("--max-hours", *max_hours, "Cap: times above it are stored as cap + 1");
  sub->add_flag("--paths", o->paths, "Also store next hops (/data/next_hop) for `hourglass path`");
  sub->add_option("--width", *width, "Time width of the solvers: auto, 16 or 32");
  auto dtype = std::make_shared<std::string>("auto");
  sub->add_option("--dtype", *dtype,
                  "Stored element type: auto (uint16 or uint32 by the width), uint16, uint32, int32, int64, float32 or "
                  "float64; int64 and float64 are what OMX tools call common types (docs/results.md)");
  sub->add_option("--backend", *backend, "auto, cpu or gpu");
  sub->add_option("--method", *method,
                  "auto (the quickest by the cost model; --dry-run shows the estimates), fw (Floyd-Warshall), sssp "
                  "(one search per origin: Dijkstra on the CPU, the sweeps on the GPU), phast (sweeps over a "
                  "contraction hierarchy, CPU or GPU) or buckets (small tables over the hierarchy, CPU)");
  sub->add_option("--memory", *memory, "Host memory budget for result blocks (default 2G)");
  sub->add_option("--hierarchy", o->hierarchy_file,
                  "Contraction hierarchy file for the sweeps and the buckets: read when it exists (and was built for "
                  "this network), else built and written there");
  add_threads(sub, ctx);
  sub->add_flag("--dry-run", o->dry_run, "Print the plan and exit");
  sub->add_flag("--resume", o->resume,
                "Continue the run that left -o RESULT.h5.partial (stopped by a signal or killed); starts afresh when "
                "there is nothing to continue");
  sub->add_option("-o,--output", o->output, "Result file (.h5)")->required();
  sub->add_option("--json", o->json_file, "Also write a JSON summary (- for stdout; with --dry-run, the plan)");
  sub->callback([&ctx, o, width, dtype, backend, method, memory, max_hours, cap] {
    o->width = parse_width_choice(*width);
    if (*dtype != "auto") {
      o->dtype = io::parse_dtype(*dtype);
      HG_EXPECTS(o->dtype.has_value(), ErrorKind::usage,
                 "--dtype: '{}' is not one of auto, uint16, uint32, int32, int64, float32, float64", *dtype);
    }
    o->backend = parse_backend_choice(*backend);
    o->method = parse_method_choice(*method);
    o->memory_budget = parse_memory_budget(*memory);
    if (cap->count()) o->max_hours = *max_hours;
    o->threads = ctx.threads;
    o->command_line = ctx.command_line;
    ctx.run = [o] {
      run_solve(*o);
      return 0;
    };
  });
}

void add_coverage(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("coverage", "Share of demand reached within time thresholds from a set of origins");
  auto o = std::make_shared<CoverageOptions>();
  auto backend = std::make_shared<std::string>("auto");
  sub->add_option("snapshot", o->snapshot_file, "Snapshot file (.h5)")->required();
  sub->add_option("--snapshot", o->snapshot_name, "Snapshot name, when the file holds several");
  auto* scenario = sub->add_option("--scenario", o->scenario_file,
                                   "Scenario file (data/scenarios/*.json): origins, destinations and hours");
  sub->add_option("--origins", o->origins, "Origin selection (the sites)")->excludes(scenario);
  sub->add_option("--destinations", o->destinations, "Destination selection (default: all)")->excludes(scenario);
  sub->add_option("--hours", o->hours, "Thresholds in whole hours (default 24,48,72)")->excludes(scenario);
  sub->add_option("--by", o->by,
                  "CSV table per country, per origin, or per destination (nearest origin and time; default country)");
  sub->add_option("--backend", *backend, "auto, cpu or gpu");
  sub->add_option("--hierarchy", o->hierarchy_file, "Contraction hierarchy file for the PHAST sweeps: read when it exists (and was built for this network), else built and written there");
  add_threads(sub, ctx);
  sub->add_option("--json", o->json_file, "Write the full report as JSON (- for stdout)");
  sub->add_option("--csv", o->csv_file, "Write the --by table (per country, origin or destination) as CSV (- for stdout)");
  sub->callback([&ctx, o, backend] {
    o->backend = parse_backend_choice(*backend);
    o->threads = ctx.threads;
    ctx.run = [o] {
      run_coverage(*o);
      return 0;
    };
  });
}

void add_plan(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "plan", "Which sites to build: the most demand reached within --hours by --sites K new sites, or the fewest "
              "reaching --target-share, with a proven bound (docs/planning.md)");
  auto o = std::make_shared<PlanOptions>();
  auto backend = std::make_shared<std::string>("auto");
  auto method = std::make_shared<std::string>("auto");
  auto memory = std::make_shared<std::string>("2G");
  auto no_swaps = std::make_shared<bool>(false);
  sub->add_option("snapshot", o->snapshot_file, "Snapshot file (.h5)")->required();
  sub->add_option("--snapshot", o->snapshot_name, "Snapshot name, when the file holds several");
  auto* scenario = sub->add_option(
      "--scenario", o->scenario_file,
      "Scenario file (data/scenarios/*.json): its sites are the fixed ones; its destinations and hours");
  auto* candidates = sub->add_option("--candidates", o->candidates, "Candidate sites (a selection)");
  sub->add_option("--evaluate", o->evaluate,
                  "What-if instead of a plan: the coverage of these sites (a selection) and what each one's removal "
                  "loses")
      ->excludes(candidates);
  sub->add_option("--fixed", o->fixed, "Sites that exist already: they count as chosen (a selection)")
      ->excludes(scenario);
  sub->add_option("--destinations", o->destinations, "Destination selection, weighted by demand (default: all)")
      ->excludes(scenario);
  sub->add_option("--hours", o->hours,
                  "The threshold the plan maximises coverage within, in hours (a whole number of the snapshot's "
                  "time units: 0.25 is fine in seconds or minutes)")
      ->required()
      ->check(CLI::Range(0.0, static_cast<double>(kMaxThresholdHours)));
  sub->add_option("--report-hours", o->report_hours, "More thresholds to report the plan's coverage at (default 24,48,72)")
      ->excludes(scenario);
  auto* sites = sub->add_option("--sites", o->sites, "K: the most demand covered with K new sites")
                    ->check(CLI::Range(1u, 1000000u));
  sub->add_option("--target-share", o->target_share, "S: the fewest new sites that cover share S (0 < S <= 1) of the demand")
      ->excludes(sites);
  sub->add_option("--max-per-country", o->max_per_country, "At most N new sites in any one country")
      ->check(CLI::Range(1u, 1000000u));
  sub->add_flag("--no-swaps", *no_swaps, "Skip the local search after the greedy (for comparison)");
  sub->add_option("--backend", *backend, "auto, cpu or gpu: where the coverage sets' rows are computed");
  sub->add_option("--method", *method, "How the rows are computed: auto (the cost model), fw, sssp or phast");
  sub->add_option("--memory", *memory, "Host memory budget for the coverage sets and row blocks (default 2G)");
  sub->add_option("--hierarchy", o->hierarchy_file,
                  "Contraction hierarchy file for the sweeps: read when it exists (and was built for this network), "
                  "else built and written there");
  add_threads(sub, ctx);
  sub->add_option("--json", o->json_file, "Write the plan as JSON (- for stdout)");
  sub->add_option("--csv", o->csv_file, "Write the chosen sites as CSV (- for stdout)");
  sub->callback([&ctx, o, backend, method, memory, no_swaps] {
    o->backend = parse_backend_choice(*backend);
    o->method = parse_method_choice(*method);
    o->memory_budget = parse_memory_budget(*memory);
    o->local_search = !*no_swaps;
    o->threads = ctx.threads;
    ctx.run = [o] {
      run_plan(*o);
      return 0;
    };
  });
}

void add_criticality(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "criticality", "Hub criticality: the demand the origins no longer reach within --hours when no route may pass "
                     "through a node, for each node of --nodes, ranked (docs/planning.md#hub-criticality)");
  auto o = std::make_shared<CriticalityOptions>();
  sub->add_option("snapshot", o->snapshot_file, "Snapshot file (.h5)")->required();
  sub->add_option("--snapshot", o->snapshot_name, "Snapshot name, when the file holds several");
  auto* scenario =
      sub->add_option("--scenario", o->scenario_file, "Scenario file (data/scenarios/*.json): origins and destinations");
  sub->add_option("--nodes", o->nodes, "The nodes to test, e.g. kind:airport (a selection)")->required();
  sub->add_option("--origins", o->origins, "Origin selection (the sites)")->excludes(scenario);
  sub->add_option("--destinations", o->destinations, "Destination selection, weighted by demand (default: all)")
      ->excludes(scenario);
  sub->add_option("--hours", o->hours, "The threshold, in whole hours")
      ->required()
      ->check(CLI::Range(1u, kMaxThresholdHours));
  add_threads(sub, ctx);
  sub->add_option("--json", o->json_file, "Write every node's loss as JSON (- for stdout)");
  sub->add_option("--csv", o->csv_file, "Write every node's loss as CSV, with lat/lon for maps (- for stdout)");
  sub->callback([&ctx, o] {
    o->threads = ctx.threads;
    ctx.run = [o] {
      run_criticality(*o);
      return 0;
    };
  });
}

void add_diff(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "diff", "Coverage on two snapshots compared: the demand gained and lost per destination and per country "
              "(nodes matched by code; docs/planning.md#diff)");
  auto o = std::make_shared<DiffOptions>();
  auto backend = std::make_shared<std::string>("auto");
  sub->add_option("snapshots", o->files, "A.h5 [B.h5]: two snapshot files, or one with --snapshot twice")
      ->required()
      ->expected(1, 2);
  sub->add_option("--snapshot", o->snapshot_names,
                  "Snapshot name: once for both files, or twice (A's, then B's); twice with one file");
  auto* scenario = sub->add_option("--scenario", o->scenario_file,
                                   "Scenario file (data/scenarios/*.json): origins, destinations and hours, "
                                   "evaluated on each snapshot");
  sub->add_option("--origins", o->origins, "Origin selection (the sites), evaluated on each snapshot")
      ->excludes(scenario);
  sub->add_option("--destinations", o->destinations, "Destination selection (default: all), matched by code")
      ->excludes(scenario);
  sub->add_option("--hours", o->hours, "Thresholds in whole hours (default 24,48,72)")->excludes(scenario);
  sub->add_option("--by", o->by, "CSV table per country (default) or per destination (both times and the change)");
  sub->add_option("--backend", *backend, "auto, cpu or gpu");
  add_threads(sub, ctx);
  sub->add_option("--json", o->json_file, "Write the full comparison as JSON (- for stdout)");
  sub->add_option("--csv", o->csv_file, "Write the --by table as CSV (- for stdout)");
  sub->callback([&ctx, o, backend] {
    o->backend = parse_backend_choice(*backend);
    o->threads = ctx.threads;
    ctx.run = [o] {
      run_diff(*o);
      return 0;
    };
  });
}

void add_path(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("path", "The route behind one entry of a result (solved with --paths)");
  auto o = std::make_shared<PathOptions>();
  sub->add_option("result", o->result_file, "Result file (.h5)")->required();
  sub->add_option("--from", o->from, "Origin code")->required();
  sub->add_option("--to", o->to, "Destination code")->required();
  sub->add_option("--snapshot-file", o->snapshot_file, "Snapshot to price the legs with (default: the result's)");
  sub->add_option("--json", o->json_file, "Also write the route as JSON (- for stdout)");
  sub->callback([&ctx, o] {
    ctx.run = [o] {
      run_path(*o);
      return 0;
    };
  });
}

void add_verify(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "verify", "Check a backend against an independent method and certificates, or check a result file");
  auto o = std::make_shared<VerifyOptions>();
  auto backend = std::make_shared<std::string>("auto");
  auto method = std::make_shared<std::string>("auto");
  sub->add_option("file", o->snapshot_file,
                  "Snapshot file (.h5): checks a backend; or a result: checks its provenance, form and sampled rows")
      ->required();
  sub->add_option("--snapshot", o->snapshot_name, "Snapshot name, when the file holds several");
  sub->add_option("--snapshot-file", o->snapshot_override,
                  "For a result: its snapshot, when it is no longer where the result records it");
  sub->add_option("--backend", *backend, "auto, cpu or gpu");
  auto width = std::make_shared<std::string>("auto");
  sub->add_option("--method", *method,
                  "Method under test: auto (the GPU's Floyd-Warshall on --backend gpu, else sssp), fw, sssp or phast");
  sub->add_option("--width", *width, "The GPU's time width: auto, 16 or 32 (uncapped rows)");
  sub->add_option("--sample", o->sample, "Origins to check (default 16)");
  sub->add_option("--seed", o->seed, "Sampling seed (default 1)");
  sub->add_option("--hierarchy", o->hierarchy_file, "Contraction hierarchy file for the PHAST sweeps: read when it exists (and was built for this network), else built and written there");
  add_threads(sub, ctx);
  sub->add_option("--json", o->json_file, "Also write the findings as JSON (- for stdout)");
  sub->callback([&ctx, o, backend, method, width] {
    o->backend = parse_backend_choice(*backend);
    o->method = parse_method_choice(*method);
    o->width = parse_width_choice(*width);
    o->threads = ctx.threads;
    ctx.run = [o] { return run_verify(*o); };
  });
}

void add_demo(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "demo",
      "The main job end to end on a generated logistics network (--nodes, --seed): the sites of the country with the "
      "most demand x demand zones abroad, capped at 72 h, then coverage; files in --out");
  auto o = std::make_shared<DemoOptions>();
  sub->add_option("--out", o->out_dir, "Output folder (default results)");
  sub->add_option("--nodes", o->nodes, "Size of the generated network (default 100000)");
  sub->add_option("--seed", o->seed, "Generator seed (default 1)");
  sub->add_option("--backend", o->backend, "auto, cpu or gpu");
  add_threads(sub, ctx);
  sub->callback([&ctx, o] {
    o->threads = ctx.threads;
    ctx.run = [o] {
      run_demo(*o);
      return 0;
    };
  });
}

}  // namespace hg::cli
