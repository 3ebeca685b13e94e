#include "io/output_file.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <filesystem>
#include <system_error>

#include "host/core/errors.hpp"

namespace hg::io {

namespace fs = std::filesystem;

void check_output_path(const std::string& path) {
  if (path.empty()) throw InputError(ErrorKind::output_path, "output path is empty");
  const fs::path p(path);
  std::error_code ec;
  if (fs::is_directory(p, ec))
    throw InputError(ErrorKind::output_path, fmt::format("{}: output path is a directory", path));
  const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::exists(parent, ec))
    throw InputError(ErrorKind::output_path, fmt::format("{}: directory {} does not exist", path, parent.string()));
  if (!fs::is_directory(parent, ec))
    throw InputError(ErrorKind::output_path, fmt::format("{}: {} is not a directory", path, parent.string()));
}

PartialFile::PartialFile(std::string final_path) : final_(std::move(final_path)), partial_(final_ + ".partial") {
  check_output_path(final_);
}

PartialFile::~PartialFile() {
  if (!committed_ && !keep_) std::remove(partial_.c_str());
}

void PartialFile::commit() {
  std::error_code ec;
  fs::rename(partial_, final_, ec);
  if (ec) throw RuntimeError(fmt::format("{}: cannot rename {} into place: {}", final_, partial_, ec.message()));
  committed_ = true;
}

void write_text_file(const std::string& path, std::string_view text) {
  PartialFile out(path);
  {
    std::ofstream stream(out.partial_path(), std::ios::binary);
    stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    stream.flush();
    if (!stream) throw RuntimeError(path + ": cannot write (disk full?)");
  }
  out.commit();
}

}  // namespace hg::io
