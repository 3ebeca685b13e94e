#pragma once
// The GPU tests (tests/gpu_*_test.cpp, ctest label `gpu`) run where a usable
// GPU is and skip elsewhere, naming the reason. Usable means that the probe
// kernel of this build ran and gave its result back, not merely that the
// driver lists a card.

#include <gtest/gtest.h>

#include "host/solvers/gpu_device.hpp"

// Skips the current test (GTEST_SKIP returns from it, hence a macro) unless
// the GPU is usable.
#define REQUIRE_GPU()                                                          \
  do {                                                                         \
    if (!::hg::probe_gpu().usable) GTEST_SKIP() << ::hg::probe_gpu().reason; \
  } while (0)
