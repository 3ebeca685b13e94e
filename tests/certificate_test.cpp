// The optimality certificate: accepts exact rows, rejects wrong ones, holds at scale.

#include <gtest/gtest.h>

#include "host/solvers/certificate.hpp"
#include "host/model/compile.hpp"
#include "host/solvers/dijkstra/dijkstra.hpp"
#include "host/generate/logistics_generator.hpp"
#include "host/solvers/label_correcting/label_correcting.hpp"
#include "host/jobs/sampling.hpp"
#include "tests/support/solver_helpers.hpp"
#include "tests/support/test_support.hpp"

namespace hg {
namespace {

using test::all_nodes;
using test::walk_hops;

TEST(Certificate, AcceptsExactRowsAndRejectsWrongOnes) {
  const Network net = test::random_network(11, {.nodes = 200, .edges = 700, .zero_weight_share = 0.3});
  const Problem p = compile(net, "random");
  DijkstraSearch search(p);
  for (NodeId o = 0; o < p.node_count; o += 13) {
    search.run(o, {});
    std::vector<Time> dist(search.distances().begin(), search.distances().end());
    ASSERT_FALSE(check_certificate(p, o, dist).has_value());
    // Too large somewhere: an edge is not relaxed.
    for (NodeId v = 0; v < p.node_count; ++v)
      if (v != o && dist[v] < kInfinity && dist[v] > 0 && p.reverse.end(v) > p.reverse.begin(v)) {
        std::vector<Time> bad = dist;
        bad[v] += 1;
        const auto violation = check_certificate(p, o, bad);
        ASSERT_TRUE(violation.has_value());
        break;
      }
    // Too small somewhere: no tight path achieves it.
    for (NodeId v = 0; v < p.node_count; ++v)
      if (v != o && dist[v] < kInfinity && dist[v] > 0) {
        std::vector<Time> bad = dist;
        bad[v] -= 1;
        ASSERT_TRUE(check_certificate(p, o, bad).has_value());
        break;
      }
    // A reachable node claimed unreachable.
    for (NodeId v = 0; v < p.node_count; ++v)
      if (v != o && dist[v] < kInfinity) {
        std::vector<Time> bad = dist;
        bad[v] = kInfinity;
        ASSERT_TRUE(check_certificate(p, o, bad).has_value());
        break;
      }
  }
}

TEST(Certificate, RejectsUnderestimatesHeldUpByAZeroTimeCycle) {
  // o -5-> a, a <-0-> b: the pair (a, b) claiming 1 satisfies "some tight
  // incoming edge" (each other) but not "reached by tight edges from o".
  const Network net = test::NetworkBuilder()
                          .node("o").node("a").node("b")
                          .edge("o", "a", 5).edge("a", "b", 0).edge("b", "a", 0)
                          .build();
  const Problem p = compile(net, "hand");
  const std::vector<Time> wrong{0, 1, 1};
  const auto violation = check_certificate(p, 0, wrong);
  ASSERT_TRUE(violation.has_value());
  EXPECT_EQ(violation->rule, CertificateViolation::Rule::not_reached_by_tight_edges);
  const std::vector<Time> right{0, 5, 5};
  EXPECT_FALSE(check_certificate(p, 0, right).has_value());
}

// docs/design.md#verification: certificates on generated networks of 10^5 nodes, and the
// independent label-correcting method on a few of the same rows.
TEST(Certificate, HoldsOnAGeneratedNetworkOf100kNodes) {
  GenerateOptions g;
  g.nodes = 100000;
  g.seed = 3;
  const Problem p = compile(generate_logistics(g), "generated");
  DijkstraSearch search(p);
  const std::vector<NodeId> origins = sample_nodes(p.node_count, 12, 5);
  for (std::size_t i = 0; i < origins.size(); ++i) {
    search.run(origins[i], {});
    const auto violation = check_certificate(p, origins[i], search.distances());
    ASSERT_FALSE(violation.has_value()) << violation->describe();
    if (i < 3) {
      const std::vector<Time> lc = label_correcting_one_to_all(p, origins[i]);
      ASSERT_TRUE(std::equal(lc.begin(), lc.end(), search.distances().begin()));
    }
  }
}

}  // namespace
}  // namespace hg
