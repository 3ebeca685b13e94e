#pragma once
// SHA-256 of a file, hex encoded: results record which snapshot made them.

#include <string>

namespace hg::io {

std::string sha256_file(const std::string& path);  // RuntimeError if unreadable

}  // namespace hg::io
