#pragma once
// A contraction hierarchy stored for reuse (`--hierarchy FILE` of solve,
// coverage and verify): building one takes seconds to minutes, sweeping it
// milliseconds, so jobs on the same network build it once.
//
// The file (HDF5) records the fingerprint of the compiled problem it was
// built from: SHA-256 of the node count and the forward graph's offsets,
// targets and folded weights, which is everything the hierarchy depends on.
// A file built for another network (or another version of the same
// snapshot) is refused (hierarchy-mismatch); a damaged one is corrupt-file,
// found by its own content checksum and the hierarchy's invariants (ranks a
// permutation, every arc climbing in rank and level).
//
//   /                   attrs format = "hourglass-hierarchy", version = 1,
//                       problem_sha256, content_sha256, node_count,
//                       shortcuts, build_seconds
//   /rank, /level       uint32[N]
//   /upward/offsets     uint32[N + 1]; /upward/target, /upward/weight uint32[A_up]
//   /downward/...       the same for the downward arcs

#include <string>

#include "host/solvers/phast/contraction.hpp"

namespace hg {

std::string problem_fingerprint(const Problem& problem);

void write_hierarchy(const std::string& path, const ContractionHierarchy& ch, const std::string& fingerprint);

// InputError: hierarchy-mismatch when built for another problem; corrupt-file,
// not-hdf5, unknown-format and the column readers' kinds when damaged.
ContractionHierarchy read_hierarchy(const std::string& path, const Problem& problem);

// The hierarchy of `problem`: read from `path` when that file exists, else
// built (with `threads`) and, when `path` is not empty, written there.
// `loaded` says which happened.
ContractionHierarchy load_or_contract(const Problem& problem, const std::string& path, int threads,
                                      bool* loaded = nullptr);

// One line for the log: size, levels, and built (how long, where stored) or loaded.
std::string hierarchy_note(const ContractionHierarchy& ch, const std::string& path, bool loaded);

}  // namespace hg
