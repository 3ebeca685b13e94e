#pragma once
// JSON summaries for scripts, written whole or not at all.

#include <string>

#include <nlohmann/json.hpp>

namespace hg::io {

void write_json_file(const std::string& path, const nlohmann::json& value);

}  // namespace hg::io
