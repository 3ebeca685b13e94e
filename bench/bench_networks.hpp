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

// Evenly spread origins: every (n / count)-th node.
inline std::vector<NodeId> spread_origins(NodeId n, std::uint32_t count) {
  std::vector<NodeId> origins(count);
  for (std::uint32_t i = 0; i < count; ++i) origins[i] = static_cast<NodeId>(std::uint64_t{i} * n / count);
  return origins;
}

}  // namespace hg::bench
