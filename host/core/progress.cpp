#include "host/core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace hg {

namespace {
std::atomic<bool> g_quiet{false};
}

void Progress::set_quiet(bool quiet) { g_quiet = quiet; }

void note(const std::string& message) {
  if (!g_quiet) fmt::print(stderr, "hourglass: {}\n", message);
}

Progress::Progress(std::string stage, std::uint64_t total)
    : stage_(std::move(stage)),
      total_(total),
      terminal_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  if (g_quiet) return;
  if (terminal_)
    draw();
  else if (total_ > 1)
    fmt::print(stderr, "hourglass: {}: started ({} steps)\n", stage_, total_);
}

Progress::~Progress() { finish(); }

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::advance(std::uint64_t amount) {
  done_ += amount;
  if (g_quiet || !terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ > std::chrono::milliseconds(100) || done_ >= total_) {
    last_draw_ = now;
    draw();
  }
}

void Progress::draw() {
  constexpr int kWidth = 30;
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done_) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * kWidth);
  fmt::print(stderr, "\r{:<24} [{:=<{}}{:<{}}] {:5.1f}% {:7.1f}s", stage_, "", filled, "", kWidth - filled,
             100.0 * fraction, seconds());
  std::fflush(stderr);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (g_quiet) return;
  if (terminal_) {
    done_ = std::max(done_, total_);
    draw();
    fmt::print(stderr, "\n");
  } else {
    fmt::print(stderr, "hourglass: {}: done in {:.2f} s\n", stage_, seconds());
  }
}

}  // namespace hg
