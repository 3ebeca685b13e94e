#include "host/solvers/solver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <utility>

#include "host/core/choice.hpp"
#include "host/core/interrupt.hpp"
#include "kernels/planning/cover_sums.cuh"

namespace hg {

MethodChoice parse_method_choice(std::string_view text) {
  static constexpr std::pair<std::string_view, MethodChoice> kChoices[] = {{"auto", MethodChoice::automatic},
                                                                          {"fw", MethodChoice::fw},
                                                                          {"sssp", MethodChoice::sssp},
                                                                          {"phast", MethodChoice::phast},
                                                                          {"buckets", MethodChoice::buckets}};
  return parse_choice(text, "--method", kChoices);
}

std::string_view method_name(Method method) {
  switch (method) {
    case Method::fw: return "fw";
    case Method::sssp: return "sssp";
    case Method::phast: return "phast";
    case Method::buckets: return "buckets";
    case Method::label_correcting: return "label-correcting";
  }
  return "unknown";
}

Solver::Solver(const SolverRequest& request, SolverHooks hooks) : request_(request), hooks_(std::move(hooks)) {}

void Solver::prepare() {
  if (prepared_) return;
  do_prepare();
  prepared_ = true;
}

void Solver::solve_rows(RowRange rows, std::uint32_t* times, NodeId* hops) {
  prepare();
  if (!request_.hops) hops = nullptr;
  const std::uint32_t slice = hooks_.rows_done ? slice_rows() : 0;
  const std::size_t cols = request_.destinations.size();
  const std::uint32_t step = slice == 0 ? std::max<std::uint32_t>(rows.count, 1) : slice;
  for (std::uint32_t done = 0; done < rows.count; done += step) {
    const std::uint32_t count = std::min(step, rows.count - done);
    const std::size_t offset = std::size_t{done} * cols;
    do_solve_rows({rows.first + done, count}, times + offset, hops ? hops + offset : nullptr);
    if (hooks_.rows_done) hooks_.rows_done(count);
  }
}

void Solver::cover_rows(RowRange rows, Time threshold, std::uint64_t* bits) {
  prepare();
  do_cover_rows(rows, threshold, bits);
}

void Solver::do_cover_rows(RowRange rows, Time threshold, std::uint64_t* bits) {
  // One buffer for every block: a block of 64 rows over 10^6 destinations
  // is 256 MB, too much to allocate and fault in again for each block.
  const auto cols = static_cast<std::uint32_t>(request_.destinations.size());
  const std::uint64_t cells = std::uint64_t{rows.count} * cols;
  if (cover_times_.size() < cells) cover_times_.resize(cells);
  solve_rows(rows, cover_times_.data(), nullptr);
  threshold_rows(cover_times_.data(), rows.count, cols, threshold, bits);
}

NearestOrigins Solver::nearest_origins() {
  return nearest_origins(RowRange{0, static_cast<std::uint32_t>(request_.origins.size())});
}

NearestOrigins Solver::nearest_origins(RowRange rows) {
  prepare();
  return do_nearest_origins(rows);
}

NearestOrigins Solver::do_nearest_origins(RowRange all) {
  // Rows in blocks of about 64 MiB, each folded into the running nearest
  // origins: the reduction's result does not depend on the block size.
  const std::size_t cols = std::max<std::size_t>(request_.destinations.size(), 1);
  const std::uint32_t rows = all.count;
  const std::uint32_t block_rows =
      static_cast<std::uint32_t>(std::clamp<std::size_t>((std::size_t{64} << 20) / (4 * cols), 1, rows ? rows : 1));
  NearestOrigins nearest = no_nearest_origins(request_.destinations.size());
  std::vector<std::uint32_t> times(std::size_t{block_rows} * request_.destinations.size());
  LocalRowBlocks blocks(rows, block_rows);
  progress("nearest origins", 0, rows);
  while (auto range = blocks.next()) {
    stop_point();
    range->first += all.first;
    do_solve_rows(*range, times.data(), nullptr);
    progress("nearest origins", range->first - all.first + range->count, rows);
    merge_nearest_origins(nearest, origins_of(*range), std::span(times.data(), std::size_t{range->count} * cols),
                          request_.cap);
  }
  return nearest;
}

void Solver::note(const std::string& line) const {
  if (hooks_.note)
    hooks_.note(line);
  else
    hg::note(line);
}

void Solver::progress(std::string_view step, std::uint64_t done, std::uint64_t total) {
  if (hooks_.progress) {
    hooks_.progress(step, done, total);
    return;
  }
  if (done == 0 || !step_progress_) {
    step_progress_ = std::make_unique<Progress>(std::string(step), total);
    step_done_ = 0;
  }
  if (done > step_done_) step_progress_->advance(done - step_done_);
  step_done_ = done;
  if (done >= total) step_progress_.reset();
}

void Solver::stop_point() const {
  if (!hooks_.stop_requested) return;
  if (const int signal = hooks_.stop_requested(); signal != 0)
    throw Interrupted(signal, fmt::format("stopped by {}", signal == SIGINT    ? "SIGINT"
                                                           : signal == SIGTERM ? "SIGTERM"
                                                                               : "a signal"));
}

LocalRowBlocks::LocalRowBlocks(std::uint32_t rows, std::uint32_t block_rows, std::function<bool(std::uint32_t)> skip)
    : rows_(rows), block_rows_(std::max<std::uint32_t>(block_rows, 1)), skip_(std::move(skip)) {}

std::optional<RowRange> LocalRowBlocks::next() {
  const std::uint32_t blocks = (rows_ + block_rows_ - 1) / block_rows_;
  while (next_block_ < blocks && skip_ && skip_(next_block_)) ++next_block_;
  if (next_block_ >= blocks) return std::nullopt;
  const std::uint32_t first = next_block_++ * block_rows_;
  return RowRange{first, std::min(block_rows_, rows_ - first)};
}

}  // namespace hg
