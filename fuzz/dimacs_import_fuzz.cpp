// Feeds import_dimacs (docs/road-networks.md): the input split at the first
// NUL byte into a .gr file and a .co file (no NUL: no .co). A .gr part that
// starts with the gzip magic is written as .gr.gz, so the decompressing reader
// is fuzzed too. The input size modulo 3 picks the options: weights kept as
// seconds, weights as metres at 60 km/h, or weights in minutes.
// Expected: a valid Network or hg::InputError. A finding: any other
// exception, a crash, a sanitizer report, a hang or an out-of-memory.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "host/core/errors.hpp"
#include "io/import/road_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = hg::fuzz::split_input(data, size, 2);
  const bool gz = parts[0].size() >= 2 && static_cast<unsigned char>(parts[0][0]) == 0x1f &&
                  static_cast<unsigned char>(parts[0][1]) == 0x8b;
  hg::io::DimacsImportOptions options;
  options.gr_file = hg::fuzz::write_temp(gz ? "input.gr.gz" : "input.gr", parts[0]);
  if (!parts[1].empty()) options.co_file = hg::fuzz::write_temp("input.co", parts[1]);
  if (size % 3 == 1) options.speed_kmh = 60.0;
  if (size % 3 == 2) options.unit = hg::TimeUnit::minute;
  try {
    (void)hg::io::import_dimacs(options);
  } catch (const hg::InputError&) {
  }
  return 0;
}
