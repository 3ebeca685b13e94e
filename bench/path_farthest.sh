#!/usr/bin/env bash
# `hourglass path` end to end for the farthest pair of a generated road
# network the size of a large city (264,000 nodes): one corner origin solved
# with --paths to every node, the destination farthest from it, then the
# route asked for RUNS times (warm cache). Prints each run's wall seconds and
# the best and median (docs/performance.md, "path").
#
#   bench/path_farthest.sh [HOURGLASS_BINARY] [WORK_DIR] [NODES] [RUNS]
#
# About 30 s on 2 cores, 200 MB of disk.
set -euo pipefail
HG="$(realpath "${1:-build/cpu/hourglass}")"
WORK="${2:-/tmp/hourglass-path-farthest}"
NODES="${3:-264000}"
RUNS="${4:-7}"
mkdir -p "$WORK"
cd "$WORK"
"$HG" -q generate --kind road --nodes "$NODES" -o city.h5 >/dev/null
origin=$("$HG" -q export city.h5 --nodes - --edges /dev/null | awk -F, 'NR == 2 { print $1 }')
"$HG" -q solve city.h5 --origins "$origin" --paths -o corner.h5
# The reachable destination with the largest time (column 3; empty = unreachable).
read -r destination time < <("$HG" -q export corner.h5 --csv - |
  awk -F, 'NR > 1 && $3 != "" && $3 + 0 > best { best = $3 + 0; node = $2 } END { print node, best }')
echo "network: $NODES nodes; farthest pair from the corner: $origin -> $destination, $time s"
times=()
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  "$HG" -q path corner.h5 --from "$origin" --to "$destination" >/dev/null
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
done
printf '%s\n' "${times[@]}" | sort -g | awk '{ t[NR] = $1 } END {
  printf "path, %d runs: best %.3f s, median %.3f s\n", NR, t[1], t[int((NR + 1) / 2)] }'
"$HG" path corner.h5 --from "$origin" --to "$destination" | head -1
