#include "host/jobs/shared_row_blocks.hpp"

#include <algorithm>

namespace hg {

namespace {
// stop() moves the counter this far: every later claim is past the end.
constexpr std::uint64_t kStopped = std::uint64_t{1} << 40;
}  // namespace

SharedRowBlocks::SharedRowBlocks(std::uint32_t rows, std::uint32_t block_rows, std::vector<std::uint32_t> blocks)
    : rows_(rows), block_rows_(std::max<std::uint32_t>(block_rows, 1)), blocks_(std::move(blocks)) {}

namespace {
std::vector<std::uint32_t> every_block(std::uint32_t rows, std::uint32_t block_rows) {
  std::vector<std::uint32_t> blocks((rows + block_rows - 1) / std::max<std::uint32_t>(block_rows, 1));
  for (std::uint32_t b = 0; b < blocks.size(); ++b) blocks[b] = b;
  return blocks;
}
}  // namespace

SharedRowBlocks::SharedRowBlocks(std::uint32_t rows, std::uint32_t block_rows)
    : SharedRowBlocks(rows, block_rows, every_block(rows, block_rows)) {}

std::uint32_t rows_per_shared_block(std::uint32_t rows, std::uint32_t blocks_per_rank, std::uint32_t most) {
  if (!cluster::distributed()) return std::max<std::uint32_t>(most, 1);
  const std::uint64_t parts = static_cast<std::uint64_t>(cluster::size()) * blocks_per_rank;
  return static_cast<std::uint32_t>(
      std::clamp<std::uint64_t>((std::uint64_t{rows} + parts - 1) / parts, 1, std::max<std::uint32_t>(most, 1)));
}

std::optional<RowRange> SharedRowBlocks::next() {
  if (stopped_) return std::nullopt;
  const std::uint64_t position = counter_.fetch_add(1);
  if (position >= blocks_.size()) return std::nullopt;
  last_position_ = position;
  const std::uint32_t first = blocks_[position] * block_rows_;
  return RowRange{first, std::min(block_rows_, rows_ - first)};
}

void SharedRowBlocks::stop() {
  if (stopped_) return;
  stopped_ = true;
  counter_.fetch_add(kStopped);
}

}  // namespace hg
