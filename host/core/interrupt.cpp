#include "host/core/interrupt.hpp"

#include <csignal>

#include "host/core/cluster.hpp"

namespace hg {

namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_previous_term, g_previous_int, g_previous_usr1;

extern "C" void record_signal(int signal) { g_signal = signal; }

}  // namespace

InterruptRequests::InterruptRequests() {
  g_signal = 0;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  // Alone, a second signal takes the default action: the process ends. Under
  // mpirun a rank is signalled twice by design (the scheduler signals every
  // process, mpirun forwards the signal again): it keeps stopping cleanly.
  action.sa_flags = cluster::under_mpirun() ? 0 : SA_RESETHAND;
  sigaction(SIGTERM, &action, &g_previous_term);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGUSR1, &action, &g_previous_usr1);
}

InterruptRequests::~InterruptRequests() {
  sigaction(SIGTERM, &g_previous_term, nullptr);
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGUSR1, &g_previous_usr1, nullptr);
}

int InterruptRequests::signal() const { return g_signal; }

}  // namespace hg
