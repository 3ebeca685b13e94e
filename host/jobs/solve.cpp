#include "host/jobs/solve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <numeric>
#include <sstream>

#include "host/core/build_info.hpp"
#include "host/core/bytes.hpp"
#include "host/core/cluster.hpp"
#include "host/core/errors.hpp"
#include "host/core/interrupt.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/rank_checks.hpp"
#include "host/jobs/rank_solver.hpp"
#include "host/jobs/resume_record.hpp"
#include "host/jobs/row_stats.hpp"
#include "host/jobs/scenario.hpp"
#include "host/jobs/selection.hpp"
#include "host/jobs/solve_ranks.hpp"
#include "host/model/hours.hpp"
#include "host/solvers/solver_factory.hpp"
#include "io/json_file.hpp"
#include "io/output_file.hpp"
#include "io/result.hpp"
#include "io/sha256.hpp"

namespace hg {

namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

SolvePlan plan_solve(const LoadedNetwork& loaded, std::uint32_t origin_count, std::uint32_t destination_count,
                     const SolveOptions& o) {
  const Problem& p = loaded.problem;
  SolvePlan plan;
  plan.rows = origin_count;
  plan.cols = destination_count;
  if (o.max_hours) plan.cap = hours_to_time(*o.max_hours, p.time_unit, "--max-hours");
  plan.width = choose_width(o.dtype == io::ResultDtype::uint16 && o.width == WidthChoice::automatic ? WidthChoice::bits16
                                                                                                 : o.width,
                            plan.cap, p.path_bound);
  plan.dtype = o.dtype.value_or(plan.width == 16 ? io::ResultDtype::uint16 : io::ResultDtype::uint32);
  HG_EXPECTS(plan.dtype != io::ResultDtype::uint16 || plan.width == 16, ErrorKind::usage,
             "--dtype uint16 stores 16-bit times: it cannot be combined with --width 32");
  // The largest value stored: cap + 1 under a cap, else the largest time a path can have.
  const std::uint64_t largest = plan.cap != 0 ? std::uint64_t{plan.cap} + 1 : std::uint64_t{p.path_bound};
  HG_EXPECTS(largest <= io::dtype_largest_time(plan.dtype), ErrorKind::usage,
             "--dtype {}: holds times exactly up to {}, but times here reach {} {}s ({}); use --dtype {} or a "
             "lower --max-hours",
             io::dtype_name(plan.dtype), io::dtype_largest_time(plan.dtype), largest, time_unit_name(p.time_unit),
             plan.cap != 0 ? "the cap + 1" : "the path bound", plan.dtype == io::ResultDtype::float32 ? "float64" : "int64");

  // 1. The solver: backend, method and what it holds (host/solvers/solver_plan.hpp).
  SolverChoices choices;
  choices.origins = origin_count;
  choices.destinations = destination_count;
  choices.cap = plan.cap;
  choices.width = plan.width;
  choices.hops = o.paths;
  choices.backend = o.backend;
  choices.method = o.method;
  choices.memory_budget = o.memory_budget;
  choices.stored_hierarchy = !o.hierarchy_file.empty() && std::filesystem::exists(o.hierarchy_file);
  choices.threads = o.threads;
  plan.solver = plan_solver(p, choices);
  if (const std::string unused = check_hierarchy_used(plan.solver, o.hierarchy_file); !unused.empty()) note(unused);

  // 2. Row blocks: two in flight (one computed, one written), each row held
  //    as 32-bit times and next hops (the writer encodes them chunk by chunk).
  std::uint64_t row_bytes = std::uint64_t{plan.cols} * (sizeof(std::uint32_t) + (o.paths ? sizeof(NodeId) : 0));
  const std::uint64_t solver_bytes = plan.solver.host_bytes;
  HG_EXPECTS(solver_bytes < o.memory_budget, ErrorKind::too_large,
             "--memory {}: the solver alone needs {}; raise --memory", bytes_text(o.memory_budget),
             bytes_text(solver_bytes));
  const std::uint64_t available = o.memory_budget - solver_bytes;
  const io::ChunkShape chunk = io::result_chunk_shape(plan.rows, plan.cols);
  std::uint64_t block_rows = available / (2 * std::max<std::uint64_t>(row_bytes, 1));
  block_rows = std::min<std::uint64_t>(block_rows, plan.rows);
  if (block_rows < plan.rows) block_rows -= block_rows % chunk.rows;
  // Whole batches of forward sweeps per block where the budget allows.
  const std::optional<PhastGpuPlan>& sweeps = plan.solver.phast_gpu;
  if (sweeps && sweeps->direction == SweepDirection::forward && block_rows < plan.rows && block_rows >= sweeps->lanes)
    block_rows -= block_rows % sweeps->lanes;
  HG_EXPECTS(block_rows > 0, ErrorKind::too_large,
             "--memory {}: too small for one block of {} rows x {} destinations ({} with double buffering); "
             "raise --memory",
             bytes_text(o.memory_budget), chunk.rows, plan.cols, bytes_text(2 * chunk.rows * row_bytes));
  std::uint64_t buffers = 2;
  if (cluster::distributed()) {
    // Under mpirun a rank holds up to kHeldBlocks blocks between collective
    // writes, and the rows divide into about kBlocksPerRank blocks a rank or
    // more, so that a rank that finishes early takes more and the collective
    // writes come often (docs/cluster.md#row-blocks).
    buffers = kHeldBlocks;
    const std::uint64_t ranks = static_cast<std::uint64_t>(cluster::size()) * kBlocksPerRank;
    std::uint64_t shared = std::min<std::uint64_t>(available / (buffers * std::max<std::uint64_t>(row_bytes, 1)),
                                                   (plan.rows + ranks - 1) / ranks);
    if (shared < plan.rows) shared -= shared % chunk.rows;
    // Whole batches of forward sweeps where the budget holds one: a block
    // inside a batch that other ranks share costs every such rank the
    // batch's sweep (docs/cluster.md#row-blocks).
    if (sweeps && sweeps->direction == SweepDirection::forward && shared < plan.rows) {
      const std::uint64_t unit = std::lcm<std::uint64_t>(sweeps->lanes, chunk.rows);  // and whole chunks
      if (shared >= unit) shared -= shared % unit;
    }
    block_rows = std::max<std::uint64_t>(std::min(block_rows, shared), std::min<std::uint64_t>(chunk.rows, plan.rows));
  }
  plan.block_rows = static_cast<std::uint32_t>(block_rows);
  plan.blocks = (plan.rows + plan.block_rows - 1) / plan.block_rows;
  plan.block_bytes = buffers * block_rows * row_bytes;
  plan.output_bytes = std::uint64_t{plan.rows} * plan.cols *
                      (io::dtype_bytes(plan.dtype) + (o.paths ? io::hop_bytes(plan.dtype) : 0));
  return plan;
}

std::string SolvePlan::describe() const {
  const SolverPlan& s = solver;
  const std::string compute = s.compute_line();
  const char* held = s.fw_gpu ? "reachability" : s.phast_cpu ? "sweep labels and hierarchy" : "dense matrix";
  return fmt::format(
      "backend:  {}\nmethod:   {} ({}){}\nwidth:    {}-bit, stored as {}{}\ncap:      {}\nmatrix:   {} origins x {} "
      "destinations\nblocks:   {} of up to {} rows, {} of block buffers{}\noutput:   {} uncompressed\n",
      s.backend.reason, method_name(s.method), s.reason,
      s.estimates.size() > 1 ? "\nestimate: " + s.estimates_line() : std::string(), width, io::dtype_name(dtype),
      compute.empty() ? std::string() : "\ncompute:  " + compute, cap == 0 ? std::string("none") : std::to_string(cap),
      rows, cols, blocks, block_rows, bytes_text(block_bytes),
      s.host_bytes ? fmt::format(", {} {}", bytes_text(s.host_bytes), held) : std::string(), bytes_text(output_bytes));
}

nlohmann::json SolvePlan::to_json() const {
  const SolverPlan& s = solver;
  const std::uint32_t lanes = s.phast_gpu ? s.phast_gpu->lanes : s.phast_cpu ? s.phast_cpu->lanes : 0;
  const auto direction_name = [](SweepDirection d) { return d == SweepDirection::reverse ? "reverse" : "forward"; };
  const char* direction = s.phast_gpu   ? direction_name(s.phast_gpu->direction)
                          : s.phast_cpu ? direction_name(s.phast_cpu->direction)
                                        : "";
  return {{"backend", std::string(backend_name(s.backend.backend))},
          {"backend_reason", s.backend.reason},
          {"method", std::string(method_name(s.method))},
          {"method_reason", s.reason},
          {"estimates", s.estimates_json()},
          {"width", width},
          {"dtype", std::string(io::dtype_name(dtype))},
          {"cap", cap},
          {"rows", rows},
          {"cols", cols},
          {"block_rows", block_rows},
          {"blocks", blocks},
          {"block_bytes", block_bytes},
          {"matrix_bytes", s.host_bytes},
          {"output_bytes", output_bytes},
          {"compute_width", s.fw_gpu ? s.fw_gpu->compute_width : width},
          {"device_bytes", s.device_bytes()},
          {"lanes", lanes},
          {"sweep_direction", direction}};
}

namespace {

// A row block's buffers: 32-bit stored times as solvers produce them and
// next hops; the writer encodes them in the result's dtype.
struct RowBlock {
  std::vector<std::uint32_t> times;
  std::vector<NodeId> hops;
};

}  // namespace

namespace {

// The command line as recorded in the result: without --resume, so that a
// resumed (or resumable) run's file equals an uninterrupted run's.
std::string without_resume_flag(std::string command_line) {
  for (std::size_t at; (at = command_line.find(" --resume")) != std::string::npos &&
                       (at + 9 == command_line.size() || command_line[at + 9] == ' ');)
    command_line.erase(at, 9);
  return command_line;
}

// Removes the progress record unless told to keep it (an interrupted run):
// a finished or failed run leaves none behind.
struct ProgressFileGuard {
  std::string path;
  bool keep = false;
  ~ProgressFileGuard() {
    if (keep) return;
    std::remove(path.c_str());
    std::remove((path + ".partial").c_str());  // a record a SIGKILL cut short
  }
};

// --resume: the blocks an earlier run of the same request finished, checked
// against their recorded checksums in its .partial file; the plan takes the
// earlier run's block size. Nothing to take over (no files, a torn record, a
// file that does not read back) starts afresh and says so; a record of
// another request is refused before anything is touched.
void take_over_finished_blocks(const std::string& output, SolvePlan& plan, SolveProgress& record) {
  const std::string partial = io::partial_path_of(output);
  const std::optional<SolveProgress> earlier = read_progress(progress_path(output));
  if (!earlier || !std::filesystem::exists(partial)) {
    note(fmt::format("--resume: no interrupted run of {} to continue; starting afresh", output));
    return;
  }
  HG_EXPECTS(earlier->request == record.request, ErrorKind::usage,
             "--resume: {} was started for another request (the snapshot, the selections, the cap, the width or "
             "--paths differ); run the same command, or drop --resume to start afresh",
             partial);
  const io::ChunkShape chunk = io::result_chunk_shape(plan.rows, plan.cols);
  const bool usable_blocks = earlier->block_rows > 0 && earlier->blocks > 0 &&
                             (earlier->block_rows % chunk.rows == 0 || earlier->block_rows >= plan.rows) &&
                             std::uint64_t{earlier->blocks} * earlier->block_rows >= plan.rows &&
                             std::uint64_t{earlier->blocks - 1} * earlier->block_rows < plan.rows;
  if (!usable_blocks) {
    note(fmt::format("--resume: {} records blocks this request cannot have; starting afresh", progress_path(output)));
    return;
  }
  plan.block_rows = earlier->block_rows;
  plan.blocks = earlier->blocks;
  record.block_rows = earlier->block_rows;
  record.blocks = earlier->blocks;
  try {
    const io::ResultReader reader(partial);
    std::vector<std::uint32_t> times;
    std::vector<NodeId> hops;
    for (const auto& [b, checksum] : earlier->done) {
      if (b >= plan.blocks) continue;
      const std::uint32_t first = b * plan.block_rows, count = std::min(plan.block_rows, plan.rows - first);
      times.resize(std::size_t{count} * plan.cols);
      hops.resize(reader.meta().has_hops ? times.size() : 0);
      reader.read_rows(first, count, times.data(), hops.empty() ? nullptr : hops.data());
      if (block_checksum(times, hops) == checksum) record.done[b] = checksum;
    }
  } catch (const std::exception& e) {
    record.done.clear();
    note(fmt::format("--resume: {} cannot be read back ({}); starting afresh", partial, e.what()));
    return;
  }
  note(fmt::format("--resume: continuing {}: {} of {} row blocks are in it and read back intact", partial,
                   record.done.size(), plan.blocks));
}

}  // namespace

namespace {

// What a solve reads and decides before any output exists.
struct SolveInputs {
  std::unique_ptr<LoadedNetwork> loaded;
  std::vector<NodeId> origins, destinations;
  SolvePlan plan;
  std::string snapshot_sha256;
};

SolveInputs read_inputs(const SolveOptions& o) {
  io::check_files(request_files(o.snapshot_file, o.scenario_file, o.origins, o.destinations),
                  {{o.output, "-o", io::OutputFormat::hdf5},
                   {o.json_file, "--json"},
                   {o.hierarchy_file, "--hierarchy", io::OutputFormat::hdf5}});
  HG_EXPECTS(o.threads >= 1, ErrorKind::usage, "--threads: must be at least 1");
  SolveInputs in;
  in.loaded = load_network(o.snapshot_file, o.snapshot_name);
  const Network& net = in.loaded->network;
  if (!o.scenario_file.empty()) {
    const Scenario scenario = read_scenario(o.scenario_file);
    in.origins = scenario_origins(scenario, net, in.loaded->codes);
    in.destinations = select_nodes(net, in.loaded->codes, scenario.destinations, o.scenario_file + ": \"destinations\"");
  } else {
    in.origins = select_nodes(net, in.loaded->codes, o.origins, "--origins");
    in.destinations = select_nodes(net, in.loaded->codes, o.destinations, "--destinations");
  }
  in.plan = plan_solve(*in.loaded, static_cast<std::uint32_t>(in.origins.size()),
                       static_cast<std::uint32_t>(in.destinations.size()), o);
  const bool hashed = !o.dry_run || o.resume || cluster::distributed();  // a dry run reads the snapshot once, not twice
  in.snapshot_sha256 = hashed ? io::sha256_file(o.snapshot_file) : std::string();
  return in;
}

// Rank 0's resume record on every rank: "block_rows blocks" then "block checksum" lines.
void share_record(SolvePlan& plan, SolveProgress& record) {
  if (!cluster::distributed()) return;
  std::string text = fmt::format("{} {}\n", record.block_rows, record.blocks);
  for (const auto& [b, checksum] : record.done) text += fmt::format("{} {}\n", b, checksum);
  cluster::broadcast(text);
  std::istringstream in(text);
  in >> record.block_rows >> record.blocks;
  record.done.clear();
  std::uint32_t b = 0;
  std::string checksum;
  while (in >> b >> checksum) record.done[b] = checksum;
  plan.block_rows = record.block_rows;
  plan.blocks = record.blocks;
}

}  // namespace

void run_solve(const SolveOptions& o) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  const bool ranks = cluster::distributed();

  // 1. Everything that can be wrong with the input is found before any
  //    output exists; under mpirun every rank finds it, and every rank must
  //    have been given the same command and inputs and plan the same way.
  SolveInputs in;
  cluster::all_succeeded([&] { in = read_inputs(o); });
  const Network& net = in.loaded->network;
  const Problem& p = in.loaded->problem;
  SolvePlan& plan = in.plan;
  // 2. With --resume, the blocks an earlier run finished (the plan takes
  //    their block size): known before the plan is shown.
  SolveProgress record;
  record.request = request_fingerprint(in.snapshot_sha256, net.name, in.origins, in.destinations, plan.cap, plan.width,
                                       io::dtype_name(plan.dtype), o.paths);
  check_ranks_agree("inputs (the snapshot's bytes, the selections)", record.request);
  check_plans_agree(plan.solver, fmt::format("{} {} {}", plan.width, plan.block_rows, plan.blocks));
  record.block_rows = plan.block_rows;
  record.blocks = plan.blocks;
  cluster::all_succeeded([&] {
    if (o.resume && cluster::leader()) take_over_finished_blocks(o.output, plan, record);
  });
  share_record(plan, record);
  check_enough_blocks(plan.blocks, fmt::format("{} origins (blocks of whole chunks of {} rows)", plan.rows,
                                               io::result_chunk_shape(plan.rows, plan.cols).rows));
  const bool resuming = !record.done.empty();
  if (o.dry_run) {
    if (!cluster::leader()) return;
    fmt::print(report_stream(), "{}", plan.describe());
    if (ranks) fmt::print(report_stream(), "ranks:    {}\n", cluster::size());
    if (resuming) fmt::print(report_stream(), "resume:   {} of {} blocks done already\n", record.done.size(), plan.blocks);
    if (!o.json_file.empty()) {
      nlohmann::json summary = plan.to_json();
      summary["dry_run"] = true;
      summary["resumed_blocks"] = record.done.size();
      summary["ranks"] = cluster::size();
      io::write_json_file(o.json_file, summary);
    }
    return;
  }
  note(fmt::format("plan: {} / {}, {}-bit, {} block(s) of {} rows{}{}", backend_name(plan.solver.backend.backend),
                   method_name(plan.solver.method), plan.width, plan.blocks, plan.block_rows,
                   resuming ? fmt::format(", {} done already", record.done.size()) : std::string(),
                   ranks ? fmt::format(", {} ranks", cluster::size()) : std::string()));

  // 3. The result file, written under its .partial name (by every rank
  //    together under mpirun), and the record of the blocks in it (rank 0's).
  std::optional<io::PartialFile> out;
  cluster::all_succeeded([&] { out.emplace(o.output, io::OutputFormat::hdf5); });
  check_output_shared(out->partial_path());
  ProgressFileGuard record_file{progress_path(o.output), !cluster::leader()};
  StringColumn origin_codes, destination_codes;
  for (NodeId v : in.origins) origin_codes.push_back(net.nodes.code[v]);
  for (NodeId v : in.destinations) destination_codes.push_back(net.nodes.code[v]);
  const BuildInfo& build = build_info();
  std::string created = utc_now();
  cluster::broadcast(created);  // every rank writes the same attributes
  io::ResultMeta meta;
  meta.rows = plan.rows;
  meta.cols = plan.cols;
  meta.dtype = plan.dtype;
  meta.cap = plan.cap;
  meta.time_unit = p.time_unit;
  meta.has_hops = o.paths;
  meta.attributes = {
      {"hourglass_version", fmt::format("{} ({})", build.version, build.git_commit)},
      {"snapshot_file", std::filesystem::absolute(o.snapshot_file).string()},
      {"snapshot_name", net.name},
      {"snapshot_sha256", in.snapshot_sha256},
      {"backend", std::string(backend_name(plan.solver.backend.backend))},
      {"method", std::string(method_name(plan.solver.method))},
      {"parameters", without_resume_flag(o.command_line)},
      {"created", created},
  };
  std::optional<io::ResultWriter> writer;
  cluster::all_succeeded([&] {
    if (resuming)
      writer.emplace(out->partial_path(), meta, o.threads, io::ResultWriter::Reopen{});
    else
      writer.emplace(out->partial_path(), meta, origin_codes, destination_codes, o.threads);
  });

  // 4. The solver behind the blocks, prepared before the first one (a
  //    matrix solved, a hierarchy read or built, a device upload). Under
  //    mpirun rank 0 builds a hierarchy once and the others read it; a
  //    Floyd–Warshall matrix is one computation, rank 0's alone.
  const bool leader_only = ranks && plan.solver.method == Method::fw;
  SolverRequest request;
  request.origins = std::move(in.origins);
  request.destinations = std::move(in.destinations);
  request.cap = plan.cap;
  request.hops = o.paths;
  request.threads = o.threads;
  request.hierarchy_file = o.hierarchy_file;
  const SharedHierarchy shared_hierarchy(request, plan.solver, out->partial_path());
  const InterruptRequests interrupts;
  SolverHooks hooks;
  hooks.stop_requested = [&interrupts] { return interrupts.signal(); };
  std::optional<Progress> progress;  // made after prepare(), whose steps report their own
  if (!ranks)
    hooks.rows_done = [&progress](std::uint64_t rows) {
      if (progress) progress->advance(rows);
    };
  const std::unique_ptr<Solver> solver = make_solver(p, plan.solver, request, hooks);
  double compute_seconds = 0;  // solver time alone: no loading, compiling or writing
  const auto compute_start = clock::now();
  prepare_across_ranks(*solver, plan.solver, leader_only);
  compute_seconds += std::chrono::duration<double>(clock::now() - compute_start).count();

  progress.emplace("solve", plan.rows, "rows");
  const std::size_t resumed_blocks = record.done.size();
  for (const auto& [b, checksum] : record.done)  // in the file already (--resume)
    progress->advance(std::min(plan.block_rows, plan.rows - b * plan.block_rows));
  RowStats stats;
  int stopped_by = 0;
  if (ranks) {
    // 5a. Under mpirun: blocks from the shared queue, written collectively.
    RankSolve job{*solver, *writer, plan.rows, plan.cols, plan.block_rows, plan.blocks, plan.cap, o.paths,
                  leader_only, record, record_file.path, interrupts};
    const RankSolveOutcome outcome = solve_blocks_across_ranks(job, *progress);
    stats = outcome.stats;
    compute_seconds += outcome.compute_seconds;
    stopped_by = outcome.signal;
  } else {
    // 5b. Alone: compute one block while the previous one is written and
    //     flushed, then recorded as done. A signal stops the loop between blocks.
    RowBlock buffers[2];
    std::future<void> pending;
    std::uint32_t pending_block = 0;
    std::string pending_checksum;
    const auto record_pending = [&] {
      pending.get();
      record.done[pending_block] = pending_checksum;
      write_progress(record_file.path, record);
    };
    LocalRowBlocks blocks(plan.rows, plan.block_rows, [&record](std::uint32_t b) { return record.done.count(b) > 0; });
    std::uint64_t computed = 0;
    while (const std::optional<RowRange> range = blocks.next()) {
      if (interrupts.signal()) break;
      // Buffers alternate: this one's last write finished before the previous block's began.
      RowBlock& block = buffers[computed++ % 2];
      const std::uint32_t row_begin = range->first, count = range->count;
      const std::size_t cells = std::size_t{count} * plan.cols;
      block.times.resize(cells);
      if (o.paths) block.hops.resize(cells);
      const auto block_start = clock::now();
      solver->solve_rows(*range, block.times.data(), o.paths ? block.hops.data() : nullptr);
      compute_seconds += std::chrono::duration<double>(clock::now() - block_start).count();
      stats.add(std::span<const std::uint32_t>(block.times.data(), cells), plan.cap);
      std::string checksum = block_checksum(block.times, o.paths ? std::span<const NodeId>(block.hops)
                                                                : std::span<const NodeId>());
      const std::uint32_t* stored = block.times.data();
      if (pending.valid()) record_pending();  // the previous block written: its buffer is next
      pending = std::async(std::launch::async, [&writer, row_begin, count, stored, hops = o.paths ? block.hops.data() : nullptr] {
        writer->write_rows(row_begin, count, stored, hops);
        writer->flush();
      });
      pending_block = blocks.block_of(*range);
      pending_checksum = std::move(checksum);
    }
    if (pending.valid()) record_pending();
    if (record.done.size() < plan.blocks) stopped_by = interrupts.signal();
  }
  // Every row computed: the last block's write is a phase of its own.
  if (stopped_by == 0) progress->finish();
  Progress writing("writing " + std::filesystem::path(o.output).filename().string(), 1);
  if (stopped_by != 0) {
    cluster::all_succeeded([&] { writer->close(); });
    writing.finish();  // what was computed is written; the solve phase says where it stopped
    out->keep_partial();
    record_file.keep = true;
    cluster::all_succeeded([&] {
      throw Interrupted(stopped_by, fmt::format("stopped by {} after {} of {} row blocks: {} holds them and {} records "
                                                "which; run the same command with --resume to continue",
                                                stopped_by == SIGINT    ? "SIGINT"
                                                : stopped_by == SIGTERM ? "SIGTERM"
                                                : stopped_by == SIGUSR1 ? "SIGUSR1"
                                                                        : "a signal",
                                                record.done.size(), plan.blocks, out->partial_path(), record_file.path));
    });
  }
  cluster::all_succeeded([&] { writer->close(); });
  if (cluster::leader())
    out->commit();
  else
    out->keep_partial();  // rank 0's to rename
  writing.finish();

  const double seconds = std::chrono::duration<double>(clock::now() - start).count();
  note(fmt::format("wrote {} ({} x {}, {} unreachable pairs) in {:.2f} s", o.output, plan.rows, plan.cols,
                   stats.unreachable, seconds));
  if (!o.json_file.empty() && cluster::leader()) {
    nlohmann::json summary = plan.to_json();
    summary["output"] = o.output;
    summary["snapshot_file"] = o.snapshot_file;
    summary["snapshot_name"] = net.name;
    summary["unreachable_pairs"] = stats.unreachable;
    summary["beyond_cap_pairs"] = stats.beyond_cap;
    summary["max_exact_time"] = stats.max_exact;
    summary["time_unit"] = std::string(time_unit_name(p.time_unit));
    summary["seconds"] = seconds;
    summary["compute_seconds"] = compute_seconds;
    summary["resumed_blocks"] = resumed_blocks;  // taken over from an earlier run; the pair counts above exclude them
    summary["load_seconds"] = in.loaded->load_seconds;
    summary["compile_seconds"] = in.loaded->compile_seconds;
    summary["ranks"] = cluster::size();
    summary["solver"] = solver->describe();
    summary.update(solver->figures());  // hierarchy size and build time, device seconds
    io::write_json_file(o.json_file, summary);
  }
}

}  // namespace hg
