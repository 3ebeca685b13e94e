#pragma once
// The queue of row blocks that every rank of a run takes from
// (docs/cluster.md#row-blocks): a counter in rank 0's memory that each rank
// advances by one-sided MPI, so a rank that finishes early takes the next
// block without any other rank taking part. Alone it hands out the blocks
// in order, as LocalRowBlocks does.

#include <cstdint>
#include <optional>
#include <vector>

#include "host/core/cluster.hpp"
#include "host/solvers/solver.hpp"

namespace hg {

// Rows a block when `rows` rows divide into about `blocks_per_rank` blocks a
// rank (at least one row, at most `most`); alone, `most`.
std::uint32_t rows_per_shared_block(std::uint32_t rows, std::uint32_t blocks_per_rank, std::uint32_t most);

class SharedRowBlocks final : public RowBlockQueue {
 public:
  // Collective. `blocks`: the block indices still to compute, in order, of
  // blocks of `block_rows` rows over `rows` rows (the same on every rank).
  SharedRowBlocks(std::uint32_t rows, std::uint32_t block_rows, std::vector<std::uint32_t> blocks);
  // Collective. Every block of `block_rows` rows over `rows` rows.
  SharedRowBlocks(std::uint32_t rows, std::uint32_t block_rows);

  // The next block no rank has taken, or nothing when all are taken or a
  // rank stopped the queue.
  std::optional<RowRange> next() override;
  // The block index of a range this queue handed out.
  std::uint32_t block_of(const RowRange& range) const { return range.first / block_rows_; }
  // The position in the order of blocks of the last range next() gave.
  std::uint64_t last_position() const { return last_position_; }
  // No rank takes another block (a signal, a failure); blocks already taken
  // are finished or abandoned by their ranks.
  void stop();

 private:
  std::uint32_t rows_, block_rows_;
  std::vector<std::uint32_t> blocks_;
  cluster::SharedCounter counter_;
  std::uint64_t last_position_ = 0;
  bool stopped_ = false;
};

}  // namespace hg
