// Feeds read_snapshot (io/snapshot.hpp), byte level: the raw input as an .h5
// file. Expected: a valid Network or hg::InputError (not_hdf5, corrupt_file,
// any layout error). A finding: any other exception, a crash, a sanitizer
// report, a hang or an out-of-memory in OUR code. Crashes and leaks inside
// libhdf5 itself are upstream issues, listed in docs/fuzzing.md; leak
// detection is off for this harness (scripts/fuzz.sh: detect_leaks=0) since
// libhdf5 leaks on many damaged files.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include "host/core/errors.hpp"
#include "io/snapshot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hg::fuzz::quiet_hdf5();
  const std::string path =
      hg::fuzz::write_temp("input.h5", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    (void)hg::io::read_snapshot(path);
  } catch (const hg::InputError&) {
  }
  return 0;
}
