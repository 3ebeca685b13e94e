// Commands whose implementations are being merged.
#include "host/cli/commands.hpp"
namespace hg::cli {
void add_generate(CLI::App&, Context&) {}
void add_demo(CLI::App&, Context&) {}
}  // namespace hg::cli
