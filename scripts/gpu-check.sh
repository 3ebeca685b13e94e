#!/usr/bin/env bash
# The GPU check in two halves (docs/performance.md, "GPU check").
#
#   scripts/gpu-check.sh          here, without a GPU: builds the `release` preset
#                                 (CUDA sm_90, static HDF5 and C++ runtime,
#                                 warnings as errors) into build/release-static
#                                 (BUILD_DIR to choose) and copies hourglass, every
#                                 tests/gpu_*_test and bench/gpu_*_bench into
#                                 gpu-carry/ (git-ignored), ready to travel.
#   scripts/gpu-check.sh --run    on the GPU machine, from the repository root
#                                 there: runs every check on the carried
#                                 binaries, logs under ${OUT:-/tmp/gpu-check-out},
#                                 and prints a summary table last.
#                                 HG_CHECK_ONLY=REGEX limits the sanitizer
#                                 passes and the benchmarks to the binaries
#                                 it matches (e.g. phast); every GPU test runs.
#
# One device call does it all: carry gpu-carry, command bash scripts/gpu-check.sh --run.
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CARRY="$ROOT/gpu-carry"

# ---------------------------------------------------------------------------
# Build and pack (no GPU needed).
# ---------------------------------------------------------------------------
build_and_pack() {
  set -euo pipefail
  # The release preset's own folder unless BUILD_DIR says otherwise.
  local build="${BUILD_DIR:-$ROOT/build/release-static}"
  (cd "$ROOT" && cmake --preset release -B "$build" >/dev/null)

  local targets=(hourglass) src name
  for src in "$ROOT"/tests/gpu_*_test.cpp "$ROOT"/bench/gpu_*_bench.cpp; do
    [ -e "$src" ] || continue
    name="$(basename "$src" .cpp)"
    targets+=("$name")
  done

  # One target at a time, so that one that does not link (yet) does not hide
  # the others.
  local built=() failed=() target
  for target in "${targets[@]}"; do
    echo "== building $target"
    if cmake --build "$build" -j "$JOBS" --target "$target" >"$build/gpu-check-$target.log" 2>&1; then
      built+=("$target")
    else
      failed+=("$target")
      echo "gpu-check: $target did not build; the end of $build/gpu-check-$target.log:" >&2
      grep -E "error|undefined reference" "$build/gpu-check-$target.log" | head -20 >&2 || true
      tail -5 "$build/gpu-check-$target.log" >&2
    fi
  done

  rm -rf "$CARRY"
  mkdir -p "$CARRY/lib"
  local file fat_before fat_after
  for target in "${built[@]}"; do
    file="$(find "$build" -maxdepth 2 -type f -name "$target" -perm -u+x | head -1)"
    [ -n "$file" ] || { echo "gpu-check: cannot find the built $target" >&2; failed+=("$target"); continue; }
    cp "$file" "$CARRY/$target"
    # strip drops symbols and debug info; the fatbin (SASS for sm_90) is an
    # allocated section and must come through unchanged.
    fat_before="$(fatbin_bytes "$CARRY/$target")"
    strip "$CARRY/$target"
    fat_after="$(fatbin_bytes "$CARRY/$target")"
    if [ "$fat_before" != "$fat_after" ]; then
      echo "gpu-check: strip changed the fatbin of $target ($fat_before -> $fat_after bytes)" >&2
      exit 1
    fi
    echo "$target: fatbin $fat_after bytes, kept by strip"
  done

  # Debian ships Google Benchmark only as a shared library, built against its
  # libstdc++ (GLIBCXX_3.4.30): both travel in gpu-carry/lib, which --run puts
  # on LD_LIBRARY_PATH for the benchmarks alone.
  local bench lib path
  for bench in "$CARRY"/gpu_*_bench; do
    [ -e "$bench" ] || continue
    for lib in libbenchmark.so libstdc++.so.6; do
      path="$(ldd "$bench" | awk -v lib="$lib" 'index($1, lib) == 1 && $3 ~ /^\// { print $3; exit }')"
      [ -n "$path" ] && cp -L "$path" "$CARRY/lib/$(basename "$path")"
    done
  done

  echo
  for file in "$CARRY"/* "$CARRY"/lib/*; do
    [ -f "$file" ] || continue
    echo "== ldd ${file#"$ROOT"/}"
    ldd "$file" || true
  done
  echo
  ls -l "$CARRY" "$CARRY/lib"
  local carry_bytes tree_bytes
  carry_bytes="$(du -sb "$CARRY" | cut -f1)"
  tree_bytes="$(cd "$ROOT" && git ls-files -z -co --exclude-standard | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)"
  printf 'gpu-carry: %d bytes (%.1f MiB); working tree: %.1f MiB; the device call carries both (64 MiB at most)\n' \
    "$carry_bytes" "$(awk -v b="$carry_bytes" 'BEGIN { print b / 1048576 }')" \
    "$(awk -v b="${tree_bytes:-0}" 'BEGIN { print b / 1048576 }')"
  if [ "$carry_bytes" -gt $((50 * 1024 * 1024)) ]; then
    echo "gpu-check: gpu-carry is over 50 MiB" >&2
    exit 1
  fi
  if [ "${#failed[@]}" -gt 0 ]; then
    echo "gpu-check: not built: ${failed[*]}" >&2
    exit 1
  fi
  echo
  echo "Ready. Make one device call, from the repository root:"
  echo "  carry:   [\"gpu-carry\"]"
  echo "  command: bash scripts/gpu-check.sh --run"
  echo "  timeout: 600 s (the run stops itself after HG_CHECK_SECONDS, default 420 s)"
}

# Size of the .nv_fatbin section in bytes (0 when there is none).
fatbin_bytes() {
  local hex
  hex="$(objdump -h "$1" | awk '$2 == ".nv_fatbin" { print $3 }')"
  echo $((16#${hex:-0}))
}

# ---------------------------------------------------------------------------
# Run everything on the GPU machine. Never stops at a failure; every step has
# a timeout; the summary table is rewritten after every step, so a run cut
# short still leaves $OUT/summary.txt.
# ---------------------------------------------------------------------------
OUT="${OUT:-/tmp/gpu-check-out}"
START=$SECONDS
DEADLINE=$((START + ${HG_CHECK_SECONDS:-420}))
ROWS=()       # "step|status|seconds|key figure"
EXTRA=()      # more lines for the table (benchmark figures)
FAILURES=0

row() {
  ROWS+=("$1|$2|$3|$4")
  case "$2" in ok | skipped) ;; *) FAILURES=$((FAILURES + 1)) ;; esac
  write_summary >"$OUT/summary.txt"
}

write_summary() {
  local r s st sec key
  printf '%-28s | %-12s | %7s | %s\n' step status seconds "key figure"
  printf '%s\n' "-----------------------------+--------------+---------+-----------------------------------"
  for r in "${ROWS[@]}"; do
    IFS='|' read -r s st sec key <<<"$r"
    printf '%-28s | %-12s | %7s | %s\n' "$s" "$st" "$sec" "$key"
  done
  for r in "${EXTRA[@]}"; do printf '  %s\n' "$r"; done
}

# run_step LOG LIMIT_S CMD...: runs CMD with stdout and stderr in LOG, at most
# LIMIT_S seconds (less when the deadline is nearer). Sets STATUS and SECS.
run_step() {
  local log="$1" limit="$2"
  shift 2
  local left=$((DEADLINE - SECONDS))
  if [ "$left" -lt 10 ]; then
    STATUS="no time"
    SECS=0
    echo "skipped: the run's deadline (HG_CHECK_SECONDS) was reached" >"$log"
    return
  fi
  [ "$limit" -gt "$left" ] && limit=$left
  local t0 rc
  t0=$(date +%s.%N)
  timeout -k 10 "$limit" "$@" >"$log" 2>&1
  rc=$?
  SECS=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  case $rc in
    0) STATUS=ok ;;
    124 | 137) STATUS="timeout ${limit}s" ;;
    127) STATUS="FAIL rc=127" ;;  # not found, or the loader failed
    *) STATUS="FAIL rc=$rc" ;;
  esac
}

have() { command -v "$1" >/dev/null 2>&1; }

# gtest's closing lines as "N passed, N failed, N skipped".
gtest_figure() {
  local log="$1" passed failed skipped
  passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*, listed below:/\1/p' "$log" | tail -1)
  skipped=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*, listed below:/\1/p' "$log" | tail -1)
  if [ -z "$passed$failed$skipped" ]; then
    echo "no gtest summary (see log)"
  else
    echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
  fi
}

# The tests find their data, the hourglass binary and the sources here, not
# where they were built (tests/support/test_support.cpp).
TEST_ENV=(env HG_TEST_DATA_DIR="$ROOT/tests/data" HG_BINARY="$CARRY/hourglass" HG_SOURCE_DIR="$ROOT")
# libbenchmark.so and its libstdc++ (see build_and_pack), for the benchmarks.
CARRIED_LIBS="$CARRY/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

step_gpu_info() {
  echo "== a. GPU"
  if ! have nvidia-smi; then
    echo "nvidia-smi not found" | tee "$OUT/nvidia-smi.log"
    row "a nvidia-smi" "not found" 0 "-"
    return
  fi
  run_step "$OUT/nvidia-smi.log" 30 nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv
  cat "$OUT/nvidia-smi.log"
  row "a nvidia-smi" "$STATUS" "$SECS" "$(sed -n 2p "$OUT/nvidia-smi.log" | cut -c1-80)"
}

# Do the carried binaries find every shared library here? (They were built on
# another system: glibc >= 2.36, libcrypto.so.3 for hourglass.)
step_libraries() {
  echo "== a. shared libraries"
  local bin out missing="" log="$OUT/ldd.log"
  ldd --version 2>&1 | head -1 | tee "$log"
  for bin in "$CARRY"/*; do
    [ -f "$bin" ] || continue
    out="$(
      LD_LIBRARY_PATH="$CARRIED_LIBS" ldd "$bin" 2>&1
      LD_LIBRARY_PATH="$CARRIED_LIBS" timeout 20 "$bin" --help 2>&1 >/dev/null |
        grep -E "version .* not found|cannot open shared object"
    )"
    printf '== %s\n%s\n' "$bin" "$out" >>"$log"
    if grep -qE 'not found|cannot open' <<<"$out"; then
      missing="$missing $(basename "$bin")"
      grep -E 'not found|cannot open' <<<"$out" | sort -u
    fi
  done
  if [ -z "$missing" ]; then
    row "a libraries" ok 0 "all found; $(head -1 "$log" | cut -c1-50)"
  else
    row "a libraries" FAIL 0 "missing for:$missing (ldd.log)"
  fi
}

step_tests() {
  echo "== b. GPU tests"
  local bin name found=0
  for bin in "$CARRY"/gpu_*_test; do
    [ -x "$bin" ] || continue
    found=1
    name="$(basename "$bin")"
    run_step "$OUT/$name.log" 240 "${TEST_ENV[@]}" "$bin" --gtest_color=no
    echo "-- $name: $STATUS (${SECS}s)"
    grep -E '^\[==========\]|^\[  PASSED  \]|^\[  SKIPPED \]|^\[  FAILED  \]' "$OUT/$name.log" | head -40
    if [ "$STATUS" != ok ]; then
      grep -E -A8 'Failure$|error:|what\(\)' "$OUT/$name.log" | head -80
      tail -5 "$OUT/$name.log"
    fi
    # A skipped GPU test on the GPU machine means the GPU was not usable.
    [ "$STATUS" = ok ] && grep -q '^\[  SKIPPED \] [0-9]* test.*, listed below:' "$OUT/$name.log" && STATUS=SKIPS
    row "b $name" "$STATUS" "$SECS" "$(gtest_figure "$OUT/$name.log")"
  done
  [ $found = 1 ] || row "b gpu tests" "FAIL" 0 "no gpu-carry/gpu_*_test"
}

# sanitizer_step TOOL LIMIT_S FILTER [extra args...]: the FILTER tests of
# every gpu_*_test whose name matches HG_CHECK_ONLY (a regex, default all)
# under compute-sanitizer, one binary after the other within LIMIT_S
# (racecheck is slow: give it the smallest tests).
sanitizer_step() {
  local tool="$1" limit="$2" filter="$3"
  shift 3
  echo "== c. compute-sanitizer --tool $tool"
  if ! have compute-sanitizer; then
    row "c $tool" "not found" 0 "compute-sanitizer not on PATH"
    return
  fi
  local bin name log figure found=0 t_end=$((SECONDS + limit)) left
  for bin in "$CARRY"/gpu_*_test; do
    [ -x "$bin" ] || continue
    name="$(basename "$bin")"
    [[ "$name" =~ ${HG_CHECK_ONLY:-.} ]] || continue
    found=1
    log="$OUT/sanitizer-$tool-$name.log"
    left=$((t_end - SECONDS))
    [ "$left" -lt 10 ] && left=10
    run_step "$log" "$left" "${TEST_ENV[@]}" compute-sanitizer --tool "$tool" "$@" --error-exitcode 99 \
      "$bin" --gtest_color=no --gtest_filter="$filter"
    figure="$(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' "$log" | tail -1)"
    [ -n "$figure" ] || figure="$(grep -E '^\[==========\] [0-9]+ tests? from .* ran' "$log" | tail -1)"
    echo "$name: $STATUS (${SECS}s): $figure"
    grep -E '^=========' "$log" | head -30
    row "c $tool ${name#gpu_}" "$STATUS" "$SECS" "$figure; $(gtest_figure "$log")"
  done
  [ $found = 1 ] || row "c $tool" "FAIL" 0 "no gpu-carry/gpu_*_test matches ${HG_CHECK_ONLY:-.}"
}

step_sass() {
  echo "== d. SASS"
  local bin=""
  for bin in "$CARRY/gpu_fw_bench" "$CARRY/gpu_fw_test"; do [ -x "$bin" ] && break; done
  if ! have cuobjdump; then
    row "d SASS" "not found" 0 "cuobjdump not on PATH"
    return
  fi
  if [ ! -x "$bin" ]; then
    row "d SASS" "FAIL" 0 "no gpu_fw_bench or gpu_fw_test"
    return
  fi
  local all="$OUT/.sass-all.txt"
  run_step "$all" 120 cuobjdump -sass "$bin"
  local status="$STATUS" secs="$SECS"
  local demangle=cat
  if have cu++filt; then demangle=cu++filt; elif have c++filt; then demangle=c++filt; fi
  # Keep the functions whose (mangled) name has minplus_peak or fw_.
  awk '/^[ \t]*Function : / { keep = ($3 ~ /minplus_peak|[Ff]w_/) } keep' "$all" | head -c 16000000 >"$OUT/sass.txt"
  local table
  table="$(awk '
    /^[ \t]*Function : / { name = $3; order[++n] = name; next }
    name != "" && /\/\*[0-9a-f]+\*\/ / {
      total[name]++
      if ($0 ~ /VIADDMNMX/) viadd[name]++
      if ($0 ~ /[ \t]VIMNMX/) vimnmx[name]++
      if ($0 ~ /[ \t]IADD3/) iadd[name]++
      if ($0 ~ /[ \t]LDS/) lds[name]++
      if ($0 ~ /[ \t](STL|LDL)/) local_[name]++
    }
    END {
      for (i = 1; i <= n; i++) {
        f = order[i]
        if (f !~ /minplus_peak|[Ff]w_/) continue
        printf "%s\t%d\t%d\t%d\t%d\t%d\t%d\n", f, viadd[f], vimnmx[f], iadd[f], lds[f], local_[f], total[f]
      }
    }' "$all")"
  rm -f "$all"
  echo "kernel | VIADDMNMX | VIMNMX | IADD3 | LDS | STL+LDL | instructions"
  local f v m a l s t kernels=0 peak_viadd=""
  while IFS=$'\t' read -r f v m a l s t; do
    [ -n "$f" ] || continue
    kernels=$((kernels + 1))
    echo "$(echo "$f" | $demangle) | $v | $m | $a | $l | $s | $t"
    case "$f" in *minplus_peak*) peak_viadd="${peak_viadd:+$peak_viadd, }$v/$t" ;; esac
  done <<<"$table"
  echo "full SASS of these functions: $OUT/sass.txt"
  [ "$kernels" -gt 0 ] || status="FAIL (no kernel)"
  row "d SASS $(basename "$bin")" "$status" "$secs" \
    "$kernels kernels; minplus_peak VIADDMNMX/instr: ${peak_viadd:-none}"
}

step_cli() {
  echo "== e. hourglass end to end"
  local hg="$CARRY/hourglass" tmp figure
  if [ ! -x "$hg" ]; then
    row "e hourglass" "FAIL" 0 "no gpu-carry/hourglass"
    return
  fi
  tmp="$(mktemp -d)"
  run_step "$OUT/generate.log" 60 "$hg" generate --nodes 5000 --seed 3 -o "$tmp/g.h5"
  row "e generate 5000" "$STATUS" "$SECS" "$(tail -1 "$OUT/generate.log" | cut -c1-70)"
  run_step "$OUT/solve.log" 90 "$hg" solve "$tmp/g.h5" --backend gpu -o "$tmp/r.h5" --json "$OUT/solve.json"
  tail -15 "$OUT/solve.log"
  if [ "$STATUS" = ok ] && [ -f "$OUT/solve.json" ]; then
    figure="$(json_fields "$OUT/solve.json" backend method compute_seconds)"
  else
    figure="$(grep -m1 -i 'error' "$OUT/solve.log" | cut -c1-90)"
  fi
  row "e solve --backend gpu" "$STATUS" "$SECS" "$figure"
  run_step "$OUT/verify.log" 120 "$hg" verify "$tmp/g.h5" --backend gpu --method fw --sample 64 --json "$OUT/verify.json"
  tail -15 "$OUT/verify.log"
  if [ "$STATUS" = ok ]; then figure="$(tail -1 "$OUT/verify.log" | cut -c1-90)"; else
    figure="$(grep -m1 -i 'error' "$OUT/verify.log" | cut -c1-90)"
  fi
  row "e verify --backend gpu fw" "$STATUS" "$SECS" "$figure"
  step_cli_road "$hg" "$tmp"
  rm -rf "$tmp"
}

# The many-to-many sweeps end to end on a 1M-node road network: solve with
# 1,024 origins x every node written to the result file (16-bit under a 4 h
# cap), coverage on the GPU equal to the CPU's, verify against Dijkstra.
step_cli_road() {
  local hg="$1" tmp="$2" figure nodes="${HG_ROAD_NODES:-1000000}"
  run_step "$OUT/road-generate.log" 60 "$hg" generate --kind road --nodes "$nodes" --seed 1 -o "$tmp/road.h5"
  row "e generate road $nodes" "$STATUS" "$SECS" "$(tail -1 "$OUT/road-generate.log" | cut -c1-80)"
  awk -v n="$nodes" 'BEGIN { for (i = 0; i < 1024; i++) printf "R%d\n", int(i * n / 1024) }' >"$tmp/origins.txt"
  run_step "$OUT/road-solve.log" 150 "$hg" solve "$tmp/road.h5" --backend gpu --origins "@$tmp/origins.txt" \
    --max-hours 4 -o "$tmp/road-result.h5" --json "$OUT/road-solve.json"
  tail -8 "$OUT/road-solve.log"
  if [ "$STATUS" = ok ]; then
    figure="$(json_fields "$OUT/road-solve.json" width lanes seconds compute_seconds hierarchy_seconds sweep_device_seconds)"
    ls -l "$tmp/road-result.h5" >>"$OUT/road-solve.log"
  else
    figure="$(grep -m1 -i 'error' "$OUT/road-solve.log" | cut -c1-90)"
  fi
  row "e solve road 1024 x all" "$STATUS" "$SECS" "$figure"
  rm -f "$tmp/road-result.h5"
  local backend
  for backend in gpu cpu; do
    run_step "$OUT/road-coverage-$backend.log" 120 "$hg" coverage "$tmp/road.h5" --backend "$backend" \
      --origins "@$tmp/origins.txt" --hours 1,2,4 --json "$OUT/road-coverage-$backend.json" \
      --by destination --csv "$tmp/road-coverage-$backend.csv"
    tail -4 "$OUT/road-coverage-$backend.log"
    row "e coverage road $backend" "$STATUS" "$SECS" "$(grep -m1 -E 'gpu sweeps|coverage on' "$OUT/road-coverage-$backend.log" | cut -c1-90)"
  done
  if cmp -s "$tmp/road-coverage-gpu.csv" "$tmp/road-coverage-cpu.csv" && have python3 &&
    python3 - "$OUT/road-coverage-gpu.json" "$OUT/road-coverage-cpu.json" <<'EOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for d in (a, b):
    d.pop("backend", None)
sys.exit(0 if a == b else 1)
EOF
  then
    row "e coverage gpu = cpu" ok 0 "per-destination CSV and JSON report identical"
  else
    row "e coverage gpu = cpu" FAIL 0 "the GPU and CPU coverage outputs differ"
  fi
  run_step "$OUT/road-verify.log" 120 "$hg" verify "$tmp/road.h5" --backend gpu --method sssp --sample 32
  tail -3 "$OUT/road-verify.log"
  row "e verify road gpu sssp" "$STATUS" "$SECS" "$(tail -1 "$OUT/road-verify.log" | cut -c1-100)"
  step_plan "$hg" "$tmp"
}

# Site planning (docs/planning.md#figures): the world instance (every node
# abroad a candidate, K = 30 at 24 h, one site a country) on the GPU and on
# the CPU's threads, whose JSON must agree but for the backend, method and
# times; and 10,000 candidates x every node of the road network at 1 h.
step_plan() {
  local hg="$1" tmp="$2" backend
  run_step "$OUT/world-import.log" 60 "$hg" import openflights --data "$ROOT/data/world" -o "$tmp/world.h5"
  row "e import world" "$STATUS" "$SECS" "$(tail -1 "$OUT/world-import.log" | cut -c1-80)"
  for backend in gpu cpu; do
    run_step "$OUT/plan-world-$backend.log" 180 "$hg" plan "$tmp/world.h5" --backend "$backend" \
      --scenario "$ROOT/data/scenarios/china.json" --candidates all,-country:CN --hours 24 --sites 30 \
      --max-per-country 1 --hierarchy "$tmp/world.ch.h5" --json "$OUT/plan-world-$backend.json"
    tail -12 "$OUT/plan-world-$backend.log"
    row "e plan world $backend" "$STATUS" "$SECS" "$(grep -m1 -E 'of the best' "$OUT/plan-world-$backend.log" | cut -c1-90)"
  done
  if have python3 && python3 - "$OUT/plan-world-gpu.json" "$OUT/plan-world-cpu.json" <<'EOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
keys = ("chosen", "covered_demand", "upper_bound", "curve", "coverage")
sys.exit(0 if all(a.get(k) == b.get(k) for k in keys) else 1)
EOF
  then
    row "e plan world gpu = cpu" ok 0 "chosen sites, coverage, curve and bound identical"
  else
    row "e plan world gpu = cpu" FAIL 0 "the GPU and CPU plans differ"
  fi
  awk -v n="${HG_ROAD_NODES:-1000000}" 'BEGIN { for (i = 0; i < n; i += 100) printf "R%d\n", i }' >"$tmp/candidates.txt"
  run_step "$OUT/plan-road.log" 300 "$hg" plan "$tmp/road.h5" --backend gpu --candidates "@$tmp/candidates.txt" \
    --hours 1 --sites 30 --memory 8G --hierarchy "$tmp/road.ch.h5" --json "$OUT/plan-road.json"
  tail -12 "$OUT/plan-road.log"
  row "e plan road 10k x all" "$STATUS" "$SECS" "$(grep -m1 -E 'of the best|covered' "$OUT/plan-road.log" | cut -c1-90)"
  step_ranks "$hg" "$tmp"
}

# Several ranks sharing the one GPU must give the same bits (docs/cluster.md#gpus):
# only with mpirun on this machine and a carried binary built with MPI (the
# release binary is not); otherwise the row says the check is owed.
step_ranks() {
  local hg="$1" tmp="$2"
  if ! have mpirun || ! "$hg" --version | grep -q "MPI compiled in"; then
    row "e ranks share the gpu" skipped 0 "owed: $(have mpirun && echo "the carried binary has no MPI" || echo "no mpirun here")"
    return
  fi
  run_step "$OUT/ranks-one.log" 120 "$hg" solve "$tmp/road.h5" --backend gpu --method phast --origins @"$tmp/candidates.txt" \
    --hierarchy "$tmp/road.ch.h5" -o "$tmp/ranks-one.h5"
  run_step "$OUT/ranks-three.log" 120 mpirun --allow-run-as-root --oversubscribe -n 3 "$hg" solve "$tmp/road.h5" \
    --backend gpu --method phast --origins @"$tmp/candidates.txt" --hierarchy "$tmp/road.ch.h5" -o "$tmp/ranks-three.h5"
  if "$hg" verify "$tmp/ranks-three.h5" --sample 1 >/dev/null 2>&1 && have python3 &&
    python3 -c 'import h5py, numpy, sys; a, b = (h5py.File(f)["data/transit_time"][()] for f in sys.argv[1:3]); sys.exit(0 if numpy.array_equal(a, b) else 1)' \
      "$tmp/ranks-one.h5" "$tmp/ranks-three.h5" 2>/dev/null; then
    row "e 3 ranks share the gpu" ok "$SECS" "the same times as one process"
  else
    row "e 3 ranks share the gpu" FAIL "$SECS" "differs from one process (or could not be compared)"
  fi
}

# json_fields FILE KEY...: "key=value ..." of top-level keys (python3 when present).
json_fields() {
  local file="$1"
  shift
  if have python3; then
    python3 - "$file" "$@" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(f"{k}={d[k]}" for k in sys.argv[2:] if k in d))
EOF
  else
    local k out=""
    for k in "$@"; do
      out="$out $(grep -o "\"$k\": *[^,}]*" "$file" | head -1)"
    done
    echo "$out"
  fi
}

step_bench() {
  echo "== f. benchmarks"
  local bin name found=0
  for bin in "$CARRY"/gpu_*_bench; do
    [ -x "$bin" ] || continue
    name="$(basename "$bin")"
    [[ "$name" =~ ${HG_CHECK_ONLY:-.} ]] || continue
    found=1
    local json="$OUT/bench.json"
    [ "$name" = gpu_phast_bench ] || json="$OUT/$name.json"
    run_step "$OUT/$name.log" 360 env LD_LIBRARY_PATH="$CARRIED_LIBS" \
      "$bin" --benchmark_format=console --benchmark_out="$json" --benchmark_out_format=json \
      --benchmark_counters_tabular=true --benchmark_color=false
    cat "$OUT/$name.log"
    local figure="see $name.log" status="$STATUS"
    if [ -s "$json" ] && have python3; then
      local lines
      lines="$(bench_figures "$json")"
      figure="$(head -1 <<<"$lines")"
      while IFS= read -r l; do [ -n "$l" ] && EXTRA+=("$l"); done < <(tail -n +2 <<<"$lines")
      # Google Benchmark exits 0 when cases were skipped: say so.
      if grep -q ': skipped: ' <<<"$lines" && [ "$status" = ok ]; then
        status="some skipped"
        grep -q ': [0-9]' <<<"$(tail -n +2 <<<"$lines")" || status="all skipped"
      fi
    fi
    row "f $name" "$status" "$SECS" "$figure"
  done
  [ $found = 1 ] || row "f benchmarks" "FAIL" 0 "no gpu-carry/gpu_*_bench matches ${HG_CHECK_ONLY:-.}"
}

# First line: the device; then one line per benchmark with its key counters.
bench_figures() {
  python3 - "$1" <<'EOF'
import json, re, sys
d = json.load(open(sys.argv[1]))
ctx = d.get("context", {})
print(f"gpu: {ctx.get('gpu', '?')}")
def si(x):
    for unit, scale in (("T", 1e12), ("G", 1e9), ("M", 1e6)):
        if abs(x) >= scale:
            return f"{x / scale:.2f} {unit}"
    return f"{x:.3g} "
for b in d.get("benchmarks", []):
    name = b.get("name", "?").replace("/manual_time", "").replace("/real_time", "")
    name = re.sub(r"/iterations:[0-9]+", "", name)
    if b.get("error_occurred") or b.get("skipped"):
        print(f"{name}: skipped: {b.get('error_message', '')[:80]}")
        continue
    parts = []
    if "bytes_per_s" in b:
        parts.append(f"{si(b['bytes_per_s'])}B/s copy (read + write)")
    if "updates_per_s" in b:
        parts.append(f"{si(b['updates_per_s'])} updates/s")
    if "seconds" in b:
        parts.append(f"{b['seconds']:.4f} s a solve")
    if "of_ceiling" in b:
        parts.append(f"{b['of_ceiling']:.3f} of the min-plus peak")
    if "us_per_origin" in b:
        parts.append(f"{b['us_per_origin']:.2f} us/origin")
    if "search_us_per_origin" in b:
        parts.append(f"{b['search_us_per_origin']:.2f} us/origin of host searches")
    if "row_bytes" in b:
        parts.append(f"{si(b['row_bytes'])}B a row")
    if "of_copy_ceiling" in b:
        parts.append(f"{b['of_copy_ceiling']:.3f} of the copy ceiling (no-reuse bytes)")
    if "device_s" in b:
        parts.append(f"all pairs {b['device_s']:.4f} s on the device (+ {b.get('search_s', 0):.4f} s host searches)")
    if "all_pairs_copy_s_projected" in b:
        parts.append(f"all rows to the host: {b['all_pairs_copy_s_projected']:.1f} s projected")
    if "mismatches" in b:
        parts.append(f"{int(b['mismatches'])} mismatches")
    if "hierarchy_s" in b:
        parts.append(f"hierarchy {b['hierarchy_s']:.1f} s, {int(b.get('levels', 0))} levels")
    print(f"{name}: " + ", ".join(parts))
EOF
}

run_all() {
  set -uo pipefail
  mkdir -p "$OUT"
  cd "$ROOT" || exit 1
  # The copy may not have kept the executable bits.
  chmod u+x "$CARRY"/gpu_* "$CARRY/hourglass" 2>/dev/null
  echo "gpu-check --run: $(date -u +%FT%TZ) on $(hostname), repository $ROOT, logs in $OUT"
  step_gpu_info
  step_libraries
  step_tests
  sanitizer_step memcheck 90 '*Small*'
  step_sass
  step_cli
  step_bench
  # The slowest and least predictable last, so the deadline cuts them first.
  sanitizer_step racecheck 150 '*SmallRace*' --racecheck-report all
  sanitizer_step synccheck 60 '*SmallRace*'
  echo
  echo "== g. summary (also $OUT/summary.txt), $((SECONDS - START)) s in all"
  write_summary | tee "$OUT/summary.txt"
  # The device tool brings back at most 8 files: keep the summary and the
  # benchmark JSON as they are, and everything else in one archive.
  (cd "$OUT" && find . -maxdepth 1 -type f ! -name summary.txt ! -name bench.json ! -name logs.tar.gz -printf '%P\n' |
    tar -czf logs.tar.gz -T - --remove-files) || echo "gpu-check: could not archive the logs" >&2
  [ "$FAILURES" -eq 0 ]
}

case "${1:-}" in
  "") build_and_pack ;;
  --run) run_all ;;
  -h | --help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *)
    echo "usage: scripts/gpu-check.sh [--run]" >&2
    exit 2
    ;;
esac
