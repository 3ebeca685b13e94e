#pragma once
// The checks shared by the GPU Floyd–Warshall's CPU emulation test and its
// GPU test: one solver (emulated or on the device) against the CPU
// reference, on the same networks, widths, caps and hops.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <numeric>
#include <random>
#include <vector>

#include "host/model/compile.hpp"
#include "host/solvers/fw/fw_cpu.hpp"
#include "host/solvers/fw/fw_gpu.hpp"
#include "host/solvers/time_width.hpp"
#include "tests/support/golden_cases.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg::test {

using PackedSolver = std::function<std::unique_ptr<FwPackedSolution>(const Problem&, const FwGpuPlan&)>;

// Networks whose path bound stays small enough for uncapped 16-bit lanes
// (short legs, no customs) or not (long legs, customs, handling).
inline Network fw_case_network(NodeId n, bool short_legs, std::uint64_t seed) {
  RandomNetworkOptions o;
  o.nodes = n;
  o.edges = 3 * n;
  o.isolated = n > 8 ? 3 : 0;
  if (short_legs) {
    o.max_transit = 3;  // path bound <= 3 (n - 1): uncapped 16-bit up to n = 5461
    o.customs = false;
    o.handling_share = 0;
  } else {
    o.max_transit = 400;
  }
  return random_network(seed, o);
}

// A directed ring through every node in a random order, with short legs and
// a few chords: shortest paths are long and pass through nodes of every
// tile, so a tile that misses one round's update shows in many entries.
inline Network fw_ring_network(NodeId n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<NodeId> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  const auto code = [](std::uint64_t v) { return fmt::format("r{}", v); };
  NetworkBuilder b("ring");
  for (NodeId v = 0; v < n; ++v) b.node(code(v));
  for (NodeId i = 0; i + 1 < n; ++i)  // open ring: the last node reaches nothing, nothing reaches the first
    b.edge(code(order[i]), code(order[i + 1]), 1 + static_cast<Time>(rng() % 2));
  for (NodeId c = 0; c < n / 16; ++c) b.edge(code(rng() % n), code(rng() % n), 2 + static_cast<Time>(rng() % 40));
  return b.build();
}

// The CPU reference (blocked Floyd–Warshall, 32-bit, every thread).
inline FwMatrix fw_reference(const Problem& p) {
  FwMatrix m = fw_initial_matrix(p, false);
  fw_solve_cpu(m, omp_get_max_threads());
  return m;
}

inline std::vector<std::uint32_t> fw_reference_rows(const FwMatrix& m, const Problem& p,
                                                    std::span<const NodeId> origins,
                                                    std::span<const NodeId> destinations, Time cap) {
  std::vector<std::uint32_t> rows(origins.size() * destinations.size());
  fw_write_rows(m, p, origins, destinations, cap, rows.data(), nullptr);
  return rows;
}

struct FwCaseSummary {
  std::uint64_t unreachable = 0, beyond_cap = 0, exact = 0;
};

// Solves p with `solve` under plan_fw_gpu(p, width, cap, hops), expects the
// planned compute width, and compares every entry (all x all, then a
// shuffled subset of origins x destinations) with the CPU reference. Hops
// must walk to each exact time and be kNoNode elsewhere.
inline FwCaseSummary expect_packed_matches_reference(const PackedSolver& solve, const Problem& p, int width,
                                                     Time cap, bool hops, int expected_compute_width,
                                                     const std::string& label) {
  const FwGpuPlan plan = plan_fw_gpu(p, width, cap, hops);
  EXPECT_EQ(plan.compute_width, expected_compute_width) << label << ": " << plan.compute_reason;
  const NodeId n = p.node_count;
  const std::vector<NodeId> nodes = all_nodes(n);
  const FwMatrix reference = fw_reference(p);
  const std::vector<std::uint32_t> expected = fw_reference_rows(reference, p, nodes, nodes, cap);
  const auto solution = solve(p, plan);
  std::vector<std::uint32_t> got(expected.size(), 0xDEADBEEFu);  // poisoned: every entry must be written
  std::vector<NodeId> hop(hops ? expected.size() : 0, 0xDEADBEEFu);
  solution->write_rows(nodes, nodes, cap, got.data(), hops ? hop.data() : nullptr);
  FwCaseSummary summary;
  std::uint64_t mismatches = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (got[i] != expected[i] && ++mismatches <= 5)
      ADD_FAILURE() << label << ": " << i / n << " -> " << i % n << ": got " << got[i] << ", want " << expected[i];
    if (expected[i] == kUnreachable32)
      ++summary.unreachable;
    else if (cap != 0 && expected[i] > cap)
      ++summary.beyond_cap;
    else
      ++summary.exact;
  }
  EXPECT_EQ(mismatches, 0u) << label;
  if (hops) {
    std::vector<NodeId> hop_matrix(std::size_t{n} * n);
    std::copy(hop.begin(), hop.end(), hop_matrix.begin());
    std::uint64_t bad = 0;
    for (NodeId o = 0; o < n; ++o)
      for (NodeId d = 0; d < n; ++d) {
        const std::uint32_t t = expected[std::size_t{o} * n + d];
        const bool exact = o != d && t != kUnreachable32 && (cap == 0 || t <= cap);
        const NodeId h = hop[std::size_t{o} * n + d];
        if (!exact)
          bad += h != kNoNode;
        else  // every pair along a shortest path is at most t, so exact too
          bad += walk_hops(p, hop_matrix, o, d) != t;
      }
    EXPECT_EQ(bad, 0u) << label << ": next hops";
  }
  // A shuffled subset of origins and destinations, in that order.
  std::mt19937_64 rng(n);
  std::vector<NodeId> origins = nodes, destinations = nodes;
  std::shuffle(origins.begin(), origins.end(), rng);
  std::shuffle(destinations.begin(), destinations.end(), rng);
  origins.resize((n + 2) / 3);
  destinations.resize((n + 1) / 2);
  std::vector<std::uint32_t> sub(origins.size() * destinations.size());
  solution->write_rows(origins, destinations, cap, sub.data(), nullptr);
  EXPECT_EQ(sub, fw_reference_rows(reference, p, origins, destinations, cap)) << label << ": subset";
  return summary;
}

// A ring of n nodes in both widths, with next hops and with a cap.
inline void expect_ring_matches_reference(const PackedSolver& solve, NodeId n) {
  const Problem p = compile(fw_ring_network(n, n), "ring");
  const std::string at = "ring n " + std::to_string(n);
  expect_packed_matches_reference(solve, p, 16, 0, false, 16, at + " 16");
  expect_packed_matches_reference(solve, p, 32, 0, false, 32, at + " 32");
  expect_packed_matches_reference(solve, p, 32, 0, true, 32, at + " hops");
  expect_packed_matches_reference(solve, p, 16, 30, false, 16, at + " cap 16");
}

// Every entry of a golden case: uncapped in the width the rule allows, and
// with a cap that the packed 16-bit lanes can hold (the capped answers follow
// from the uncapped ones by the cap rule, docs/design.md#caps).
inline void expect_packed_reproduces_golden(const PackedSolver& solve, const GoldenCase& golden) {
  const Golden g = read_golden(golden);
  const Problem& p = g.problem;
  const std::vector<NodeId> nodes = all_nodes(p.node_count);
  const Time max_handling = *std::max_element(p.handling.begin(), p.handling.end());
  const Time cap = std::min<Time>(p.path_bound / 3, kFwClamp16Max - 1 - max_handling);
  for (const Time c : {Time{0}, cap}) {
    std::vector<std::uint32_t> want = g.expected;
    for (std::uint32_t& t : want)
      if (t != kUnreachable32 && c != 0 && t > c) t = c + 1;
    for (const int width : {16, 32}) {
      if (width == 16 && !width16_exact(c, p.path_bound)) continue;
      const FwGpuPlan plan = plan_fw_gpu(p, width, c, false);
      std::vector<std::uint32_t> got(g.expected.size(), 0xDEADBEEFu);
      solve(p, plan)->write_rows(nodes, nodes, c, got.data(), nullptr);
      EXPECT_EQ(got, want) << golden.name << " cap " << c << " in " << plan.compute_reason;
    }
  }
}

// Every golden case (FwEmulated and GpuFw .ReproducesTheGoldenCases).
inline void expect_packed_reproduces_every_golden_case(const PackedSolver& solve) {
  for (const GoldenCase& golden : kGoldenCases) expect_packed_reproduces_golden(solve, golden);
}

}  // namespace hg::test
