#pragma once
// Writing CSV: fields quoted only when io/csv_reader.hpp would otherwise read
// them differently: separators, quotes, line breaks, or surrounding blanks
// (which the reader trims from unquoted fields).

#include <fmt/format.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>

#include "host/core/errors.hpp"
#include "io/output_file.hpp"

namespace hg::io {

// Buffer: std::string or fmt::memory_buffer.
template <class Buffer>
void append_csv_field(Buffer& out, std::string_view field) {
  const bool blank_edge = !field.empty() && (field.front() == ' ' || field.front() == '\t' ||
                                             field.back() == ' ' || field.back() == '\t');
  if (!blank_edge && field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field.data(), field.data() + field.size());
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// Buffered CSV output to one file, fields quoted as append_csv_field does.
// Open failures are InputError(output_path), write failures RuntimeError.
// The target commits only after close().
class CsvWriter {
 public:
  explicit CsvWriter(PartialFile& target) : path_(target.final_path()), file_(target.open()) {}
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;
  ~CsvWriter() {
    if (file_) std::fclose(file_);
  }

  void text(std::string_view s) {
    separate();
    append_csv_field(buffer_, s);
  }
  void number(std::uint64_t v) {
    separate();
    fmt::format_to(std::back_inserter(buffer_), "{}", v);
  }
  void number(double v) {  // shortest form that reads back to the same double
    separate();
    fmt::format_to(std::back_inserter(buffer_), "{}", v);
  }
  void end_row() {
    buffer_.push_back('\n');
    row_start_ = true;
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void close() {
    flush();
    const int status = std::fclose(file_);
    file_ = nullptr;
    if (status != 0) throw RuntimeError(fmt::format("{}: cannot write: {}", path_, std::strerror(errno)));
  }

 private:
  static constexpr std::size_t kFlushBytes = 1 << 20;
  void separate() {
    if (!row_start_) buffer_.push_back(',');
    row_start_ = false;
  }
  void flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
      throw RuntimeError(fmt::format("{}: cannot write: {}", path_, std::strerror(errno)));
    buffer_.clear();
  }

  std::string path_;
  std::FILE* file_;
  fmt::memory_buffer buffer_;
  bool row_start_ = true;
};

}  // namespace hg::io
