// hourglass: the command-line front end (CLI11). Exit status: 0 success,
// 1 runtime failure, 2 bad input or usage.

#include <fmt/format.h>
#include <omp.h>

#include <CLI/CLI.hpp>
#include <new>

#include "host/core/build_info.hpp"
#include "host/cli/commands.hpp"
#include "host/core/errors.hpp"
#include "host/core/machine.hpp"
#include "host/core/interrupt.hpp"
#include "host/core/progress.hpp"
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
  return fmt::format("hourglass {} (commit {}, {} build, CUDA {})", b.version, b.git_commit, b.build_type,
                     b.cuda_compiled ? fmt::format("compiled in for sm_{}", b.cuda_architectures) : "not compiled in");
}

}  // namespace

int main(int argc, char** argv) {
  hg::io::h5::prepare_library();
  hg::io::remove_partials_on_signals();
  hg::cli::Context ctx;
  for (int i = 0; i < argc; ++i) ctx.command_line += (i ? " " : "") + shell_quote(argv[i]);
  ctx.threads = omp_get_max_threads();

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
  hg::Progress::set_quiet(quiet);
  hg::Progress::set_log_interval(progress_every);
  if (ctx.threads > hg::max_threads()) {  // --threads is checked as it is parsed; this is OMP_NUM_THREADS
    fmt::print(stderr, "hourglass: error [usage]: OMP_NUM_THREADS asks for {} threads; at most {} (4 x the {} "
               "hardware threads)\n", ctx.threads, hg::max_threads(), hg::hardware_threads());
    return hg::kExitInputError;
  }
  try {
    return ctx.run ? ctx.run() : 0;
  } catch (const hg::InputError& e) {
    fmt::print(stderr, "hourglass: error [{}]: {}\n", hg::error_kind_name(e.kind()), e.what());
    return hg::kExitInputError;
  } catch (const hg::Interrupted& e) {
    fmt::print(stderr, "hourglass: {}\n", e.what());
    return 128 + e.signal();
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "hourglass: error: out of memory (try a smaller --memory budget or fewer origins)\n");
    return hg::kExitRuntimeError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "hourglass: error: {}\n", e.what());
    return hg::kExitRuntimeError;
  }
}
