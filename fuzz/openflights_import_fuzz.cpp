// Feeds import_world (docs/world-network.md): the input split at NUL bytes
// into routes.dat, airports.dat and cities.txt (GeoNames); the other inputs
// (airports-extended, countries, aliases, countryInfo, customs, unions) are
// the small fixtures in tests/data/world/.
// Expected: a valid Network or hg::InputError. A finding: any other
// exception, a crash, a sanitizer report, a hang or an out-of-memory.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "host/core/errors.hpp"
#include "io/import/world_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = hg::fuzz::split_input(data, size, 3);
  hg::io::WorldImportOptions options;
  options.data_dir = hg::fuzz::source_dir() + "/tests/data/world";
  options.routes = hg::fuzz::write_temp("routes.dat", parts[0]);
  options.airports = hg::fuzz::write_temp("airports.dat", parts[1]);
  options.cities = hg::fuzz::write_temp("cities.txt", parts[2]);
  try {
    (void)hg::io::import_world(options);
  } catch (const hg::InputError&) {
  }
  return 0;
}
