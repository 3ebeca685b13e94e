#include "io/csv_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

#include "host/core/text.hpp"
#include "io/h5.hpp"
#include "io/input_file.hpp"

namespace hg::io {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Bytes that end or disturb an unquoted field: one table lookup per byte.
constexpr std::array<bool, 256> kUnquotedStop = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  t[static_cast<unsigned char>('"')] = true;
  return t;
}();

}  // namespace

CsvReader CsvReader::open(const std::string& path) { return CsvReader(path, InputFile(path).read_all()); }

CsvReader::CsvReader(std::string label, std::string text) : label_(std::move(label)), text_(std::move(text)) {
  // 1. A BOM is not part of the first field; columns count from after it.
  if (std::string_view(text_).starts_with(kUtf8Bom)) pos_ = line_start_ = kUtf8Bom.size();
  line_count_hint_ = static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n')) + 1;
  // 2. One fast pass over the whole text; only a bad file pays for finding the field.
  locate_bad_utf8_ = !h5::valid_utf8(text_);

  // 3. The header row: column names, trimmed even where quoted.
  if (!parse_record())
    fail_at(ErrorKind::csv_syntax, line_, column_of(pos_), "the file is empty; expected a header row");
  header_line_ = fields_.front().line;
  for (const CsvField& f : fields_) {
    header_.emplace_back(trim(f.text));
    header_columns_.push_back(f.column);
  }
  fields_.clear();  // views into text_ must not outlive a move of the reader
  line_count_hint_ -= std::min(line_count_hint_, header_line_);
}

std::optional<std::size_t> CsvReader::find_column(std::string_view name) const {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] != name) continue;
    if (found)
      fail_at(ErrorKind::csv_syntax, header_line_, header_columns_[i],
              fmt::format("column '{}' occurs twice in the header (also at column {})", name, header_columns_[*found]));
    found = i;
  }
  return found;
}

std::size_t CsvReader::require_column(std::string_view name) const {
  if (const auto i = find_column(name)) return *i;
  // Spreadsheets set to a European locale write semicolons: say so rather than list one odd column.
  const bool semicolons = header_.size() == 1 && header_.front().find(';') != std::string::npos;
  throw InputError(
      ErrorKind::csv_missing_column,
      fmt::format("{}: missing required column '{}' (the header has: {}){}", location(header_line_, 1), name,
                  fmt::join(header_, ", "),
                  semicolons ? "; the fields seem separated by semicolons, but they must be separated by commas" : ""));
}

bool CsvReader::next_row() {
  if (!parse_record()) {
    if (locate_bad_utf8_)  // every byte lies in some field, so this cannot happen; say so plainly if it does
      throw InputError(ErrorKind::invalid_utf8, fmt::format("{}: the file is not valid UTF-8", label_));
    return false;
  }
  const std::size_t expected = header_.size();
  if (fields_.size() > expected)
    fail_at(ErrorKind::csv_syntax, fields_[expected].line, fields_[expected].column,
            fmt::format("expected {} fields as in the header, found {}", expected, fields_.size()));
  if (fields_.size() < expected)
    fail_at(ErrorKind::csv_syntax, end_line_, end_column_,
            fmt::format("expected {} fields as in the header, found {}", expected, fields_.size()));
  return true;
}

std::string CsvReader::location(std::size_t line, std::size_t column) const {
  return fmt::format("{}:{}:{}", label_, line, column);
}

std::string CsvReader::location(const CsvField& f) const { return location(f.line, f.column); }

void CsvReader::fail(ErrorKind kind, const CsvField& at, std::string_view message) const {
  fail_at(kind, at.line, at.column, message);
}

void CsvReader::fail_at(ErrorKind kind, std::size_t line, std::size_t column, std::string_view message) const {
  throw InputError(kind, fmt::format("{}: {}", location(line, column), message));
}

void CsvReader::skip_blank_lines() {
  const std::size_t n = text_.size();
  for (;;) {
    std::size_t q = pos_;
    while (q < n && is_blank(text_[q])) ++q;
    if (q == n) {
      pos_ = n;
      return;
    }
    if (text_[q] == '\r' && q + 1 < n && text_[q + 1] == '\n') ++q;
    if (text_[q] != '\n') return;
    pos_ = line_start_ = q + 1;
    ++line_;
  }
}

bool CsvReader::parse_record() {
  skip_blank_lines();
  const std::size_t n = text_.size();
  if (pos_ >= n) return false;
  fields_.clear();
  for (;;) {
    const std::size_t field_line = line_, field_column = column_of(pos_);
    std::size_t q = pos_;
    while (q < n && is_blank(text_[q])) ++q;
    if (q < n && text_[q] == '"') {
      pos_ = q;
      parse_quoted_field(field_line, field_column);
    } else {
      parse_unquoted_field(field_line, field_column);
    }
    // pos_ is at the field's terminator: ',', '\n', "\r\n" or the end.
    if (pos_ < n && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    end_line_ = line_;
    end_column_ = column_of(pos_);
    if (pos_ < n) {
      pos_ += text_[pos_] == '\r' ? 2u : 1u;
      ++line_;
      line_start_ = pos_;
    }
    break;
  }
  if (locate_bad_utf8_) check_utf8_of_fields();
  return true;
}

void CsvReader::parse_unquoted_field(std::size_t field_line, std::size_t field_column) {
  const std::size_t n = text_.size(), begin = pos_;
  const char* p = text_.data();
  std::size_t r = begin;
  while (r < n && !kUnquotedStop[static_cast<unsigned char>(p[r])]) ++r;
  if (r < n && p[r] == '"')
    fail_at(ErrorKind::csv_syntax, line_, column_of(r),
            "quote inside an unquoted field; put the whole field in quotes and double each quote inside it");
  if (r < n && p[r] == '\r' && (r + 1 == n || p[r + 1] != '\n'))
    fail_at(ErrorKind::csv_syntax, line_, column_of(r),
            "carriage return not followed by a line feed (lines must end in LF or CRLF)");
  fields_.push_back(CsvField{trim(std::string_view(p + begin, r - begin)), field_line, field_column});
  pos_ = r;
}

void CsvReader::parse_quoted_field(std::size_t field_line, std::size_t field_column) {
  const std::size_t n = text_.size();
  const std::size_t quote_line = line_, quote_column = column_of(pos_);
  char* p = text_.data();
  const std::size_t begin = pos_ + 1;
  std::size_t r = begin, w = begin;  // read and write positions: "" is unescaped in place
  for (;;) {
    if (r == n)
      fail_at(ErrorKind::csv_syntax, quote_line, quote_column,
              "unterminated quoted field: no closing quote before the end of the file");
    const char c = p[r];
    if (c == '"') {
      if (r + 1 < n && p[r + 1] == '"') {
        p[w++] = '"';
        r += 2;
        continue;
      }
      ++r;
      break;
    }
    if (c == '\n') {
      ++line_;
      line_start_ = r + 1;
    }
    p[w++] = c;
    ++r;
  }
  fields_.push_back(CsvField{std::string_view(p + begin, w - begin), field_line, field_column});
  while (r < n && is_blank(p[r])) ++r;
  pos_ = r;
  if (r == n || p[r] == ',' || p[r] == '\n' || (p[r] == '\r' && r + 1 < n && p[r + 1] == '\n')) return;
  if (p[r] == '\r')
    fail_at(ErrorKind::csv_syntax, line_, column_of(r),
            "carriage return not followed by a line feed (lines must end in LF or CRLF)");
  fail_at(ErrorKind::csv_syntax, line_, column_of(r),
          "text after the closing quote of a field (a quote inside a quoted field is written as \"\")");
}

void CsvReader::check_utf8_of_fields() const {
  for (const CsvField& f : fields_)
    if (!h5::valid_utf8(f.text)) fail_at(ErrorKind::invalid_utf8, f.line, f.column, "field is not valid UTF-8");
}

}  // namespace hg::io
