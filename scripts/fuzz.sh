#!/usr/bin/env bash
# Builds the libFuzzer harnesses (preset `fuzz`: clang-14, ASan + UBSan) and
# runs each for SECONDS (default 600), one at a time, then prints a table.
#
#   scripts/fuzz.sh [SECONDS] [harness ...]     harness: csv_import, scenario, …
#                                               (default: every fuzz/*_fuzz.cpp)
#
# Each harness starts from a copy of its seed corpus fuzz/corpus/<harness>/ in
# build/fuzz/work/<harness>/ (the grown corpus stays there, never in the
# repository); crash-, timeout-, oom- and leak- inputs go to
# build/fuzz/artifacts/<harness>/, the log to build/fuzz/logs/<harness>.log.
# A run stops at its first finding, except snapshot_bytes (below). Each
# crash found is replayed once and counted as "upstream" when the first frame
# of its stack that is not the sanitizer, libFuzzer, libc or libstdc++ lies in
# libhdf5. Exit status 1 if any run found something (upstream included).
#
# snapshot_bytes runs in fork mode (-fork=1: one fuzzing child at a time)
# with -ignore_crashes=1, since damaged files crash libhdf5 itself within
# seconds (upstream issues, docs/fuzzing.md) and would stop the run; and
# with ASAN_OPTIONS=detect_leaks=0, since leaks inside libhdf5 on damaged
# files are upstream issues too. All other harnesses run in one process with
# leak detection on.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SECONDS_EACH="${1:-600}"
shift || true
BUILD="$ROOT/build/fuzz"
FUZZ_JOBS="${FUZZ_BUILD_JOBS:-2}"

if [ "$#" -gt 0 ]; then
  HARNESSES=("${@%_fuzz}")
else
  HARNESSES=()
  for f in "$ROOT"/fuzz/*_fuzz.cpp; do
    n="$(basename "$f" .cpp)"
    HARNESSES+=("${n%_fuzz}")
  done
fi

targets=()
for h in "${HARNESSES[@]}"; do
  [ -f "$ROOT/fuzz/${h}_fuzz.cpp" ] || { echo "fuzz.sh: no harness fuzz/${h}_fuzz.cpp" >&2; exit 2; }
  targets+=("${h}_fuzz")
done

(cd "$ROOT" && cmake --preset fuzz >/dev/null)
cmake --build "$BUILD" -j "$FUZZ_JOBS" --target "${targets[@]}"

rows=()
status=0
for h in "${HARNESSES[@]}"; do
  work="$BUILD/work/$h"
  artifacts="$BUILD/artifacts/$h"
  log="$BUILD/logs/$h.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  [ -d "$ROOT/fuzz/corpus/$h" ] && cp -n "$ROOT/fuzz/corpus/$h"/* "$work"/ 2>/dev/null || true
  asan="abort_on_error=1:symbolize=1"
  extra=()
  if [ "$h" = snapshot_bytes ]; then
    asan="$asan:detect_leaks=0"
    extra=(-fork=1 -ignore_crashes=1)
  fi
  echo "== $h: ${SECONDS_EACH}s (ASAN_OPTIONS=$asan)"
  start=$(date +%s)
  set +e
  ASAN_OPTIONS="$asan" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$BUILD/fuzz/${h}_fuzz" "$work" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${extra[@]}" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # Fork mode prints no final stats: "#RUNS: cov: …" lines instead.
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
  corpus=$(find "$work" -type f | wc -l)
  count() { find "$artifacts" -type f -name "$1-*" -newermt "@$start" | wc -l; }
  crashes=$(( $(count crash) + $(count leak) )); timeouts=$(count timeout); ooms=$(count oom)
  upstream=0
  while IFS= read -r artifact; do
    frame=$(ASAN_OPTIONS="$asan" "$BUILD/fuzz/${h}_fuzz" "$artifact" 2>&1 |
      grep -E '^ +#[0-9]+ ' | grep -vE '__interceptor_|__sanitizer|__asan|__ubsan|fuzzer::|libc\.so|libstdc\+\+|/libc/|nptl|stdlib/|signal/|std::terminate|__cxa_' |
      head -1 || true)
    case "$frame" in *libhdf5*) upstream=$((upstream + 1)); echo "   upstream (libhdf5): $artifact";; esac
  done < <(find "$artifacts" -type f -name 'crash-*' -newermt "@$start")
  if [ "$rc" -ne 0 ] || [ "$((crashes + timeouts + ooms))" -gt 0 ]; then
    status=1
    echo "   FINDING (exit $rc): see $log and $artifacts/"
    grep -m3 -E "ERROR: |runtime error|terminate called|what\(\)" "$log" | sed 's/^/   /' || true
  fi
  rows+=("$(printf '%-22s %7s %12s %8s %8s %9s %6s %9s' "$h" "$elapsed" "${execs:-?}" "$corpus" "$crashes" "$timeouts" "$ooms" "$upstream")")
done

echo
printf '%-22s %7s %12s %8s %8s %9s %6s %9s\n' harness seconds executions corpus crashes timeouts ooms upstream
for r in "${rows[@]}"; do echo "$r"; done
exit "$status"
