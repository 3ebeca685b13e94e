#include "host/solvers/phast/phast_solver.hpp"

#include <fmt/format.h>

#include <limits>
#include <optional>

#include "host/core/bytes.hpp"
#include "host/core/errors.hpp"
#include "host/solvers/gpu_device.hpp"
#include "host/solvers/phast/bucket_table.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/solvers/phast/hierarchy_file.hpp"
#include "host/solvers/phast/phast_cpu.hpp"
#include "host/solvers/phast/phast_gpu.hpp"

namespace hg {

namespace {

class PhastSolver final : public Solver {
 public:
  PhastSolver(const Problem& problem, const SolverPlan& plan, const SolverRequest& request, SolverHooks hooks)
      : Solver(request, std::move(hooks)),
        problem_(problem),
        gpu_(plan.backend.backend == Backend::gpu),
        buckets_(plan.method == Method::buckets),
        forward_only_(plan.forward_only),
        cpu_memory_(plan.phast_cpu ? plan.phast_cpu->memory_bytes : std::numeric_limits<std::uint64_t>::max()) {}

  std::string describe() const override {
    const char* name = buckets_ ? "buckets" : "phast";
    return hierarchy_ ? fmt::format("{} ({}, {} levels)", name, gpu_ ? "gpu" : "cpu", hierarchy_->level_count)
                      : fmt::format("{} ({})", name, gpu_ ? "gpu" : "cpu");
  }

  nlohmann::json figures() const override {
    nlohmann::json f = nlohmann::json::object();
    if (!hierarchy_) return f;
    f["hierarchy_seconds"] = hierarchy_->seconds;  // 0 when read from the hierarchy file
    f["hierarchy_file"] = request_.hierarchy_file;
    f["hierarchy_arcs"] = hierarchy_->arc_count();
    f["hierarchy_levels"] = hierarchy_->level_count;
    if (buckets_) f["bucket_entries"] = buckets_table_ ? buckets_table_->bucket_entries() : 0;
    if (gpu_) f["sweep_device_seconds"] = device_seconds_ + (gpu_rows_ ? gpu_rows_->device_seconds() : 0.0);
    if (!buckets_) f["sweep_labels"] = phast_form_text(form_);
    if (gpu_rows_) f["upward_search_seconds"] = gpu_rows_->search_seconds();
    return f;
  }

 private:
  void do_prepare() override {
    // 1. The hierarchy: read, or contracted (and stored when a file is named).
    bool loaded = false;
    progress("contraction hierarchy", 0, 1);
    hierarchy_ = load_or_contract(problem_, request_.hierarchy_file, request_.threads, &loaded);
    progress("contraction hierarchy", 1, 1);
    note(hierarchy_note(*hierarchy_, request_.hierarchy_file, loaded));

    // 2. Tables by buckets: the destinations' buckets, once.
    const NodeId n = problem_.node_count;
    if (buckets_) {
      progress("destination buckets", 0, 1);
      buckets_table_.emplace(problem_, *hierarchy_, request_.destinations, request_.cap, request_.threads);
      progress("destination buckets", 1, 1);
      note(fmt::format("buckets: {} entries for {} destinations", buckets_table_->bucket_entries(),
                       request_.destinations.size()));
      return;
    }

    // 3. The labels' form (phast_backend_form), at 16 bits only where
    //    reachability can tell beyond the cap from unreachable.
    form_ = phast_backend_form(problem_, gpu_, request_.cap);
    if (form_.bits == 16) {
      reach_ = Reachability::within(problem_, kReachabilityBudget);
      if (!reach_) {
        note(fmt::format("sweeps: 32-bit labels (the network's reachability would take more than {})",
                         bytes_text(kReachabilityBudget)));
        form_ = phast_label_form(form_.upward, 0);
      }
    }

    // 4. The sweeps' plan again with the hierarchy's real size: fewer lanes if needed.
    const std::size_t rows = request_.origins.size(), cols = request_.destinations.size();
    if (gpu_) {
      gpu_plan_ = plan_phast_gpu(n, hierarchy_->arc_count(), rows, cols, probe_gpu().free_bytes, forward_only_, form_);
      expect_phast_gpu_fits(*gpu_plan_, n);
      note(fmt::format("gpu sweeps: {}", gpu_plan_->reason));
    } else {
      cpu_plan_ = plan_phast_cpu(n, hierarchy_->arc_count(), rows, cols, cpu_memory_, forward_only_, form_);
      HG_EXPECTS(cpu_plan_->fits, ErrorKind::too_large,
                 "the CPU sweeps over {} nodes need {} of host memory with {} lanes (a hierarchy of {} arcs) but "
                 "{} is allowed; use a larger --memory or --method sssp",
                 n, bytes_text(cpu_plan_->host_bytes), cpu_plan_->lanes, hierarchy_->arc_count(),
                 bytes_text(cpu_memory_));
      graph_ = build_sweep_graph(*hierarchy_, cpu_plan_->direction);
      note(fmt::format("cpu sweeps: {}", cpu_plan_->reason));
    }
  }

  // The CPU sweeps: one batch of lanes (the threads share each sweep); the GPU's blocks are short.
  // Tables: a few searches a thread.
  std::uint32_t slice_rows() const override {
    if (buckets_) return static_cast<std::uint32_t>(16 * std::max(1, request_.threads));
    return gpu_ || !cpu_plan_ ? 0 : cpu_plan_->lanes;
  }

  void do_solve_rows(RowRange rows, std::uint32_t* times, NodeId*) override {
    if (buckets_) {
      buckets_table_->solve(origins_of(rows), times);
      return;
    }
    // The sweeps' own buffers (device or host) are made at the first block.
    if (gpu_) {
      gpu_rows().solve(rows.first, rows.count, times);
      return;
    }
    if (!cpu_rows_)
      cpu_rows_.emplace(problem_, *graph_, request_.destinations, request_.cap, cpu_plan_->lanes, request_.threads,
                        form_, reach());
    cpu_rows_->solve(origins_of(rows), times);
  }

  // The GPU's forward sweeps threshold on the device; everything else
  // thresholds its rows on the host (as do 16-bit sweeps for a threshold
  // beyond the cap, where reachable pairs beyond it count).
  void do_cover_rows(RowRange rows, Time threshold, std::uint64_t* bits) override {
    if (!gpu_ || gpu_plan_->direction != SweepDirection::forward || (form_.bits == 16 && threshold > request_.cap)) {
      Solver::do_cover_rows(rows, threshold, bits);
      return;
    }
    gpu_rows().cover(rows.first, rows.count, threshold, bits);
  }

  PhastGpuRows& gpu_rows() {
    if (!gpu_rows_)
      gpu_rows_ = std::make_unique<PhastGpuRows>(problem_, *hierarchy_, *gpu_plan_, request_.origins,
                                                 request_.destinations, request_.cap, reach(), request_.threads);
    return *gpu_rows_;
  }

  NearestOrigins do_nearest_origins(RowRange rows) override {
    // Forward sweeps fold their lanes into per-destination labels; reverse
    // ones (never planned for coverage) fall back to the rows.
    if (gpu_ && gpu_plan_->direction == SweepDirection::forward) {
      progress("nearest origins (gpu sweeps)", 0, 1);
      double seconds = 0;
      NearestOrigins nearest = phast_nearest_gpu(problem_, *hierarchy_, *gpu_plan_, origins_of(rows),
                                                 request_.destinations, request_.cap, &seconds, reach(),
                                                 request_.threads);
      device_seconds_ += seconds;
      progress("nearest origins (gpu sweeps)", 1, 1);
      note(fmt::format("gpu sweeps: {:.3f} s on the device", seconds));
      return nearest;
    }
    if (!gpu_ && !buckets_ && cpu_plan_->direction == SweepDirection::forward) {
      progress("nearest origins (cpu sweeps)", 0, 1);
      const std::span<const NodeId> origins = origins_of(rows);
      const std::vector<std::uint64_t> labels = phast_nearest_labels_cpu(
          problem_, *graph_, origins, request_.destinations, cpu_plan_->lanes, request_.threads, form_);
      progress("nearest origins (cpu sweeps)", 1, 1);
      return nearest_from_labels(labels, request_.cap, reach(), origins, request_.destinations);
    }
    return Solver::do_nearest_origins(rows);
  }

  const Reachability* reach() const { return form_.bits == 16 ? &*reach_ : nullptr; }

  // Reachability for 16-bit labels: components^2 bits at most this.
  static constexpr std::uint64_t kReachabilityBudget = std::uint64_t{256} << 20;

  const Problem& problem_;
  bool gpu_, buckets_, forward_only_;
  PhastLabelForm form_;
  std::optional<Reachability> reach_;
  std::uint64_t cpu_memory_;
  std::optional<ContractionHierarchy> hierarchy_;
  std::optional<PhastGpuPlan> gpu_plan_;
  std::optional<PhastCpuPlan> cpu_plan_;
  std::optional<SweepGraph> graph_;
  std::unique_ptr<PhastGpuRows> gpu_rows_;
  std::optional<PhastRows> cpu_rows_;
  std::optional<BucketTable> buckets_table_;
  double device_seconds_ = 0;
};

}  // namespace

std::unique_ptr<Solver> make_phast_solver(const Problem& problem, const SolverPlan& plan, const SolverRequest& request,
                                          SolverHooks hooks) {
  HG_EXPECTS(!request.hops, ErrorKind::usage, "the PHAST sweeps keep no next hops");
  return std::make_unique<PhastSolver>(problem, plan, request, std::move(hooks));
}

}  // namespace hg
