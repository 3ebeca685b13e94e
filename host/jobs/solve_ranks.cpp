#include "host/jobs/solve_ranks.hpp"

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <optional>
#include <sstream>
#include <vector>

#include "host/core/cluster.hpp"
#include "host/jobs/shared_row_blocks.hpp"

namespace hg {

namespace {

// The blocks one rank holds between two collective writes.
struct HeldBlocks {
  std::vector<io::ResultWriter::Rows> rows;
  std::vector<std::uint32_t> index;
  std::vector<std::string> checksum;
  std::vector<std::uint32_t> times;  // the blocks' rows one after another
  std::vector<NodeId> hops;

  void clear() {
    rows.clear();
    index.clear();
    checksum.clear();
    times.clear();
    hops.clear();
  }
  // "block checksum" lines: what rank 0 records after the write.
  std::string record_lines() const {
    std::string lines;
    for (std::size_t i = 0; i < index.size(); ++i) lines += fmt::format("{} {}\n", index[i], checksum[i]);
    return lines;
  }
};

}  // namespace

RankSolveOutcome solve_blocks_across_ranks(RankSolve& job, Progress& progress) {
  using clock = std::chrono::steady_clock;
  RankSolveOutcome outcome;
  std::vector<std::uint32_t> todo;
  for (std::uint32_t b = 0; b < job.blocks; ++b)
    if (job.record.done.count(b) == 0) todo.push_back(b);
  SharedRowBlocks queue(job.rows, job.block_rows, std::move(todo));  // collective

  const std::uint64_t per_write = std::uint64_t{kBlocksPerWrite} * static_cast<std::uint64_t>(cluster::size());
  std::uint64_t write_end = per_write;  // queue positions below it are this write's
  std::optional<RowRange> waiting;      // taken, not computed yet (it belongs to a later write)
  std::uint64_t waiting_position = 0;
  bool exhausted = job.leader_only && !cluster::leader();
  HeldBlocks held;
  std::exception_ptr failure;
  int signal = 0;
  RowStats stats;

  for (;;) {
    // 1. Compute blocks until this write's are all taken, this rank holds
    //    its most, or the queue is empty.
    while (!failure && signal == 0 && !exhausted && held.index.size() < kHeldBlocks) {
      if (!waiting) {
        waiting = queue.next();
        if (!waiting) {
          exhausted = true;
          break;
        }
        waiting_position = queue.last_position();
      }
      if (waiting_position >= write_end) break;
      if ((signal = job.interrupts.signal()) != 0) break;
      const std::size_t offset = held.times.size();
      const std::size_t cells = std::size_t{waiting->count} * job.cols;
      try {
        held.times.resize(offset + cells);
        if (job.paths) held.hops.resize(offset + cells);
        const auto start = clock::now();
        job.solver.solve_rows(*waiting, held.times.data() + offset, job.paths ? held.hops.data() + offset : nullptr);
        outcome.compute_seconds += std::chrono::duration<double>(clock::now() - start).count();
      } catch (const Interrupted& e) {  // stopped inside the block: abandoned
        signal = e.signal();
        held.times.resize(offset);
        held.hops.resize(job.paths ? offset : 0);
        break;
      } catch (...) {
        failure = std::current_exception();
        break;
      }
      const std::span<const std::uint32_t> block_times(held.times.data() + offset, cells);
      stats.add(block_times, job.cap);
      held.checksum.push_back(block_checksum(
          block_times, job.paths ? std::span<const NodeId>(held.hops.data() + offset, cells) : std::span<const NodeId>()));
      held.rows.push_back({waiting->first, waiting->count});
      held.index.push_back(queue.block_of(*waiting));
      waiting.reset();
    }
    if (signal == 0) signal = job.interrupts.signal();
    if (signal != 0 || failure) queue.stop();

    // 2. Agree: a failure anywhere ends every rank now; a signal anywhere
    //    stops every rank after this write.
    cluster::all_succeeded([&] {
      if (failure) std::rethrow_exception(failure);
    });
    std::uint64_t flags[2] = {static_cast<std::uint64_t>(signal), exhausted && !waiting ? 0u : 1u};
    cluster::all_max(flags);

    // 3. Every rank writes what it holds, then rank 0 records all of it.
    cluster::all_succeeded([&] {
      job.writer.write_row_blocks(held.rows, held.times.data(), job.paths ? held.hops.data() : nullptr);
      job.writer.flush();
    });
    std::uint64_t rows_written = 0;
    for (const std::string& lines : cluster::all_gather(held.record_lines())) {
      std::istringstream in(lines);
      std::uint32_t block = 0;
      std::string checksum;
      while (in >> block >> checksum) {
        job.record.done[block] = checksum;
        rows_written += std::min(job.block_rows, job.rows - block * job.block_rows);
      }
    }
    cluster::all_succeeded([&] {
      if (cluster::leader() && rows_written > 0) write_progress(job.record_path, job.record);
    });
    progress.advance(rows_written);
    held.clear();
    write_end += per_write;
    if (flags[0] != 0) {
      outcome.signal = static_cast<int>(flags[0]);
      break;
    }
    if (flags[1] == 0) break;
  }

  std::uint64_t sums[2] = {stats.unreachable, stats.beyond_cap};
  cluster::all_sum(sums);
  outcome.stats.unreachable = sums[0];
  outcome.stats.beyond_cap = sums[1];
  outcome.stats.max_exact = static_cast<std::uint32_t>(cluster::all_max(std::uint64_t{stats.max_exact}));
  return outcome;
}

}  // namespace hg
