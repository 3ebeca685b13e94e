// Feeds read_scenario (host/jobs/scenario.hpp): the input as a scenario JSON file.
// Expected: a Scenario or hg::InputError (bad_scenario). A finding: any other
// exception (a nlohmann::json type error escaping, say), a crash, a sanitizer
// report, a hang or an out-of-memory.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include "host/core/errors.hpp"
#include "host/jobs/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path =
      hg::fuzz::write_temp("scenario.json", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    (void)hg::read_scenario(path);
  } catch (const hg::InputError&) {
  }
  return 0;
}
