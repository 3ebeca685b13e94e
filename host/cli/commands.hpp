#pragma once
// Each command registers its options on the app and, when chosen, leaves the
// work to do in `run` (executed after parsing, so parse errors and run
// errors stay apart). The work returns the exit status.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace hg::cli {

struct Context {
  std::function<int()> run;
  std::string command_line;  // recorded in results
  int threads = 1;
};

void add_info(CLI::App& app, Context& ctx);
void add_generate(CLI::App& app, Context& ctx);
void add_import(CLI::App& app, Context& ctx);
void add_solve(CLI::App& app, Context& ctx);
void add_coverage(CLI::App& app, Context& ctx);
void add_plan(CLI::App& app, Context& ctx);
void add_criticality(CLI::App& app, Context& ctx);
void add_diff(CLI::App& app, Context& ctx);
void add_path(CLI::App& app, Context& ctx);
void add_export(CLI::App& app, Context& ctx);
void add_verify(CLI::App& app, Context& ctx);
void add_demo(CLI::App& app, Context& ctx);

// "2G", "512MiB", "1048576" -> bytes; InputError(usage) otherwise.
std::uint64_t parse_bytes(const std::string& text, const char* flag);

}  // namespace hg::cli
