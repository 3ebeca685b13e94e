#pragma once
// Networks the benchmarks run on: a snapshot named by an environment
// variable, or a random sparse one built here (deterministic by seed).

#include <cstdint>
#include <random>

#include "host/compile.hpp"
#include "host/network.hpp"

namespace hg::bench {

// n nodes, about degree * n directed edges of 1..100 minutes, two countries.
inline Network random_sparse_network(NodeId n, std::uint32_t degree, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Network net;
  net.name = "bench";
  for (NodeId i = 0; i < n; ++i) {
    net.nodes.code.push_back("n" + std::to_string(i));
    net.nodes.name.push_back("n" + std::to_string(i));
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

}  // namespace hg::bench
