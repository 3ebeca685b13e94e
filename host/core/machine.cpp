#include "host/core/machine.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <thread>

namespace hg {

namespace {

// A cgroup limit in bytes, or 0 when the file is absent or says "max".
std::uint64_t cgroup_limit(const char* file) {
  std::ifstream in(file);
  std::string text;
  if (!(in >> text) || text == "max") return 0;
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

int hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

int max_threads() { return 4 * hardware_threads(); }

MemoryLimit usable_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  MemoryLimit limit{pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                                          : ~std::uint64_t{0},
                    "physical memory"};
  for (const char* file : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    const std::uint64_t bytes = cgroup_limit(file);
    if (bytes != 0 && bytes < limit.bytes) limit = {bytes, std::string("the cgroup limit in ") + file};
  }
  return limit;
}

}  // namespace hg
