// The logistics generator's node codes ("G<CC>-<letter><index>") and names.

#include <array>
#include <charconv>
#include <string>
#include <string_view>

#include "host/generate/logistics_internal.hpp"

namespace hg::logistics {
namespace {

// Appends `prefix` and the decimal `number` to `out`.
void append_number(std::string& out, std::string_view prefix, std::uint64_t number) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.append(prefix);
  out.append(digits, end);
}

}  // namespace

// Codes "G<CC>-<letter><index>" (GAB-Z17: zone 17 of AB) and readable names.
void name_nodes(const World& world, Nodes& nodes) {
  static constexpr std::array<std::string_view, kSegmentCount> kNoun = {
      " Airport ", " Seaport ", " Rail Terminal ", " Hub ", " Warehouse ", " Border Crossing ", " Zone "};
  std::uint64_t n = 0;
  for (const Country& c : world.countries) n += c.count;
  nodes.code.reserve(n, n * 12);
  nodes.name.reserve(n, n * 16);
  nodes.country.reserve(n, n * 2);
  std::string code, name;
  for (const Country& c : world.countries)
    for (std::uint8_t s = 0; s < kSegmentCount; ++s) {
      const std::string code_prefix = "G" + c.code + "-" + kSegmentLetter[s];
      const std::string name_prefix = c.code + std::string(kNoun[s]);
      for (std::uint32_t t = 0; t < c.size(static_cast<Segment>(s)); ++t) {
        code.clear();
        append_number(code, code_prefix, t);
        name.clear();
        if (s == kAirports && t == 0) {
          name = c.code + " International Airport";
        } else {
          append_number(name, name_prefix, t);
          if (s == kHubs && t < c.metro_count) name += " (metro centre)";
          if (s == kCrossings) name += " to " + world.countries[c.crossing_partner[t]].code;
        }
        nodes.code.push_back(code);
        nodes.name.push_back(name);
        nodes.country.push_back(c.code);
      }
    }
}

}  // namespace hg::logistics
