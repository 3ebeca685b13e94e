#!/usr/bin/env bash
# The README's test command: installs what is missing, builds and runs every
# test in the `cuda` preset where nvcc exists (on PATH, or at
# /usr/local/cuda/bin/nvcc: common.sh exports CUDACXX), else in the `cpu`
# preset (HG_TEST_PRESET=cpu|cuda chooses). GPU tests (ctest label `gpu`)
# skip cleanly on machines without a usable GPU. Then the CPU tests again in
# the `asan` preset, under AddressSanitizer and UndefinedBehaviorSanitizer:
# its test preset runs label `cpu` only (-L cpu) with ASAN_OPTIONS and
# UBSAN_OPTIONS that make any report fail the run; HG_SANITIZE=0 skips this
# second pass. Every preset builds with warnings as errors, into
# build/<preset> (CMakePresets.json). Extra arguments go to both ctest runs.
# scripts/omx-venv.sh first puts the reference OMX library in build/omx-venv.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup-deps.sh"
"$ROOT/scripts/omx-venv.sh"  # openmatrix for the OMX validator test, in a venv of its own
cd "$ROOT"  # cmake and ctest find CMakePresets.json here

# run_preset PRESET [ctest args...]: configure, build and test one preset.
run_preset() {
  local preset="$1"
  shift
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$JOBS"
  ctest --preset "$preset" -j "$JOBS" "$@"
}

if [ -z "${HG_TEST_PRESET:-}" ]; then
  if command -v nvcc >/dev/null 2>&1 || [ -n "${CUDACXX:-}" ]; then HG_TEST_PRESET=cuda; else HG_TEST_PRESET=cpu; fi
fi
echo "test: every test in the $HG_TEST_PRESET preset (build/$HG_TEST_PRESET)" >&2
run_preset "$HG_TEST_PRESET" "$@"
# The Slurm test's own lines in the log (ctest keeps a passing test's output
# only in LastTest.log): what it submitted, pre-empted and compared.
grep -h "slurm_test:" "$ROOT/build/$HG_TEST_PRESET/Testing/Temporary/LastTest.log" 2>/dev/null || true

if [ "${HG_SANITIZE:-1}" != 0 ]; then
  echo "test: the CPU tests again under AddressSanitizer + UndefinedBehaviorSanitizer (build/asan)" >&2
  run_preset asan "$@"
fi
