#include "io/json_file.hpp"

#include "io/output_file.hpp"

namespace hg::io {

void write_json_file(const std::string& path, const nlohmann::json& value) {
  write_text_file(path, value.dump(2) + "\n");
}

}  // namespace hg::io
