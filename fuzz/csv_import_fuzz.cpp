// Feeds import_csv_network (docs/csv-format.md): the input split at NUL bytes
// into nodes.csv, edges.csv and customs.csv (no third part: no customs table).
// Expected: a valid Network or hg::InputError. A finding: any other
// exception, a crash, a sanitizer report, a hang or an out-of-memory.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "host/core/errors.hpp"
#include "io/import/csv_network.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = hg::fuzz::split_input(data, size, 3);
  hg::io::CsvImportOptions options;
  options.nodes_file = hg::fuzz::write_temp("nodes.csv", parts[0]);
  options.edges_file = hg::fuzz::write_temp("edges.csv", parts[1]);
  if (!parts[2].empty()) options.customs_file = hg::fuzz::write_temp("customs.csv", parts[2]);
  options.default_customs_time = 60;
  try {
    (void)hg::io::import_csv_network(options);
  } catch (const hg::InputError&) {
  }
  return 0;
}
