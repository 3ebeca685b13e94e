// The logistics generator's customs: unions with free movement, priced rows
// for linked pairs (docs/generator.md, "Customs").

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "host/generate/logistics_internal.hpp"

namespace hg::logistics {
namespace {

constexpr Time kDefaultCustomsMinutes = 720;
constexpr Time kMinCustomsMinutes = 120, kMaxCustomsMinutes = 2880;
constexpr double kPricedLinkShare = 0.9;  // of linked pairs; the rest pay the default

// Customs unions grow over land borders from random founders (2–10
// members); a founder without free neighbours pairs with the nearest free
// country across the sea.
std::vector<std::int32_t> form_unions(const World& world, Rng& rng) {
  const auto n = static_cast<std::uint32_t>(world.countries.size());
  std::vector<std::int32_t> union_of(n, -1);
  const std::uint32_t unions = n >= 4 ? std::max(1u, n / 12) : 0;
  std::vector<std::uint32_t> founders(n);
  std::iota(founders.begin(), founders.end(), 0u);
  shuffle(founders, rng);
  std::size_t next = 0;
  for (std::uint32_t u = 0; u < unions; ++u) {
    while (next < n && union_of[founders[next]] >= 0) ++next;
    if (next == n) break;
    const auto id = static_cast<std::int32_t>(u);
    const std::uint32_t target = rng.between(2, 10);
    std::vector<std::uint32_t> members{founders[next]};
    union_of[founders[next]] = id;
    for (std::size_t k = 0; k < members.size() && members.size() < target; ++k)
      for (std::uint32_t v : world.countries[members[k]].neighbours)
        if (union_of[v] < 0 && members.size() < target) union_of[v] = id, members.push_back(v);
    if (members.size() == 1) {
      const UnitVector& home = world.countries[members[0]].centre;
      std::uint32_t best = n;
      for (std::uint32_t v = 0; v < n; ++v)
        if (union_of[v] < 0 && (best == n || chord(home, world.countries[v].centre) <
                                                 chord(home, world.countries[best].centre)))
          best = v;
      if (best == n) union_of[members[0]] = -1;
      else union_of[best] = id;
    }
  }
  return union_of;
}

Time round_to_quarter_hour(double minutes) { return static_cast<Time>(15.0 * std::floor(minutes / 15.0 + 0.5)); }

}  // namespace

void add_customs(const World& world, const std::vector<Link>& links, std::uint64_t seed, Network& net) {
  const auto n = static_cast<std::uint32_t>(world.countries.size());
  Rng rng(seed, Stream::customs, 0);
  // 1. Which ordered pairs have a direct leg (either way).
  std::vector<bool> linked(std::size_t{n} * n, false);
  for (const Link& l : links) {
    const std::uint32_t a = world.country_of(l.u), b = world.country_of(l.v);
    if (a != b) linked[std::size_t{a} * n + b] = linked[std::size_t{b} * n + a] = true;
  }
  // 2. Unions, and each country's import strictness and export ease.
  const std::vector<std::int32_t> union_of = form_unions(world, rng);
  std::vector<double> strictness(n), ease(n);
  for (std::uint32_t c = 0; c < n; ++c) strictness[c] = rng.uniform(0.5, 2.0), ease[c] = rng.uniform(0.7, 1.3);
  // 3. Rows, ascending by (from, to): zero inside a union; for most linked
  //    pairs 240 min × strictness(to) × ease(from) × a Pareto factor,
  //    clamped to 2–48 hours; other pairs pay the default.
  net.default_customs_time = kDefaultCustomsMinutes;
  for (std::uint32_t a = 0; a < n; ++a)
    for (std::uint32_t b = 0; b < n; ++b) {
      if (a == b) continue;
      const bool same_union = union_of[a] >= 0 && union_of[a] == union_of[b];
      Time time = 0;
      if (!same_union) {
        if (!linked[std::size_t{a} * n + b] || !rng.chance(kPricedLinkShare)) continue;
        const double minutes = 240.0 * strictness[b] * ease[a] * rng.pareto2();
        time = std::clamp(round_to_quarter_hour(minutes), kMinCustomsMinutes, kMaxCustomsMinutes);
      }
      net.customs.from.push_back(world.countries[a].code);
      net.customs.to.push_back(world.countries[b].code);
      net.customs.time.push_back(time);
    }
  net.has_customs = net.customs.size() > 0;  // a one-country world has no borders
}

}  // namespace hg::logistics
