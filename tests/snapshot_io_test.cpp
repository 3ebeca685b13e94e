#include <gtest/gtest.h>

#include "io/snapshot.hpp"
#include "tests/test_support.hpp"

namespace hg {
TEST(SnapshotIo, ReadsGoldenSmall) {
  const Network net = io::read_snapshot(test::data_file("golden/small-fixed.h5"));
  EXPECT_EQ(net.nodes.size(), 200u);
  EXPECT_EQ(net.edges.size(), 600u);
}
}  // namespace hg
