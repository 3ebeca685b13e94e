#pragma once
// `hourglass export RESULT.h5 --csv OUT.csv`: the matrix in long format,
// one `origin,destination,time` line per pair; the time is empty where no
// path exists and cap + 1 beyond a cap (as stored).

#include <string>

namespace hg {

void export_result_csv(const std::string& result_file, const std::string& csv_file);

}  // namespace hg
