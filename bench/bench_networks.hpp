#pragma once
// Networks the benchmarks run on: a snapshot named by an environment
// variable, or a random sparse one built here (deterministic by seed).

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <memory>
#include <omp.h>
#include <random>

#include "host/model/compile.hpp"
#include "host/solvers/phast/contraction.hpp"
#include "host/generate/road_generator.hpp"
#include "host/model/network.hpp"
#include "host/solvers/phast/phast_cpu.hpp"

namespace hg::bench {

// n nodes, about degree * n directed edges of 1..100 minutes, two countries.
inline Network random_sparse_network(NodeId n, std::uint32_t degree, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Network net;
  net.name = "bench";
  for (NodeId i = 0; i < n; ++i) {
    net.nodes.code.push_back(fmt::format("n{}", i));
    net.nodes.name.push_back(fmt::format("n{}", i));
    net.nodes.kind.push_back(0);
    net.nodes.country.push_back(i % 2 ? "CN" : "DE");
    net.nodes.lat.push_back(0);
    net.nodes.lon.push_back(0);
    net.nodes.handling_time.push_back(static_cast<Time>(rng() % 30));
    net.nodes.demand.push_back(1);
  }
  for (std::uint64_t e = 0; e < std::uint64_t{n} * degree; ++e) {
    net.edges.src.push_back(static_cast<NodeId>(rng() % n));
    net.edges.dst.push_back(static_cast<NodeId>(rng() % n));
    net.edges.mode.push_back(0);
    net.edges.transit_time.push_back(1 + static_cast<Time>(rng() % 100));
  }
  net.default_customs_time = 60;
  return net;
}

// `hourglass generate --kind road --nodes n --seed 1`, compiled, with its
// contraction hierarchy (built with every core, timed) and forward sweep
// graph: built once per process and size, shared by the cases.
struct RoadCase {
  Network network;
  Problem problem;
  ContractionHierarchy hierarchy;
  SweepGraph forward;
  std::uint64_t corner_hops = 0;
};

inline const RoadCase& road_case(std::uint64_t nodes) {
  static std::map<std::uint64_t, std::unique_ptr<RoadCase>> cases;
  auto& slot = cases[nodes];
  if (!slot) {
    slot = std::make_unique<RoadCase>();
    slot->network = generate_road({.nodes = nodes, .seed = 1, .name = "road"});
    slot->corner_hops = road_corner_hops(slot->network).value_or(0);
    slot->problem = compile(slot->network, "road");
    slot->hierarchy = contract(slot->problem, {.threads = omp_get_max_threads()});
    slot->forward = build_sweep_graph(slot->hierarchy, SweepDirection::forward);
  }
  return *slot;
}

// The sweep forms the benchmarks compare, by index: 0 the upward sweep and
// 1 the upward searches at 32 bits, 2 and 3 the same at 16 bits under a
// 4-hour cap (the bytes do not depend on the cap).
inline PhastLabelForm bench_form(const Problem& p, std::int64_t index) {
  const PhastUpward upward = index % 2 ? PhastUpward::searched : PhastUpward::swept;
  return phast_label_form(upward, index >= 2 ? phast_label_limit(p, 4 * units_per_hour(p.time_unit)) : 0);
}

// Bytes a sweep moves per row (origin) if no label were reused from cache.
// The upward sweep: each label above level 0 is written by both sweeps and
// read back once by the downward one, level 0's only written (downward),
// and every hierarchy arc reads its tail's label except upward arcs out of
// level 0 (computed seeds): 3 (n - n0) + n0 + A - A0 labels. The upward
// searches: every label written once and every downward arc's tail read,
// n + A_down labels, plus the row's starts (8 bytes each) and its share of
// the per-node start runs (8 n / lanes).
inline double phast_row_bytes(const SweepGraph& g, const PhastLabelForm& form, double starts_per_row,
                              std::uint32_t lanes) {
  const double label = form.bits / 8.0, n = g.node_count;
  if (form.upward == PhastUpward::searched)
    return label * (n + static_cast<double>(g.down_arcs.size())) + 8 * starts_per_row + 8 * n / lanes;
  const double n0 = g.level_begin.size() > 1 ? g.level_begin[1] : 0;
  double seeded_arcs = 0;  // upward arcs whose tail is on level 0
  for (const PhastArc& a : g.up_arcs) seeded_arcs += a.tail < n0;
  return label * (3.0 * (n - n0) + n0 + static_cast<double>(g.arc_count()) - seeded_arcs);
}

// Every node, in order: the destinations of full rows.
inline std::vector<NodeId> all_nodes(NodeId n) {
  std::vector<NodeId> all(n);
  for (NodeId v = 0; v < n; ++v) all[v] = v;
  return all;
}

// Evenly spread origins: every (n / count)-th node.
inline std::vector<NodeId> spread_origins(NodeId n, std::uint32_t count) {
  std::vector<NodeId> origins(count);
  for (std::uint32_t i = 0; i < count; ++i) origins[i] = static_cast<NodeId>(std::uint64_t{i} * n / count);
  return origins;
}

}  // namespace hg::bench
