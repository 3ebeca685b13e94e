#pragma once
// Shared by the harnesses: the importers read files, so each harness writes
// its input to files in one private temp folder per process (created on
// first use, removed at exit, the files rewritten on every call).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hg::fuzz {

// PATH of NAME inside this process's temp folder.
std::string temp_path(std::string_view name);

// Writes `text` to temp_path(name) (truncating) and returns the path.
std::string write_temp(std::string_view name, std::string_view text);

// The input split at NUL bytes into at most max_parts parts (the last keeps
// any further NUL bytes); missing parts are empty.
std::vector<std::string_view> split_input(const std::uint8_t* data, std::size_t size, std::size_t max_parts);

// The repository (compile definition), for fixed fixture inputs.
inline std::string source_dir() { return HG_SOURCE_DIR; }

// Turns HDF5's error printing off once (also done by the reader, but a
// harness may call HDF5 before it).
void quiet_hdf5();

}  // namespace hg::fuzz
