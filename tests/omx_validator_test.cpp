// Results every OMX tool accepts (docs/results.md#element-types): the
// reference library's validator (openmatrix.validator.run_checks, from PyPI
// in build/omx-venv, made by scripts/omx-venv.sh) on a result of each
// element type, and Hourglass's own readers on every type it writes.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/result.hpp"
#include "tests/support/omx_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

namespace fs = std::filesystem;
using test::omx_python;
using test::parse_checks;
using test::run_hourglass;
using test::run_python;

const std::string kSmall = test::data_file("golden/small-fixed.h5");
const std::vector<std::string> kDtypes = {"uint16", "uint32", "int32", "int64", "float32", "float64"};

std::string solve_as(const std::string& dtype, bool paths) {
  const std::string out = (test::temp_dir() / (dtype + ".h5")).string();
  // 48 h in minutes: a cap the 16-bit rule admits, so uint16 is possible too.
  std::vector<std::string> args = {"solve", kSmall, "--dtype", dtype, "--max-hours", "48", "-o", out};
  if (paths) args.push_back("--paths");
  const auto r = run_hourglass(args);
  EXPECT_EQ(r.status, 0) << dtype << ": " << r.err;
  return out;
}

TEST(OmxValidator, Int64AndFloat64PassEveryRequiredCheckTheCompactFormsOnlyCheckFive) {
  std::string why_not;
  const std::string python = omx_python(why_not);
  if (python.empty() && !why_not.empty()) GTEST_SKIP() << why_not;
  ASSERT_FALSE(python.empty()) << "build/omx-venv is missing: run scripts/omx-venv.sh (the README's test command does)";
  for (const std::string& dtype : kDtypes) {
    SCOPED_TRACE(dtype);
    const std::string file = solve_as(dtype, /*paths=*/true);
    const std::string printed =
        run_python(python, "from openmatrix.validator import run_checks; run_checks('" + file + "')");
    const auto checks = parse_checks(printed);
    ASSERT_EQ(checks.count("overall"), 1u) << printed;
    for (const char* required : {"1", "2", "3", "4", "6"}) EXPECT_EQ(checks.at(required), "Pass") << required << printed;
    EXPECT_EQ(checks.at("8"), "Pass") << "every matrix has NA:\n" << printed;
    const bool common = dtype == "int64" || dtype == "float64";
    EXPECT_EQ(checks.at("5"), common ? "Pass" : "Fail") << printed;
    EXPECT_EQ(checks.at("overall"), common ? "Pass" : "Fail") << printed;
  }
}

TEST(OmxValidator, TheLibraryReadsNaWhereThereIsNoPath) {
  std::string why_not;
  const std::string python = omx_python(why_not);
  if (python.empty() && !why_not.empty()) GTEST_SKIP() << why_not;
  ASSERT_FALSE(python.empty()) << "build/omx-venv is missing: run scripts/omx-venv.sh";
  const std::string file = solve_as("float64", false);
  const io::ResultReader reader(file);
  std::vector<std::uint32_t> times(std::size_t{reader.meta().rows} * reader.meta().cols);
  reader.read_rows(0, reader.meta().rows, times.data(), nullptr);
  std::size_t none = 0;
  for (std::uint32_t t : times) none += t == kUnreachable32;
  ASSERT_GT(none, 0u);
  const std::string printed = run_python(
      python, "import openmatrix as omx, numpy as np; f = omx.open_file('" + file +
                  "'); m = f['transit_time']; print(int(np.isnan(m[:]).sum()), np.isnan(m.attrs.NA)); f.close()");
  EXPECT_EQ(printed, std::to_string(none) + " True\n");
}

TEST(ResultDtypes, EveryTypeReadsBackToTheSameStoredTimesAndRoutes) {
  const io::ResultReader reference(solve_as("uint32", true));
  const std::size_t cells = std::size_t{reference.meta().rows} * reference.meta().cols;
  std::vector<std::uint32_t> want(cells), got(cells);
  std::vector<NodeId> want_hops(cells), got_hops(cells);
  reference.read_rows(0, reference.meta().rows, want.data(), want_hops.data());
  for (const std::string& dtype : kDtypes) {
    SCOPED_TRACE(dtype);
    const std::string file = solve_as(dtype, true);
    const io::ResultReader reader(file);
    EXPECT_EQ(io::dtype_name(reader.meta().dtype), dtype);
    reader.read_rows(0, reader.meta().rows, got.data(), got_hops.data());
    EXPECT_TRUE(got == want) << "times differ";
    EXPECT_TRUE(got_hops == want_hops) << "next hops differ";
    // Hourglass's own commands on it.
    EXPECT_EQ(run_hourglass({"info", file}).status, 0);
    const auto path = run_hourglass({"path", file, "--from", "N0000001", "--to", "N0000003"});
    EXPECT_EQ(path.status, 0) << path.err;
    const auto exported = run_hourglass({"export", file, "--csv", "-"});
    EXPECT_EQ(exported.status, 0) << exported.err;
    EXPECT_NE(exported.out.find(",beyond_cap\n"), std::string::npos);
  }
}

TEST(ResultDtypes, Float32IsRefusedWhereTimesPassTwoToTheTwentyFour) {
  const std::string out = (test::temp_dir() / "f.h5").string();
  // 300,000 h in minutes is 18,000,000 > 2^24.
  const auto r = run_hourglass({"solve", kSmall, "--dtype", "float32", "--max-hours", "300000", "-o", out});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("holds times exactly up to 16777216"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(run_hourglass({"solve", kSmall, "--dtype", "uint16", "--width", "32", "-o", out}).status, 2);
  EXPECT_EQ(run_hourglass({"solve", kSmall, "--dtype", "int128", "-o", out}).status, 2);
}

TEST(ResultDtypes, PathJsonSaysWhyAnEntryHasNoRoute) {
  const fs::path dir = test::temp_dir();
  const std::string file = solve_as("int64", true), json = (dir / "p.json").string();
  const std::string export_csv = run_hourglass({"export", file, "--csv", "-"}).out;
  // The first entry beyond the cap, from the export's status column.
  const std::size_t at = export_csv.find(",beyond_cap\n");
  ASSERT_NE(at, std::string::npos);
  const std::size_t line = export_csv.rfind('\n', at) + 1;
  const std::string row = export_csv.substr(line, at - line);  // "FROM,TO,"
  const std::string from = row.substr(0, row.find(',')), to = row.substr(row.find(',') + 1, row.rfind(',') - row.find(',') - 1);
  ASSERT_EQ(run_hourglass({"path", file, "--from", from, "--to", to, "--json", json}).status, 0);
  const nlohmann::json j = nlohmann::json::parse(test::read_file(json));
  EXPECT_EQ(j.at("status"), "beyond_cap");
  EXPECT_TRUE(j.at("time").is_null());
  EXPECT_NE(j.at("why").get<std::string>().find("beyond the cap"), std::string::npos);
}

}  // namespace
}  // namespace hg
