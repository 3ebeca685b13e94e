// Stored hierarchies (`--hierarchy FILE`): written and read back equal and
// still exact; built once, then reused; refused when built for another
// network, damaged, or not a hierarchy at all.

#include <gtest/gtest.h>

#include <filesystem>

#include "host/model/compile.hpp"
#include "host/solvers/phast/hierarchy_file.hpp"
#include "host/solvers/phast/phast_cpu.hpp"
#include "io/h5.hpp"
#include "tests/support/hierarchy_helpers.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

Problem grid_problem(std::uint32_t side, std::uint64_t seed) { return compile(test::road_grid(side, seed), "grid"); }

TEST(HierarchyFile, RoundTripIsExactAndStillSolves) {
  const Problem p = grid_problem(30, 1);
  const ContractionHierarchy built = contract(p, {.threads = 2});
  const std::string path = (test::temp_dir() / "grid.ch.h5").string();
  write_hierarchy(path, built, problem_fingerprint(p));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  const ContractionHierarchy read = read_hierarchy(path, p);
  test::expect_same_hierarchy(built, read);

  const std::vector<NodeId> nodes = test::all_nodes(p.node_count);
  EXPECT_EQ(test::phast_rows(p, build_sweep_graph(read, SweepDirection::forward), nodes, nodes, 0, 64),
            test::dijkstra_rows(p, nodes, nodes, 0));
}

TEST(HierarchyFile, BuiltOnceThenReused) {
  const Problem p = grid_problem(20, 2);
  const std::string path = (test::temp_dir() / "reuse.ch.h5").string();
  bool loaded = true;
  const ContractionHierarchy first = load_or_contract(p, path, 2, &loaded);
  EXPECT_FALSE(loaded);
  ASSERT_TRUE(std::filesystem::exists(path));
  const ContractionHierarchy second = load_or_contract(p, path, 2, &loaded);
  EXPECT_TRUE(loaded);
  test::expect_same_hierarchy(first, second);
  EXPECT_NE(hierarchy_note(second, path, true).find("read from"), std::string::npos);
  // No path: built, nothing written.
  load_or_contract(p, "", 2, &loaded);
  EXPECT_FALSE(loaded);
}

TEST(HierarchyFile, AnotherNetworkIsRefused) {
  const Problem a = grid_problem(12, 3);
  const std::string path = (test::temp_dir() / "a.ch.h5").string();
  write_hierarchy(path, contract(a), problem_fingerprint(a));
  // The same shape with other weights is another network too.
  const Problem b = grid_problem(12, 4);
  ASSERT_EQ(a.node_count, b.node_count);
  test::expect_input_error([&] { read_hierarchy(path, b); }, ErrorKind::hierarchy_mismatch, path);
  test::expect_input_error([&] { load_or_contract(b, path, 1); }, ErrorKind::hierarchy_mismatch, path);
}

TEST(HierarchyFile, DamagedFilesAreCorrupt) {
  const Problem p = grid_problem(12, 5);
  const ContractionHierarchy ch = contract(p);
  const std::string fingerprint = problem_fingerprint(p);
  const auto dir = test::temp_dir();

  // 1. One weight changed after writing: the content checksum no longer holds.
  const std::string changed = (dir / "changed.ch.h5").string();
  write_hierarchy(changed, ch, fingerprint);
  {
    const io::h5::Id file(H5Fopen(changed.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    ASSERT_TRUE(file.valid());
    const io::h5::Id weights(H5Dopen2(file, "/upward/weight", H5P_DEFAULT));
    std::vector<std::uint32_t> w(ch.upward.arcs.size());
    ASSERT_EQ(H5Dread(weights, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, w.data()), 0);
    w[w.size() / 2] += 1;
    ASSERT_EQ(H5Dwrite(weights, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, w.data()), 0);
  }
  test::expect_input_error([&] { read_hierarchy(changed, p); }, ErrorKind::corrupt_file, "content_sha256");

  // 2. Consistent checksum but an arc that does not climb (a forged file).
  ContractionHierarchy forged = ch;
  std::swap(forged.rank[forged.upward.arcs[0].target], forged.rank[0]);
  const std::string climbing = (dir / "forged.ch.h5").string();
  write_hierarchy(climbing, forged, fingerprint);
  test::expect_input_error([&] { read_hierarchy(climbing, p); }, ErrorKind::corrupt_file, "does not climb");

  // 3. Offsets for another node count.
  ContractionHierarchy short_offsets = ch;
  short_offsets.downward.offsets.pop_back();
  const std::string offsets = (dir / "offsets.ch.h5").string();
  write_hierarchy(offsets, short_offsets, fingerprint);
  test::expect_input_error([&] { read_hierarchy(offsets, p); }, ErrorKind::corrupt_file, "/downward/offsets");

  // 4. Not a hierarchy at all: a snapshot, and a text file.
  const std::string snapshot = test::data_file("golden/small-fixed.h5");
  test::expect_input_error([&] { read_hierarchy(snapshot, p); }, ErrorKind::unknown_format, snapshot);
  const std::string text = test::write_file(dir, "text.ch.h5", "not hdf5\n");
  test::expect_input_error([&] { read_hierarchy(text, p); }, ErrorKind::not_hdf5, text);
}

}  // namespace
}  // namespace hg
