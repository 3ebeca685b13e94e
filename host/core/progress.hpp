#pragma once
// Progress of long stages on stderr: a bar redrawn in place when stderr is a
// terminal, one plain line at the start and end of a stage otherwise (logs
// of batch jobs stay readable). Silent when quiet.

#include <chrono>
#include <cstdint>
#include <string>

namespace hg {

class Progress {
 public:
  Progress(std::string stage, std::uint64_t total);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();

  void advance(std::uint64_t amount = 1);
  void finish();  // prints the closing line; also done by the destructor
  double seconds() const;

  static void set_quiet(bool quiet);

 private:
  void draw();

  std::string stage_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  bool finished_ = false;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// One plain line on stderr ("hourglass: …") unless quiet.
void note(const std::string& message);

}  // namespace hg
