#pragma once
// What every command that reads a snapshot starts from: the validated
// network, its code index, and (on request) the compiled problem.

#include <memory>
#include <string>

#include "host/model/code_index.hpp"
#include "host/model/compile.hpp"
#include "host/model/network.hpp"

namespace hg {

struct LoadedNetwork {
  std::string file;
  Network network;
  CodeIndex codes;  // points into network.nodes.code: LoadedNetwork does not move
  Problem problem;
  double load_seconds = 0;
  double compile_seconds = 0;
};

std::unique_ptr<LoadedNetwork> load_network(const std::string& file, const std::string& snapshot, bool compile_it = true);

}  // namespace hg
