#include "host/jobs/export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "io/csv_writer.hpp"
#include "io/output_file.hpp"
#include "io/result.hpp"

namespace hg {

void export_result_csv(const std::string& result_file, const std::string& csv_file) {
  io::check_files({{result_file, "file"}}, {{csv_file, "--csv"}});
  const io::ResultReader result(result_file);
  const io::ResultMeta& m = result.meta();
  io::PartialFile out(csv_file);
  io::CsvWriter csv(out);
  // status: exact, beyond_cap (the time exceeds the cap; cap + 1 is a marker,
  // not a time) or unreachable; time is empty unless exact.
  for (const char* column : {"origin", "destination", "time", "status"}) csv.text(column);
  csv.end_row();
  Progress progress("export", m.rows, "rows");
  result.for_each_row_block(std::uint64_t{1} << 24, [&](std::uint32_t r0, std::uint32_t count, const std::uint32_t* times) {
    for (std::uint32_t r = 0; r < count; ++r) {
      for (std::uint32_t j = 0; j < m.cols; ++j) {
        const std::uint32_t t = times[std::size_t{r} * m.cols + j];
        csv.text(result.origins()[r0 + r]);
        csv.text(result.destinations()[j]);
        if (t == kUnreachable32) {
          csv.text("");
          csv.text("unreachable");
        } else if (m.cap != 0 && t > m.cap) {
          csv.text("");
          csv.text("beyond_cap");
        } else {
          csv.number(std::uint64_t{t});
          csv.text("exact");
        }
        csv.end_row();
      }
      progress.advance();
    }
  });
  csv.close();
  out.commit();
  progress.finish();
}

}  // namespace hg
