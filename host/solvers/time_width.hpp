#pragma once
// The stored width of times (docs/design.md#the-16-bit-rule): 16 bits only where provably
// exact — every value the packed arithmetic ever adds stays below 2^15: for a
// capped run 2 (c + 1) <= 32767 (inputs clamped to c + 1), for an uncapped
// run 2 * path_bound <= 32767. Otherwise 32 bits.

#include <string_view>

#include "host/core/time.hpp"

namespace hg {

enum class WidthChoice { automatic, bits16, bits32 };

inline constexpr Time kPacked16Limit = 32767;
// The largest cap the 16-bit rule admits: 2 (c + 1) <= 32767.
inline constexpr Time kLargestCap16 = kPacked16Limit / 2 - 1;

WidthChoice parse_width_choice(std::string_view text);  // "auto" | "16" | "32"
bool width16_exact(Time cap, Time path_bound);
// InputError(usage) for --width 16 where 16 bits cannot be exact.
int choose_width(WidthChoice choice, Time cap, Time path_bound);

}  // namespace hg
