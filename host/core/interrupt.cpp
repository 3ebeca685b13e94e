#include "host/core/interrupt.hpp"

#include <csignal>

namespace hg {

namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_previous_term, g_previous_int;

extern "C" void record_signal(int signal) { g_signal = signal; }

}  // namespace

InterruptRequests::InterruptRequests() {
  g_signal = 0;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // a second signal takes the default action: the process ends
  sigaction(SIGTERM, &action, &g_previous_term);
  sigaction(SIGINT, &action, &g_previous_int);
}

InterruptRequests::~InterruptRequests() {
  sigaction(SIGTERM, &g_previous_term, nullptr);
  sigaction(SIGINT, &g_previous_int, nullptr);
}

int InterruptRequests::signal() const { return g_signal; }

}  // namespace hg
