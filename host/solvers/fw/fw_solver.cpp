#include "host/solvers/fw/fw_solver.hpp"

#include <fmt/format.h>

#include "host/solvers/fw/fw_cpu.hpp"

namespace hg {

namespace {

class FwCpuSolver final : public Solver {
 public:
  FwCpuSolver(const Problem& problem, const SolverRequest& request, SolverHooks hooks)
      : Solver(request, std::move(hooks)), problem_(problem) {}

  std::string describe() const override { return "fw (cpu)"; }

 private:
  void do_prepare() override {
    progress("floyd-warshall", 0, 1);
    matrix_ = fw_initial_matrix(problem_, request_.hops);
    fw_solve_cpu(matrix_, request_.threads);
    progress("floyd-warshall", 1, 1);
  }

  void do_solve_rows(RowRange rows, std::uint32_t* times, NodeId* hops) override {
    fw_write_rows(matrix_, problem_, origins_of(rows), request_.destinations, request_.cap, times, hops);
  }

  const Problem& problem_;
  FwMatrix matrix_;
};

class FwPackedSolver final : public Solver {
 public:
  FwPackedSolver(const Problem& problem, const FwGpuPlan& plan, bool emulated, const SolverRequest& request,
                 SolverHooks hooks)
      : Solver(request, std::move(hooks)), problem_(problem), plan_(plan), emulated_(emulated) {}

  std::string describe() const override {
    return fmt::format("fw ({}, {})", emulated_ ? "gpu kernels emulated on the cpu" : "gpu", plan_.compute_reason);
  }

  nlohmann::json figures() const override {
    return {{"fw_device_seconds", solution_ ? solution_->solve_seconds() : 0.0}};
  }

 private:
  void do_prepare() override {
    const std::string step = emulated_ ? "floyd-warshall (gpu kernels emulated)" : "floyd-warshall (gpu)";
    progress(step, 0, 1);
    solution_ = emulated_ ? fw_solve_emulated(problem_, plan_, request_.threads) : fw_solve_gpu(problem_, plan_);
    progress(step, 1, 1);
    if (!emulated_)
      note(fmt::format("gpu floyd-warshall: {} nodes, {}, {:.3f} s on the device", problem_.node_count,
                       plan_.compute_reason, solution_->solve_seconds()));
  }

  void do_solve_rows(RowRange rows, std::uint32_t* times, NodeId* hops) override {
    solution_->write_rows(origins_of(rows), request_.destinations, request_.cap, times, hops);
  }

  const Problem& problem_;
  FwGpuPlan plan_;
  bool emulated_;
  std::unique_ptr<FwPackedSolution> solution_;
};

}  // namespace

std::unique_ptr<Solver> make_fw_cpu_solver(const Problem& problem, const SolverRequest& request, SolverHooks hooks) {
  return std::make_unique<FwCpuSolver>(problem, request, std::move(hooks));
}

std::unique_ptr<Solver> make_fw_packed_solver(const Problem& problem, const FwGpuPlan& plan, bool emulated,
                                              const SolverRequest& request, SolverHooks hooks) {
  return std::make_unique<FwPackedSolver>(problem, plan, emulated, request, std::move(hooks));
}

}  // namespace hg
