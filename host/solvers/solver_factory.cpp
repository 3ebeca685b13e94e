#include "host/solvers/solver_factory.hpp"

#include "host/core/errors.hpp"
#include "host/solvers/dijkstra/dijkstra_solver.hpp"
#include "host/solvers/fw/fw_solver.hpp"
#include "host/solvers/label_correcting/label_correcting_solver.hpp"
#include "host/solvers/phast/phast_solver.hpp"

namespace hg {

std::unique_ptr<Solver> make_solver(const Problem& problem, const SolverPlan& plan, const SolverRequest& request,
                                    SolverHooks hooks) {
  const bool gpu = plan.backend.backend == Backend::gpu;
  switch (plan.method) {
    case Method::fw:
      if (plan.fw_gpu) return make_fw_packed_solver(problem, *plan.fw_gpu, plan.emulate_gpu, request, std::move(hooks));
      HG_EXPECTS(!gpu, ErrorKind::usage, "a GPU Floyd–Warshall plan without its device plan");
      return make_fw_cpu_solver(problem, request, std::move(hooks));
    case Method::sssp:
      HG_EXPECTS(!gpu, ErrorKind::usage, "Dijkstra runs on the CPU; the GPU's one-to-all rows are the PHAST sweeps");
      return make_dijkstra_solver(problem, request, std::move(hooks));
    case Method::phast:
    case Method::buckets:
      HG_EXPECTS(plan.method != Method::buckets || !gpu, ErrorKind::usage, "the bucket tables run on the CPU");
      return make_phast_solver(problem, plan, request, std::move(hooks));
    case Method::label_correcting:
      HG_EXPECTS(!gpu, ErrorKind::usage, "the label-correcting search runs on the CPU");
      return make_label_correcting_solver(problem, request, std::move(hooks));
  }
  throw InputError(ErrorKind::usage, "no solver for this plan");
}

}  // namespace hg
