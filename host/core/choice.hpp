#pragma once
// Parsing a flag whose value is one of a few names (--backend, --method,
// --width): one place for the lookup and for the error that lists the names.

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

#include "host/core/errors.hpp"

namespace hg {

template <class Enum, std::size_t N>
Enum parse_choice(std::string_view text, std::string_view flag, const std::pair<std::string_view, Enum> (&choices)[N]) {
  std::string names;
  for (const auto& [name, value] : choices) {
    if (text == name) return value;
    names += names.empty() ? std::string(name) : ", " + std::string(name);
  }
  throw InputError(ErrorKind::usage, fmt::format("{}: '{}' is not one of {}", flag, text, names));
}

}  // namespace hg
