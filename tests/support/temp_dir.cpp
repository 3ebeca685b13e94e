#include "tests/support/temp_dir.hpp"

#include <stdlib.h>

#include <stdexcept>
#include <string>

namespace hg::test {

namespace fs = std::filesystem;

namespace {
struct TempRoot {
  fs::path root;
  TempRoot() {
    std::string pattern = (fs::temp_directory_path() / "hourglass-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed in " + fs::temp_directory_path().string());
    root = pattern;
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};
}  // namespace

const fs::path& process_temp_dir() {
  static const TempRoot dir;
  return dir.root;
}

}  // namespace hg::test
