#pragma once
// What an interrupted `solve` leaves beside RESULT.h5.partial so that
// `solve --resume` can continue it: RESULT.h5.progress, a small JSON record
// rewritten (to .partial, then renamed) after every row block that reached
// the file and was flushed.
//
//   {"format": "hourglass-solve-progress", "version": 1,
//    "request": SHA-256 of everything the matrix depends on,
//    "block_rows": R, "blocks": B,
//    "done": {"0": SHA-256 of block 0's stored rows, ...}}
//
// A block counts as done on resume only when its rows read back from the
// .partial file with the recorded checksum: a SIGKILL can land between a
// block's write and its record, or in the middle of an HDF5 write.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "host/core/time.hpp"

namespace hg {

struct SolveProgress {
  std::string request;
  std::uint32_t block_rows = 0;
  std::uint32_t blocks = 0;
  std::map<std::uint32_t, std::string> done;  // block -> checksum of its stored rows
};

std::string progress_path(const std::string& output);  // OUTPUT.progress

void write_progress(const std::string& path, const SolveProgress& progress);

// nullopt when the file is missing or is not a progress record of this
// version (there is nothing to resume then).
std::optional<SolveProgress> read_progress(const std::string& path);

// The checksum of a block's stored rows: 32-bit times (unreachable as all
// ones, whatever the stored width) and next hops when present.
std::string block_checksum(std::span<const std::uint32_t> times, std::span<const NodeId> hops);

// Everything the matrix depends on: the snapshot's bytes and name, the
// origins and destinations in order, the cap, the computed width, the
// stored element type and whether next hops are stored.
std::string request_fingerprint(const std::string& snapshot_sha256, const std::string& snapshot_name,
                                std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                                int width, std::string_view dtype, bool paths);

}  // namespace hg
