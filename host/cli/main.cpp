// hourglass: the command-line front end (CLI11). Exit status: 0 success,
// 1 runtime failure, 2 bad input or usage.

#include <fmt/format.h>
#include <omp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <new>

#include "host/core/build_info.hpp"
#include "host/core/cluster.hpp"
#include "host/cli/commands.hpp"
#include "host/core/errors.hpp"
#include "host/core/machine.hpp"
#include "host/core/interrupt.hpp"
#include "host/core/progress.hpp"
#include "host/jobs/rank_checks.hpp"
#include "io/h5.hpp"
#include "io/output_file.hpp"

namespace {

std::string shell_quote(const std::string& arg) {
  if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@+%") ==
                          std::string::npos)
    return arg;
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string version_text() {
  const hg::BuildInfo& b = hg::build_info();
  return fmt::format("hourglass {} (commit {}, {} build, CUDA {}, MPI {})", b.version, b.git_commit, b.build_type,
                     b.cuda_compiled ? fmt::format("compiled in for sm_{}", b.cuda_architectures) : "not compiled in",
                     hg::cluster::compiled_with_mpi() ? "compiled in" : "not compiled in");
}

}  // namespace

int main(int argc, char** argv) {
  const hg::cluster::Session ranks(argc, argv);  // the ranks of an mpirun; alone otherwise
  hg::io::h5::prepare_library();
  hg::io::remove_partials_on_signals();
  hg::cli::Context ctx;
  for (int i = 0; i < argc; ++i) ctx.command_line += (i ? " " : "") + shell_quote(argv[i]);
  ctx.threads = omp_get_max_threads();
  if (hg::cluster::local_size() > 1 && std::getenv("OMP_NUM_THREADS") == nullptr) {
    // Ranks sharing a node share its cores (docs/cluster.md#threads).
    ctx.threads = std::max(1, hg::hardware_threads() / hg::cluster::local_size());
    omp_set_num_threads(ctx.threads);
  }

  CLI::App app{"hourglass: shortest transit times and coverage over logistics networks"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.fallthrough();  // -q works before or after the command
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "No progress or notes on stderr");
  double progress_every = 15;
  app.add_option("--progress-every", progress_every,
                 "Without a terminal, a progress line every SECONDS (default 15; 0: none)")
      ->check(CLI::Range(0.0, 86400.0));
  hg::cli::add_info(app, ctx);
  hg::cli::add_generate(app, ctx);
  hg::cli::add_import(app, ctx);
  hg::cli::add_solve(app, ctx);
  hg::cli::add_coverage(app, ctx);
  hg::cli::add_plan(app, ctx);
  hg::cli::add_criticality(app, ctx);
  hg::cli::add_diff(app, ctx);
  hg::cli::add_path(app, ctx);
  hg::cli::add_export(app, ctx);
  hg::cli::add_verify(app, ctx);
  hg::cli::add_demo(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    fmt::print(stderr, "hourglass: error [usage]: {}\nRun with --help for usage.\n", e.what());
    return hg::kExitInputError;
  } catch (const hg::InputError& e) {  // thrown while parsing option values
    fmt::print(stderr, "hourglass: error [{}]: {}\n", hg::error_kind_name(e.kind()), e.what());
    return hg::kExitInputError;
  }
  // Under mpirun rank 0 speaks for the job: notes, progress and reports.
  hg::Progress::set_quiet(quiet || !hg::cluster::leader());
  hg::Progress::set_log_interval(progress_every);
  if (ctx.threads > hg::max_threads()) {  // --threads is checked as it is parsed; this is OMP_NUM_THREADS
    fmt::print(stderr, "hourglass: error [usage]: OMP_NUM_THREADS asks for {} threads; at most {} (4 x the {} "
               "hardware threads)\n", ctx.threads, hg::max_threads(), hg::hardware_threads());
    return hg::kExitInputError;
  }
  // A failure all ranks agreed on is reported by rank 0 and ends every rank
  // with its status; any other failure of a rank ends the whole job.
  const auto fail = [](int status, const std::string& text) {
    const bool agreed = hg::cluster::failure_agreed();
    if (hg::cluster::leader() || !agreed) {
      const std::string where = agreed ? std::string() : hg::cluster::rank_label();
      fmt::print(stderr, "hourglass: {}{}\n", where.empty() ? std::string() : where + ": ", text);
    }
    if (hg::cluster::distributed() && !agreed) hg::cluster::abort_all(status);
    return status;
  };
  try {
    if (hg::cluster::distributed()) {
      // Under mpirun: the commands that divide their work among the ranks,
      // each rank given the same arguments (docs/cluster.md#bad-input).
      const std::string command = app.get_subcommands().front()->get_name();
      hg::cluster::all_succeeded([&] {
        HG_EXPECTS(command == "solve" || command == "coverage" || command == "plan" || command == "verify",
                   hg::ErrorKind::usage,
                   "`{}` runs as one process: run it without mpirun (solve, coverage, plan and verify divide their "
                   "work among the ranks of an mpirun)",
                   command);
      });
      const std::size_t space = ctx.command_line.find(' ');
      hg::check_ranks_agree("arguments", space == std::string::npos ? "" : ctx.command_line.substr(space + 1));
    }
    return ctx.run ? ctx.run() : 0;
  } catch (const hg::InputError& e) {
    return fail(hg::kExitInputError, fmt::format("error [{}]: {}", hg::error_kind_name(e.kind()), e.what()));
  } catch (const hg::Interrupted& e) {
    return fail(128 + e.signal(), e.what());
  } catch (const std::bad_alloc&) {
    return fail(hg::kExitRuntimeError, "error: out of memory (try a smaller --memory budget or fewer origins)");
  } catch (const std::exception& e) {
    return fail(hg::kExitRuntimeError, fmt::format("error: {}", e.what()));
  }
}
