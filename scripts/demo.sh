#!/usr/bin/env bash
# The README's first command: installs what is missing, builds a Release
# binary, and runs the main job on the default data, printing the result.
# Everything it writes goes to results/ (or $1).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup-deps.sh"
BUILD="${BUILD_DIR:-$ROOT/build/release}"
mkdir -p "$BUILD"
echo "demo: building hourglass (Release) in $BUILD ..." >&2
if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DHOURGLASS_TESTS=OFF -DHOURGLASS_BENCH=OFF &&
       cmake --build "$BUILD" -j "$JOBS" --target hourglass; } >"$BUILD/demo-build.log" 2>&1; then
  cat "$BUILD/demo-build.log" >&2
  echo "demo: the build failed (log above)" >&2
  exit 1
fi
"$BUILD/hourglass" demo --out "${1:-$ROOT/results}"
