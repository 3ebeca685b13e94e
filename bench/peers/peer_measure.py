"""Runs a command and prints its exit status and peak resident memory, as
/usr/bin/time -v would, without needing that package.

    python -I peer_measure.py LOG CMD [ARG ...]    prints {"status": S, "peak_kib": K}

A command still running after BENCH_PEERS_PEER_TIMEOUT seconds (default
900; 0: no limit) is stopped: status 124, and the log's last line says so.

bench_peers.py starts every measured process through this small one because
Linux counts in a child's ru_maxrss the memory of the process it was forked
from: started straight from the benchmark (which holds graphs and results),
every child would report at least the benchmark's own size. From here the
floor is this interpreter's ten or so MiB. The command's output goes to LOG.
"""
import json
import os
import resource
import subprocess
import sys

TIMEOUT_STATUS = 124


def main(argv):
    log, cmd = argv[1], argv[2:]
    limit = float(os.environ.get("BENCH_PEERS_PEER_TIMEOUT", "900")) or None
    with open(log, "w") as out:
        try:
            status = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, timeout=limit).returncode
        except subprocess.TimeoutExpired:  # run() has killed it
            out.write(f"\ndid not finish within {limit:.0f} s (BENCH_PEERS_PEER_TIMEOUT)\n")
            status = TIMEOUT_STATUS
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"status": status, "peak_kib": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
