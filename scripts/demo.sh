#!/usr/bin/env bash
# The README's first command: the question Hourglass was started for, on real
# data. With warehouses in ten Chinese cities, and then with one site added in
# each of 30 other countries, what share of the city population outside China
# can goods reach within 24, 48 and 72 hours?
#
# Installs what is missing, builds a Release binary, imports the world network
# from data/world (OpenFlights + GeoNames; cached until the data or the binary
# changes), runs the two scenarios of data/scenarios on the best backend, and
# writes to results/ (or $1):
#   world.h5                                   the imported snapshot
#   <scenario>.coverage.json                   the full coverage report
#   <scenario>.destinations.csv                nearest site and time of every destination
#   <scenario>.countries.csv                   coverage per country
#   <scenario>.omx                             sites x destinations transit times (OMX)
#   coverage_curve.png                         covered population share against hours, both scenarios
#   coverage_map_<scenario>.png                cities by transit hours from the nearest site
#   coverage_map.png                           the same for the last scenario
# and prints the table last.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup-deps.sh"
BUILD="${BUILD_DIR:-$ROOT/build/release}"
OUT="${1:-$ROOT/results}"
mkdir -p "$BUILD" "$OUT"
echo "demo: building hourglass (Release) in $BUILD ..." >&2
if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DHOURGLASS_TESTS=OFF -DHOURGLASS_BENCH=OFF &&
       cmake --build "$BUILD" -j "$JOBS" --target hourglass; } >"$BUILD/demo-build.log" 2>&1; then
  cat "$BUILD/demo-build.log" >&2
  echo "demo: the build failed (log above)" >&2
  exit 1
fi
HG="$BUILD/hourglass"
LOG="$OUT/demo.log"
: >"$LOG"
start=$SECONDS

# 1. The world network, imported once.
WORLD="$OUT/world.h5"
if [ ! -f "$WORLD" ] || [ -n "$(find "$ROOT/data/world" "$HG" -newer "$WORLD" -print -quit)" ]; then
  echo "demo: importing the world network from data/world ..." >&2
  "$HG" import openflights --data "$ROOT/data/world" -o "$WORLD" >>"$LOG"
fi

# 2. Each scenario: coverage (report, per destination, per country) and the
#    sites x destinations matrix, on the best backend present.
args=()
for scenario in china china-plus-30; do
  file="$ROOT/data/scenarios/$scenario.json"
  echo "demo: scenario $scenario ..." >&2
  "$HG" coverage "$WORLD" --scenario "$file" --json "$OUT/$scenario.coverage.json" \
    --by destination --csv "$OUT/$scenario.destinations.csv" >>"$LOG" 2>&1
  "$HG" coverage "$WORLD" --scenario "$file" --csv "$OUT/$scenario.countries.csv" >>"$LOG" 2>&1
  "$HG" solve "$WORLD" --scenario "$file" -o "$OUT/$scenario.omx" >>"$LOG" 2>&1
  args+=(--scenario "$OUT/$scenario.coverage.json" "$OUT/$scenario.destinations.csv")
done

# 3. Pictures and the table.
echo "demo: drawing the map and the curve ..." >&2
/usr/bin/python3 "$ROOT/scripts/plot_coverage.py" "${args[@]}" \
  --countries "$ROOT/data/world/countries/geonames_countryInfo.tsv" --out "$OUT" --all-maps \
  --population-label "city population outside China"
echo >&2
echo "demo: done in $((SECONDS - start)) s after the build; results in $OUT (log: $LOG)" >&2
