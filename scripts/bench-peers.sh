#!/usr/bin/env bash
# Compares Hourglass with peer shortest-path libraries (SciPy, igraph,
# NetworKit, NetworkX, pandana) on the same networks, checks every peer's
# distances against Hourglass's, and writes docs/benchmarks.md and
# docs/benchmarks.png. With `plan`, also compares `hourglass plan` with
# spopt's maximal covering model and an exact MIP in HiGHS.
#
#   scripts/bench-peers.sh [NETWORK ...] [plan] [--quick]
#
# NETWORK: a DIMACS .gr, TNTP _net.tntp or snapshot .h5 file (.gr and .tntp
# are imported with `hourglass import` first), road:N (a generated road
# network of N nodes) or world (data/world, as scripts/demo.sh imports it).
# plan: site planning on the world network (bench/peers/plan_peers.py): the
# demo's plan (airports outside China as candidates, the ten Chinese
# warehouses fixed, 30 sites within 24 h, one a country), and US airports for
# US cities (6 and 12 h, 10 and 25 sites); each solver stops after
# BENCH_PEERS_PLAN_LIMIT seconds (default 600). Default: rome99 and
# ChicagoRegional from ../shared/data/road (read in place, never copied:
# their licences are for research), road:200000, road:1000000, world and
# plan. --quick: rome99 and ChicagoRegional only.
#
# Builds a Release hourglass in build/release (or takes HOURGLASS=PATH),
# installs the peers from PyPI into build/peers-venv (binary wheels only;
# cached: a package that imports is not installed again; a peer that fails
# to install is reported and left out), keeps snapshots and scratch files in
# build/peers. BENCH_PEERS_TABLE_LIMIT=SECONDS (default 300, 0: none) skips a
# row-based peer's table that its full-row speed says would take longer;
# BENCH_PEERS_PEER_TIMEOUT=SECONDS (default 900, 0: none) stops any one
# measurement that runs longer (pandana's contraction of the world network's
# hubs is one) and reports it as not finished.
#
# Exit status: 0; 1 when some peer's distances or plans differ from
# Hourglass's figures (the page is written first) or a step failed; 2 a
# network that does not exist or is of no known kind, or a bad option.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

say() { echo "bench-peers: $*" >&2; }

quick=0
networks=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h | --help) sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) say "unknown option: $arg (see --help)"; exit 2 ;;
    *) networks+=("$arg") ;;
  esac
done
if [ "$quick" -eq 1 ] && [ ${#networks[@]} -gt 0 ]; then
  say "--quick takes no networks: it means rome99 and ChicagoRegional"
  exit 2
fi

# 1. The networks: checked before anything slow happens.
if [ ${#networks[@]} -eq 0 ]; then
  road="$(cd "$ROOT/.." && pwd)/shared/data/road"
  chicago="$(compgen -G "$road/tntp/chicago-regional/*_net.tntp" | head -1 || true)"
  networks=("$road/dimacs-rome99/rome99.gr" "${chicago:-$road/tntp/chicago-regional/ChicagoRegional_net.tntp}")
  [ "$quick" -eq 1 ] || networks+=(road:200000 road:1000000 world plan)
fi
plan=0
paths=()
for network in "${networks[@]}"; do
  case "$network" in
    plan) plan=1; continue ;;
    world | road:[0-9]*) ;;
    *.gr | *.tntp | *.h5)
      [ -f "$network" ] || { say "no such network file: $network"; exit 2; } ;;
    *) say "$network: not a DIMACS .gr, TNTP _net.tntp or snapshot .h5 file, road:N, world or plan"; exit 2 ;;
  esac
  paths+=("$network")
done

# 2. Hourglass: the given binary, or a Release build of its own.
"$ROOT/scripts/setup-deps.sh"
if [ -n "${HOURGLASS:-}" ]; then
  [ -x "$HOURGLASS" ] || { say "HOURGLASS=$HOURGLASS is not an executable file"; exit 2; }
  HG="$(cd "$(dirname "$HOURGLASS")" && pwd)/$(basename "$HOURGLASS")"
else
  BUILD="${BUILD_DIR:-$ROOT/build/release}"
  mkdir -p "$BUILD"
  say "building hourglass (Release) in $BUILD ..."
  if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DHOURGLASS_TESTS=OFF -DHOURGLASS_BENCH=OFF &&
         cmake --build "$BUILD" -j "$JOBS" --target hourglass; } >"$BUILD/bench-peers-build.log" 2>&1; then
    cat "$BUILD/bench-peers-build.log" >&2
    say "the build failed (log above)"
    exit 1
  fi
  HG="$BUILD/hourglass"
fi
say "$("$HG" --version)"

# 3. The peers, in a virtual environment of their own.
VENV="$ROOT/build/peers-venv"
WORK="$ROOT/build/peers"
PY="$VENV/bin/python"
mkdir -p "$WORK"
[ -x "$PY" ] || /usr/bin/python3 -m venv "$VENV"
NOT_INSTALLED="$WORK/not-installed.tsv"
: >"$NOT_INSTALLED"
# ensure MODULE PACKAGE: true when MODULE imports, installing PACKAGE first if it does not.
ensure() {
  "$PY" -c "import $1" 2>/dev/null && return 0
  say "installing $2 into build/peers-venv ..."
  "$PY" -m pip install --quiet --disable-pip-version-check --timeout 30 --retries 1 --only-binary=:all: "$2" \
    >"$VENV/pip-$2.log" 2>&1 && "$PY" -c "import $1" >>"$VENV/pip-$2.log" 2>&1
}
for package in numpy h5py matplotlib; do
  if ! ensure "$package" "$package"; then
    cat "$VENV/pip-$package.log" >&2
    say "$package could not be installed (log above); the comparison itself needs it"
    exit 1
  fi
done
for peer in scipy:scipy igraph:python-igraph networkit:networkit networkx:networkx pandana:pandana; do
  module="${peer%%:*}" package="${peer#*:}"
  if ! ensure "$module" "$package"; then
    reason="$(grep -v '^\s*$' "$VENV/pip-$package.log" | tail -1 | cut -c1-200)"
    say "$module: not installed ($reason); going on without it"
    printf '%s\t%s\n' "$module" "$reason" >>"$NOT_INSTALLED"
  fi
done
if [ "$plan" -eq 1 ]; then
  # The exact MIP is the yardstick of the plan comparison: without it there is none.
  for package in pulp highspy; do
    if ! ensure "$package" "$package"; then
      cat "$VENV/pip-$package.log" >&2
      say "$package could not be installed (log above); the plan comparison needs it"
      exit 1
    fi
  done
  if ! ensure spopt.locate spopt; then
    reason="$(grep -v '^\s*$' "$VENV/pip-spopt.log" | tail -1 | cut -c1-200)"
    say "spopt: not installed ($reason); its column stays empty"
  fi
fi

# 4. The measurements, then the page and the chart from their figures.
status=0
"$PY" "$ROOT/bench/peers/bench_peers.py" ${paths[@]+"${paths[@]}"} --hourglass "$HG" --work "$WORK" \
  --results "$WORK/results.json" --not-installed "$NOT_INSTALLED" \
  --invocation "scripts/bench-peers.sh $*" || status=$?
case "$status" in
  0 | 1) ;;
  2) exit 2 ;;
  *) say "the measurements failed (status $status)"; exit 1 ;;
esac

# 5. Site planning on the world network: the demo's plan (scripts/demo.sh,
#    step 4), then plans within the United States, small enough for spopt's
#    dense model: 6 and 12 hours, 10 and 25 sites.
plans=()
# plan_instance LABEL ARGS...: one instance through plan_peers.py.
plan_instance() {
  local label="$1" plan_status=0
  shift
  "$PY" "$ROOT/bench/peers/plan_peers.py" --hourglass "$HG" --network world --work "$WORK/plan" \
    --networks "$WORK/networks" --label "$label" --time-limit "${BENCH_PEERS_PLAN_LIMIT:-600}" \
    --out "$WORK/plan/$label.json" "$@" || plan_status=$?
  case "$plan_status" in
    0) ;;
    1) status=1 ;;
    *) say "the plan comparison failed (status $plan_status)"; exit 1 ;;
  esac
  plans+=("$WORK/plan/$label.json")
}
if [ "$plan" -eq 1 ]; then
  mkdir -p "$WORK/plan"
  plan_instance world-k30 --candidates kind:airport,-country:CN --scenario "$ROOT/data/scenarios/china.json" \
    --hours 24 --sites 30 --max-per-country 1
  for hours in 6 12; do
    for sites in 10 25; do
      plan_instance "us-${hours}h-k$sites" --candidates country:US,-kind:demand --destinations country:US \
        --hours "$hours" --sites "$sites"
    done
  done
fi

"$PY" "$ROOT/bench/peers/peer_report.py" "$WORK/results.json" "$ROOT/docs/benchmarks.md" ${plans[@]+"${plans[@]}"}
if [ ${#paths[@]} -gt 0 ]; then
  MPLBACKEND=Agg "$PY" "$ROOT/bench/peers/plot_benchmarks.py" "$WORK/results.json" "$ROOT/docs/benchmarks.png"
  say "wrote docs/benchmarks.md and docs/benchmarks.png (figures: $WORK/results.json${plans[*]:+ and $WORK/plan/})"
else
  say "wrote docs/benchmarks.md (figures: $WORK/results.json${plans[*]:+ and $WORK/plan/})"
fi
if [ "$status" -eq 1 ]; then
  say "MISMATCHES: some peer's distances or plans differ from Hourglass's figures; see docs/benchmarks.md"
  exit 1
fi
