#pragma once
// Output files appear complete or not at all, and never in place of an input
// (docs/cli.md#outputs).
//
// - A regular file (or a new name) is written to TARGET.partial beside it and
//   renamed over TARGET at the end; a symlink is followed, so the file it
//   points to is replaced and the link stays.
// - `-` (standard output) and an existing device, FIFO or socket are written
//   directly: renaming over them would replace the device's name.
// - HDF5 outputs must be regular files (the library seeks and rereads).
// The guard removes its partial file when the writer fails before commit(),
// also when the process ends through std::terminate (a failure inside a
// thread): every live partial file is registered for that handler.

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace hg::io {

enum class OutputFormat { text, hdf5 };

// One file argument of a command, named for messages: {"x.h5", "-o"}.
struct FileArgument {
  std::string path;
  std::string role;
  OutputFormat format = OutputFormat::text;  // outputs only
};

// Before any work: throws InputError(output_path) when an output is the same
// file as an input or as another output (compared by device and inode, or by
// the resolved path while it does not exist yet, whatever the spelling), when
// two outputs are standard output, or when an output cannot be created.
// Empty paths are skipped. An output written to standard output moves the
// command's report to stderr (core's report_stream()).
void check_files(const std::vector<FileArgument>& inputs, const std::vector<FileArgument>& outputs);

class PartialFile {
 public:
  // Resolves the output as above; InputError(output_path) when it cannot be
  // written (missing folder, a directory, HDF5 to a device or to `-`).
  explicit PartialFile(std::string path, OutputFormat format = OutputFormat::text);
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;
  ~PartialFile();

  const std::string& final_path() const { return final_; }  // as the user spelled it
  // The file a writer creates: TARGET.partial, or the device itself.
  const std::string& partial_path() const { return partial_; }
  bool direct() const { return mode_ != Mode::rename; }
  // A stream on partial_path() (standard output for `-`); the caller closes it.
  std::FILE* open();
  void commit();                         // rename the partial file over the target
  void keep_partial();  // leave it for a later --resume

 private:
  enum class Mode { rename, device, standard_output };
  std::string final_;
  std::string partial_;
  Mode mode_ = Mode::rename;
  bool committed_ = false;
  bool keep_ = false;
};

// The partial file a PartialFile for `path` writes: TARGET.partial, where
// TARGET is `path` with its symlinks followed (solve --resume reads it).
std::string partial_path_of(const std::string& path);

// Installs handlers for SIGINT, SIGTERM, SIGHUP and the crash signals
// (SIGSEGV, SIGBUS, SIGFPE, SIGILL), where they have their default action,
// that remove the partial files alive, say so on stderr, then end the
// process as the signal would have. A command that stops cleanly on a
// signal (solve) installs its own for the time it runs.
void remove_partials_on_signals();

// Writes `text` whole: to PATH.partial renamed into place, or directly to
// standard output or a device.
void write_text_file(const std::string& path, std::string_view text);

}  // namespace hg::io
