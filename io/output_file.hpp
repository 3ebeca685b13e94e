#pragma once
// Output files appear complete or not at all: everything is written to
// PATH.partial and renamed to PATH at the end. The guard removes the partial
// file when the writer fails before commit().

#include <string>
#include <string_view>

namespace hg::io {

class PartialFile {
 public:
  // Checks that the output can be created (its parent is a directory) and
  // throws InputError(output_path) when it cannot.
  explicit PartialFile(std::string final_path);
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;
  ~PartialFile();

  const std::string& partial_path() const { return partial_; }
  const std::string& final_path() const { return final_; }
  void commit();          // rename partial -> final
  void keep_partial() { keep_ = true; }  // leave the partial file for a later --resume

 private:
  std::string final_;
  std::string partial_;
  bool committed_ = false;
  bool keep_ = false;
};

// Throws InputError(output_path) unless `path` could be created as a file.
void check_output_path(const std::string& path);

// Writes `text` to PATH.partial and renames it into place.
void write_text_file(const std::string& path, std::string_view text);

}  // namespace hg::io
