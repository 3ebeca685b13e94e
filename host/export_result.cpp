#include "host/export_result.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "host/errors.hpp"
#include "io/csv_writer.hpp"
#include "io/output_file.hpp"
#include "io/result.hpp"

namespace hg {

void export_result_csv(const std::string& result_file, const std::string& csv_file) {
  io::check_output_path(csv_file);
  const io::ResultReader result(result_file);
  const io::ResultMeta& m = result.meta();
  io::PartialFile out(csv_file);
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(out.partial_path().c_str(), "wb"), &std::fclose);
  if (!file) throw RuntimeError(fmt::format("{}: cannot create", out.partial_path()));

  // Destination fields are the same on every row: quote them once.
  std::vector<std::string> destination_fields(m.cols);
  for (std::uint32_t j = 0; j < m.cols; ++j) io::append_csv_field(destination_fields[j], result.destinations()[j]);
  std::string text = "origin,destination,time\n";
  // Whole blocks of rows per read: each chunk is decompressed once.
  const std::uint32_t block = std::max<std::uint32_t>(1, (1u << 24) / std::max<std::uint32_t>(m.cols, 1));
  std::vector<std::uint32_t> times(std::size_t{std::min(block, std::max<std::uint32_t>(m.rows, 1))} * m.cols);
  const auto flush = [&] {
    if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size())
      throw RuntimeError(fmt::format("{}: write failed (disk full?)", csv_file));
    text.clear();
  };
  for (std::uint32_t r0 = 0; r0 < m.rows; r0 += block) {
    const std::uint32_t count = std::min(block, m.rows - r0);
    result.read_rows(r0, count, times.data(), nullptr);
    for (std::uint32_t r = 0; r < count; ++r) {
      std::string origin;
      io::append_csv_field(origin, result.origins()[r0 + r]);
      for (std::uint32_t j = 0; j < m.cols; ++j) {
        const std::uint32_t t = times[std::size_t{r} * m.cols + j];
        text += origin;
        text += ',';
        text += destination_fields[j];
        text += ',';
        if (t != kUnreachable32) text += std::to_string(t);
        text += '\n';
      }
      if (text.size() > (1 << 22)) flush();
    }
  }
  flush();
  if (std::fflush(file.get()) != 0) throw RuntimeError(fmt::format("{}: write failed (disk full?)", csv_file));
  file.reset();
  out.commit();
}

}  // namespace hg
