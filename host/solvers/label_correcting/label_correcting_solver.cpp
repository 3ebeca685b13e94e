#include "host/solvers/label_correcting/label_correcting_solver.hpp"

#include "host/core/errors.hpp"
#include "host/solvers/label_correcting/label_correcting.hpp"

namespace hg {

namespace {

class LabelCorrectingSolver final : public Solver {
 public:
  LabelCorrectingSolver(const Problem& problem, const SolverRequest& request, SolverHooks hooks)
      : Solver(request, std::move(hooks)), problem_(problem), bucket_width_(label_bucket_width(problem)) {}

  std::string describe() const override { return "label-correcting (cpu)"; }

 private:
  std::uint32_t slice_rows() const override { return 1; }  // one search at a time

  void do_solve_rows(RowRange rows, std::uint32_t* times, NodeId*) override {
    const std::size_t cols = request_.destinations.size();
    const std::span<const NodeId> origins = origins_of(rows);
    for (std::size_t r = 0; r < origins.size(); ++r) {
      const std::vector<Time> row = label_correcting_one_to_all(problem_, origins[r], bucket_width_);
      for (std::size_t j = 0; j < cols; ++j) times[r * cols + j] = stored_time(row[request_.destinations[j]], request_.cap);
    }
  }

  const Problem& problem_;
  const std::uint64_t bucket_width_;
};

}  // namespace

std::unique_ptr<Solver> make_label_correcting_solver(const Problem& problem, const SolverRequest& request,
                                                     SolverHooks hooks) {
  HG_EXPECTS(!request.hops, ErrorKind::usage, "the label-correcting search keeps no next hops");
  return std::make_unique<LabelCorrectingSolver>(problem, request, std::move(hooks));
}

}  // namespace hg
