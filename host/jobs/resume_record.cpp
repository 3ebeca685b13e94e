#include "host/jobs/resume_record.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/output_file.hpp"
#include "io/sha256.hpp"

namespace hg {

namespace {
constexpr const char* kFormat = "hourglass-solve-progress";
constexpr int kVersion = 1;
}  // namespace

std::string progress_path(const std::string& output) { return output + ".progress"; }

void write_progress(const std::string& path, const SolveProgress& p) {
  nlohmann::json done = nlohmann::json::object();
  for (const auto& [block, checksum] : p.done) done[std::to_string(block)] = checksum;
  const nlohmann::json record = {{"format", kFormat},         {"version", kVersion},   {"request", p.request},
                                 {"block_rows", p.block_rows}, {"blocks", p.blocks}, {"done", done}};
  io::write_text_file(path, record.dump(1) + "\n");
}

std::optional<SolveProgress> read_progress(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  try {
    const nlohmann::json record = nlohmann::json::parse(text.str());
    if (record.at("format") != kFormat || record.at("version") != kVersion) return std::nullopt;
    SolveProgress p;
    p.request = record.at("request").get<std::string>();
    p.block_rows = record.at("block_rows").get<std::uint32_t>();
    p.blocks = record.at("blocks").get<std::uint32_t>();
    for (const auto& [block, checksum] : record.at("done").items())
      p.done[static_cast<std::uint32_t>(std::stoul(block))] = checksum.get<std::string>();
    return p;
  } catch (const std::exception&) {  // torn or foreign: nothing to resume from
    return std::nullopt;
  }
}

std::string block_checksum(std::span<const std::uint32_t> times, std::span<const NodeId> hops) {
  io::Sha256 sha;
  sha.update(times.data(), times.size_bytes());
  sha.update(hops.data(), hops.size_bytes());
  return sha.hex();
}

std::string request_fingerprint(const std::string& snapshot_sha256, const std::string& snapshot_name,
                                std::span<const NodeId> origins, std::span<const NodeId> destinations, Time cap,
                                int width, std::string_view dtype, bool paths) {
  io::Sha256 sha;
  const auto text = [&](const std::string& s) {
    const std::uint64_t size = s.size();
    sha.update(&size, sizeof size);
    sha.update(s.data(), s.size());
  };
  const auto nodes = [&](std::span<const NodeId> list) {
    const std::uint64_t size = list.size();
    sha.update(&size, sizeof size);
    sha.update(list.data(), list.size_bytes());
  };
  text("hourglass solve request v2");
  text(snapshot_sha256);
  text(snapshot_name);
  nodes(origins);
  nodes(destinations);
  text(std::string(dtype));
  const std::uint64_t settings[3] = {cap, static_cast<std::uint64_t>(width), paths ? 1u : 0u};
  sha.update(settings, sizeof settings);
  return sha.hex();
}

}  // namespace hg
