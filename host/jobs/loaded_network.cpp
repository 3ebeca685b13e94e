#include "host/jobs/loaded_network.hpp"

#include <fmt/format.h>

#include <chrono>

#include "host/core/progress.hpp"
#include "io/snapshot.hpp"

namespace hg {

std::unique_ptr<LoadedNetwork> load_network(const std::string& file, const std::string& snapshot, bool compile_it) {
  using clock = std::chrono::steady_clock;
  auto loaded = std::make_unique<LoadedNetwork>();
  loaded->file = file;
  const auto t0 = clock::now();
  Progress loading("loading", 1);
  loaded->network = io::read_snapshot(file, snapshot, &loaded->codes);
  loaded->codes.rebind(loaded->network.nodes.code);
  const auto t1 = clock::now();
  loaded->load_seconds = std::chrono::duration<double>(t1 - t0).count();
  loading.finish(fmt::format("{} ('{}': {} nodes, {} edges)", file, loaded->network.name, loaded->network.nodes.size(),
                             loaded->network.edges.size()));
  if (compile_it) {
    Progress compiling("compiling", 1);
    loaded->problem = compile(loaded->network, file);
    compiling.finish();
    loaded->compile_seconds = std::chrono::duration<double>(clock::now() - t1).count();
  }
  return loaded;
}

}  // namespace hg
