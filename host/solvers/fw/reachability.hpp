#pragma once
// All-pairs reachability, for when a 16-bit clamped time matrix cannot tell a
// pair "beyond the cap" from "unreachable". Nodes of one strongly connected
// component reach the same set, so the oracle holds one bitset per component
// (over components) rather than per node: components x components bits.

#include <cstdint>
#include <vector>

#include "host/model/compile.hpp"

namespace hg {

class Reachability {
 public:
  // Tarjan's SCCs (iterative: networks have up to millions of nodes), then
  // for each component, in reverse topological order, everything it reaches
  // (itself included): the OR of its successors' sets.
  explicit Reachability(const Problem& problem);

  bool reaches(NodeId from, NodeId to) const;  // from == to is true
  std::uint32_t component_count() const { return components_; }
  std::uint64_t bytes() const;  // memory held: component ids and bitsets

  // The bitsets for `components` components, without building them; bytes()
  // adds 4 bytes per node for component ids. The count is at most the node
  // count, which gives an upper bound before the SCCs are known.
  static std::uint64_t bytes_for_components(std::uint32_t components);

 private:
  std::uint32_t components_ = 0;
  std::size_t words_ = 0;                 // 64-bit words per component's bitset
  std::vector<std::uint32_t> component_;  // per node
  std::vector<std::uint64_t> bits_;       // components x words_, row c: what c reaches
};

}  // namespace hg
