#pragma once
// An RFC 4180 CSV reader for tables of millions of rows. The whole file is
// read into memory once and fields are views into that buffer, so a row costs
// no allocation. Every error is an InputError that reads FILE:LINE:COLUMN.
//
// Dialect (docs/csv-format.md): comma separator; LF or CRLF line endings; an
// optional UTF-8 BOM; a header row; fields in double quotes may hold commas,
// newlines and doubled quotes (""). Unquoted fields are trimmed of spaces and
// tabs; quoted fields are taken verbatim, spaces around the quotes ignored. A
// quote inside an unquoted field, text after a closing quote and a carriage
// return not followed by a line feed are errors. Lines that are empty or hold
// only spaces are skipped. The text must be valid UTF-8.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/core/errors.hpp"

namespace hg::io {

struct CsvField {
  std::string_view text;   // unescaped; trimmed unless it was quoted
  std::size_t line = 0;    // 1-based line of the field's first byte
  std::size_t column = 0;  // 1-based byte column of the field's first byte
};

class CsvReader {
 public:
  // Reads FILE whole, plain or gzip (io/input_file.hpp: InputError
  // missing_file when it cannot be read, corrupt_file for damaged gzip data),
  // checks UTF-8 and reads the header row.
  static CsvReader open(const std::string& path);
  // Parses `text` held in memory; `label` names it in messages.
  CsvReader(std::string label, std::string text);

  CsvReader(CsvReader&&) = default;
  CsvReader& operator=(CsvReader&&) = default;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::string& file() const { return label_; }
  const std::vector<std::string>& header() const { return header_; }

  // The index of the header column named `name` (exact, case-sensitive). A
  // name that occurs twice is a csv_syntax error.
  std::optional<std::size_t> find_column(std::string_view name) const;
  // As find_column; a missing column is a csv_missing_column error.
  std::size_t require_column(std::string_view name) const;

  // An upper bound on the data rows left, for reserving memory.
  std::size_t row_count_hint() const { return line_count_hint_; }

  // Parses the next data row; false at the end of the file. Every row has as
  // many fields as the header, or the call throws csv_syntax. The fields are
  // valid until the next call (or a move of the reader).
  bool next_row();
  const CsvField& field(std::size_t column) const { return fields_[column]; }

  // "FILE:LINE:COLUMN"
  std::string location(const CsvField& field) const;
  std::string location(std::size_t line, std::size_t column) const;
  // Throws InputError(kind, "FILE:LINE:COLUMN: message").
  [[noreturn]] void fail(ErrorKind kind, const CsvField& at, std::string_view message) const;

 private:
  // Parses one record into fields_; false when only blank lines are left.
  bool parse_record();
  void parse_quoted_field(std::size_t field_line, std::size_t field_column);
  void parse_unquoted_field(std::size_t field_line, std::size_t field_column);
  void skip_blank_lines();
  // The 1-based byte column of buffer offset `pos` on the current line.
  std::size_t column_of(std::size_t pos) const { return pos - line_start_ + 1; }
  [[noreturn]] void fail_at(ErrorKind kind, std::size_t line, std::size_t column, std::string_view message) const;
  void check_utf8_of_fields() const;

  std::string label_;
  std::string text_;            // the file; quoted fields are unescaped in place
  std::size_t pos_ = 0;         // next byte to parse
  std::size_t line_ = 1;        // line of pos_
  std::size_t line_start_ = 0;  // offset of the first byte of line_
  std::size_t line_count_hint_ = 0;
  bool locate_bad_utf8_ = false;  // the text is not UTF-8: check each field to say where
  std::vector<std::string> header_;
  std::size_t header_line_ = 1;
  std::vector<std::size_t> header_columns_;
  std::vector<CsvField> fields_;
  // Where the record that parse_record() read ends, for "too few fields".
  std::size_t end_line_ = 0, end_column_ = 0;
};

}  // namespace hg::io
