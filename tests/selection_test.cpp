// Selections: terms in order, removal, re-adding, files, kinds, countries,
// and the errors for unknown codes and empty results.

#include <gtest/gtest.h>

#include <fstream>

#include "host/core/errors.hpp"
#include "host/jobs/selection.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

class Selections : public ::testing::Test {
 protected:
  void SetUp() override {
    net_ = test::NetworkBuilder()
               .node("PVG", "CN", 0, 0, NodeKind::airport)
               .node("WH1", "CN", 0, 0, NodeKind::site)
               .node("FRA", "DE", 0, 0, NodeKind::airport)
               .node("BER", "DE", 0, 1, NodeKind::demand_zone)
               .node("WH2", "DE", 0, 0, NodeKind::site)
               .build();
    CodeIndex::build(net_.nodes.code, codes_);
  }
  std::vector<NodeId> select(const std::string& sel) { return select_nodes(net_, codes_, sel, "--origins"); }
  ErrorKind error_of(const std::string& sel) {
    try {
      select(sel);
    } catch (const InputError& e) {
      return e.kind();
    }
    ADD_FAILURE() << "no error for " << sel;
    return ErrorKind::usage;
  }

  Network net_;
  CodeIndex codes_;
};

TEST_F(Selections, AllIsSnapshotOrder) { EXPECT_EQ(select("all"), (std::vector<NodeId>{0, 1, 2, 3, 4})); }

TEST_F(Selections, CodesKeepTheOrderGiven) { EXPECT_EQ(select("BER, PVG ,WH2"), (std::vector<NodeId>{3, 0, 4})); }

TEST_F(Selections, RemovalAndKindsAndCountries) {
  EXPECT_EQ(select("all,-country:CN"), (std::vector<NodeId>{2, 3, 4}));
  EXPECT_EQ(select("kind:site"), (std::vector<NodeId>{1, 4}));
  EXPECT_EQ(select("kind:airport,kind:site,-country:DE"), (std::vector<NodeId>{0, 1}));
  EXPECT_EQ(select("PVG,PVG,FRA"), (std::vector<NodeId>{0, 2}));  // repeats count once
}

TEST_F(Selections, ANodeAddedAgainMovesToItsNewPlace) {
  EXPECT_EQ(select("all,-PVG,PVG"), (std::vector<NodeId>{1, 2, 3, 4, 0}));
}

TEST_F(Selections, FilesWithCommentsAndBlankLines) {
  const std::string file = (test::temp_dir() / "sites.txt").string();
  std::ofstream(file) << "# our warehouses\nWH2\r\n\n  WH1  \n";
  EXPECT_EQ(select("@" + file), (std::vector<NodeId>{4, 1}));
  EXPECT_EQ(select("all,-@" + file), (std::vector<NodeId>{0, 2, 3}));
}

TEST_F(Selections, Errors) {
  EXPECT_EQ(error_of("PVG,NOPE"), ErrorKind::unknown_code);
  EXPECT_EQ(error_of("country:FR"), ErrorKind::unknown_code);
  EXPECT_EQ(error_of("kind:seaport"), ErrorKind::unknown_code);
  EXPECT_EQ(error_of("kind:castle"), ErrorKind::usage);
  EXPECT_EQ(error_of("all,-all"), ErrorKind::empty_selection);
  EXPECT_EQ(error_of(""), ErrorKind::empty_selection);
  EXPECT_EQ(error_of("PVG,,FRA"), ErrorKind::usage);
  EXPECT_EQ(error_of("@/no/such/file"), ErrorKind::missing_file);
}

// A directory opens as a stream that reads nothing: it used to select
// nothing ("selects no node") instead of saying what is wrong.
TEST_F(Selections, ADirectoryIsNotASelectionFile) {
  const std::string dir = test::temp_dir().string();
  try {
    select("@" + dir);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::missing_file);
    EXPECT_NE(std::string(e.what()).find("'" + dir + "' is a directory"), std::string::npos) << e.what();
  }
}

TEST_F(Selections, UnknownCodeInAFileNamesFileAndLine) {
  const std::string file = (test::temp_dir() / "bad.txt").string();
  std::ofstream(file) << "WH1\nWH9\n";
  try {
    select("@" + file);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'WH9'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(file + ":2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hg
