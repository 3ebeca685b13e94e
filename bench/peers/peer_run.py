"""One peer library's measurement, run by bench_peers.py in a process of its
own so that the process's peak resident memory is that peer's alone.

    python peer_run.py PEER GRAPH.npz ORIGINS.npy DESTINATIONS.npy|all OUT

Loads the plain graph bench_peers.py saved (arcs with handling and customs
folded in, snapshot_graph.py), builds the peer's graph (not timed: Hourglass's
loading is not timed either), builds the peer's index where it has one
(timed apart as preprocessing: pandana's contraction hierarchy), then times
the distances from ORIGINS to every node ("all") or to DESTINATIONS. Saves
the float64 distances (inf where unreachable) to OUT.npy and the figures to
OUT.json: seconds, preprocess_seconds, threads, call (a file, not stdout:
pandana's C++ code prints there). Each peer's function returns its distance
call, its preprocessing time, its thread count, and how its full-row and
table calls read in the report.
"""
import json
import os
import sys
import time
import warnings

import numpy as np


SCIPY_TABLE_CHUNK = 64  # origins whose full rows are held at once for a table: 0.5 GB at 10^6 nodes


def scipy_peer(graph):
    """SciPy's csgraph.dijkstra over a CSR matrix: one thread, full rows only,
    so a table is its full rows cut to the destinations, a chunk of origins
    at a time (1000 full rows of 10^6 nodes would hold 8 GB)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n = int(graph["nodes"])
    matrix = csr_matrix((graph["weight"].astype(np.float64), (graph["src"], graph["dst"])), shape=(n, n))

    def distances(origins, destinations):
        if destinations is None:
            return dijkstra(matrix, directed=True, indices=origins)
        return np.vstack([dijkstra(matrix, directed=True, indices=origins[i:i + SCIPY_TABLE_CHUNK])[:, destinations]
                          for i in range(0, origins.size, SCIPY_TABLE_CHUNK)])

    return distances, 0.0, 1, ("csgraph.dijkstra(indices=O)",
                               f"csgraph.dijkstra(indices=O)[:, D], {SCIPY_TABLE_CHUNK} origins a call")


def igraph_peer(graph):
    """igraph's Graph.distances with Dijkstra: one thread; given targets it
    returns only their columns."""
    import igraph

    g = igraph.Graph(n=int(graph["nodes"]), edges=np.column_stack((graph["src"], graph["dst"])), directed=True)
    weights = graph["weight"].astype(np.float64).tolist()

    def distances(origins, destinations):
        targets = None if destinations is None else destinations.tolist()
        return g.distances(source=origins.tolist(), target=targets, weights=weights, mode="out",
                           algorithm="dijkstra")

    return distances, 0.0, 1, ("Graph.distances(source=O, algorithm='dijkstra')",
                              "Graph.distances(source=O, target=D, algorithm='dijkstra')")


def networkit_peer(graph):
    """NetworKit's SPSP: one Dijkstra per source, in parallel over the sources
    (OpenMP, every core); with targets it keeps only their columns."""
    import networkit as nk

    g = nk.GraphFromCoo((graph["weight"].astype(np.float64), (graph["src"], graph["dst"])),
                        n=int(graph["nodes"]), weighted=True, directed=True)

    def distances(origins, destinations):
        spsp = nk.distance.SPSP(g, origins.tolist())
        if destinations is not None:
            spsp.setTargets(destinations.tolist())
        spsp.run()
        rows = spsp.getDistances(asarray=True)
        rows[rows >= np.finfo(np.float64).max] = np.inf  # NetworKit's "unreachable"
        return rows

    return distances, 0.0, nk.getMaxNumberOfThreads(), ("distance.SPSP(G, O), parallel over O",
                                                        "distance.SPSP(G, O), setTargets(D), parallel over O")


def networkx_peer(graph):
    """NetworkX's single_source_dijkstra_path_length, one origin at a time,
    pure Python; a table is its full rows cut to the destinations."""
    import networkx as nx

    n = int(graph["nodes"])
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(zip(graph["src"].tolist(), graph["dst"].tolist(), graph["weight"].tolist()))

    def distances(origins, destinations):
        rows = np.full((origins.size, n), np.inf)
        for i, s in enumerate(origins.tolist()):
            lengths = nx.single_source_dijkstra_path_length(g, s, weight="weight")
            rows[i, list(lengths.keys())] = list(lengths.values())
        return rows if destinations is None else rows[:, destinations]

    return distances, 0.0, 1, ("single_source_dijkstra_path_length(G, o) per origin",
                              "single_source_dijkstra_path_length(G, o) per origin, cut to D")


PANDANA_UNREACHABLE = 4294967.295  # pandana's sentinel: its integer distances (x 1000) at 2^32 - 1


def pandana_peer(graph):
    """pandana: Network() contracts the graph (its contraction hierarchy, on
    every core; timed as preprocessing), then shortest_path_lengths takes
    one list of (origin, destination) pairs. It has no full-row call."""
    import pandas as pd
    import pandana

    n = int(graph["nodes"])
    ids = pd.RangeIndex(n)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net = pandana.Network(pd.Series(graph["lon"], index=ids), pd.Series(graph["lat"], index=ids),
                              pd.Series(graph["src"]), pd.Series(graph["dst"]),
                              pd.DataFrame({"weight": graph["weight"].astype(np.float64)}), twoway=False)
    preprocess = time.perf_counter() - start

    def distances(origins, destinations):
        if destinations is None:
            raise SystemExit("pandana has no full-row call")
        pairs_from = np.repeat(origins, destinations.size)
        pairs_to = np.tile(destinations, origins.size)
        with warnings.catch_warnings():  # it warns with every unreachable pair listed
            warnings.simplefilter("ignore")
            lengths = np.asarray(net.shortest_path_lengths(pairs_from, pairs_to), dtype=np.float64)
        lengths[lengths == PANDANA_UNREACHABLE] = np.inf
        return lengths.reshape(origins.size, destinations.size)

    threads = int(os.environ.get("OMP_NUM_THREADS", os.cpu_count()))  # OpenMP's default
    return distances, preprocess, threads, (None, "Network() (CH), shortest_path_lengths(O x D pairs)")


PEERS = {"scipy": scipy_peer, "igraph": igraph_peer, "networkit": networkit_peer,
         "networkx": networkx_peer, "pandana": pandana_peer}


def main(argv):
    peer, graph_file, origins_file, destinations_file, out = argv[1:]
    graph = dict(np.load(graph_file))
    origins = np.load(origins_file)
    destinations = None if destinations_file == "all" else np.load(destinations_file)
    distances, preprocess, threads, calls = PEERS[peer](graph)
    call = calls[0 if destinations is None else 1]
    start = time.perf_counter()
    rows = distances(origins, destinations)
    seconds = time.perf_counter() - start
    np.save(out + ".npy", np.asarray(rows, dtype=np.float64))
    with open(out + ".json", "w") as figures:
        json.dump({"seconds": seconds, "preprocess_seconds": preprocess, "threads": threads, "call": call}, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
