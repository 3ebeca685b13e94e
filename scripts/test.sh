#!/usr/bin/env bash
# The README's test command: installs what is missing, builds (CUDA code
# included when nvcc exists), and runs every test. GPU tests (ctest label
# `gpu`) skip cleanly on machines without a usable GPU.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup-deps.sh"
BUILD="${BUILD_DIR:-$ROOT/build/test}"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$JOBS"
cd "$BUILD"
ctest --output-on-failure -j "$JOBS" --timeout 600 "$@"
