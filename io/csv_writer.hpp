#pragma once
// Writing CSV: fields quoted only when io/csv_reader.hpp would otherwise read
// them differently: separators, quotes, line breaks, or surrounding blanks
// (which the reader trims from unquoted fields).

#include <string>
#include <string_view>

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

}  // namespace hg::io
