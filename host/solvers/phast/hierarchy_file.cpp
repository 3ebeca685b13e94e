#include "host/solvers/phast/hierarchy_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "host/core/errors.hpp"
#include "io/h5.hpp"
#include "io/output_file.hpp"
#include "io/sha256.hpp"

namespace hg {

namespace {

constexpr const char* kFormat = "hourglass-hierarchy";
constexpr std::int64_t kVersion = 1;

template <class T>
void hash_array(io::Sha256& sha, const std::vector<T>& values) {
  const std::uint64_t count = values.size();
  sha.update(&count, sizeof count);
  sha.update(values.data(), values.size() * sizeof(T));
}

void hash_csr(io::Sha256& sha, const Csr& csr) {
  hash_array(sha, csr.offsets);
  static_assert(sizeof(Arc) == 8, "arcs hash as (target, weight) pairs");
  hash_array(sha, csr.arcs);
}

std::string content_checksum(const ContractionHierarchy& ch) {
  io::Sha256 sha;
  hash_array(sha, ch.rank);
  hash_array(sha, ch.level);
  hash_csr(sha, ch.upward);
  hash_csr(sha, ch.downward);
  return sha.hex();
}

void write_csr(hid_t file, const std::string& name, const Csr& csr) {
  const io::h5::Id group = io::h5::create_group(file, name);
  std::vector<std::uint32_t> target(csr.arcs.size()), weight(csr.arcs.size());
  for (std::size_t e = 0; e < csr.arcs.size(); ++e) {
    target[e] = csr.arcs[e].target;
    weight[e] = csr.arcs[e].weight;
  }
  const io::h5::ColumnOptions options;
  io::h5::write_column(group, "offsets", csr.offsets, options);
  io::h5::write_column(group, "target", target, options);
  io::h5::write_column(group, "weight", weight, options);
}

Csr read_csr(hid_t file, const std::string& name, NodeId n, const io::h5::Where& root) {
  const io::h5::Where where = root.child(name);
  const io::h5::Id group = io::h5::open_group(file, name, root);
  Csr csr;
  csr.offsets = io::h5::read_u32_column(io::h5::open_dataset(group, "offsets", where), where.child("offsets"),
                                        0xFFFFFFFFu);
  HG_EXPECTS(csr.offsets.size() == std::size_t{n} + 1 && csr.offsets.front() == 0, ErrorKind::corrupt_file,
             "{}: {} offsets for {} nodes (must be N + 1, starting at 0)", where.child("offsets").at(),
             csr.offsets.size(), n);
  for (NodeId v = 0; v < n; ++v)
    HG_EXPECTS(csr.offsets[v] <= csr.offsets[v + 1], ErrorKind::corrupt_file, "{}: offsets decrease",
               where.child("offsets").at(v + 1));
  const std::vector<std::uint32_t> target =
      io::h5::read_u32_column(io::h5::open_dataset(group, "target", where), where.child("target"), n ? n - 1 : 0);
  const std::vector<std::uint32_t> weight =
      io::h5::read_u32_column(io::h5::open_dataset(group, "weight", where), where.child("weight"), kInfinity - 1);
  HG_EXPECTS(target.size() == csr.offsets.back() && weight.size() == target.size(), ErrorKind::length_mismatch,
             "{}: {} targets and {} weights, the offsets say {}", where.at(), target.size(), weight.size(),
             csr.offsets.back());
  csr.arcs.resize(target.size());
  for (std::size_t e = 0; e < target.size(); ++e) csr.arcs[e] = {target[e], weight[e]};
  return csr;
}

}  // namespace

std::string problem_fingerprint(const Problem& p) {
  io::Sha256 sha;
  const std::uint64_t n = p.node_count;
  sha.update(&n, sizeof n);
  hash_csr(sha, p.forward);
  return sha.hex();
}

void write_hierarchy(const std::string& path, const ContractionHierarchy& ch, const std::string& fingerprint) {
  io::PartialFile out(path, io::OutputFormat::hdf5);
  {
    const io::h5::Id file = io::h5::create_truncate(out.partial_path());
    io::h5::write_attribute(file, "format", std::string_view(kFormat));
    io::h5::write_attribute(file, "version", kVersion);
    io::h5::write_attribute(file, "problem_sha256", std::string_view(fingerprint));
    io::h5::write_attribute(file, "content_sha256", std::string_view(content_checksum(ch)));
    io::h5::write_attribute(file, "node_count", std::uint64_t{ch.node_count});
    io::h5::write_attribute(file, "shortcuts", ch.shortcuts);
    io::h5::write_attribute(file, "build_seconds", fmt::format("{:.3f}", ch.seconds));
    const io::h5::ColumnOptions options;
    io::h5::write_column(file, "rank", ch.rank, options);
    io::h5::write_column(file, "level", ch.level, options);
    write_csr(file, "upward", ch.upward);
    write_csr(file, "downward", ch.downward);
  }
  out.commit();
}

ContractionHierarchy read_hierarchy(const std::string& path, const Problem& p) {
  const io::h5::Id file = io::h5::open_read(path);
  const io::h5::Where root{path, "/"};
  HG_EXPECTS(io::h5::read_string_attribute(file, "format", root) == kFormat, ErrorKind::unknown_format,
             "{}: not a hierarchy file (format is not {})", path, kFormat);
  const std::int64_t version = io::h5::read_integer_attribute(file, "version", root);
  HG_EXPECTS(version == kVersion, ErrorKind::unknown_schema_version, "{}: hierarchy version {} (this build reads {})",
             path, version, kVersion);
  const std::string built_for = io::h5::read_string_attribute(file, "problem_sha256", root);
  const std::string expected = problem_fingerprint(p);
  HG_EXPECTS(built_for == expected, ErrorKind::hierarchy_mismatch,
             "{}: built for another network (problem fingerprint {}…, this one is {}…); delete it to build it "
             "again, or name another --hierarchy file",
             path, built_for.substr(0, 12), expected.substr(0, 12));

  // 1. The arrays, each checked for length and range.
  const NodeId n = p.node_count;
  ContractionHierarchy ch;
  ch.node_count = n;
  ch.rank = io::h5::read_u32_column(io::h5::open_dataset(file, "rank", root), root.child("rank"), n ? n - 1 : 0);
  ch.level = io::h5::read_u32_column(io::h5::open_dataset(file, "level", root), root.child("level"), n);
  HG_EXPECTS(ch.rank.size() == n && ch.level.size() == n, ErrorKind::length_mismatch,
             "{}: /rank has {} and /level {} entries for {} nodes", path, ch.rank.size(), ch.level.size(), n);
  ch.upward = read_csr(file, "upward", n, root);
  ch.downward = read_csr(file, "downward", n, root);
  ch.shortcuts = static_cast<std::uint64_t>(io::h5::read_integer_attribute(file, "shortcuts", root));
  HG_EXPECTS(io::h5::read_string_attribute(file, "content_sha256", root) == content_checksum(ch),
             ErrorKind::corrupt_file, "{}: the arrays do not match their checksum (content_sha256)", path);

  // 2. The invariants the sweeps rely on.
  std::vector<std::uint8_t> seen(n, 0);
  for (NodeId v = 0; v < n; ++v) {
    HG_EXPECTS(!seen[ch.rank[v]], ErrorKind::corrupt_file, "{}: rank {} given twice", root.child("rank").at(v),
               ch.rank[v]);
    seen[ch.rank[v]] = 1;
  }
  for (const Csr* csr : {&ch.upward, &ch.downward})
    for (NodeId v = 0; v < n; ++v)
      for (std::uint32_t e = csr->begin(v); e < csr->end(v); ++e) {
        const NodeId x = csr->arcs[e].target;
        HG_EXPECTS(ch.rank[x] > ch.rank[v] && ch.level[x] > ch.level[v], ErrorKind::corrupt_file,
                   "{}: an arc between nodes {} and {} does not climb the hierarchy", path, v, x);
      }
  ch.level_count = n == 0 ? 0 : *std::max_element(ch.level.begin(), ch.level.end()) + 1;
  return ch;
}

ContractionHierarchy load_or_contract(const Problem& p, const std::string& path, int threads, bool* loaded) {
  if (!path.empty() && std::filesystem::exists(path)) {
    if (loaded) *loaded = true;
    return read_hierarchy(path, p);
  }
  if (loaded) *loaded = false;
  if (!path.empty()) io::check_files({}, {{path, "--hierarchy", io::OutputFormat::hdf5}});  // before the work
  ContractionHierarchy ch = contract(p, {.threads = threads});
  if (!path.empty()) write_hierarchy(path, ch, problem_fingerprint(p));
  return ch;
}

std::string hierarchy_note(const ContractionHierarchy& ch, const std::string& path, bool loaded) {
  const std::string size = fmt::format("contraction hierarchy: {} nodes, {} arcs ({} shortcuts), {} levels", ch.node_count,
                                       ch.arc_count(), ch.shortcuts, ch.level_count);
  if (loaded) return fmt::format("{}, read from {}", size, path);
  return fmt::format("{}, built in {:.2f} s{}", size, ch.seconds, path.empty() ? "" : ", stored in " + path);
}

}  // namespace hg
