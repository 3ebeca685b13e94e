#include "io/output_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <system_error>

#include "host/core/errors.hpp"
#include "host/core/progress.hpp"

namespace hg::io {

namespace fs = std::filesystem;

namespace {

// ---- the partial files alive now -------------------------------------------
// Kept in fixed slots read with atomic loads, so that a signal handler may
// walk them (unlink is async-signal-safe; a mutex or a vector would not be).

constexpr int kSlots = 64;
std::atomic<char*> g_live[kSlots];

void remove_live_partials() {
  for (std::atomic<char*>& slot : g_live)
    if (const char* path = slot.load()) ::unlink(path);
}

std::terminate_handler g_previous_terminate = nullptr;

[[noreturn]] void remove_partials_then_terminate() {
  remove_live_partials();
  if (g_previous_terminate) g_previous_terminate();
  std::abort();
}

extern "C" void remove_partials_then_die(int signal) {
  remove_live_partials();
  // One line by write(2), the number formatted by hand: nothing here may allocate.
  char line[80];
  std::size_t n = 0;
  const auto put = [&](const char* text) {
    while (*text) line[n++] = *text++;
  };
  put("hourglass: ended by signal ");
  if (signal >= 10) line[n++] = static_cast<char>('0' + signal / 10 % 10);
  line[n++] = static_cast<char>('0' + signal % 10);
  put("; partial output files removed\n");
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line, n);
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void register_live(const std::string& path) {
  static const bool installed = [] {
    g_previous_terminate = std::set_terminate(remove_partials_then_terminate);
    return true;
  }();
  (void)installed;
  char* copy = ::strdup(path.c_str());
  for (std::atomic<char*>& slot : g_live) {
    char* empty = nullptr;
    if (slot.compare_exchange_strong(empty, copy)) return;
  }
  std::free(copy);  // more than kSlots outputs at once: this one is removed by its destructor only
}

void unregister_live(const std::string& path) {
  for (std::atomic<char*>& slot : g_live) {
    char* current = slot.load();
    if (current && path == current && slot.compare_exchange_strong(current, nullptr)) {
      std::free(current);
      return;
    }
  }
}

// ---- resolving an output ---------------------------------------------------

[[noreturn]] void refuse(const std::string& message) { throw InputError(ErrorKind::output_path, message); }

// Follows symlinks in the last component (the folders are resolved by
// weakly_canonical where needed): the file a write through `path` reaches.
std::string follow_links(const std::string& path) {
  fs::path p(path);
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) refuse(fmt::format("{}: cannot read the symlink: {}", path, ec.message()));
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  refuse(fmt::format("{}: too many levels of symbolic links", path));
}

struct Resolved {
  // file: a regular file, or a name that does not exist yet (written
  // through TARGET.partial); device: anything else that is not a folder.
  enum class Kind { file, device, standard_output } kind;
  std::string target;  // after symlinks
};

Resolved resolve(const std::string& path, OutputFormat format) {
  if (path.empty()) refuse("output path is empty");
  if (path == "-") {
    if (format == OutputFormat::hdf5) refuse("-: an HDF5 output cannot go to standard output; name a file");
    return {Resolved::Kind::standard_output, path};
  }
  Resolved r{Resolved::Kind::file, follow_links(path)};
  struct stat info {};
  if (::stat(r.target.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) refuse(fmt::format("{}: output path is a directory", path));
    if (!S_ISREG(info.st_mode)) {
      if (format == OutputFormat::hdf5)
        refuse(fmt::format("{}: an HDF5 output must be a regular file, not a device or FIFO", path));
      r.kind = Resolved::Kind::device;
    }
    return r;
  }
  const fs::path target(r.target);
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::exists(parent, ec))
    refuse(fmt::format("{}: directory {} does not exist", path, parent.string()));
  if (!fs::is_directory(parent, ec)) refuse(fmt::format("{}: {} is not a directory", path, parent.string()));
  return r;
}

// The partial file beside `target`: it must be ours to replace, a regular
// file or nothing (never a link, a folder or a device written through).
constexpr std::string_view kPartialSuffix = ".partial";

std::string partial_beside(const std::string& display, const std::string& target) {
  std::string partial = target + std::string(kPartialSuffix);
  struct stat info {};
  if (::lstat(partial.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
    refuse(fmt::format("{}: {} is in the way of its partial file (not a regular file); remove it", display, partial));
  return partial;
}

struct Identity {
  dev_t device;
  ino_t inode;
  bool operator==(const Identity&) const = default;
};

std::optional<Identity> identity(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return Identity{info.st_dev, info.st_ino};
}

std::string normal_path(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? path : p.lexically_normal().string();
}

// What an output will replace: its target (by identity once it exists, by
// resolved name before) and its partial file.
struct Claim {
  const FileArgument* arg;
  std::optional<Identity> target_id, partial_id;
  std::string target_name, partial_name;
};

std::string describe(const FileArgument& f) { return fmt::format("{} ({})", f.path, f.role); }

}  // namespace

void remove_partials_on_signals() {
  // The requests to stop, and the crashes (a fault in a worker thread).
  for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) {
    struct sigaction current {};
    if (::sigaction(signal, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) continue;  // nohup: ignored
    struct sigaction action {};
    action.sa_handler = remove_partials_then_die;
    action.sa_flags = SA_RESETHAND | SA_NODEFER;  // the raise() at its end takes the default action at once
    sigemptyset(&action.sa_mask);
    ::sigaction(signal, &action, nullptr);
  }
}

void check_files(const std::vector<FileArgument>& inputs, const std::vector<FileArgument>& outputs) {
  std::vector<Claim> claims;
  const FileArgument* standard_output = nullptr;
  for (const FileArgument& out : outputs) {
    if (out.path.empty()) continue;
    Resolved r = resolve(out.path, out.format);
    if (r.kind == Resolved::Kind::standard_output) {
      if (standard_output)
        refuse(fmt::format("{} and {} both write to standard output; send one of them to a file",
                           describe(*standard_output), describe(out)));
      standard_output = &out;
      continue;
    }
    if (r.kind == Resolved::Kind::device) continue;  // written directly; two outputs to /dev/null are fine
    const std::string partial = partial_beside(out.path, r.target);
    claims.push_back({&out, identity(r.target), identity(partial), normal_path(r.target), normal_path(partial)});
  }
  for (const Claim& c : claims) {
    for (const FileArgument& in : inputs) {
      if (in.path.empty() || in.path == "-") continue;
      const std::optional<Identity> input = identity(in.path);
      if (!input) continue;  // the input's own check reports it missing
      if (input == c.target_id)
        refuse(fmt::format("{} is the same file as the input {}: it would be overwritten; write somewhere else",
                           describe(*c.arg), describe(in)));
      if (input == c.partial_id)
        refuse(fmt::format("the partial file of {} is the input {}: it would be overwritten; write somewhere else",
                           describe(*c.arg), describe(in)));
    }
    for (const Claim& other : claims) {
      if (&other == &c) continue;
      const bool same = c.target_name == other.target_name || (c.target_id && c.target_id == other.target_id) ||
                        c.partial_name == other.target_name;
      if (same)
        refuse(fmt::format("{} and {} are the same file: one output would overwrite the other",
                           describe(*c.arg), describe(*other.arg)));
    }
  }
  if (standard_output) send_report_to_stderr();
}

PartialFile::PartialFile(std::string final_path, OutputFormat format) : final_(std::move(final_path)) {
  const Resolved r = resolve(final_, format);
  switch (r.kind) {
    case Resolved::Kind::standard_output:
      mode_ = Mode::standard_output;
      partial_ = "/dev/stdout";
      return;
    case Resolved::Kind::device:
      mode_ = Mode::device;
      partial_ = r.target;
      return;
    case Resolved::Kind::file:
      mode_ = Mode::rename;
      partial_ = partial_beside(final_, r.target);
      register_live(partial_);
      return;
  }
}

PartialFile::~PartialFile() {
  if (mode_ != Mode::rename) return;
  if (!committed_ && !keep_) ::unlink(partial_.c_str());
  unregister_live(partial_);
}

std::FILE* PartialFile::open() {
  std::FILE* file = nullptr;
  if (mode_ == Mode::standard_output) {
    std::fflush(stdout);  // what the program printed before comes first
    const int fd = ::dup(STDOUT_FILENO);
    file = fd < 0 ? nullptr : ::fdopen(fd, "wb");
    if (!file && fd >= 0) ::close(fd);
  } else {
    file = std::fopen(partial_.c_str(), "wb");
  }
  if (!file)
    throw InputError(ErrorKind::output_path, fmt::format("{}: cannot create: {}", final_, std::strerror(errno)));
  return file;
}

void PartialFile::keep_partial() {
  keep_ = true;
  if (mode_ == Mode::rename) unregister_live(partial_);
}

void PartialFile::commit() {
  if (mode_ == Mode::rename) {
    const std::string target = partial_.substr(0, partial_.size() - kPartialSuffix.size());
    std::error_code ec;
    fs::rename(partial_, target, ec);
    if (ec) throw RuntimeError(fmt::format("{}: cannot rename {} into place: {}", final_, partial_, ec.message()));
    unregister_live(partial_);  // its name is the target's now
  }
  committed_ = true;
}

std::string partial_path_of(const std::string& path) {
  return partial_beside(path, resolve(path, OutputFormat::hdf5).target);
}

void write_text_file(const std::string& path, std::string_view text) {
  PartialFile out(path);
  std::FILE* file = out.open();
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) throw RuntimeError(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  out.commit();
}

}  // namespace hg::io
