#include "host/core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <exception>

namespace hg {

namespace {
std::atomic<bool> g_quiet{false};
std::atomic<bool> g_report_to_stderr{false};
std::atomic<double> g_log_interval{15.0};
constexpr auto kTerminalTick = std::chrono::milliseconds(1000);
constexpr std::int64_t kMinRedrawNs = 100'000'000;  // advance() redraws at most every 0.1 s

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

std::FILE* report_stream() { return g_report_to_stderr ? stderr : stdout; }
void send_report_to_stderr() { g_report_to_stderr = true; }

void Progress::set_quiet(bool quiet) { g_quiet = quiet; }
void Progress::set_log_interval(double seconds) { g_log_interval = seconds; }

void note(const std::string& message) {
  if (!g_quiet) fmt::print(stderr, "hourglass: {}\n", message);
}

std::string duration_text(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds)));
  if (s >= 3600) return fmt::format("{} h {:02} min", s / 3600, s % 3600 / 60);
  if (s >= 60) return fmt::format("{} min {:02} s", s / 60, s % 60);
  return fmt::format("{} s", s);
}

Progress::Progress(std::string stage, std::uint64_t total, std::string unit)
    : stage_(std::move(stage)),
      unit_(std::move(unit)),
      total_(total),
      terminal_(isatty(STDERR_FILENO) == 1),
      exceptions_at_start_(std::uncaught_exceptions()),
      start_(std::chrono::steady_clock::now()) {
  if (g_quiet) return;
  if (terminal_)
    draw();
  else if (total_ > 1)
    fmt::print(stderr, "hourglass: {}: started ({} {})\n", stage_, total_, unit_);
  if (terminal_ || g_log_interval > 0) ticker_ = std::jthread([this](std::stop_token stop) { tick(stop); });
}

Progress::~Progress() { close(std::uncaught_exceptions() <= exceptions_at_start_); }

void Progress::finish(const std::string& detail) { close(true, detail); }

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::advance(std::uint64_t amount) {
  done_ += amount;
  if (g_quiet || !terminal_) return;
  const std::int64_t now = now_ns();
  std::int64_t last = last_draw_ns_.load();
  if ((now - last > kMinRedrawNs || done_ >= total_) && last_draw_ns_.compare_exchange_strong(last, now)) draw();
}

void Progress::tick(std::stop_token stop) {
  const auto period = terminal_ ? std::chrono::duration<double>(kTerminalTick)
                                : std::chrono::duration<double>(g_log_interval.load());
  auto next = std::chrono::steady_clock::now();
  while (true) {
    next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
    std::unique_lock lock(wake_mutex_);
    if (wake_.wait_until(lock, stop, next, [] { return false; }) || stop.stop_requested()) return;
    lock.unlock();
    if (terminal_)
      draw();
    else
      log_line();
  }
}

void Progress::draw() {
  const std::lock_guard lock(output_);
  if (finished_) return;
  constexpr int kWidth = 30;
  const std::uint64_t done = std::min(done_.load(), total_);
  const double fraction = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * kWidth);
  fmt::print(stderr, "\r{:<24} [{:=<{}}{:<{}}] {:5.1f}% {:7.1f}s", stage_, "", filled, "", kWidth - filled,
             100.0 * fraction, seconds());
  std::fflush(stderr);
}

void Progress::log_line() {
  const std::lock_guard lock(output_);
  if (finished_) return;
  const double elapsed = seconds();
  const std::uint64_t done = std::min(done_.load(), total_);
  if (total_ <= 1) {
    fmt::print(stderr, "hourglass: {}: running for {}\n", stage_, duration_text(elapsed));
    return;
  }
  if (done >= total_) {  // the work is counted, the step that closes it is not done yet
    fmt::print(stderr, "hourglass: {}: all {} {} in {}, finishing\n", stage_, total_, unit_, duration_text(elapsed));
    return;
  }
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const std::string left =
      rate > 0 ? fmt::format("about {} left", duration_text(static_cast<double>(total_ - done) / rate))
               : std::string("time left unknown yet");
  fmt::print(stderr, "hourglass: {}: {} of {} {} ({:.1f} %) in {}, {:.1f} {}/s, {}\n", stage_, done, total_, unit_,
             100.0 * static_cast<double>(done) / static_cast<double>(total_), duration_text(elapsed), rate, unit_,
             left);
}

void Progress::close(bool done, const std::string& detail) {
  if (ticker_.joinable()) {
    ticker_.request_stop();
    wake_.notify_all();
    ticker_.join();
  }
  if (done && terminal_ && !g_quiet) {
    done_ = std::max(done_.load(), total_);
    draw();
  }
  const std::lock_guard lock(output_);
  if (finished_) return;
  finished_ = true;
  if (g_quiet) return;
  if (terminal_) fmt::print(stderr, "\n");
  if (done) {
    if (!terminal_ || !detail.empty())
      fmt::print(stderr, "hourglass: {}: done in {:.2f} s{}\n", stage_, seconds(), detail.empty() ? "" : ": " + detail);
  } else {
    fmt::print(stderr, "hourglass: {}: stopped after {:.2f} s ({} of {} {})\n", stage_, seconds(),
               std::min(done_.load(), total_), total_, unit_);
  }
}

}  // namespace hg
