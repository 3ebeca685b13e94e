"""Hourglass against peer shortest-path libraries, on the same graphs, with
every peer's distances checked against Hourglass's.

Run by scripts/bench-peers.sh, which builds Hourglass and the peers' virtual
environment and then turns the figures this writes (--results JSON) into
docs/benchmarks.md and docs/benchmarks.png. Per network it measures:

- full rows: the time per origin of one-to-all distances over a fixed,
  seeded sample of origins (each peer takes as many of them as make its run
  last a few seconds; Hourglass takes the most, so that every peer's
  origins are rows of Hourglass's result);
- tables of 100 x 100 and 1000 x 1000 seeded origins and destinations;
- the peak resident memory of the process that ran each measurement (each
  runs in a process of its own: peer_run.py, or `hourglass solve`);
- the mismatches between each peer's distances and Hourglass's.

Exit status: 0; 1 when some peer's distances differ from Hourglass's (the
figures are written first); 2 a network that does not exist or is of no
known kind; 3 a step that failed (making a snapshot, `hourglass solve`).
"""
import argparse
import importlib.metadata
import json
import os
import platform
import resource
import subprocess
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

import h5py
import numpy as np

from peer_measure import TIMEOUT_STATUS
from snapshot_graph import hourglass_times, read_snapshot_graph

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PEERS = ["scipy", "igraph", "networkit", "networkx", "pandana"]
DISTRIBUTIONS = {"scipy": "scipy", "igraph": "igraph", "networkit": "networkit", "networkx": "networkx",
                 "pandana": "pandana", "numpy": "numpy", "h5py": "h5py"}
# A rough cost of one origin's full row, in nanoseconds per node, measured on
# ChicagoRegional and road-200k on a 2-core AMD EPYC with each library's own
# threads; it only chooses how many origins make a peer's full-row run last
# about --target-seconds.
NS_PER_NODE = {"scipy": 200, "igraph": 400, "networkit": 350, "networkx": 3300}
HOURGLASS_ORIGINS = 1024  # enough for Hourglass's automatic method to pick what it would for many origins
FEWEST_ORIGINS = 16
NETWORKX_MOST_NODES = 20_000  # pure Python: 40 ms per origin at 13,000 nodes, seconds at 10^6
TABLE_SIZES = (100, 1000)
MISMATCH_EXAMPLES = 3


def progress(label, message):
    """One plain line on stderr per step: batch logs have no terminal."""
    print(f"bench-peers: {label}: {message}", file=sys.stderr, flush=True)


def run_measured(cmd, log):
    """Runs `cmd` with its output in `log`; returns its exit status and the
    peak resident memory of that process alone, in KiB, taken by
    peer_measure.py (why a process of its own: see there)."""
    launcher = [sys.executable, "-I", str(HERE / "peer_measure.py"), str(log)]
    figures = json.loads(subprocess.run(launcher + [str(c) for c in cmd], check=True, capture_output=True,
                                        text=True).stdout)
    return figures["status"], figures["peak_kib"]


def fail(label, message, log):
    """Stops the run with status 3 after showing the failed step's output."""
    sys.stderr.write(Path(log).read_text(errors="replace"))
    print(f"bench-peers: {label}: {message}", file=sys.stderr)
    sys.exit(3)


def last_line(log):
    """The last non-empty line of a log: the reason a failed run gives."""
    lines = [line.strip() for line in Path(log).read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


# Networks ------------------------------------------------------------------

def stale(output, inputs):
    """Whether `output` must be made again: missing, or older than an input
    (a file, or every file under a folder)."""
    if not output.exists():
        return True
    newest = 0.0
    for path in inputs:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        newest = max([newest] + [p.stat().st_mtime for p in files])
    return newest > output.stat().st_mtime


def network_label(spec):
    """A short name for a network: the file's stem, road-200k, world."""
    if spec.startswith("road:"):
        n = int(spec[5:])
        return f"road-{n // 10**6}M" if n % 10**6 == 0 else f"road-{n // 1000}k" if n % 1000 == 0 else f"road-{n}"
    if spec == "world":
        return "world"
    name = Path(spec).name
    for suffix in ("_net.tntp", ".tntp", ".gr", ".h5"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def prepare_network(spec, hourglass, networks):
    """The snapshot to measure for `spec`, made with `hourglass import` or
    `generate` into `networks` (kept until its source or the binary
    changes), and where it came from, in words."""
    label = network_label(spec)
    out = networks / f"{label}.h5"
    if spec.startswith("road:"):
        cmd = [hourglass, "generate", "--kind", "road", "--nodes", spec[5:], "--seed", "1", "-o", str(out)]
        inputs, source = [Path(hourglass)], f"`hourglass generate --kind road --nodes {spec[5:]} --seed 1`"
    elif spec == "world":
        data = ROOT / "data" / "world"
        cmd = [hourglass, "import", "openflights", "--data", str(data), "-o", str(out)]
        inputs, source = [Path(hourglass), data], "`hourglass import openflights --data data/world`"
    elif spec.endswith(".h5"):
        return label, Path(spec), f"snapshot {Path(spec).name}"
    else:
        kind = "dimacs" if spec.endswith(".gr") else "tntp"
        cmd = [hourglass, "import", kind, spec, "-o", str(out)]
        inputs, source = [Path(hourglass), Path(spec)], f"`hourglass import {kind} {Path(spec).name}`"
    if stale(out, inputs):
        progress(label, "making the snapshot: " + " ".join(cmd[1:]))
        log = networks / f"{label}.log"
        status, _ = run_measured(cmd, log)
        if status != 0:
            fail(label, f"making the snapshot failed (status {status}; its output above)", log)
    return label, out, source


def check_specs(specs):
    """Stops with status 2 naming a network that does not exist or is of no known kind."""
    for spec in specs:
        if spec == "world" or (spec.startswith("road:") and spec[5:].isdigit()):
            continue
        if not Path(spec).is_file():
            print(f"bench-peers: no such network file: {spec}", file=sys.stderr)
            sys.exit(2)
        if not spec.endswith((".gr", ".tntp", ".h5")):
            print(f"bench-peers: {spec}: not a DIMACS .gr, TNTP _net.tntp or snapshot .h5 file", file=sys.stderr)
            sys.exit(2)


# Samples ---------------------------------------------------------------------

def full_row_origins(peer, nodes, target_seconds):
    """How many origins make `peer`'s full-row run last about target_seconds:
    a power of two between FEWEST_ORIGINS and HOURGLASS_ORIGINS (at most
    every node), so that the sample, and so the figures, stay the same run to
    run, and the peer's origins are rows of Hourglass's result."""
    want = target_seconds * 1e9 / (NS_PER_NODE[peer] * nodes)
    k = 2 ** int(np.floor(np.log2(max(want, 1))))
    return min(nodes, max(FEWEST_ORIGINS, min(HOURGLASS_ORIGINS, k)))


def samples(nodes, seed):
    """The seeded node samples: one order of origins for full rows (each run
    takes a prefix) and origins and destinations for each table size."""
    rng = np.random.default_rng(seed)
    full = rng.permutation(nodes)[:HOURGLASS_ORIGINS]
    tables = {size: (rng.choice(nodes, min(size, nodes), replace=False),
                     rng.choice(nodes, min(size, nodes), replace=False)) for size in TABLE_SIZES}
    return full, tables


# Measurements ------------------------------------------------------------------

class Bench:
    """One network's measurements: its graph and samples, the scratch files,
    and the Hourglass results that peers are compared with."""

    def __init__(self, label, snapshot, hourglass, work, args):
        self.label, self.snapshot, self.hourglass, self.work = label, snapshot, hourglass, work
        self.args = args
        self.graph = read_snapshot_graph(snapshot)
        self.graph_file = work / "graph.npz"
        g = self.graph
        np.savez(self.graph_file, nodes=g.nodes, src=g.src, dst=g.dst, weight=g.weight, lon=g.lon, lat=g.lat)
        self.full, self.tables = samples(g.nodes, args.seed)
        self.measurements = []

    def write_sample(self, name, nodes):
        """The sample as node indices, for peers: NAME.npy."""
        np.save(self.work / f"{name}.npy", nodes)
        return self.work / f"{name}.npy"

    def write_selection(self, name, nodes):
        """The sample as node codes, one a line, for Hourglass's @FILE: NAME.txt."""
        (self.work / f"{name}.txt").write_text("\n".join(self.graph.codes[nodes]) + "\n")
        return self.work / f"{name}.txt"

    def hourglass_hierarchy(self):
        """Hourglass's preprocessing, as the peers' is timed apart: the
        contraction hierarchy, built once into a file that every measured
        run then reads (`--hierarchy`), so that the automatic method sees it
        stored and the build is not counted again."""
        self.hierarchy = self.work / "hierarchy.h5"
        self.hierarchy.unlink(missing_ok=True)
        o = self.write_selection("hierarchy-origin", self.full[:1])
        summary, log = self.work / "hierarchy.json", self.work / "hierarchy.hourglass.log"
        cmd = [self.hourglass, "-q", "solve", str(self.snapshot), "--snapshot", self.graph.name, "--origins", f"@{o}",
               "--backend", "cpu", "--method", "phast", "--hierarchy", str(self.hierarchy), "--json", str(summary),
               "-o", str(self.work / "hierarchy-row.h5")]
        progress(self.label, "hourglass: building the contraction hierarchy ...")
        status, _ = run_measured(cmd, log)
        if status != 0:
            fail(self.label, f"hourglass solve --method phast failed (status {status}; its output above)", log)
        (self.work / "hierarchy-row.h5").unlink()
        self.hierarchy_seconds = float(json.loads(summary.read_text())["hierarchy_seconds"])
        progress(self.label, f"hourglass: hierarchy built in {self.hierarchy_seconds:.2f} s")

    def hourglass_run(self, task, origins, destinations):
        """`hourglass solve` on the CPU with the automatic method and the
        stored hierarchy; its time per the JSON summary (reading the
        hierarchy included), the build reported apart as preprocessing when
        the method used it."""
        o = self.write_selection(f"{task}-origins", origins)
        result, summary, log = self.work / f"{task}.h5", self.work / f"{task}.json", self.work / f"{task}.hourglass.log"
        selection = ["--origins", f"@{o}"]
        if destinations is not None:
            selection += ["--destinations", f"@{self.write_selection(f'{task}-destinations', destinations)}"]
        cmd = [self.hourglass, "-q", "solve", str(self.snapshot), "--snapshot", self.graph.name, *selection,
               "--backend", "cpu", "--width", "32", "--dtype", "uint32", "--hierarchy", str(self.hierarchy),
               "--json", str(summary), "-o", str(result)]
        self.say("hourglass", task, origins, destinations)
        status, peak = run_measured(cmd, log)
        if status != 0:
            fail(self.label, f"hourglass solve failed (status {status}; its output above)", log)
        s = json.loads(summary.read_text())
        hierarchy = self.hierarchy_seconds if "hierarchy_file" in s else 0.0
        threads = int(os.environ.get("OMP_NUM_THREADS", os.cpu_count()))  # solve's default
        row = {"library": "hourglass", "task": task, "status": "ok", "origins": int(origins.size),
               "destinations": int(destinations.size if destinations is not None else self.graph.nodes),
               "seconds": float(s["compute_seconds"]), "preprocess_seconds": hierarchy,
               "threads": threads, "peak_kib": peak, "mismatches": 0, "method": s.get("method", ""),
               "call": f"solve --backend cpu: {s.get('solver', s.get('method', ''))}",
               "method_reason": s.get("method_reason", "")}
        self.record(row)
        return result

    def peer_run(self, peer, task, origins, destinations, reference):
        """One peer in a process of its own, its distances compared with the
        Hourglass result `reference` (whose rows begin with these origins)."""
        out = self.work / f"{task}.{peer}"
        origins_file = self.write_sample(f"{task}.{peer}-origins", origins)
        destinations_file = "all" if destinations is None else self.write_sample(f"{task}.{peer}-destinations",
                                                                                 destinations)
        cmd = [sys.executable, str(HERE / "peer_run.py"), peer, str(self.graph_file), origins_file,
               destinations_file, str(out)]
        self.say(peer, task, origins, destinations)
        log = Path(f"{out}.log")
        status, peak = run_measured(cmd, log)
        base = {"library": peer, "task": task, "origins": int(origins.size),
                "destinations": int(destinations.size if destinations is not None else self.graph.nodes)}
        if status != 0:
            reason = last_line(log) if status == TIMEOUT_STATUS else f"failed: {last_line(log)}"
            self.record({**base, "status": "failed", "note": reason})
            return
        figures = json.loads(Path(f"{out}.json").read_text())
        columns = np.arange(self.graph.nodes) if destinations is None else destinations
        mismatches, examples = self.compare(reference, Path(f"{out}.npy"), origins, columns)
        self.record({**base, **figures, "status": "ok", "peak_kib": peak, "mismatches": mismatches,
                     "examples": examples})
        Path(f"{out}.npy").unlink()

    def compare(self, reference, distances, origins, columns):
        """Mismatching entries of a peer's distances (converted to Hourglass's
        stored times) against the first rows of Hourglass's result, a few rows
        at a time so that 10^6-node rows stay small in memory; and the first
        few of them as (origin, destination, Hourglass, peer) codes and times."""
        theirs = np.load(distances, mmap_mode="r")
        step = max(1, 2**22 // max(1, columns.size))
        count, examples = 0, []
        with h5py.File(reference, "r") as f:
            ours = f["data/transit_time"]
            for begin in range(0, origins.size, step):
                rows = slice(begin, min(origins.size, begin + step))
                mine = ours[rows, :].astype(np.uint32)
                other = hourglass_times(theirs[rows], self.graph.handling, origins[rows], columns)
                bad = np.argwhere(mine != other)
                count += len(bad)
                for i, j in bad[: MISMATCH_EXAMPLES - len(examples)]:
                    examples.append([str(self.graph.codes[origins[begin + i]]), str(self.graph.codes[columns[j]]),
                                     int(mine[i, j]), int(other[i, j])])
        return count, examples

    def skip(self, peer, task, note):
        self.record({"library": peer, "task": task, "status": "skipped", "note": note})

    def say(self, peer, task, origins, destinations):
        what = (f"full rows ({origins.size} origins)" if destinations is None
                else f"{origins.size}x{destinations.size} table")
        progress(self.label, f"{peer} {what} ...")

    def record(self, row):
        """Keeps a measurement and tells its outcome on one line."""
        self.measurements.append(row)
        if row["status"] != "ok":
            progress(self.label, f"{row['library']} {row['task']}: {row['note']}")
            return
        per = 1e3 * row["seconds"] / row["origins"]
        progress(self.label, f"{row['library']} {row['task']}: {row['seconds']:.3f} s ({per:.3f} ms per origin), "
                             f"preprocessing {row['preprocess_seconds']:.2f} s, {row['peak_kib'] / 1024:.0f} MiB, "
                             f"{row['mismatches']} mismatches")


def full_rows(bench, missing):
    """Full rows: Hourglass on the most origins, each peer on a prefix of them."""
    nodes = bench.graph.nodes
    reference = bench.hourglass_run("full", bench.full, None)
    for peer in PEERS:
        if peer in missing:
            bench.skip(peer, "full", missing[peer])
        elif peer == "pandana":
            bench.skip(peer, "full", "no full-row API (pairs only)")
        elif peer == "networkx" and nodes > NETWORKX_MOST_NODES:
            bench.skip(peer, "full", f"skipped: more than {NETWORKX_MOST_NODES:,} nodes")
        else:
            k = full_row_origins(peer, nodes, bench.args.target_seconds)
            bench.peer_run(peer, "full", bench.full[:k], None, reference)
    reference.unlink()


def table_estimate(bench, peer, origins):
    """A row-based peer's likely table time, from its full-row time per origin."""
    for row in bench.measurements:
        if row["library"] == peer and row["task"] == "full" and row["status"] == "ok":
            return row["seconds"] / row["origins"] * origins
    return 0.0


def tables(bench, missing):
    """Each table size: Hourglass, then every peer on the same origins and destinations."""
    nodes = bench.graph.nodes
    for size in TABLE_SIZES:
        task = f"table{size}"
        origins, destinations = bench.tables[size]
        reference = bench.hourglass_run(task, origins, destinations)
        for peer in PEERS:
            estimate = table_estimate(bench, peer, origins.size)
            if peer in missing:
                bench.skip(peer, task, missing[peer])
            elif peer == "networkx" and nodes > NETWORKX_MOST_NODES:
                bench.skip(peer, task, f"skipped: more than {NETWORKX_MOST_NODES:,} nodes")
            elif bench.args.table_limit and estimate > bench.args.table_limit:
                bench.skip(peer, task, f"skipped: about {estimate:.0f} s by its full-row speed "
                                       f"(limit {bench.args.table_limit:.0f} s, BENCH_PEERS_TABLE_LIMIT)")
            else:
                bench.peer_run(peer, task, origins, destinations, reference)
        reference.unlink()


# The record ----------------------------------------------------------------------

def machine():
    """CPU model, cores and memory, as /proc tells them."""
    model = platform.processor() or "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": round(kib / 2**20, 1)}


def others_cpu_seconds():
    """CPU seconds the machine has spent on processes other than this run
    (and those it waited for) so far: what /proc/stat counts busy, less our
    own rusage. Its growth over the run says whether other work shared the
    cores and made the times noisy, which a load average (which counts this
    run too) cannot tell."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in f.readline().split()[1:9])
    busy = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return busy - (me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime)


def versions(hourglass):
    """Hourglass's version line and each installed peer's and tool's version."""
    found = {}
    for module, dist in DISTRIBUTIONS.items():
        try:
            found[module] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    line = subprocess.run([hourglass, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return line, found


def unavailable_peers(path):
    """Peers the environment lacks, with why: the install script's list
    (PEER<TAB>reason), plus cuGraph whenever it does not import."""
    missing = {}
    if path and Path(path).exists():
        for line in Path(path).read_text().splitlines():
            peer, _, reason = line.partition("\t")
            missing[peer] = f"not installed: {reason}"
    return missing


def cugraph_status():
    """cuGraph is never installed here (it needs CUDA and its own package
    index) and this comparison is on the CPU; the record says whether it was
    there at all, so that its absence is a stated fact, not an omission."""
    try:
        import cugraph
        return f"cuGraph {cugraph.__version__}: installed, but not measured by this script (a CPU comparison)"
    except ImportError:
        return "cuGraph: not installed, skipped"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("networks", nargs="*",
                    help="DIMACS .gr, TNTP _net.tntp or snapshot .h5 files; road:N; world (none: the record is empty)")
    ap.add_argument("--hourglass", required=True, help="the hourglass binary")
    ap.add_argument("--work", required=True, help="scratch folder: snapshots, samples, results")
    ap.add_argument("--results", required=True, help="the figures, as JSON")
    ap.add_argument("--not-installed", help="PEER<TAB>reason lines for peers that failed to install")
    ap.add_argument("--invocation", default="bench_peers.py", help="the command line, for the record")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--target-seconds", type=float, default=3.0, help="how long a peer's full-row run should last")
    ap.add_argument("--table-limit", type=float, default=float(os.environ.get("BENCH_PEERS_TABLE_LIMIT", 300)),
                    help="skip a row-based peer's table that its full-row speed says would take longer (0: never)")
    args = ap.parse_args()
    check_specs(args.networks)
    work = Path(args.work)
    (work / "networks").mkdir(parents=True, exist_ok=True)
    missing = unavailable_peers(args.not_installed)
    cugraph = cugraph_status()
    progress("peers", cugraph)
    hourglass_version, peer_versions = versions(args.hourglass)
    record = {"generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "invocation": args.invocation.strip(), "machine": machine(),
              "hourglass": hourglass_version, "versions": peer_versions, "cugraph": cugraph,
              "settings": {"seed": args.seed, "target_seconds": args.target_seconds,
                           "table_limit": args.table_limit, "networkx_most_nodes": NETWORKX_MOST_NODES},
              "networks": []}
    start, others_before = time.perf_counter(), others_cpu_seconds()
    for spec in args.networks:
        label, snapshot, source = prepare_network(spec, args.hourglass, work / "networks")
        run = work / "run" / label
        run.mkdir(parents=True, exist_ok=True)
        bench = Bench(label, snapshot, args.hourglass, run, args)
        progress(label, f"{bench.graph.nodes:,} nodes, {bench.graph.arcs:,} arcs ({source})")
        bench.hourglass_hierarchy()
        full_rows(bench, missing)
        tables(bench, missing)
        record["networks"].append({"label": label, "source": source, "nodes": bench.graph.nodes,
                                   "arcs": bench.graph.arcs, "time_unit": bench.graph.time_unit,
                                   "measurements": bench.measurements})
    record["seconds"] = time.perf_counter() - start
    record["others_share"] = (others_cpu_seconds() - others_before) / (record["seconds"] * os.cpu_count())
    Path(args.results).write_text(json.dumps(record, indent=1) + "\n")
    bad = [(n["label"], m["library"], m["task"], m["mismatches"]) for n in record["networks"]
           for m in n["measurements"] if m.get("mismatches")]
    for label, peer, task, count in bad:
        print(f"bench-peers: MISMATCH: {label}: {peer} {task}: {count} distances differ from Hourglass's",
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # a failed step, not a mismatch: status 3 (the script then writes no page)
        traceback.print_exc()
        sys.exit(3)
