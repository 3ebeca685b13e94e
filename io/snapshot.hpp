#pragma once
// Snapshot format v1 (docs/snapshot-format.md): reading with full validation,
// and writing. Reading either returns a whole, valid Network or throws an
// InputError naming file, dataset and index; nothing is half-loaded.

#include <span>
#include <string>
#include <vector>

#include "host/model/code_index.hpp"
#include "host/model/network.hpp"
#include "io/h5.hpp"

namespace hg::io {

inline constexpr const char* kSnapshotFormat = "hourglass-snapshot";
inline constexpr std::int64_t kSnapshotSchemaVersion = 1;

// The snapshot names in a file, after checking the root attributes.
std::vector<std::string> list_snapshots(const std::string& file);

// Reads and validates one snapshot. An empty name picks the only snapshot of
// the file; with several, an empty name is an error that lists them.
// With `index`, the node-code index built while validating is kept there;
// rebind it to the returned network's nodes.code once that has its place.
Network read_snapshot(const std::string& file, const std::string& name = "", CodeIndex* index = nullptr);

struct SnapshotWriteOptions {
  h5::ColumnOptions columns;
};

// Writes the snapshots to FILE.partial and renames it to FILE when complete.
// Each network is validated first; an invalid one writes nothing.
void write_snapshots(const std::string& file, std::span<const Network> networks,
                     const SnapshotWriteOptions& options = {});
inline void write_snapshot(const std::string& file, const Network& network,
                           const SnapshotWriteOptions& options = {}) {
  write_snapshots(file, std::span<const Network>(&network, 1), options);
}

}  // namespace hg::io
