"""The graph a snapshot defines, read with h5py and NumPy alone, and the
conversion of plain shortest-path sums into the times Hourglass stores.

Peer libraries know nothing of handling or customs, so they are given a plain
directed graph whose path sums differ from Hourglass's times only by the
destination's handling: w(u, v) = transit + customs(country(u), country(v)) +
handling(v), self loops dropped, the quickest of parallel edges kept (sparse
matrix builders would add parallel edges up). `hourglass_times` then
subtracts the destination's handling, puts 0 on the diagonal and the
sentinel on unreachable pairs, so that a peer's answer and Hourglass's can be
compared entry by entry. Shared by scipy_compare.py and bench_peers.py.
"""
from dataclasses import dataclass

import h5py
import numpy as np

UNREACHABLE = 0xFFFFFFFF  # Hourglass's stored time of an unreachable pair at 32 bits


def text(column):
    """Strings of an HDF5 dataset, fixed-length (bytes) or variable-length."""
    return np.array([v.decode() if isinstance(v, bytes) else v for v in column[:]])


@dataclass(frozen=True)
class SnapshotGraph:
    """The plain directed graph of one snapshot, arcs sorted by (src, dst)."""

    name: str              # the snapshot's name in the file
    time_unit: str         # "second" or "minute": the unit of every weight and time
    codes: np.ndarray      # node codes in snapshot order (what selections name)
    handling: np.ndarray   # int64 handling time of each node
    lon: np.ndarray        # float64 coordinates (0 where the source had none)
    lat: np.ndarray
    src: np.ndarray        # int64 arcs: tail, head, weight in the snapshot's time unit
    dst: np.ndarray
    weight: np.ndarray

    @property
    def nodes(self):
        return int(self.handling.size)

    @property
    def arcs(self):
        return int(self.src.size)


def _customs_delay(group, country):
    """The delay of every arc by the countries of its ends: a matrix over the
    snapshot's country codes, the default off the diagonal, rows of
    /customs in their places, 0 within a country; and each node's row in it."""
    default = int(group.attrs.get("default_customs_time", 0))
    names, country_id = np.unique(country, return_inverse=True)
    delay = np.full((names.size, names.size), default, dtype=np.int64)
    np.fill_diagonal(delay, 0)
    if "customs" in group:
        index = {c: i for i, c in enumerate(names)}
        rows = zip(text(group["customs/from"]), text(group["customs/to"]), group["customs/time"][:])
        for a, b, t in rows:
            if a in index and b in index:
                delay[index[a], index[b]] = int(t)
    return delay, country_id


def read_snapshot_graph(path, name=""):
    """Reads snapshot `name` (the first one when empty) of the file at `path`."""
    with h5py.File(path, "r") as f:
        snaps = f["snapshots"]
        name = name or list(snaps)[0]
        g = snaps[name]
        time_unit = str(g.attrs.get("time_unit", "second"))
        handling = g["nodes/handling_time"][:].astype(np.int64)
        codes = text(g["nodes/code"])
        lon = g["nodes/lon"][:].astype(np.float64) if "nodes/lon" in g else np.zeros(handling.size)
        lat = g["nodes/lat"][:].astype(np.float64) if "nodes/lat" in g else np.zeros(handling.size)
        delay, country_id = _customs_delay(g, text(g["nodes/country"]))
        src = g["edges/src"][:].astype(np.int64)
        dst = g["edges/dst"][:].astype(np.int64)
        transit = g["edges/transit_time"][:].astype(np.int64)
    keep = src != dst
    src, dst, transit = src[keep], dst[keep], transit[keep]
    weight = transit + delay[country_id[src], country_id[dst]] + handling[dst]
    order = np.lexsort((weight, dst, src))
    src, dst, weight = src[order], dst[order], weight[order]
    first = np.ones(src.size, dtype=bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    return SnapshotGraph(name, time_unit, codes, handling, lon, lat, src[first], dst[first], weight[first])


def hourglass_times(sums, handling, origins, destinations):
    """Hourglass's stored uint32 times from path sums (float, inf where a
    destination is unreachable) of the rows `origins` and columns
    `destinations` (node indices): the destination's handling subtracted,
    0 where origin and destination are the same node. Weights are integers
    well below 2^53, so float64 sums are exact."""
    sums = np.asarray(sums, dtype=np.float64)
    times = sums - handling[destinations][None, :]
    times[np.asarray(origins)[:, None] == np.asarray(destinations)[None, :]] = 0
    times[np.isinf(sums)] = UNREACHABLE
    return times.astype(np.uint64).astype(np.uint32)
