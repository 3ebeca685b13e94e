#pragma once
// `hourglass info FILE`: a summary of a snapshot file (every snapshot in it)
// or of a result file, on stdout; --json for scripts.

#include <string>

namespace hg {

void run_info(const std::string& file, const std::string& json_file);

}  // namespace hg
