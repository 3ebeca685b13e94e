#!/usr/bin/env bash
# slurm_test.sh HOURGLASS [SCRATCH]: the job scripts of scripts/slurm/ on a
# throwaway one-node Slurm cluster started here (munged, slurmctld, slurmd,
# all under SCRATCH and a short /tmp directory, on free ports; needs root).
#
#  1. a reference `hourglass solve` run directly;
#  2. requeue.sbatch, pre-empted mid-solve with `scancel --signal=TERM --batch`
#     (what --signal=B:TERM@secs does near the time limit): it must stop with
#     143, requeue itself (Restarts=1), resume and finish COMPLETED with a file
#     equal to the reference in every dataset and attribute but `created`;
#  3. one-node-gpus.sbatch (Slurm GPUs faked with /dev/null and /dev/zero as
#     device files; hourglass runs with --backend cpu): the same file;
#  4. scenario-array.sbatch over two scenarios: each report equal to a direct
#     `hourglass coverage`.
#
# Ranks: 2 when HOURGLASS links libmpi (the MPI build), else 1 (mpirun -n 2
# would start two independent copies of an MPI-less binary); override with
# HG_SLURM_TEST_RANKS.
#
# Exit status: 0 pass, 1 fail, 77 skip (a tool missing, not root, or the
# daemons do not start: "SKIP: reason"). Every wait has a timeout, and the
# whole test runs under `timeout` (HG_SLURM_TEST_TIMEOUT, default 240 s; it
# takes 40-50 s on 2 cores); every daemon and job started here is stopped on
# exit, pass, fail or timeout.

# shellcheck disable=SC2317  # functions run from traps look unreachable
set -uo pipefail

# The whole run under a time limit: SIGTERM when it is reached, which the
# trap below turns into the cleanup.
if [ -z "${HG_SLURM_TEST_UNDER_TIMEOUT:-}" ] && command -v timeout >/dev/null; then
  export HG_SLURM_TEST_UNDER_TIMEOUT=1
  exec timeout --kill-after=30 "${HG_SLURM_TEST_TIMEOUT:-240}" "$BASH" "${BASH_SOURCE[0]}" "$@"
fi

T0=$(date +%s%3N)
now_ms() { echo $(($(date +%s%3N) - T0)); }
# seconds [SINCE_MS]: seconds since the start (or since SINCE_MS), one decimal.
seconds() {
  local ms=$(($(now_ms) - ${1:-0}))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}
# before SECONDS_FROM_NOW: a deadline for `while before "$end"` loops.
deadline() { echo $(($(now_ms) + $1 * 1000)); }
before() { [ "$(now_ms)" -lt "$1" ]; }
log() { printf 'slurm_test: [%5ss] %s\n' "$(seconds)" "$*"; }
skip() {
  echo "SKIP: $*"
  exit 77
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 HOURGLASS [SCRATCH]" >&2
  exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCRIPTS=$(cd "$HERE/../../scripts/slurm" && pwd)
COMPARE=$HERE/compare_results.py
[ -x "$1" ] || {
  echo "slurm_test: FAIL: $1 is not an executable" >&2
  exit 1
}
HG=$(realpath "$1")

# ---- what this test needs --------------------------------------------------
for tool in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo mpirun setsid timeout ps; do
  command -v "$tool" >/dev/null || skip "$tool not found (Debian: munge slurmctld slurmd slurm-client openmpi-bin procps)"
done
[ "$(id -u)" -eq 0 ] || skip "needs root (slurmd runs the jobs; SlurmUser=SlurmdUser=root)"
PY=/usr/bin/python3
"$PY" -c 'import h5py, numpy' 2>/dev/null || skip "$PY cannot import h5py (Debian: python3-h5py)"

if [ -n "${HG_SLURM_TEST_RANKS:-}" ]; then
  RANKS=$HG_SLURM_TEST_RANKS
elif [[ "$(ldd "$HG" 2>/dev/null)" == *libmpi.so* ]]; then # not `| grep -q`: SIGPIPE under pipefail
  RANKS=2
else
  RANKS=1
fi

# ---- directories -----------------------------------------------------------
if [ $# -eq 2 ]; then
  mkdir -p "$2" || exit 1
  SCRATCH=$(cd "$2" && pwd)
  rm -rf "$SCRATCH"/{logs,cluster.conf,ref,requeue,gpus,array,net.h5,world.h5,dest.txt,scenarios}
  own_scratch=0
else
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/hg-slurm-test.XXXXXX")
  own_scratch=1 # removed after a pass, kept after a failure
fi
# Daemon state and sockets: a short path (unix sockets allow 107 bytes; a
# build tree's scratch directory may be deeper).
RUN=$(mktemp -d /tmp/hgsl.XXXXXX)
LOGS=$SCRATCH/logs
mkdir -p "$LOGS" "$RUN/munge" "$RUN/state" "$RUN/spool"
chmod 700 "$RUN" "$RUN/munge"
# Every process started for this cluster (daemons, job steps, the jobs'
# processes) carries this in its environment: the sweep at the end finds
# them by it and by nothing broader.
MARK="HG_SLURM_TEST_RUN=$RUN"
export SLURM_CONF=$SCRATCH/cluster.conf/slurm.conf
mkdir -p "$(dirname "$SLURM_CONF")"

MUNGE_SOCKET=$RUN/munge/socket
slurmctld_pid=
slurmd_pid=
ref_pid=

dump_logs() {
  for f in "$LOGS"/munged.log "$LOGS"/slurmctld.log "$LOGS"/slurmd.log "$LOGS"/*.out; do
    [ -f "$f" ] || continue
    echo "----- $f (last 40 lines)"
    tail -n 40 "$f"
  done
  echo "----- squeue"
  squeue 2>&1 | head -20
}

# Processes whose environment carries MARK (found through /proc).
marked_pids() {
  local p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = "$$" ] && continue
    grep -qzxF "$MARK" "/proc/$p/environ" 2>/dev/null && echo "$p"
  done
}

# alive PID: running (a zombie is not).
alive() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $st != Z* ]]
}
# stop PID: SIGTERM, up to 5 s, SIGKILL.
stop() {
  local end
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || return 0
  end=$(deadline 5)
  while before "$end" && alive "$1"; do sleep 0.1; done
  kill -KILL "$1" 2>/dev/null
  return 0
}

cleanup() {
  local status=$? pids end out
  trap - EXIT INT TERM
  if [ -n "$slurmctld_pid" ] && alive "$slurmctld_pid"; then
    # Jobs first, while the daemons can still end them (KillWait=5).
    timeout 5 scancel --quiet --user=root 2>/dev/null
    end=$(deadline 10)
    while before "$end"; do
      out=$(timeout 3 squeue -h -o %i 2>/dev/null) || break
      [ -z "$out" ] && break
      sleep 0.2
    done
  fi
  stop "$slurmd_pid"
  stop "$slurmctld_pid"
  [ -f "$RUN/munge/pid" ] && stop "$(cat "$RUN/munge/pid")"
  [ -n "$ref_pid" ] && kill -KILL "$ref_pid" 2>/dev/null
  # Whatever survived: job steps and the jobs' processes of this cluster.
  pids=$(marked_pids)
  if [ -n "$pids" ]; then
    log "cleanup: killing leftover processes of this cluster: $(echo "$pids" | tr '\n' ' ')"
    # shellcheck disable=SC2086  # one pid a word
    kill -KILL $pids 2>/dev/null
  fi
  wait 2>/dev/null
  rm -rf "$RUN"
  if [ "$status" -eq 0 ] && [ "$own_scratch" -eq 1 ]; then
    rm -rf "$SCRATCH"
    log "PASS in $(seconds) s"
  elif [ "$status" -eq 0 ]; then
    log "PASS in $(seconds) s (files in $SCRATCH)"
  elif [ "$status" -ne 77 ]; then
    log "FAILED (status $status; files and daemon logs in $SCRATCH)"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'log "SIGINT: stopping"; exit 130' INT
trap 'log "SIGTERM (time limit HG_SLURM_TEST_TIMEOUT=${HG_SLURM_TEST_TIMEOUT:-240} s, or ctest): stopping"; exit 143' TERM

fail() {
  log "FAIL: $*"
  dump_logs
  exit 1
}

# A free TCP port on 127.0.0.1 (bound, read, released).
free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- munge -----------------------------------------------------------------
log "scratch $SCRATCH, daemon state $RUN, hourglass $HG, $RANKS rank(s)"
if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$RUN/munge/munge.key" 2>"$LOGS/mungekey.err" || skip "mungekey failed: $(cat "$LOGS/mungekey.err")"
else
  dd if=/dev/urandom of="$RUN/munge/munge.key" bs=1 count=1024 status=none
fi
chmod 400 "$RUN/munge/munge.key"
munge_args=(--key-file="$RUN/munge/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$RUN/munge/pid"
  --log-file="$LOGS/munged.log" --seed-file="$RUN/munge/seed")
env "$MARK" munged "${munge_args[@]}" 2>"$LOGS/munged.err" ||
  env "$MARK" munged --force "${munge_args[@]}" 2>>"$LOGS/munged.err" ||
  skip "munged does not start: $(tail -n 3 "$LOGS/munged.err" | tr '\n' ' ')"
for _ in $(seq 50); do [ -S "$MUNGE_SOCKET" ] && break; sleep 0.1; done
[ -S "$MUNGE_SOCKET" ] || skip "munged made no socket: $(tail -n 3 "$LOGS/munged.log" | tr '\n' ' ')"
if command -v munge >/dev/null && command -v unmunge >/dev/null; then
  munge -S "$MUNGE_SOCKET" -n | unmunge -S "$MUNGE_SOCKET" >/dev/null 2>&1 || skip "munge credentials do not round-trip"
fi
log "munged up (socket $MUNGE_SOCKET)"

# ---- slurm.conf ------------------------------------------------------------
NODE=$(hostname -s)
CPUS=$(nproc)
[ "$CPUS" -lt "$RANKS" ] && CPUS=$RANKS   # config_overrides: the node may claim more than it has
CTLD_PORT=$(free_port)
SLURMD_PORT=$(free_port)
while [ "$SLURMD_PORT" = "$CTLD_PORT" ]; do SLURMD_PORT=$(free_port); done
cat >"$SLURM_CONF" <<EOF
# Written by tests/slurm/slurm_test.sh: a one-node throwaway cluster.
ClusterName=hgtest
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire: also how long a requeued job waits before it may start again (default 120 s).
AuthInfo=cred_expire=5,socket=$MUNGE_SOCKET
StateSaveLocation=$RUN/state
SlurmdSpoolDir=$RUN/spool
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
# The main scheduling pass every second (default 60 s): a requeued job is
# started by that pass once cred_expire (below) has passed.
SchedulerParameters=sched_interval=1
JobRequeue=1
ReturnToService=2
# Finished jobs stay visible to scontrol for the checks (the daemons end with the test).
MinJobAge=300
KillWait=5
InactiveLimit=0
SlurmdParameters=config_overrides
GresTypes=gpu
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=1000 Gres=gpu:2 State=UNKNOWN
PartitionName=hgtest Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
# Two fake GPUs: count-only GPU GRES are dropped by slurmd, so device files
# stand in (nothing opens them: the solves run with --backend cpu).
cat >"$(dirname "$SLURM_CONF")/gres.conf" <<EOF
NodeName=$NODE Name=gpu File=/dev/null
NodeName=$NODE Name=gpu File=/dev/zero
EOF

# ---- slurmctld, slurmd -----------------------------------------------------
# setsid: out of this script's process group, so that a signal to the group
# (timeout, ctest) leaves them to the cleanup, which ends the jobs first.
setsid env "$MARK" slurmctld -D -i >"$LOGS/slurmctld.out" 2>&1 &
slurmctld_pid=$!
setsid env "$MARK" slurmd -D >"$LOGS/slurmd.out" 2>&1 &
slurmd_pid=$!
state=
end=$(deadline 30)
while before "$end"; do
  state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null)
  [ "$state" = idle ] && break
  alive "$slurmctld_pid" || break
  alive "$slurmd_pid" || break
  sleep 0.2
done
if [ "$state" != idle ]; then
  dump_logs
  scontrol show node "$NODE" 2>&1 | grep -E 'State|Reason'
  skip "the Slurm daemons did not start (node state '${state:-none}'; logs above)"
fi
log "slurmctld (port $CTLD_PORT) and slurmd (port $SLURMD_PORT) up: node $NODE idle, $CPUS CPUs, 2 fake GPUs"

# ---- jobs ------------------------------------------------------------------
# job_field JOB KEY: KEY=value from `scontrol show job` (first array task).
job_field() {
  scontrol -o show job "$1" 2>/dev/null | head -1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}
# wait_job_state JOB TIMEOUT STATE...: waits until the job is in one of them.
wait_job_state() {
  local job=$1 timeout=$2 s end
  end=$(deadline "$timeout")
  shift 2
  while before "$end"; do
    s=$(job_field "$job" JobState)
    for want in "$@"; do [ "$s" = "$want" ] && return 0; done
    case "$s" in FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE)
      log "job $job is $s (exit code $(job_field "$job" ExitCode))"
      return 1
      ;;
    esac
    sleep 0.2
  done
  log "job $job still ${s:-unknown} after $timeout s (wanted $*)"
  return 1
}
# sbatch_job DIR SCRIPT [OPTIONS...]: submits SCRIPT from DIR; the job id.
sbatch_job() {
  local dir=$1 script=$2
  shift 2
  (cd "$dir" && env "$MARK" sbatch --parsable --output="$dir/%x-%j.out" "$@" "$script") 2>>"$LOGS/sbatch.err"
}

# ---- the inputs and the reference --------------------------------------------
# A road network of 12,000 nodes, every node x 1,000 destinations: about 10 s
# on one thread of a 2020s core, in 47 row blocks (--memory 2M) so that the
# pre-emption lands between blocks with most of them still to do.
NET=$SCRATCH/net.h5
"$HG" -q generate --kind road --nodes 12000 --seed 7 -o "$NET" || fail "hourglass generate failed"
seq 0 12 11999 | sed 's/^/R/' >"$SCRATCH/dest.txt"
HG_ARGS="--destinations @$SCRATCH/dest.txt --method sssp --backend cpu --memory 2M"
mkdir -p "$SCRATCH/ref" "$SCRATCH/requeue" "$SCRATCH/gpus" "$SCRATCH/array"
# The same command line as the jobs' (it is recorded in the file): run from
# another directory with the same relative -o.
log "reference solve started in the background: $HG solve $NET -o result.h5 --threads 1 $HG_ARGS"
# shellcheck disable=SC2086
(cd "$SCRATCH/ref" && exec "$HG" solve "$NET" -o result.h5 --threads 1 $HG_ARGS) >"$LOGS/reference.log" 2>&1 &
ref_pid=$!

# ---- requeue.sbatch: pre-empted, requeued, resumed ---------------------------
export HOURGLASS=$HG SNAPSHOT=$NET OUTPUT=result.h5 HG_ARGS
t_submit=$(now_ms)
job=$(sbatch_job "$SCRATCH/requeue" "$SCRIPTS/requeue.sbatch" --ntasks-per-node="$RANKS" --cpus-per-task=1 --time=30) ||
  fail "sbatch requeue.sbatch: $(cat "$LOGS/sbatch.err")"
log "sbatch requeue.sbatch: job $job ($RANKS rank(s) x 1 thread)"
wait_job_state "$job" 30 RUNNING || fail "requeue job $job did not start"
log "job $job RUNNING"
partial=$SCRATCH/requeue/result.h5.partial
progress=$SCRATCH/requeue/result.h5.progress
blocks=0
end=$(deadline 60)
while before "$end"; do
  if [ -f "$partial" ] && [ -f "$progress" ]; then
    blocks=$(grep -c '"[0-9]*": "' "$progress" 2>/dev/null)
    [ "${blocks:-0}" -ge 2 ] && break
  fi
  [ "$(job_field "$job" JobState)" = RUNNING ] || break
  sleep 0.2
done
[ "${blocks:-0}" -ge 2 ] || fail "job $job: no $partial with 2 finished blocks in $progress (state $(job_field "$job" JobState))"
log "job $job: result.h5.partial exists, $blocks of $(sed -n 's/^ *"blocks": *\([0-9]*\).*/\1/p' "$progress") blocks recorded in result.h5.progress"
log "scancel --signal=TERM --batch $job (what --signal=B:TERM@secs does before the time limit)"
scancel --signal=TERM --batch "$job" || fail "scancel --signal=TERM --batch $job failed"
t_signal=$(now_ms)
# Requeued: back to PENDING with Restarts=1, then running again.
end=$(deadline 30)
while before "$end"; do
  [ "$(job_field "$job" Restarts)" = 1 ] && break
  sleep 0.2
done
[ "$(job_field "$job" Restarts)" = 1 ] || fail "job $job was not requeued (Restarts=$(job_field "$job" Restarts), state $(job_field "$job" JobState))"
log "job $job requeued ($(seconds "$t_signal") s after the signal): Restarts=1, state $(job_field "$job" JobState)"
wait_job_state "$job" 60 RUNNING COMPLETED || fail "requeued job $job did not start again"
log "job $job started again (state $(job_field "$job" JobState))"
wait_job_state "$job" 120 COMPLETED || fail "requeued job $job did not complete"
log "job $job COMPLETED, exit code $(job_field "$job" ExitCode), Restarts=$(job_field "$job" Restarts), $(seconds "$t_submit") s after sbatch"
out=$(ls "$SCRATCH"/requeue/*-"$job".out)
echo "----- $out"
cat "$out"
echo "-----"
grep -q "start 1\]: stopped (status 143)" "$out" || fail "no 'stopped (status 143)' line of start 1 in $out"
grep -q "start 1\]: requeued" "$out" || fail "no 'requeued' line of start 1 in $out"
grep -q "start 2\]: starting on .*SLURM_RESTART_COUNT=1" "$out" || fail "no 'start 2 ... SLURM_RESTART_COUNT=1' line in $out"
grep -q "start 2\]: resuming" "$out" || fail "start 2 did not find result.h5.partial"
grep -q -- "--resume: continuing" "$out" || fail "hourglass did not continue the partial file (no '--resume: continuing' in $out)"
grep -q "start 2\]: finished" "$out" || fail "no 'finished' line of start 2 in $out"
[ "$(job_field "$job" ExitCode)" = 0:0 ] || fail "job $job exit code $(job_field "$job" ExitCode)"
[ -e "$partial" ] || [ -e "$progress" ] && fail "side files left behind: $(ls "$SCRATCH"/requeue)"

wait "$ref_pid"
ref_status=$?
ref_pid=
[ "$ref_status" -eq 0 ] || {
  cat "$LOGS/reference.log"
  fail "the reference solve failed (status $ref_status)"
}
log "reference solve done ($(tail -n 1 "$LOGS/reference.log" | sed 's/^hourglass: //'))"
"$PY" "$COMPARE" "$SCRATCH/ref/result.h5" "$SCRATCH/requeue/result.h5" || fail "requeue.sbatch's result differs from the reference"

# ---- one-node-gpus.sbatch --------------------------------------------------------
t_submit=$(now_ms)
job=$(sbatch_job "$SCRATCH/gpus" "$SCRIPTS/one-node-gpus.sbatch" --gpus-per-node="$RANKS" --ntasks-per-node="$RANKS" --cpus-per-task=1 --time=30) ||
  fail "sbatch one-node-gpus.sbatch: $(cat "$LOGS/sbatch.err")"
log "sbatch one-node-gpus.sbatch: job $job ($RANKS rank(s), $RANKS fake GPU(s), --threads from SLURM_CPUS_PER_TASK=1)"
wait_job_state "$job" 120 COMPLETED || {
  cat "$SCRATCH"/gpus/*-"$job".out
  fail "one-node-gpus job $job did not complete"
}
log "job $job COMPLETED, exit code $(job_field "$job" ExitCode), $(seconds "$t_submit") s after sbatch"
grep 'one-node-gpus.sbatch\[' "$SCRATCH"/gpus/*-"$job".out
"$PY" "$COMPARE" "$SCRATCH/ref/result.h5" "$SCRATCH/gpus/result.h5" || fail "one-node-gpus.sbatch's result differs from the reference"

# ---- scenario-array.sbatch -------------------------------------------------------
WORLD=$SCRATCH/world.h5
"$HG" -q generate --nodes 3000 --seed 5 -o "$WORLD" || fail "hourglass generate (logistics) failed"
mkdir -p "$SCRATCH/scenarios"
cat >"$SCRATCH/scenarios/a-sites.json" <<'EOF'
{"name": "a-sites", "description": "every site outside AL to everything", "origins": "kind:site,-country:AL", "destinations": "all", "hours": [24, 48, 72]}
EOF
cat >"$SCRATCH/scenarios/b-hubs.json" <<'EOF'
{"name": "b-hubs", "description": "every hub to every demand zone", "origins": "kind:hub", "destinations": "kind:demand", "hours": [12, 36]}
EOF
t_submit=$(now_ms)
job=$(SNAPSHOT=$WORLD SCENARIOS=$SCRATCH/scenarios OUT_DIR=$SCRATCH/array/coverage HG_ARGS='' \
  sbatch_job "$SCRATCH/array" "$SCRIPTS/scenario-array.sbatch" --array=0-1 --ntasks=1 --cpus-per-task=1 --time=10) ||
  fail "sbatch scenario-array.sbatch: $(cat "$LOGS/sbatch.err")"
log "sbatch --array=0-1 scenario-array.sbatch: job $job"
end=$(deadline 60)
while before "$end"; do
  states=$(scontrol -o show job "$job" 2>/dev/null | tr ' ' '\n' | sed -n 's/^JobState=//p' | sort | uniq -c | tr -s ' \n' ' ')
  [ "$(scontrol -o show job "$job" 2>/dev/null | grep -c 'JobState=COMPLETED')" -eq 2 ] && break
  [[ "$states" =~ FAILED|CANCELLED|TIMEOUT ]] && break
  sleep 0.2
done
[ "$(scontrol -o show job "$job" 2>/dev/null | grep -c 'JobState=COMPLETED')" -eq 2 ] || {
  cat "$SCRATCH"/array/*.out
  fail "array job $job: tasks not both COMPLETED ($states)"
}
log "array job $job: both tasks COMPLETED, $(seconds "$t_submit") s after sbatch"
grep -h 'scenario-array.sbatch\[' "$SCRATCH"/array/*.out
for name in a-sites b-hubs; do
  (cd "$SCRATCH/array" && "$HG" -q coverage "$WORLD" --scenario "$SCRATCH/scenarios/$name.json" --json "$SCRATCH/array/$name.reference.json") ||
    fail "hourglass coverage $name failed"
  "$PY" - "$SCRATCH/array/$name.reference.json" "$SCRATCH/array/coverage/$name.json" <<'EOF' || fail "scenario $name: the array task's report differs"
import json, sys
def load(path):
    def strip(v):  # timings differ from run to run
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if "seconds" not in k}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v
    with open(path) as f:
        return strip(json.load(f))
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    print("differs:", [k for k in set(a) | set(b) if a.get(k) != b.get(k)])
    sys.exit(1)
EOF
  log "scenario $name: the array task's report equals a direct hourglass coverage"
done
exit 0
