#include "fuzz/fuzz_support.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "io/h5.hpp"
#include "tests/support/temp_dir.hpp"

namespace hg::fuzz {



std::string temp_path(std::string_view name) { return (test::process_temp_dir() / name).string(); }

std::string write_temp(std::string_view name, std::string_view text) {
  std::string path = temp_path(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
  return path;
}

std::vector<std::string_view> split_input(const std::uint8_t* data, std::size_t size, std::size_t max_parts) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const std::size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  parts.push_back(rest);
  parts.resize(max_parts);
  return parts;
}

void quiet_hdf5() { io::h5::silence_library_errors(); }

}  // namespace hg::fuzz
