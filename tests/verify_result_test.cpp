// `hourglass verify RESULT.h5` (docs/cli.md#verify): a real result passes;
// one tampered entry, value or next hop fails it naming the pair; a missing
// or different snapshot is a clear error.

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <hdf5.h>

#include <filesystem>
#include <string>

#include "io/result.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;
using test::run_hourglass;
constexpr auto has = test::contains;

const std::string kSmall = test::data_file("golden/small-fixed.h5");


// Overwrites /data/DATASET[row, col] of a result in place (through its filters).
void tamper(const std::string& file, const char* dataset, hsize_t row, hsize_t col, std::uint32_t value) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
  const hid_t space = H5Dget_space(d);
  const hsize_t start[2] = {row, col}, count[2] = {1, 1};
  H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr);
  const hid_t memory = H5Screate_simple(2, count, nullptr);
  EXPECT_GE(H5Dwrite(d, H5T_NATIVE_UINT32, memory, space, H5P_DEFAULT, &value), 0);
  H5Sclose(memory);
  H5Sclose(space);
  H5Dclose(d);
  H5Fclose(f);
}

struct Solved {
  fs::path dir = test::temp_dir();
  std::string snapshot = (dir / "ex.h5").string();
  std::string result = (dir / "r.h5").string();
  std::vector<std::uint32_t> times;
  explicit Solved(std::vector<std::string> extra = {}) {
    fs::copy_file(kSmall, snapshot);
    std::vector<std::string> args = {"solve", snapshot, "--paths", "-o", result};
    args.insert(args.end(), extra.begin(), extra.end());
    EXPECT_EQ(run_hourglass(args).status, 0);
    const io::ResultReader r(result);
    times.resize(std::size_t{r.meta().rows} * r.meta().cols);
    r.read_rows(0, r.meta().rows, times.data(), nullptr);
  }
};

TEST(VerifyResult, ARealResultPassesEveryCheck) {
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, std::vector<std::string>{"--max-hours", "48", "--dtype", "int64"},
        std::vector<std::string>{"--method", "sssp", "--dtype", "float64"}}) {
    const Solved s(extra);
    const auto r = run_hourglass({"verify", s.result, "--sample", "1000"});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_TRUE(has(r.out, "SHA-256 matches")) << r.out;
    EXPECT_TRUE(has(r.out, "0 problems in the stored form")) << r.out;
    EXPECT_TRUE(has(r.out, "200 sampled rows")) << r.out;
    EXPECT_TRUE(has(r.out, "0 mismatches, 200/200 certificates hold")) << r.out;
  }
}

TEST(VerifyResult, OneTamperedEntryFailsNamingThePair) {
  const Solved s;
  // Row 7 (N0000007), a reachable column: one minute less than the truth.
  std::uint32_t col = 0;  // the first column with a positive time (row 7 has them)
  while (s.times[7 * 200 + col] == kUnreachable32 || s.times[7 * 200 + col] == 0) ++col;
  const std::uint32_t truth = s.times[7 * 200 + col];
  tamper(s.result, "/data/transit_time", 7, col, truth - 1);
  char to[16];
  std::snprintf(to, sizeof to, "N%07u", col);
  const auto r = run_hourglass({"verify", s.result, "--sample", "1000"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, fmt::format("mismatch: N0000007 -> {}: stored {}, expected {}", to, truth - 1, truth)))
      << r.out;
  EXPECT_TRUE(has(r.out, "FAILED")) << r.out;
}

TEST(VerifyResult, AValueBeyondTheCapPlusOneAndABadNextHopFail) {
  const Solved capped({"--max-hours", "48"});
  tamper(capped.result, "/data/transit_time", 3, 5, 48 * 60 + 9);
  const auto form = run_hourglass({"verify", capped.result, "--sample", "2"});
  EXPECT_EQ(form.status, 1) << form.out;
  EXPECT_TRUE(has(form.out, "form: N0000003 -> N0000005: stored 2889, above the largest possible value 2881"))
      << form.out;

  const Solved hops;
  std::uint32_t col = 0;
  while (hops.times[7 * 200 + col] == kUnreachable32 || hops.times[7 * 200 + col] == 0) ++col;
  tamper(hops.result, "/data/next_hop", 7, col, 7);  // the origin itself is never its own first hop
  const auto r = run_hourglass({"verify", hops.result, "--sample", "1000"});
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(has(r.out, "next hop: N0000007 -> ")) << r.out;
}

TEST(VerifyResult, AMissingOrDifferentSnapshotIsAClearError) {
  const Solved s;
  fs::rename(s.snapshot, s.dir / "moved.h5");
  const auto missing = run_hourglass({"verify", s.result});
  EXPECT_EQ(missing.status, 2) << missing.err;
  EXPECT_TRUE(has(missing.err, "error [missing-file]") && has(missing.err, "--snapshot-file")) << missing.err;
  EXPECT_EQ(run_hourglass({"verify", s.result, "--snapshot-file", (s.dir / "moved.h5").string()}).status, 0);
  const auto other = run_hourglass({"verify", s.result, "--snapshot-file", test::data_file("golden/medium-vlen.h5")});
  EXPECT_EQ(other.status, 2) << other.err;
  EXPECT_TRUE(has(other.err, "is not the snapshot")) << other.err;
  const auto misuse = run_hourglass({"verify", kSmall, "--snapshot-file", kSmall});
  EXPECT_EQ(misuse.status, 2) << misuse.err;
}

}  // namespace
}  // namespace hg
