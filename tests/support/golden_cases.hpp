#pragma once
// The golden cases (tests/data/golden/): snapshots whose all-pairs answers
// were computed by an independent implementation. The solver tests that
// reproduce them take the list and the reading from here.

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "host/model/compile.hpp"
#include "io/result.hpp"
#include "io/snapshot.hpp"
#include "tests/support/test_support.hpp"

namespace hg::test {

struct GoldenCase {
  const char* name;      // the case in test names: small_fixed, medium_vlen
  const char* snapshot;  // under tests/data/
  const char* answers;   // its all-pairs times, uncapped, as a result file
};

inline constexpr GoldenCase kGoldenCases[] = {
    {"small_fixed", "golden/small-fixed.h5", "golden/small-fixed.expected.h5"},
    {"medium_vlen", "golden/medium-vlen.h5", "golden/medium-vlen.expected.h5"},
};

// gtest prints a parameter with this, and names the instances by it:
// INSTANTIATE_TEST_SUITE_P(Golden, Suite, ::testing::ValuesIn(test::kGoldenCases), test::golden_case_name).
inline void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }
inline std::string golden_case_name(const ::testing::TestParamInfo<GoldenCase>& info) { return info.param.name; }

struct Golden {
  Network network;
  Problem problem;
  std::vector<std::uint32_t> expected;  // n x n, row-major, 32-bit stored times
};

// Reads a case: the snapshot, compiled, and its answers, which must cover
// every node as origin and as destination in the snapshot's order.
inline Golden read_golden(const GoldenCase& c) {
  Golden g{io::read_snapshot(data_file(c.snapshot)), {}, {}};
  g.problem = compile(g.network, c.snapshot);
  const io::ResultReader answers(data_file(c.answers));
  const NodeId n = g.problem.node_count;
  EXPECT_EQ(answers.meta().rows, n) << c.answers;
  EXPECT_EQ(answers.meta().cols, n) << c.answers;
  for (NodeId i = 0; i < answers.meta().rows && i < n; ++i)
    if (answers.origins()[i] != g.network.nodes.code[i] || answers.destinations()[i] != g.network.nodes.code[i]) {
      ADD_FAILURE() << c.answers << ": node " << i << " is " << answers.origins()[i] << " / "
                    << answers.destinations()[i] << ", the snapshot's is " << g.network.nodes.code[i];
      break;
    }
  g.expected.resize(std::size_t{answers.meta().rows} * answers.meta().cols);
  answers.read_rows(0, answers.meta().rows, g.expected.data(), nullptr);
  return g;
}

}  // namespace hg::test
