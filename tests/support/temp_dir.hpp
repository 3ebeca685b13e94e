#pragma once
// One private temporary folder per process, created on first use and removed
// with everything in it at exit: shared by the tests and the fuzz harnesses.

#include <filesystem>

namespace hg::test {

// $TMPDIR/hourglass-XXXXXX, the same folder for the whole process.
const std::filesystem::path& process_temp_dir();

}  // namespace hg::test
