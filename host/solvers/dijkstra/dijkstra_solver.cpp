#include "host/solvers/dijkstra/dijkstra_solver.hpp"

#include <optional>

#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/solvers/dijkstra/multi_source.hpp"

namespace hg {

namespace {

class DijkstraSolver final : public Solver {
 public:
  DijkstraSolver(const Problem& problem, const SolverRequest& request, SolverHooks hooks)
      : Solver(request, std::move(hooks)), problem_(problem) {}

  std::string describe() const override { return "sssp (dijkstra, cpu)"; }

 private:
  // 16 searches a thread: the slowest search of a slice costs little of it.
  std::uint32_t slice_rows() const override { return 16 * static_cast<std::uint32_t>(request_.threads); }

  void do_solve_rows(RowRange rows, std::uint32_t* times, NodeId* hops) override {
    // The searches' workspaces (one per thread) are made once, at the first block.
    if (!searches_) searches_.emplace(problem_, request_.destinations, request_.cap, request_.hops, request_.threads);
    searches_->solve(origins_of(rows), times, hops);
  }

  NearestOrigins do_nearest_origins(RowRange rows) override {
    progress("nearest origins", 0, 1);
    NearestOrigins nearest = hg::nearest_origins(problem_, origins_of(rows), request_.destinations, request_.cap);
    progress("nearest origins", 1, 1);
    return nearest;
  }

  const Problem& problem_;
  std::optional<DijkstraRows> searches_;
};

}  // namespace

std::unique_ptr<Solver> make_dijkstra_solver(const Problem& problem, const SolverRequest& request, SolverHooks hooks) {
  return std::make_unique<DijkstraSolver>(problem, request, std::move(hooks));
}

}  // namespace hg
