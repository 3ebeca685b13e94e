#!/usr/bin/env bash
# How `hourglass plan` grows with the candidates, the destinations and K
# (docs/planning.md#how-time-grows), on a generated road network with a
# stored hierarchy: one series a parameter, the others at the base case
# (2,000 candidates, every node a destination, K = 30, within 0.25 h).
# Prints one markdown row a run: the coverage sets' and the plan's seconds
# from the plan's JSON, gains evaluated, swaps, tie rows, the proven gap.
#
#   bench/plan_scaling.sh [HOURGLASS_BINARY] [WORK_DIR] [NODES] [THREADS]
#
# Defaults: build/release/hourglass, /tmp/hourglass-plan-scaling, 200000
# nodes, every hardware thread. About 10 minutes on 2 cores at 200,000.
set -euo pipefail
HG="$(realpath "${1:-build/release/hourglass}")"
WORK="${2:-/tmp/hourglass-plan-scaling}"
NODES="${3:-200000}"
THREADS="${4:-$(nproc)}"
HOURS=0.25
mkdir -p "$WORK"
cd "$WORK"
[ -f road.h5 ] || "$HG" -q generate --kind road --nodes "$NODES" --seed 1 -o road.h5
# Every STEP-th node from OFFSET: candidates and destinations spread over the network.
every() { awk -v n="$NODES" -v step="$1" -v offset="$2" 'BEGIN { for (i = offset; i < n; i += step) printf "R%d\n", i }'; }
# The hierarchy once, stored for every run (its build is not part of the figures).
every "$((NODES / 10))" 0 >warm.txt
"$HG" -q plan road.h5 --candidates @warm.txt --hours "$HOURS" --sites 1 --hierarchy road.ch.h5 \
  --threads "$THREADS" >/dev/null

run() {  # run CANDIDATES DESTINATIONS K
  local candidates="$1" destinations="$2" k="$3" json="plan-$1-$2-$3.json"
  every "$((NODES / candidates))" 0 >candidates.txt
  every "$((NODES / destinations))" 0 >destinations.txt
  "$HG" -q plan road.h5 --candidates @candidates.txt --destinations @destinations.txt --hours "$HOURS" \
    --sites "$k" --hierarchy road.ch.h5 --threads "$THREADS" --memory 8G --json "$json" >/dev/null
  /usr/bin/python3 - "$json" "$candidates" "$destinations" "$k" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["seconds"]
gap = d.get("upper_bound", {}).get("gap", 0.0)
print(f"| {int(sys.argv[2]):,} | {int(sys.argv[3]):,} | {sys.argv[4]} | {s['coverage_sets']:.2f} | {s['plan']:.2f} | "
      f"{d['evaluations']:,} | {d['swaps']} | {d['tie_rows']} | {100 * d['covered_share']:.2f} % | {100 * gap:.3f} % |")
EOF
}

echo "road network of $NODES nodes, within $HOURS h, $THREADS threads, $(date -u +%Y-%m-%d)"
echo
echo "| candidates | destinations | K | sets, s | plan, s | gains evaluated | swaps | tie rows | covered | gap |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in 500 1000 2000 4000 8000; do run "$c" "$NODES" 30; done
for d in $((NODES / 8)) $((NODES / 4)) $((NODES / 2)); do run 2000 "$d" 30; done
for k in 10 100; do run 2000 "$NODES" "$k"; done
