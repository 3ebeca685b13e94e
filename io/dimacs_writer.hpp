#pragma once
// Writes a network as DIMACS 9 files, the format `import dimacs` reads
// (docs/road-networks.md): PREFIX.gr with "p sp N M" and one "a TAIL HEAD
// WEIGHT" line per edge (1-based ids in node order, weights the stored
// times), and PREFIX.co with "p aux sp co N" and one "v ID X Y" line per node
// (longitude and latitude in millionths of a degree). Both files appear whole
// or not at all. For `generate --format dimacs`: networks the size of the
// DIMACS USA graph, given to the importer as a user's files would be.

#include <string>

#include "host/model/network.hpp"

namespace hg::io {

struct DimacsFiles {
  std::string gr, co;
};
DimacsFiles dimacs_files(const std::string& prefix);  // PREFIX.gr, PREFIX.co

// `comment` goes into a "c" line of each file (the weights' unit, say).
void write_dimacs(const Network& network, const DimacsFiles& files, const std::string& comment);

}  // namespace hg::io
