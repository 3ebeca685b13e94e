// Feeds import_tntp (docs/road-networks.md): the input split at the first NUL
// byte into a _net.tntp file and a _node.tntp file (no NUL: no node file).
// Expected: a valid Network or hg::InputError. A finding: any other
// exception, a crash, a sanitizer report, a hang or an out-of-memory.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "host/core/errors.hpp"
#include "io/import/road_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = hg::fuzz::split_input(data, size, 2);
  hg::io::TntpImportOptions options;
  options.net_file = hg::fuzz::write_temp("input_net.tntp", parts[0]);
  if (!parts[1].empty()) options.node_file = hg::fuzz::write_temp("input_node.tntp", parts[1]);
  try {
    (void)hg::io::import_tntp(options);
  } catch (const hg::InputError&) {
  }
  return 0;
}
