#!/usr/bin/env bash
# A road network the size of the DIMACS USA graph (24 million nodes, 90
# million arcs), taken end to end the way a user takes a real one: generated
# as DIMACS files with travel times in tenths of a second, imported verbatim
# (the unit assumed: the sum of the N - 1 largest weights overflows, so the
# path bound comes from the component searches), described, solved for four
# origins, verified on 16 sampled rows, then imported again with --scale 0.1.
# Prints wall seconds and peak RSS of every step (docs/performance.md).
#
#   bench/road_usa_scale.sh [HOURGLASS_BINARY] [WORK_DIR] [NODES]
#
# Needs about 8 GiB of memory and 6 GB of disk; about 15 minutes on 2 cores.
set -euo pipefail
HG="$(realpath "${1:-build/cpu/hourglass}")"
WORK="${2:-/tmp/hourglass-road-usa}"
NODES="${3:-24000000}"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
mkdir -p "$WORK"
cd "$WORK"
step() {
  echo "== hourglass $*"
  /usr/bin/time -f "   %e s wall, peak RSS %M KiB" "$HG" "$@"
}
step generate --kind road --nodes "$NODES" --format dimacs -o usa
ls -l usa.gr usa.co
step import dimacs usa.gr --coords usa.co -o usa-verbatim.h5
step info usa-verbatim.h5 --json info-verbatim.json
last=$((NODES)); middle=$((NODES / 2))
step solve usa-verbatim.h5 --origins "1,$middle,$last,7" --method sssp -o solve4.h5 --json solve4.json
step verify usa-verbatim.h5 --sample 16 --json verify.json
step import dimacs usa.gr --coords usa.co --scale 0.1 -o usa-seconds.h5
step info usa-seconds.h5
rm -f solve4.h5 usa.gr usa.co
