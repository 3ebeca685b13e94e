#!/usr/bin/env bash
# The README's test command: installs what is missing, builds (CUDA code
# included when nvcc exists), and runs every test. GPU tests (ctest label
# `gpu`) skip cleanly on machines without a usable GPU. Then the CPU tests
# again in the `asan` preset, under AddressSanitizer and
# UndefinedBehaviorSanitizer (any report fails the run; HG_SANITIZE=0 skips
# this second pass). Extra arguments go to both ctest runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup-deps.sh"
BUILD="${BUILD_DIR:-$ROOT/build/test}"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$JOBS"
(cd "$BUILD" && ctest --output-on-failure -j "$JOBS" --timeout 600 "$@")

if [ "${HG_SANITIZE:-1}" != 0 ]; then
  echo "test: the CPU tests again under AddressSanitizer + UndefinedBehaviorSanitizer (build/asan)" >&2
  (cd "$ROOT" && cmake --preset asan >/dev/null)
  cmake --build "$ROOT/build/asan" -j "$JOBS"
  export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
  (cd "$ROOT/build/asan" && ctest --output-on-failure -j "$JOBS" --timeout 1200 -L cpu "$@")
fi
