#include "host/solvers/time_width.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "host/core/choice.hpp"
#include "host/core/errors.hpp"

namespace hg {

WidthChoice parse_width_choice(std::string_view text) {
  static constexpr std::pair<std::string_view, WidthChoice> kChoices[] = {
      {"auto", WidthChoice::automatic}, {"16", WidthChoice::bits16}, {"32", WidthChoice::bits32}};
  return parse_choice(text, "--width", kChoices);
}

bool width16_exact(Time cap, Time path_bound) {
  if (cap != 0) return cap <= kLargestCap16;
  return 2 * std::uint64_t{path_bound} <= kPacked16Limit;
}

int choose_width(WidthChoice choice, Time cap, Time path_bound) {
  const bool exact16 = width16_exact(cap, path_bound);
  if (choice == WidthChoice::bits32) return 32;
  if (choice == WidthChoice::bits16) {
    HG_EXPECTS(exact16, ErrorKind::usage,
               "--width 16 cannot be exact here: {} (16-bit needs 2 x (cap + 1) <= {} with a cap, or 2 x path bound "
               "<= {} without); use --width 32 or a smaller --max-hours",
               cap != 0 ? fmt::format("cap {} gives 2 x {} = {}", cap, cap + 1, 2 * (std::uint64_t{cap} + 1))
                        : fmt::format("the path bound is {}", path_bound),
               kPacked16Limit, kPacked16Limit);
    return 16;
  }
  return exact16 ? 16 : 32;
}

}  // namespace hg
