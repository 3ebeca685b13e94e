#pragma once
// Node selections (docs/design.md#selections): a comma list of terms taken in order —
// `all`, a node code, `@file` (one code a line), `kind:NAME`, `country:CC` —
// where a leading `-` removes what the term selects. Nodes keep the order in
// which they were selected (a node removed and selected again takes its later
// place). A term that matches no node is an error
// naming it (an unknown code, a country or kind with no node); so is a
// selection that ends up empty.

#include <string_view>
#include <vector>

#include "host/model/code_index.hpp"
#include "host/model/network.hpp"
#include "io/output_file.hpp"

namespace hg {

// `what` names the flag in messages ("--origins").
std::vector<NodeId> select_nodes(const Network& network, const CodeIndex& codes, std::string_view selection,
                                 std::string_view what);

// The files a request reads, as io::FileArgument inputs an output must not
// replace: the snapshot, the scenario, and the `@file` terms of the origin
// and destination selections.
std::vector<io::FileArgument> request_files(const std::string& snapshot_file, const std::string& scenario_file,
                                            std::string_view origins, std::string_view destinations);

}  // namespace hg
