#pragma once
// The semantic rules of snapshot format v1, checked on a Network in memory:
// by the snapshot reader after the dtype checks, by every importer and the
// generator before they write. Throws InputError naming file, dataset, index.

#include <cstdint>
#include <string>
#include <string_view>

#include "host/model/code_index.hpp"
#include "host/model/network.hpp"

namespace hg {

// `file` names the source in messages; datasets are named as they are in the
// snapshot (/snapshots/<name>/edges/src[17]).
// With `index`, the code index built for the duplicate check is kept there
// (it refers to network.nodes.code; rebind it if the network moves).
void validate_network(const Network& network, const std::string& file, CodeIndex* index = nullptr);

// "/snapshots/<name>"
std::string snapshot_path(const std::string& name);

bool is_country_code(std::string_view s);

// A country code as a 16-bit key (its two bytes), for dense tables.
inline std::uint32_t country_key(std::string_view code) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(code[0])) << 8) | static_cast<unsigned char>(code[1]);
}

}  // namespace hg
