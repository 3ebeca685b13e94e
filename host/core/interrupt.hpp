#pragma once
// SIGTERM (a scheduler pre-empting the job) and SIGINT (Ctrl-C) ask a long
// run to stop at the next safe point instead of dying mid-write: `solve`
// finishes the row block in flight, flushes, records its progress and exits
// saying how to resume. SIGUSR1 asks the same: mpirun forwards it to every
// rank, while it answers SIGTERM by ending the ranks itself
// (docs/cluster.md#pre-emption-and-requeue). Alone, a second signal ends the
// process at once (the handler is installed with SA_RESETHAND); a rank under
// mpirun keeps stopping cleanly.

#include <stdexcept>
#include <string>

namespace hg {

class InterruptRequests {
 public:
  InterruptRequests();   // installs the handlers
  ~InterruptRequests();  // restores the previous ones
  InterruptRequests(const InterruptRequests&) = delete;
  InterruptRequests& operator=(const InterruptRequests&) = delete;

  int signal() const;  // the signal received, 0 while none
};

// Thrown once a run has stopped cleanly on a signal; main() exits with
// 128 + the signal (143 for SIGTERM, 130 for SIGINT, 138 for SIGUSR1), as
// shells do.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(int signal, const std::string& message) : std::runtime_error(message), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

}  // namespace hg
