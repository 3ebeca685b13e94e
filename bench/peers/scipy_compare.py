#!/usr/bin/python3
"""Hourglass's CPU Dijkstra against SciPy's csgraph.dijkstra on the same graph.

Builds the graph a snapshot defines with h5py alone (transit times, handling
at pass-through nodes, directed customs on country-crossing edges, the
quickest of parallel edges, no self loops), times SciPy's dijkstra in one call
over a sample of origins (graph construction excluded, as Hourglass's loading
is excluded), runs `hourglass solve --backend cpu` on the same origins (one
thread by default, or --threads N), checks that every distance is equal, and
prints our time / SciPy's time. The network is a snapshot, or a road file
imported here first with `hourglass import` (--dimacs GR, --tntp NET).

Run with Debian's python3 (it has h5py, numpy and scipy):
    /usr/bin/python3 bench/peers/scipy_compare.py SNAPSHOT.h5 --origins 64 --hourglass build/release/hourglass
    /usr/bin/python3 bench/peers/scipy_compare.py --dimacs ../shared/data/road/dimacs-rome99/rome99.gr --threads 2
    /usr/bin/python3 bench/peers/scipy_compare.py --tntp ChicagoRegional_net.tntp --threads 2
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from snapshot_graph import UNREACHABLE, read_snapshot_graph, text


def read_graph(path, name):
    """The snapshot's graph as a CSR matrix with handling folded in on arrival
    (snapshot_graph.py): a path's sum is its transit time plus the
    destination's handling, which is subtracted afterwards."""
    g = read_snapshot_graph(path, name)
    graph = csr_matrix((g.weight.astype(np.float64), (g.src, g.dst)), shape=(g.nodes, g.nodes))
    return graph, g.handling, g.name


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("snapshot", nargs="?", help="snapshot file (or give --dimacs / --tntp)")
    ap.add_argument("--dimacs", help="a DIMACS .gr file, imported with `hourglass import dimacs` (weights verbatim)")
    ap.add_argument("--tntp", help="a TNTP _net.tntp file, imported with `hourglass import tntp`")
    ap.add_argument("--threads", type=int, default=1, help="Hourglass's threads (SciPy's dijkstra uses one)")
    ap.add_argument("--snapshot-name", default="")
    ap.add_argument("--origins", type=int, default=32, help="number of sampled origins")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hourglass", default="build/release/hourglass")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    if sum(x is not None for x in (args.snapshot, args.dimacs, args.tntp)) != 1:
        ap.error("give exactly one of SNAPSHOT, --dimacs, --tntp")
    with tempfile.TemporaryDirectory() as imported:
        if args.snapshot is None:
            kind, source = ("dimacs", args.dimacs) if args.dimacs else ("tntp", args.tntp)
            args.snapshot = os.path.join(imported, "imported.h5")
            subprocess.run([args.hourglass, "import", kind, source, "-o", args.snapshot], check=True,
                           stdout=subprocess.DEVNULL)
        return compare(args)


def compare(args):
    graph, handling, name = read_graph(args.snapshot, args.snapshot_name)
    n = graph.shape[0]
    rng = np.random.default_rng(args.seed)
    origins = np.sort(rng.choice(n, size=min(args.origins, n), replace=False))

    # SciPy: one call, one thread. Explicit zeros in the CSR data are
    # zero-time edges for csgraph.
    start = time.perf_counter()
    dist = dijkstra(graph, directed=True, indices=origins)
    scipy_seconds = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        with h5py.File(args.snapshot, "r") as f:
            codes = text(f["snapshots"][name]["nodes/code"])
        sel = os.path.join(tmp, "origins.txt")
        with open(sel, "w") as out:
            out.write("\n".join(codes[origins]) + "\n")
        result, summary = os.path.join(tmp, "r.h5"), os.path.join(tmp, "s.json")
        subprocess.run([args.hourglass, "solve", args.snapshot, "--snapshot", name, "--origins", "@" + sel,
                        "--backend", "cpu", "--method", "sssp", "--width", "32", "--threads", str(args.threads),
                        "-q", "--json", summary,
                        "-o", result], check=True)
        with open(summary) as s:
            ours = json.load(s)
        with h5py.File(result, "r") as r:
            times = r["data/transit_time"][:]

    # Compare: SciPy's sums include the destination's handling.
    expected = dist - handling[None, :]
    expected[np.arange(origins.size), origins] = 0
    expected = np.where(np.isinf(dist), UNREACHABLE, expected)
    mismatches = int(np.count_nonzero(expected.astype(np.uint64) != times.astype(np.uint64)))

    ratio = ours["compute_seconds"] / scipy_seconds
    figures = {
        "snapshot": args.dimacs or args.tntp or args.snapshot, "nodes": int(n), "edges": int(graph.nnz),
        "origins": int(origins.size), "hourglass_threads": args.threads,
        "scipy_version": scipy.__version__, "scipy_seconds": scipy_seconds,
        "hourglass_seconds": ours["compute_seconds"], "ratio": ratio, "mismatches": mismatches,
        "scipy_ms_per_origin": 1e3 * scipy_seconds / origins.size,
        "hourglass_ms_per_origin": 1e3 * ours["compute_seconds"] / origins.size,
    }
    print(f"{figures['snapshot']}: {n} nodes, {graph.nnz} edges, {origins.size} origins, "
          f"SciPy one thread, Hourglass {args.threads}")
    print(f"  SciPy {scipy.__version__} dijkstra: {figures['scipy_ms_per_origin']:.2f} ms/origin")
    print(f"  Hourglass dijkstra:     {figures['hourglass_ms_per_origin']:.2f} ms/origin")
    print(f"  ratio (ours / SciPy):   {ratio:.3f}   mismatches: {mismatches}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
