// The worked examples in docs/ run, and the docs show them verbatim.

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/result.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

bool python_has_h5py() { return std::system("/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1") == 0; }

TEST(Docs, SnapshotFormatShowsTheExampleScriptVerbatim) {
  const std::string doc = test::read_file(std::string(HG_SOURCE_DIR) + "/docs/snapshot-format.md");
  const std::string script = test::read_file(std::string(HG_SOURCE_DIR) + "/docs/examples/three_node_snapshot.py");
  ASSERT_FALSE(script.empty());
  EXPECT_NE(doc.find(script), std::string::npos) << "docs/snapshot-format.md is out of date with the example script";
}

TEST(Docs, ThreeNodeH5pyExampleIsAValidSnapshotWithTheDocumentedTime) {
  if (!python_has_h5py()) GTEST_SKIP() << "/usr/bin/python3 with h5py is not installed";
  const auto dir = test::temp_dir();
  const std::string snapshot = (dir / "three.h5").string(), result = (dir / "r.h5").string();
  const std::string command = "/usr/bin/python3 " + std::string(HG_SOURCE_DIR) +
                              "/docs/examples/three_node_snapshot.py " + snapshot + " >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto r = test::run_hourglass({"solve", snapshot, "--origins", "WH-SH", "--destinations", "BER", "-o", result});
  ASSERT_EQ(r.status, 0) << r.err;
  std::uint32_t time = 0;
  io::ResultReader(result).read_rows(0, 1, &time, nullptr);
  EXPECT_EQ(time, 1530u);  // 780 + 240 + 180 + 330, as the doc says
}

}  // namespace
}  // namespace hg

#include "host/core/errors.hpp"

namespace hg {
namespace {

TEST(Docs, ErrorsTableListsEveryErrorKind) {
  const std::string doc = test::read_file(std::string(HG_SOURCE_DIR) + "/docs/errors.md");
  int kinds = 0;
  for (int i = 0;; ++i) {
    const std::string_view name = error_kind_name(static_cast<ErrorKind>(i));
    if (name == "unknown") break;
    ++kinds;
    EXPECT_NE(doc.find("| `" + std::string(name) + "` |"), std::string::npos) << name << " is not in docs/errors.md";
  }
  EXPECT_GT(kinds, 30);
}

}  // namespace
}  // namespace hg

namespace hg {
namespace {

// Every test the catalogue of bad inputs names exists.
TEST(Docs, EveryTestTheErrorCatalogueNamesExists) {
  const std::string doc = test::read_file(test::source_dir() + "/docs/errors.md");
  std::string sources;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() + "/tests"))
    if (entry.path().extension() == ".cpp") sources += test::read_file(entry.path().string());
  const std::string start = "## Catalogue of bad inputs";
  ASSERT_NE(doc.find(start), std::string::npos);
  std::size_t named = 0;
  for (std::size_t at = doc.find('`', doc.find(start)); at != std::string::npos; at = doc.find('`', at + 1)) {
    const std::size_t end = doc.find('`', at + 1);
    if (end == std::string::npos) break;
    const std::string name = doc.substr(at + 1, end - at - 1);
    at = end;
    const std::size_t dot = name.find('.');
    if (dot == std::string::npos || name.find_first_of(" -/") != std::string::npos || !std::isupper(name[0])) continue;
    const std::string test_macro = "TEST(" + name.substr(0, dot) + ", " + name.substr(dot + 1) + ")";
    EXPECT_NE(sources.find(test_macro), std::string::npos) << "docs/errors.md names " << name << ", which is no test";
    ++named;
  }
  EXPECT_GE(named, 60u);
}

}  // namespace
}  // namespace hg

