#!/usr/bin/env bash
# The cost of dividing a run among MPI ranks (docs/cluster.md#measured):
#
#   1. the same solve as 1 process x 2 threads and as 2 ranks x 1 thread
#      (mpirun): the overhead of the shared queue and the collective writes;
#   2. writing a result: one process (its own compression on every thread,
#      direct chunk writes) against 2 ranks writing one file collectively
#      (bench/result_write_bench.cpp).
#
# Usage: bench/mpi.sh [BUILD_DIR] (default build/cuda, a build with MPI).
# NODES (30000) and ORIGINS (3000) size the solve; REPEATS (3) runs each
# way, the best is kept. Prints a Markdown table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build/cuda}"
HG="$BUILD/hourglass"
NODES="${NODES:-30000}"
ORIGINS="${ORIGINS:-3000}"
REPEATS="${REPEATS:-3}"
MPIRUN=(mpirun --allow-run-as-root --oversubscribe -n 2)

"$HG" --version | grep -q "MPI compiled in" || { echo "mpi.sh: $HG is not built with MPI" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$HG" generate --kind road --nodes "$NODES" --seed 1 -o road.h5 -q
step=$((NODES / ORIGINS))
for ((i = 0; i < ORIGINS; i++)); do echo "R$((i * step))"; done > origins.txt

# best_of LABEL COMMAND...: the least wall time of REPEATS runs, in seconds.
best_of() {
  local best="" t0 t1 t
  for ((r = 0; r < REPEATS; r++)); do
    rm -f result.h5
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
  done
  printf '%.2f' "$best"
}

solve=(solve road.h5 --origins @origins.txt --backend cpu --method sssp -o result.h5 -q)
alone=$(best_of env OMP_NUM_THREADS=2 "$HG" "${solve[@]}" --threads 2)
ranks=$(best_of "${MPIRUN[@]}" "$HG" "${solve[@]}" --threads 1)
write_alone=$("$BUILD/bench/result_write_bench" --benchmark_filter=alone --benchmark_format=json |
  /usr/bin/python3 -c 'import json,sys; print("%.0f" % (json.load(sys.stdin)["benchmarks"][0]["bytes_per_second"] / 1e6))')
write_ranks=$("${MPIRUN[@]}" "$BUILD/bench/result_write_bench" --benchmark_format=json |
  /usr/bin/python3 -c 'import json,sys; print("%.0f" % (json.load(sys.stdin)["benchmarks"][0]["bytes_per_second"] / 1e6))')

echo "| measured ($(date -u +%F), $(nproc) cores) | one process | 2 ranks | ratio |"
echo "| --- | --- | --- | --- |"
echo "| solve, $ORIGINS origins x $NODES nodes (sssp, cpu): seconds | $alone (2 threads) | $ranks (1 thread each) | $(echo "scale=2; $ranks / $alone" | bc -l) |"
echo "| writing a 4,096 x 20,000 result: MB/s uncompressed | $write_alone (2 threads) | $write_ranks (collective) | $(echo "scale=2; $write_ranks / $write_alone" | bc -l) |"
