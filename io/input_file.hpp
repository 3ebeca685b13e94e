#pragma once
// One input file of an importer, plain or gzip-compressed: the gzip magic
// (1f 8b) at its start decides, not its name, so a plain file reads as it is
// whatever it is called. The file is read in large chunks (4 MiB; a smaller
// plain file in one read; the buffer grows for a longer line) and lines are
// handed out as views into the buffer: no stream and no allocation per line.
//
// Errors are InputErrors naming the file: missing_file "FILE: cannot read:
// REASON" when it does not exist, is no regular file or a read fails;
// corrupt_file "FILE: the gzip data is damaged: …" or "FILE: the gzip data
// ends early: the file is truncated". The fail functions give the readers
// the same "FILE:LINE: message" for their own errors.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "host/core/errors.hpp"
#include "host/core/progress.hpp"

// zlib's handle, as <zlib.h> declares it (kept out of this header).
using gzFile = struct gzFile_s*;

namespace hg::io {

class InputFile {
 public:
  // Opens PATH for reading (missing_file if it cannot be).
  explicit InputFile(std::string path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }

  // The next line without its LF or CRLF; false at the end of the file. The
  // last line may lack a line break; a UTF-8 byte order mark at the start of
  // line 1 is not part of it. The view is valid until the next call.
  bool next_line(std::string_view& line);
  // The number of the line next_line() gave last (1-based; 0 before the first).
  std::size_t line_number() const { return line_; }

  // Reads the rest of the file into memory now, so that damaged or truncated
  // gzip data is reported before any line of it is handed out; next_line()
  // then reads from memory.
  void load_all();
  // The rest of the file, byte for byte (a byte order mark is kept); the file
  // is then at its end. Read before any line, the whole file.
  std::string read_all();

  // InputError(kind, "FILE:LINE: message"), for the current line or another.
  [[noreturn]] void fail(ErrorKind kind, std::string_view message) const { fail_at(kind, line_, message); }
  [[noreturn]] void fail_at(ErrorKind kind, std::size_t line, std::string_view message) const;
  // InputError(kind, "FILE: message"), for what concerns the whole file.
  [[noreturn]] void fail_file(ErrorKind kind, std::string_view message) const;

 private:
  // Moves the unread bytes to the front and reads more after them; false at the end.
  bool refill();
  // Reads up to `size` (> 0) bytes; 0 at the end of the file.
  std::size_t read_some(char* into, std::size_t size);

  std::string path_;
  int fd_ = -1;              // a plain file; -1 once gz_ owns it
  gzFile gz_ = nullptr;      // a gzip file
  std::size_t file_size_ = 0;  // bytes on disk, when it was opened
  std::size_t raw_read_ = 0;   // bytes of a plain file read so far
  std::string buffer_;       // allocated at the first read
  std::size_t begin_ = 0, end_ = 0;  // the unread bytes of buffer_
  bool at_end_ = false;
  std::size_t line_ = 0;
  // "reading NAME" in MiB of the file on disk, for files of 64 MiB and more.
  std::unique_ptr<Progress> progress_;
  std::size_t reported_mib_ = 0;
};

}  // namespace hg::io
