#include "io/input_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>

namespace hg::io {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 22;
constexpr std::size_t kSmallestBuffer = std::size_t{1} << 12;
constexpr std::size_t kProgressBytes = std::size_t{64} << 20;  // smaller files read in a moment
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

InputError cannot_read(const std::string& path, int err) {
  return InputError(ErrorKind::missing_file, fmt::format("{}: cannot read: {}", path, std::strerror(err)));
}

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

InputFile::InputFile(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw cannot_read(path_, errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int err = S_ISDIR(st.st_mode) ? EISDIR : (errno != 0 ? errno : EINVAL);
    ::close(fd_);
    throw cannot_read(path_, err);
  }
  file_size_ = static_cast<std::size_t>(st.st_size);
  // The gzip magic 1f 8b (read without moving the offset).
  unsigned char magic[2] = {0, 0};
  ssize_t got = 0;
  do got = ::pread(fd_, magic, sizeof magic, 0);
  while (got < 0 && errno == EINTR);
  if (got < 0) {
    const int err = errno;
    ::close(fd_);
    throw cannot_read(path_, err);
  }
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    gz_ = gzdopen(fd_, "rb");
    if (!gz_) {
      ::close(fd_);
      throw cannot_read(path_, ENOMEM);
    }
    fd_ = -1;  // gz_ owns it now
    gzbuffer(gz_, 1u << 18);
  }
  if (file_size_ >= kProgressBytes)
    progress_ = std::make_unique<Progress>("reading " + std::filesystem::path(path_).filename().string(),
                                           file_size_ >> 20, "MiB");
}

InputFile::~InputFile() {
  if (gz_) gzclose(gz_);
  if (fd_ >= 0) ::close(fd_);
}

void InputFile::fail_at(ErrorKind kind, std::size_t line, std::string_view message) const {
  throw InputError(kind, fmt::format("{}:{}: {}", path_, line, message));
}

void InputFile::fail_file(ErrorKind kind, std::string_view message) const {
  throw InputError(kind, fmt::format("{}: {}", path_, message));
}

std::size_t InputFile::read_some(char* into, std::size_t size) {
  if (gz_) {
    const int got = gzread(gz_, into, static_cast<unsigned>(std::min<std::size_t>(size, INT_MAX / 2)));
    int status = Z_OK;
    const char* message = gzerror(gz_, &status);
    if (got < 0) fail_file(ErrorKind::corrupt_file, fmt::format("the gzip data is damaged: {}", message));
    // zlib reports a stream cut short as an ordinary end, with Z_BUF_ERROR beside it.
    if (got == 0 && status == Z_BUF_ERROR)
      fail_file(ErrorKind::corrupt_file, "the gzip data ends early: the file is truncated");
    return static_cast<std::size_t>(got);
  }
  for (;;) {
    const ssize_t got = ::read(fd_, into, size);
    if (got >= 0) {
      raw_read_ += static_cast<std::size_t>(got);
      return static_cast<std::size_t>(got);
    }
    if (errno != EINTR) throw cannot_read(path_, errno);
  }
}

bool InputFile::refill() {
  if (at_end_) return false;
  // A small plain file needs no 4 MiB buffer (one byte more, to see its end in one read).
  if (buffer_.empty()) buffer_.resize(gz_ ? kChunk : std::clamp(file_size_ + 1, kSmallestBuffer, kChunk));
  const std::size_t unread = end_ - begin_;
  std::memmove(buffer_.data(), buffer_.data() + begin_, unread);
  begin_ = 0;
  end_ = unread;
  if (end_ > buffer_.size() / 2) buffer_.resize(buffer_.size() * 2);  // a line longer than half the buffer
  const std::size_t got = read_some(buffer_.data() + end_, buffer_.size() - end_);
  if (got == 0) {
    at_end_ = true;
    return false;
  }
  end_ += got;
  if (progress_) {  // the position in the file on disk (compressed bytes for gzip)
    const std::size_t mib = (gz_ ? static_cast<std::size_t>(gzoffset(gz_)) : raw_read_) >> 20;
    if (mib > reported_mib_) progress_->advance(mib - reported_mib_);
    reported_mib_ = std::max(reported_mib_, mib);
  }
  return true;
}

bool InputFile::next_line(std::string_view& line) {
  for (;;) {
    const char* data = buffer_.data();
    if (const void* found = std::memchr(data + begin_, '\n', end_ - begin_)) {
      const std::size_t stop = static_cast<std::size_t>(static_cast<const char*>(found) - data);
      line = strip_cr(std::string_view(data + begin_, stop - begin_));
      begin_ = stop + 1;
      break;
    }
    if (!refill()) {
      if (begin_ == end_) return false;
      // The last line, without a line break (refill() has moved the buffer: no `data`).
      line = strip_cr(std::string_view(buffer_.data() + begin_, end_ - begin_));
      begin_ = end_;
      break;
    }
  }
  // A UTF-8 byte order mark (files saved by Windows editors) is not part of the first line.
  if (++line_ == 1 && line.starts_with(kUtf8Bom)) line.remove_prefix(kUtf8Bom.size());
  return true;
}

void InputFile::load_all() {
  if (at_end_) return;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // A plain file in one read (and one more to see its end); gzip data grows the buffer as it comes.
  const std::size_t expected = gz_ ? kChunk : file_size_ - std::min(file_size_, raw_read_) + 1;
  if (buffer_.size() < end_ + expected) buffer_.resize(end_ + expected);
  for (;;) {
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    const std::size_t got = read_some(buffer_.data() + end_, buffer_.size() - end_);
    if (got == 0) break;
    end_ += got;
  }
  at_end_ = true;
}

std::string InputFile::read_all() {
  load_all();
  buffer_.resize(end_);
  buffer_.erase(0, begin_);
  std::string text = std::move(buffer_);
  buffer_.clear();
  begin_ = end_ = 0;
  return text;
}

}  // namespace hg::io
