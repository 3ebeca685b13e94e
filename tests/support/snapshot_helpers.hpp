#pragma once
// Snapshots that tests damage on purpose: a small valid one, written to a
// fresh folder, then edited in place through the HDF5 C API.

#include <gtest/gtest.h>

#include <string>

#include "io/h5.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg::test {

// Three nodes in two countries, two edges, one customs row.
inline Network three_nodes() {
  return NetworkBuilder("base")
      .node("PVG", "CN", 120, 0.0, NodeKind::airport)
      .node("FRA", "DE", 90, 0.0, NodeKind::airport)
      .node("BER", "DE", 0, 3.6e6, NodeKind::demand_zone)
      .edge("PVG", "FRA", 720, EdgeMode::air)
      .edge("FRA", "BER", 300, EdgeMode::road)
      .customs("CN", "DE", 240)
      .default_customs(600)
      .build();
}

inline std::string write_snapshot_file(const Network& net = three_nodes(), io::h5::ColumnOptions columns = {}) {
  const std::string path = (temp_dir() / "snap.h5").string();
  io::SnapshotWriteOptions options;
  options.columns = columns;
  io::write_snapshot(path, net, options);
  return path;
}

// Opens a snapshot for editing and applies `edit` to its file id.
template <class Edit>
void edit_file(const std::string& path, Edit&& edit) {
  io::h5::Id f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
  ASSERT_TRUE(f.valid());
  edit(f.get());
}

}  // namespace hg::test
