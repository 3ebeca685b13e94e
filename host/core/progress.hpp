#pragma once
// Progress of long stages on stderr (docs/cli.md#progress).
//
// On a terminal: a bar redrawn in place, at least once a second (a ticker
// thread moves the clock even while no work is reported). Without one (a
// batch log): a line when a stage of several steps starts, one every
// --progress-every seconds (default 15) with the work done, the rate and the
// time left, and one when it ends: "done in" only when it finished,
// "stopped after" when an exception (a signal, memory exhaustion) ends it.
// Silent when quiet.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace hg {

class Progress {
 public:
  // `unit` names the steps in log lines ("rows"); a stage of one step
  // reports its running time only.
  Progress(std::string stage, std::uint64_t total, std::string unit = "steps");
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();

  void advance(std::uint64_t amount = 1);  // safe from any thread
  // The closing "done in" line, with `detail` after it when given; without
  // it the destructor says done, or stopped when unwinding.
  void finish(const std::string& detail = "");
  double seconds() const;

  static void set_quiet(bool quiet);
  // Seconds between log lines without a terminal; 0: none.
  static void set_log_interval(double seconds);

 private:
  void tick(std::stop_token stop);
  void draw();      // the terminal bar
  void log_line();  // one periodic line for a log
  void close(bool done, const std::string& detail = "");

  std::string stage_, unit_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  bool finished_ = false;
  bool terminal_;
  int exceptions_at_start_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<std::int64_t> last_draw_ns_{0};
  std::mutex output_;                  // one writer of the stderr line at a time
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;  // the ticker's sleep, cut short at the end
  std::jthread ticker_;
};

// One plain line on stderr ("hourglass: …") unless quiet.
void note(const std::string& message);

// Where a command prints its report (summary, route, findings): stdout,
// unless an output was sent there with `-` (then stderr, so that stdout
// holds the output alone).
std::FILE* report_stream();
void send_report_to_stderr();

// "1 h 02 min", "3 min 05 s", "12 s": a duration for people.
std::string duration_text(double seconds);

}  // namespace hg
