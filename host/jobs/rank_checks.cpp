#include "host/jobs/rank_checks.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "host/core/cluster.hpp"
#include "host/core/errors.hpp"

namespace hg {

void check_ranks_agree(const std::string& what, const std::string& text) {
  if (!cluster::distributed()) return;
  const int differs = cluster::first_disagreeing_rank(text);
  if (differs < 0) return;
  cluster::all_succeeded([&] {
    throw InputError(ErrorKind::rank_mismatch,
                     fmt::format("rank {} of {} has other {} than rank 0: every rank must run the same command on "
                                 "the same inputs, and see the same kind of device",
                                 differs, cluster::size(), what));
  });
}

void check_plans_agree(const SolverPlan& plan, const std::string& more) {
  check_ranks_agree("plans (a GPU on some ranks and none on others?)",
                    fmt::format("{} {} {}", backend_name(plan.backend.backend), method_name(plan.method), more));
}

void check_output_shared(const std::string& path) {
  if (!cluster::distributed()) return;
  const std::string probe = path + ".ranks";
  std::string token = fmt::format("{}-{}", ::getpid(), std::chrono::steady_clock::now().time_since_epoch().count());
  cluster::broadcast(token);
  cluster::all_succeeded([&] {
    if (!cluster::leader()) return;
    std::ofstream out(probe, std::ios::trunc);
    out << token;
    if (!out.flush()) throw RuntimeError(fmt::format("{}: cannot be written", probe));
  });
  std::string seen;
  {
    std::ifstream in(probe);
    std::stringstream text;
    text << in.rdbuf();
    seen = text.str();
  }
  const std::uint64_t unshared = cluster::all_max(std::uint64_t{seen != token ? 1u : 0u});
  cluster::barrier();
  if (cluster::leader()) std::remove(probe.c_str());
  if (unshared == 0) return;
  const std::vector<std::string> flags = cluster::all_gather(seen != token ? "1" : "0");
  int first = 0;
  while (first < cluster::size() && flags[static_cast<std::size_t>(first)] != "1") ++first;
  cluster::all_succeeded([&] {
    throw InputError(ErrorKind::rank_mismatch,
                     fmt::format("{}: rank {} of {} does not see the file rank 0 wrote beside it: the output must be "
                                 "on a file system every rank shares",
                                 path, first, cluster::size()));
  });
}

void check_enough_blocks(std::uint64_t blocks, const std::string& what) {
  if (!cluster::distributed() || blocks >= static_cast<std::uint64_t>(cluster::size())) return;
  cluster::all_succeeded([&] {
    throw InputError(ErrorKind::rank_mismatch,
                     fmt::format("{} make only {} row block{}, fewer than the {} ranks: run with at most {} rank{} "
                                 "(mpirun -n {})",
                                 what, blocks, blocks == 1 ? "" : "s", cluster::size(), blocks, blocks == 1 ? "" : "s",
                                 blocks));
  });
}

}  // namespace hg
