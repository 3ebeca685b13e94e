#include "host/jobs/selection.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "host/core/errors.hpp"
#include "host/core/progress.hpp"
#include "host/core/text.hpp"

namespace hg {

namespace {

constexpr std::string_view kBlanks = " \t\r";  // selection files may have CRLF lines

class Selection {
 public:
  explicit Selection(NodeId n) : selected_(n, 0) {}

  void apply(NodeId v, bool remove) {
    if (remove) {
      selected_[v] = 0;
    } else if (!selected_[v]) {
      selected_[v] = 1;
      order_.push_back(v);
    } else {
      ++repeats_;
    }
  }
  std::uint64_t repeats() const { return repeats_; }  // selections of a node already selected

  // Nodes still selected, in first-selected order (a node removed and added
  // again sits where it was added again).
  std::vector<NodeId> result() {
    // A node removed and added again appears once per addition in order_;
    // only its last addition counts.
    std::vector<std::uint32_t> last(selected_.size(), 0);
    for (std::uint32_t i = 0; i < order_.size(); ++i) last[order_[i]] = i;
    std::vector<NodeId> out;
    for (std::uint32_t i = 0; i < order_.size(); ++i)
      if (selected_[order_[i]] && last[order_[i]] == i) out.push_back(order_[i]);
    return out;
  }

 private:
  std::vector<std::uint8_t> selected_;
  std::vector<NodeId> order_;
  std::uint64_t repeats_ = 0;
};

// The comma-separated terms, blanks trimmed (empty ones kept for the caller to refuse).
std::vector<std::string_view> split_terms(std::string_view selection) {
  std::vector<std::string_view> terms;
  std::size_t start = 0;
  while (start <= selection.size()) {
    const std::size_t comma = selection.find(',', start);
    terms.push_back(trim(selection.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start),
                         kBlanks));
    start = comma == std::string_view::npos ? selection.size() + 1 : comma + 1;
  }
  return terms;
}

}  // namespace

std::vector<NodeId> select_nodes(const Network& net, const CodeIndex& codes, std::string_view selection,
                                 std::string_view what) {
  const NodeId n = static_cast<NodeId>(net.nodes.size());
  Selection sel(n);
  const auto select_code = [&](std::string_view code, bool remove, std::string_view source) {
    const auto id = codes.find(code);
    HG_EXPECTS(id.has_value(), ErrorKind::unknown_code, "{}: unknown node code '{}'{}", what, code, source);
    sel.apply(*id, remove);
  };

  HG_EXPECTS(!trim(selection, kBlanks).empty(), ErrorKind::empty_selection, "{}: the selection is empty", what);
  for (std::string_view term : split_terms(selection)) {
    HG_EXPECTS(!term.empty(), ErrorKind::usage, "{}: empty term in '{}'", what, selection);
    const bool remove = term.front() == '-';
    if (remove) term = trim(term.substr(1), kBlanks);
    HG_EXPECTS(!term.empty(), ErrorKind::usage, "{}: '-' without a term in '{}'", what, selection);

    if (term == "all") {
      for (NodeId v = 0; v < n; ++v) sel.apply(v, remove);
    } else if (term.starts_with("kind:")) {
      const std::string_view name = term.substr(5);
      const auto kind = parse_node_kind(name);
      HG_EXPECTS(kind.has_value(), ErrorKind::usage,
                 "{}: unknown kind '{}' (kinds: demand, site, hub, airport, seaport, rail, border, other)", what, name);
      bool any = false;
      for (NodeId v = 0; v < n; ++v)
        if (net.nodes.kind[v] == static_cast<std::uint8_t>(*kind)) {
          sel.apply(v, remove);
          any = true;
        }
      HG_EXPECTS(any, ErrorKind::unknown_code, "{}: no node has kind '{}'", what, name);
    } else if (term.starts_with("country:")) {
      const std::string_view country = term.substr(8);
      bool any = false;
      for (NodeId v = 0; v < n; ++v)
        if (net.nodes.country[v] == country) {
          sel.apply(v, remove);
          any = true;
        }
      HG_EXPECTS(any, ErrorKind::unknown_code, "{}: no node has country '{}'", what, country);
    } else if (term.starts_with("@")) {
      const std::string file(term.substr(1));
      // An ifstream opens a directory and reads nothing from it: say so
      // instead of reporting an empty selection.
      std::error_code ec;
      HG_EXPECTS(!std::filesystem::is_directory(file, ec), ErrorKind::missing_file,
                 "{}: selection file '{}' is a directory", what, file);
      std::ifstream in(file);
      HG_EXPECTS(in.good(), ErrorKind::missing_file, "{}: cannot read selection file '{}'", what, file);
      std::string line;
      for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
        const std::string_view code = trim(line, kBlanks);
        if (code.empty() || code.front() == '#') continue;
        select_code(code, remove, fmt::format(" ({}:{})", file, line_no));
      }
    } else {
      select_code(term, remove, "");
    }
  }
  if (sel.repeats() > 0)
    note(fmt::format("{}: {} selection{} of a node already selected counted once (each node appears once, in the "
                     "order it was first selected)",
                     what, sel.repeats(), sel.repeats() == 1 ? "" : "s"));
  std::vector<NodeId> result = sel.result();
  HG_EXPECTS(!result.empty(), ErrorKind::empty_selection, "{}: '{}' selects no node", what, selection);
  return result;
}

std::vector<io::FileArgument> request_files(const std::string& snapshot_file, const std::string& scenario_file,
                                            std::string_view origins, std::string_view destinations) {
  std::vector<io::FileArgument> files = {{snapshot_file, "snapshot"}, {scenario_file, "--scenario"}};
  for (const auto& [selection, role] : {std::pair{origins, "--origins"}, std::pair{destinations, "--destinations"}})
    for (std::string_view term : split_terms(selection)) {
      if (term.starts_with("-")) term = trim(term.substr(1), kBlanks);
      if (term.starts_with("@")) files.push_back({std::string(term.substr(1)), role});
    }
  return files;
}

}  // namespace hg
