#pragma once
// Coverage's nearest origins on the CPU by one multi-source Dijkstra over all
// origins at once, with labels ordered by (time, origin index): the nearest
// origin and its tie rule (docs/design.md#coverage) fall out of the label
// order. Stops at the cap and once every destination is settled.

#include <span>

#include "host/model/compile.hpp"
#include "host/solvers/nearest_origins.hpp"

namespace hg {

NearestOrigins nearest_origins(const Problem& problem, std::span<const NodeId> origins,
                               std::span<const NodeId> destinations, Time cap);

}  // namespace hg
