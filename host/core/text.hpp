#pragma once
// Small text helpers shared by the parsers (CSV, road formats, selections).

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace hg {

// `s` without leading and trailing characters from `blanks`.
constexpr std::string_view trim(std::string_view s, std::string_view blanks = " \t") {
  while (!s.empty() && blanks.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && blanks.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

// Whether every character is a decimal digit (true for the empty string).
// At most `width` code points of UTF-8 text for a table column, the last
// one "~" when cut; never splits a character.
inline std::string fit_column(std::string_view s, std::size_t width) {
  std::size_t points = 0, cut = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (points == width - 1) cut = i;
    if (++points > width) return std::string(s.substr(0, cut)) + "~";
  }
  return std::string(s);
}

constexpr bool all_digits(std::string_view s) {
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// A finite decimal number in std::from_chars grammar (no leading '+', no
// hex). Stores it in `value` and returns nothing, or returns why `text`
// (named `what` in the message) is not one.
inline std::optional<std::string> parse_finite(std::string_view text, std::string_view what, double& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) return fmt::format("{} '{}' is out of the range of a double", what, text);
  if (ec != std::errc() || end != text.data() + text.size()) return fmt::format("{} '{}' is not a number", what, text);
  if (!std::isfinite(value)) return fmt::format("{} '{}' is not a finite number", what, text);
  return std::nullopt;
}

}  // namespace hg
