#pragma once
// Strongly connected components of a compiled graph (Tarjan's algorithm with
// an explicit stack: networks have tens of millions of nodes). Components are
// numbered as they complete, sinks first, so every arc that leaves a
// component points to one with a smaller id; the members of component c are
// members[start[c] .. start[c + 1]).

#include <cstdint>
#include <vector>

#include "host/model/compile.hpp"

namespace hg {

struct StrongComponents {
  std::uint32_t count = 0;
  std::vector<std::uint32_t> component;  // per node
  std::vector<NodeId> members;           // grouped by component
  std::vector<std::uint32_t> start;      // count + 1 offsets into members

  std::uint32_t size(std::uint32_t c) const { return start[c + 1] - start[c]; }
};

StrongComponents strong_components(const Csr& graph);

}  // namespace hg
