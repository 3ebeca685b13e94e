#pragma once
// What this machine offers a run, for the limits of --threads and --memory
// (docs/cli.md): hardware threads, and the memory a process may use.

#include <cstdint>
#include <string>

namespace hg {

int hardware_threads();  // std::thread::hardware_concurrency(), at least 1
// More threads than this only cost memory: each OpenMP thread takes its stack
// and its share of buffers (100,000 crashed the runtime, 2^31 - 1 asked it
// for 481 GB).
int max_threads();  // 4 x hardware_threads()

struct MemoryLimit {
  std::uint64_t bytes = 0;
  std::string source;  // "physical memory", or the cgroup file that lowers it
};
// The lower of physical memory and the cgroup limit (v2 memory.max, else v1
// memory.limit_in_bytes), where one is set.
MemoryLimit usable_memory();

}  // namespace hg
