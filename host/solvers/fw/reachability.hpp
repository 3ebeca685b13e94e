#pragma once
// All-pairs reachability, for when a 16-bit clamped time matrix cannot tell a
// pair "beyond the cap" from "unreachable". Nodes of one strongly connected
// component reach the same set, so the oracle holds one bitset per component
// (over components) rather than per node: components x components bits.

#include <cstdint>
#include <optional>
#include <vector>

#include "host/model/compile.hpp"
#include "host/model/strong_components.hpp"
#include "kernels/common/reach_bits.cuh"

namespace hg {

class Reachability {
 public:
  // Tarjan's SCCs (iterative: networks have up to millions of nodes), then
  // for each component, in reverse topological order, everything it reaches
  // (itself included): the OR of its successors' sets.
  explicit Reachability(const Problem& problem);

  // The oracle where its bitsets take at most `max_bytes`, none otherwise
  // (the components are found first: linear in the network).
  static std::optional<Reachability> within(const Problem& problem, std::uint64_t max_bytes);

  bool reaches(NodeId from, NodeId to) const { return reach_bits_reaches(view(), from, to); }  // from == to is true
  std::uint32_t component(NodeId node) const { return component_[node]; }
  bool component_reaches(std::uint32_t from, NodeId to) const {
    return reach_bits_component_reaches(view(), from, to);
  }
  // The arrays as kernels read them (kernels/common/reach_bits.cuh), and their sizes.
  ReachBits view() const { return {component_.data(), bits_.data(), words_}; }
  std::size_t node_count() const { return component_.size(); }
  std::size_t bit_words() const { return bits_.size(); }
  std::uint32_t component_count() const { return components_; }
  std::uint64_t bytes() const;  // memory held: component ids and bitsets

  // The bitsets for `components` components, without building them; bytes()
  // adds 4 bytes per node for component ids. The count is at most the node
  // count, which gives an upper bound before the SCCs are known.
  static std::uint64_t bytes_for_components(std::uint32_t components);

 private:
  Reachability(const Problem& problem, StrongComponents&& scc);

  std::uint32_t components_ = 0;
  std::size_t words_ = 0;                 // 64-bit words per component's bitset
  std::vector<std::uint32_t> component_;  // per node
  std::vector<std::uint64_t> bits_;       // components x words_, row c: what c reaches
};

}  // namespace hg
