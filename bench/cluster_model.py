#!/usr/bin/python3
"""Projected time and traffic of Hourglass under `mpirun -n G` (G GPUs, one a rank).

PROJECTIONS, NOT MEASUREMENTS. Every rate below was measured on ONE NVIDIA
H200 (and its 16-core host) or on the 2-core development VM; nothing here was
run on a cluster. The script prints deterministic Markdown (no timing, no
randomness); with --png FILE and matplotlib installed it also draws the wall
time against G.

    /usr/bin/python3 bench/cluster_model.py                  # 10^8 nodes x 10^6 origins
    /usr/bin/python3 bench/cluster_model.py --fs-gbps 1000 --width 16
    /usr/bin/python3 bench/cluster_model.py --nodes 1e7 --origins 1e5 --mode all --detail

What a run does (docs/cluster.md; host/jobs/solve_ranks.*, shared_row_blocks.*,
rank_solver.*, site_rows.cpp): rank 0 builds the contraction hierarchy and
writes it to a shared file, every rank reads it (and the snapshot); the rows
(origins) are cut into blocks that ranks take from a shared queue; each rank
computes full one-to-all rows with batched PHAST sweeps on its GPU, copies them
to the host, and every kBlocksPerWrite = 4 blocks a rank the ranks make one
collective parallel-HDF5 write into the one result file, in which HDF5's
shuffle + deflate (level 1) filters compress the chunks on each rank.

THE MODEL (all times per run; "per rank" terms divide by G):

  wall(G) = setup(G) + max(sweeps(G), copy/G, deflate/G, fs_write(G)) + collectives(G)

  with --overlap sum, the terms are added instead of maxed: that is what the
  present code does (a rank computes its blocks, then writes them; the write
  is not overlapped with the next sweeps under mpirun, solve_ranks.cpp).

  sweeps(G)    = sweeps swept x (lanes x row_us + 2 ms of launches) / G.
                 Rows are swept in batches of `lanes` origins. Under mpirun a
                 solve's row block (tens of rows at 10^8 nodes: 400 MB a
                 32-bit row, 8 blocks held a rank) is smaller than a batch;
                 PhastGpuRows sweeps the whole batch a block falls in and keeps
                 only the last one swept, so ranks that share a batch each sweep
                 it. The count of sweeps is simulated exactly for blocks handed
                 out in turn (block k to rank k mod G). --no-resweep models a
                 queue of whole batches instead (each batch swept once).
  copy         = origins x nodes x 4 B / --d2h-gbps (rows come back as 32-bit
                 times and are narrowed to 16 bits when encoded for the file).
  deflate      = origins x nodes x element bytes / --deflate-gbps (per rank).
  fs_write(G)  = output bytes / compression / min(--fs-gbps, nodes(G) x
                 --inject-gbps), nodes(G) = ceil(G / --gpus-per-node).
  collectives  = collective writes x (--collective-ms + half a block of sweeps:
                 a rank that arrives first waits for the others' blocks in
                 flight, solve_ranks.hpp); coverage adds one all-reduce (min) of
                 8 B a destination, plan one all-reduce (or) of the coverage
                 bits, both at 2 x bytes / (injection per GPU).
  setup(G)     = [hierarchy build on rank 0 + its write, unless --stored-hierarchy]
                 + max(per-rank: load and compile the snapshot, read the
                   hierarchy at --read-gbps, build and upload the sweep graph;
                   shared file system: G x (snapshot + hierarchy) bytes at
                   min(--fs-read-gbps, nodes(G) x --inject-gbps)).
                 Coverage rebuilds the sweep graph for each of its 4 blocks a
                 rank (phast_nearest_gpu), so it pays that 4 times.

  efficiency(G) = G0 x wall(G0) / (G x wall(G)), G0 the smallest G listed (1 by default).
  Where it stops scaling: the smallest G at which the part that does not
  shrink with G (setup + file-system bound + collectives) is at least the part
  that does (the largest per-rank term). For solve the script also gives the
  G at which the file-system bound alone passes sweeps/G.

MODES: `solve` writes every full row; `coverage` reduces each batch on the
device to one 64-bit (time, origin) label a destination and writes only the
per-destination report (docs/many-to-many.md#layout-and-kernels); `plan`
thresholds rows on the device into coverage bits (1/32 of a 32-bit row) that
every rank holds for ALL candidates (origins x nodes / 8 bytes) and OR-s with
the others (site_rows.cpp), so it is refused here when those bits exceed
--memory-gb.

WHERE EACH DEFAULT COMES FROM
  row_us (sweep time per full row, 1,024 lanes, H200):
    11.08 us at 10^6 road nodes and 96 us at 10^7 (docs/performance.md,
    "GPU: many-to-many by PHAST sweeps" and its "At 10^7 nodes"). The sweeps
    run at 0.87 of the copy ceiling, i.e. bandwidth-bound, so the time is
    linear in nodes + hierarchy arcs: linear interpolation between the two,
    and linear extrapolation from the 10^7 figure above it (960 us at 10^8).
    Coverage: x 12.66 / 11.08 (the coverage row of the same table). Plan's
    thresholding is taken as the sweeps' figure. 2 ms of launches a batch:
    docs/many-to-many.md#choosing-the-method (cost model). Batches of fewer
    lanes are assumed to cost the same per lane at 10^8 nodes (a 256-lane
    batch there moves ~100 GB; the 256-lane penalty measured at 10^6 nodes
    came from launches and small top levels).
  hierarchy: 86,946,417 arcs and an 856 MB file at 10^7 nodes, read back in
    2.1 s (400 MB/s), built in 104 s on 16 cores (docs/performance.md, "At 10^7
    nodes" and the build table) -> 8.69 arcs and 85.6 B a node, build 10.4 us a
    node (linear; contraction grows faster than linearly in practice, so the
    10^8 build of ~17 min is a floor).
  device memory: labels 4 B x nodes x lanes (+12 B a lane), sweep graph
    8 x arcs + 8 x (nodes + 1), per-destination arrays 16 B and two staging
    buffers of max(32 MiB, 4 B x destinations), 256 MiB margin, lanes in
    multiples of 128 (kernels/phast/phast.cuh, host/solvers/phast/phast_gpu.cpp,
    docs/many-to-many.md#memory-and-lanes); H200 141 GB (docs/performance.md).
    At 10^7 nodes 1,024 lanes take 41.8 GB (measured, the same docs). At 10^8
    the hierarchy itself fits easily (~7 GB of sweep graph); what does not fit
    is 1,024 lanes of labels (410 GB), so the plan takes 256 lanes (~113 GB).
    A single GPU runs out only near 3 x 10^9 nodes (4 lanes no longer fit):
    beyond that the hierarchy would have to be split across GPUs, which
    Hourglass does not do.
  snapshot: 2.42 GB for 24 x 10^6 road nodes (docs/performance.md, "A road
    network the size of DIMACS USA") -> 101 B a node; load 1.8 s + compile
    1.4 s at 10^7 nodes, and "the sweep graph and its upload" the remaining
    3.2 s of that 8.6 s run (same section), linear in nodes.
  compression 1.4x: the only compressed size in the docs, a 16,384-node
    all-pairs 16-bit result of 537 MB stored in 372 MB (docs/performance.md,
    "End to end on the same machine"); a different network, so a guess for
    road rows.
  --deflate-gbps 0.46 a rank: 2.048 GB of 16-bit rows deflated and written in
    at most 4.5 s on the 16-core H200 host (docs/performance.md, table row
    "every row written to the result file": 16.1 s - 10.8 s hierarchy - 0.8 s
    copy). That figure used all 16 cores; under mpirun HDF5's filters run in
    each rank's own thread, so with one core a rank expect less.
  --d2h-gbps 50: PCIe 5 x16 class link (the brief's figure). The path
    measured in Hourglass reached 6.5 GB/s (4 MB a row in 613 us through two
    pinned staging buffers, docs/performance.md); pass 6.5 to model it.
  --fs-gbps 10 100 1000, --inject-gbps 25 (one 200 Gb/s NIC a node to the
    storage), --gpus-per-node 8, --collective-ms 50, --memory-gb 64 (the
    --memory of each rank): assumptions, not measurements.
  Block sizes: kHeldBlocks = 8, kBlocksPerWrite = 4, kBlocksPerRank = 16
    (host/jobs/solve_ranks.hpp); solve's block rows = min((memory - hierarchy)
    / (8 x 4 B x nodes), origins / (16 G)) in multiples of the chunk rows
    (65,536 elements a chunk, at most 16,384 columns: io/result.cpp), as in
    host/jobs/solve.cpp; coverage: 4 blocks a rank (rank_solver.cpp); plan:
    blocks of min(64-row multiples, memory, candidates / (4 G)) (site_rows.cpp).
"""

import argparse
import math
import sys

# ---- measured figures (see the docstring for their sources) -------------------
ROW_US_1E6 = 11.08            # docs/performance.md, 1,024 lanes, 10^6 road nodes
ROW_US_1E7 = 96.0             # docs/performance.md, "At 10^7 nodes"
COVERAGE_FACTOR = 12.66 / 11.08
LAUNCH_US_PER_BATCH = 2000.0  # docs/many-to-many.md#choosing-the-method
ARCS_PER_NODE = 86_946_417 / 1e7
HIERARCHY_BYTES_PER_NODE = 856e6 / 1e7
HIERARCHY_BUILD_S_PER_NODE = 104.0 / 1e7   # 16 cores
SNAPSHOT_BYTES_PER_NODE = 2.42e9 / 24e6
LOAD_COMPILE_S_PER_NODE = (1.8 + 1.4) / 1e7
SWEEP_GRAPH_S_PER_NODE = 3.2 / 1e7
READ_GBPS = 0.4
COMPRESSION = 1.4
DEFLATE_GBPS = 0.46
MEASURED_D2H_GBPS = 6.5

# ---- constants of the code -----------------------------------------------------
MAX_LANES = 1024              # kPhastMaxLanes
STAGING = 32 << 20            # kPhastStagingBytes
GPU_MARGIN = 256 << 20        # kGpuMemoryMargin
HELD_BLOCKS = 8               # kHeldBlocks
BLOCKS_PER_WRITE = 4          # kBlocksPerWrite
BLOCKS_PER_RANK = 16          # kBlocksPerRank
NEAREST_BLOCKS_PER_RANK = 4   # rank_solver.cpp
PLAN_BLOCKS_PER_RANK = 4      # site_rows.cpp
CHUNK_ELEMENTS = 1 << 16      # io/result.cpp

DEFAULT_GPUS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000]


def count(text):
    """An integer from '1e8', '100000000' or '100_000_000'."""
    try:
        value = float(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}")
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text}")
    return int(value)


def row_us(nodes):
    """Sweep time per full row at 1,024 lanes on one H200, in microseconds."""
    if nodes >= 1e7:
        return ROW_US_1E7 * nodes / 1e7
    if nodes >= 1e6:
        return ROW_US_1E6 + (ROW_US_1E7 - ROW_US_1E6) * (nodes - 1e6) / 9e6
    return ROW_US_1E6 * nodes / 1e6


def gpu_plan(nodes, origins, gpu_bytes):
    """Lanes a batch and device bytes, as plan_phast_gpu does (every node a destination)."""
    arcs = ARCS_PER_NODE * nodes
    targets = nodes
    staging = max(STAGING, 4 * targets)
    fixed = 2 * (nodes + 1) * 4 + arcs * 8 + 2 * staging + targets * 16 + STAGING
    per_lane = 4 * nodes + 12
    usable = max(0.0, gpu_bytes - GPU_MARGIN)
    fit = int((usable - fixed) // per_lane) if usable > fixed else 0
    fit = fit // 128 * 128 if fit >= 128 else fit // 4 * 4
    lanes = min(fit, MAX_LANES, (origins + 3) // 4 * 4)
    return {"lanes": lanes, "fixed": fixed, "per_lane": per_lane,
            "graph": 8 * arcs + 8 * (nodes + 1),
            "device": fixed + max(lanes, 4) * per_lane,
            "full": fixed + MAX_LANES * per_lane}


def sweeps_swept(rows, block_rows, lanes, ranks, resweep):
    """Batch sweeps when blocks go to ranks in turn and each rank keeps only its last batch."""
    batches = math.ceil(rows / lanes)
    if not resweep or ranks == 1 or block_rows % lanes == 0:
        return batches
    blocks = math.ceil(rows / block_rows)
    limit = min(blocks, 200_000)   # the pattern is periodic; a long prefix gives the rate
    last = [-1] * min(ranks, limit)
    sweeps = 0
    covered = 0
    for k in range(limit):
        r = k % len(last)
        first = k * block_rows
        end = min(rows, first + block_rows)
        for batch in range(first // lanes, (end - 1) // lanes + 1):
            if last[r] != batch:
                sweeps += 1
                last[r] = batch
        covered = end
    if limit < blocks:
        sweeps = sweeps * rows / covered
    return max(batches, sweeps)


class Args:
    pass


def chunk_rows(cols):
    return max(1, CHUNK_ELEMENTS // min(max(cols, 1), 16384))


def round_down(value, step):
    return value - value % step if value >= step else value


def model(a, mode, width, gpus, fs_gbps):
    """One row of the model: every term in seconds, plus the sizes behind them."""
    n, m = a.nodes, a.origins
    plan = gpu_plan(n, m, a.gpu_mem_gb * 1e9)
    lanes = plan["lanes"]
    if lanes < 4:
        return None
    us = a.row_us if a.row_us else row_us(n)
    if mode == "coverage":
        us *= COVERAGE_FACTOR
    batch_s = (lanes * us + LAUNCH_US_PER_BATCH) * 1e-6
    node_count = math.ceil(gpus / a.gpus_per_node)
    write_bw = min(fs_gbps, node_count * a.inject_gbps) * 1e9
    read_bw = min(a.fs_read_gbps if a.fs_read_gbps else fs_gbps, node_count * a.inject_gbps) * 1e9
    link_per_gpu = a.inject_gbps * 1e9 / min(gpus, a.gpus_per_node)
    hierarchy = HIERARCHY_BYTES_PER_NODE * n
    snapshot = SNAPSHOT_BYTES_PER_NODE * n
    memory = a.memory_gb * 1e9
    t = {"lanes": lanes, "gpus": gpus, "fs_gbps": fs_gbps}

    # setup
    build = 0.0 if a.stored_hierarchy else (a.build_s if a.build_s is not None
                                            else HIERARCHY_BUILD_S_PER_NODE * n)
    build_write = 0.0 if a.stored_hierarchy else hierarchy / min(fs_gbps * 1e9, a.inject_gbps * 1e9)
    graph_builds = NEAREST_BLOCKS_PER_RANK if mode == "coverage" else 1
    per_rank = (LOAD_COMPILE_S_PER_NODE * n + hierarchy / (a.read_gbps * 1e9)
                + graph_builds * SWEEP_GRAPH_S_PER_NODE * n)
    shared = gpus * (snapshot + hierarchy) / read_bw
    t["setup"] = build + build_write + max(per_rank, shared)

    elem = 2 if width == 16 else 4
    t["copy"] = t["deflate"] = t["fs"] = 0.0
    t["raw_bytes"] = t["stored_bytes"] = 0.0
    if mode == "solve":
        row_bytes = 4 * n
        available = max(0.0, memory - hierarchy)
        cr = chunk_rows(n)
        shared_rows = min(int(available // (HELD_BLOCKS * row_bytes)), math.ceil(m / (gpus * BLOCKS_PER_RANK)))
        if shared_rows < m:
            shared_rows = round_down(shared_rows, cr) if shared_rows >= cr else 0
            unit = math.lcm(lanes, cr)  # whole sweep batches where --memory holds one (solve.cpp)
            if shared_rows >= unit:
                shared_rows = round_down(shared_rows, unit)
        block_rows = max(shared_rows, min(cr, m))
        blocks = math.ceil(m / block_rows)
        swept = sweeps_swept(m, block_rows, lanes, gpus, not a.no_resweep)
        t["block_rows"], t["blocks"], t["swept"] = block_rows, blocks, swept
        t["sweeps"] = swept * batch_s / gpus
        t["copy"] = m * n * 4 / (a.d2h_gbps * 1e9) / gpus
        t["raw_bytes"] = m * n * elem
        t["stored_bytes"] = t["raw_bytes"] / a.compression
        t["deflate"] = t["raw_bytes"] / (a.deflate_gbps * 1e9) / gpus
        t["fs"] = t["stored_bytes"] / write_bw
        rounds = math.ceil(blocks / (BLOCKS_PER_WRITE * gpus))
        per_block = t["sweeps"] / max(1.0, blocks / gpus)
        t["collectives"] = rounds * (a.collective_ms * 1e-3 + (0.5 * per_block if gpus > 1 else 0.0))
        t["rounds"] = rounds
        t["held_bytes"] = HELD_BLOCKS * block_rows * row_bytes
    elif mode == "coverage":
        block_rows = math.ceil(m / (gpus * NEAREST_BLOCKS_PER_RANK))
        blocks = math.ceil(m / block_rows)
        swept = blocks * math.ceil(block_rows / lanes) if m >= lanes else blocks
        t["block_rows"], t["blocks"], t["swept"] = block_rows, blocks, swept
        t["sweeps"] = swept * batch_s / gpus
        labels = 8 * n
        report = a.report_bytes_per_node * n
        t["raw_bytes"] = t["stored_bytes"] = report
        t["fs"] = report / min(fs_gbps * 1e9, a.inject_gbps * 1e9)   # rank 0 writes it
        t["collectives"] = (2 * labels / link_per_gpu if gpus > 1 else 0.0) + a.collective_ms * 1e-3
        t["rounds"] = 1
    else:  # plan
        bits = m * n / 8
        t["bits"] = bits
        if bits + hierarchy > memory:
            return dict(t, fits=False)
        row_bytes = 4 * n
        steady = max(64, math.ceil(m / 4096) * 64)
        block_rows = min(m, steady, max(1, int((memory - hierarchy - bits) // row_bytes)))
        if gpus > 1:
            block_rows = max(1, min(block_rows, math.ceil(m / (gpus * PLAN_BLOCKS_PER_RANK))))
        blocks = math.ceil(m / block_rows)
        swept = sweeps_swept(m, block_rows, lanes, gpus, not a.no_resweep)
        t["block_rows"], t["blocks"], t["swept"] = block_rows, blocks, swept
        t["sweeps"] = swept * batch_s / gpus
        t["copy"] = bits / (a.d2h_gbps * 1e9) / gpus
        t["collectives"] = (2 * bits / link_per_gpu if gpus > 1 else 0.0) + a.collective_ms * 1e-3
        t["rounds"] = 1
    t["fits"] = True
    t["parallel"] = max(t["sweeps"], t["copy"], t["deflate"])
    t["serial"] = t["setup"] + t["fs"] + t["collectives"]
    if a.overlap == "sum":
        t["wall"] = t["setup"] + t["sweeps"] + t["copy"] + t["deflate"] + t["fs"] + t["collectives"]
    else:
        t["wall"] = t["setup"] + max(t["parallel"], t["fs"]) + t["collectives"]
    return t


def first_g(a, mode, width, fs, rows, reached):
    """Smallest G where reached(terms) holds; bisects between the listed G."""
    previous = None
    for g in a.gpus:
        if reached(rows[g]):
            if previous is None:
                return g, True
            lo, hi = previous, g
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if reached(model(a, mode, width, mid, fs)):
                    hi = mid
                else:
                    lo = mid
            return hi, True
        previous = g
    return None, False


def knee(a, mode, width, fs, rows):
    """Where it stops scaling: what G does not shrink reaches what it does."""
    return first_g(a, mode, width, fs, rows, lambda t: t["serial"] >= t["parallel"])


def hours(seconds):
    if seconds == 0:
        return "0"
    h = seconds / 3600
    if h >= 100:
        return f"{h:,.0f}"
    if h >= 10:
        return f"{h:.1f}"
    if h >= 1:
        return f"{h:.2f}"
    if h >= 0.01:
        return f"{h:.3f}"
    if h >= 0.0001:
        return f"{h:.4f}"
    return "<0.0001"


def tb(x):
    return f"{x / 1e12:,.1f} TB" if x >= 1e12 else gb(x)


def gb(x):
    return f"{x / 1e9:,.1f} GB" if x >= 1e10 else f"{x / 1e9:.2f} GB"


def dur(seconds):
    if seconds >= 3600:
        return f"{seconds / 3600:.2f} h"
    if seconds >= 60:
        return f"{seconds / 60:.1f} min"
    return f"{seconds:.1f} s"


def fmt_g(x):
    return f"{x:,}"


def header(a, out):
    n, m = a.nodes, a.origins
    plan = gpu_plan(n, m, a.gpu_mem_gb * 1e9)
    us = a.row_us if a.row_us else row_us(n)
    if a.row_us:
        source = "--row-us"
    elif n == 1e7:
        source = "measured at 10^7 nodes"
    elif n >= 1e7:
        source = "96 us at 10^7 nodes x %.3g, linear" % (n / 1e7)
    else:
        source = "interpolated from 11.08 us at 10^6 nodes and 96 us at 10^7"
    arcs = ARCS_PER_NODE * n
    out.append(f"# Hourglass on {fmt_g(a.gpus[-1])} GPUs or fewer: a projection (bench/cluster_model.py)")
    out.append("")
    out.append("Projected from single-H200 measurements (docs/performance.md, docs/many-to-many.md); "
               "nothing here was measured on a cluster.")
    out.append("")
    out.append(f"- Network: {fmt_g(n)} nodes x {fmt_g(m)} origins, every node a destination.")
    out.append(f"- Sweeps: {us:,.0f} us a full row on one H200 ({source}); "
               f"{fmt_g(m)} rows = {hours(m * us * 1e-6)} GPU-hours at full batches.")
    build = "stored, not built" if a.stored_hierarchy else (
        f"built on rank 0 in ~{dur(a.build_s if a.build_s is not None else HIERARCHY_BUILD_S_PER_NODE * n)} (linear from 104 s at 10^7 on 16 cores: a floor)")
    out.append(f"- Hierarchy: ~{arcs / 1e6:,.0f} M arcs in a file of {gb(HIERARCHY_BYTES_PER_NODE * n)}, {build}; "
               f"every rank reads it and the {gb(SNAPSHOT_BYTES_PER_NODE * n)} snapshot.")
    if plan["lanes"] < 4:
        out.append(f"- Device: even 4 lanes need {gb(plan['fixed'] + 4 * plan['per_lane'])} > {a.gpu_mem_gb:g} GB: "
                   "one GPU cannot hold this hierarchy and its labels; Hourglass does not split a hierarchy "
                   "across GPUs. Nothing to model.")
        return False
    fits_all = plan["full"] <= a.gpu_mem_gb * 1e9 - GPU_MARGIN
    if fits_all or plan["lanes"] == MAX_LANES:
        out.append(f"- Device: {fmt_g(plan['lanes'])} lanes a batch, {gb(plan['device'])} of the {a.gpu_mem_gb:g} GB.")
    else:
        out.append(f"- Device: the sweep graph is only {gb(plan['graph'])}, but 1,024 lanes of labels "
                   f"(4 B x nodes x lanes) would take {gb(plan['full'])} in all > {a.gpu_mem_gb:g} GB, so "
                   f"the plan takes {plan['lanes']} lanes a batch ({gb(plan['device'])}).")
    out.append(f"- Per GPU: rows to the host at {a.d2h_gbps:g} GB/s (measured path: {MEASURED_D2H_GBPS} GB/s), "
               f"deflate {a.deflate_gbps:g} GB/s a rank, compression {a.compression:g}x. "
               f"Injection {a.inject_gbps:g} GB/s a node of {a.gpus_per_node} GPUs, "
               f"{a.collective_ms:g} ms a collective write, --memory {a.memory_gb:g} GB a rank, "
               f"overlap: {a.overlap}{', each batch swept once' if a.no_resweep else ''}.")
    return True


def section(a, mode, width, out, series):
    fs_list = a.fs_gbps
    rows = {fs: {} for fs in fs_list}
    for fs in fs_list:
        for g in a.gpus:
            rows[fs][g] = model(a, mode, width, g, fs)
    first = rows[fs_list[0]][a.gpus[0]]
    out.append("")
    if mode == "solve":
        cap = "capped 16-bit rows" if width == 16 else "32-bit rows"
        out.append(f"## solve, {cap}: {tb(first['raw_bytes'])} uncompressed, "
                   f"{tb(first['stored_bytes'])} compressed")
        g0 = rows[fs_list[0]]
        notes = []
        for g in (a.gpus[0], a.gpus[-1]):
            t = g0[g]
            notes.append(f"G = {fmt_g(g)}: blocks of {t['block_rows']} rows, {fmt_g(t['rounds'])} collective writes, "
                         f"{t['swept'] * t['lanes'] / a.origins:.1f}x the rows swept")
        out.append("")
        out.append("; ".join(notes) + ".")
    elif mode == "coverage":
        out.append(f"## coverage: nearest origin per destination, {tb(first['raw_bytes'])} report, "
                   f"8 B a destination reduced across ranks")
    else:
        if not first["fits"]:
            out.append(f"## plan: does not fit")
            out.append("")
            out.append(f"Every rank holds the coverage bits of all candidates: {fmt_g(a.origins)} x {fmt_g(a.nodes)} / 8 = "
                       f"{tb(first['bits'])} > --memory {a.memory_gb:g} GB, at any G. Fewer candidates or "
                       f"destinations (candidates x destinations / 8 within --memory).")
            return
        out.append(f"## plan: coverage bits {tb(first['bits'])} a rank, OR-ed across ranks")
    out.append("")
    cols = ["GPUs", "sweeps h", "copy h", "deflate h"]
    for fs in fs_list:
        cols.append(f"FS h @{fs:g}")
    for fs in fs_list:
        cols.append(f"wall h @{fs:g}")
    for fs in fs_list:
        cols.append(f"eff @{fs:g}")
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "|".join(" ---: " for _ in cols) + "|")
    for g in a.gpus:
        t0 = rows[fs_list[0]][g]
        cells = [fmt_g(g), hours(t0["sweeps"]), hours(t0["copy"]), hours(t0["deflate"])]
        cells += [hours(rows[fs][g]["fs"]) for fs in fs_list]
        cells += [hours(rows[fs][g]["wall"]) for fs in fs_list]
        cells += [f"{rows[fs][a.gpus[0]]['wall'] * a.gpus[0] / (g * rows[fs][g]['wall']):.2f}" for fs in fs_list]
        out.append("| " + " | ".join(cells) + " |")
        for fs in fs_list:
            series.append((mode, width, fs, g, rows[fs][g]["wall"]))
    out.append("")
    for fs in fs_list:
        g_knee, found = knee(a, mode, width, fs, rows[fs])
        last = rows[fs][a.gpus[-1]]
        one = rows[fs][a.gpus[0]]
        brief = None
        if mode == "solve":
            g_fs, fs_found = first_g(a, mode, width, fs, rows[fs], lambda t: t["fs"] >= t["sweeps"])
            if not fs_found:
                brief = f"the FS bound stays below sweeps/G up to G = {fmt_g(a.gpus[-1])}"
            elif g_fs == a.gpus[0]:
                brief = (f"the FS bound ({hours(one['fs'])} h) is above sweeps/G ({hours(one['sweeps'])} h) "
                         f"already at G = {fmt_g(g_fs)}")
            else:
                brief = f"the FS bound passes sweeps/G at G ~ {fmt_g(g_fs)}"
        if found:
            t = rows[fs].get(g_knee) or model(a, mode, width, g_knee, fs)
            what = max(("setup", t["setup"]), ("the file system", t["fs"]), ("collectives", t["collectives"]),
                       key=lambda x: x[1])[0]
            where = (f"from the start (G = {fmt_g(g_knee)}: " if g_knee == a.gpus[0]
                     else f"at G ~ {fmt_g(g_knee)} (")
            line = (f"- {fs:g} GB/s: stops scaling {where}the part G does not shrink, {dur(t['serial'])}, mostly "
                    f"{what}, reaches the per-GPU work, {dur(t['parallel'])}); wall {hours(last['wall'])} h at "
                    f"G = {fmt_g(a.gpus[-1])}")
        else:
            line = (f"- {fs:g} GB/s: still scaling at G = {fmt_g(a.gpus[-1])} (per-GPU work {dur(last['parallel'])}, "
                    f"the rest {dur(last['serial'])})")
        if brief:
            line += f"; {brief}"
        out.append(line + ".")


def plot(series, path, a):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"(matplotlib not found: {path} not drawn)", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(8, 5))
    keys = sorted({(m, w, fs) for m, w, fs, _, _ in series})
    for mode, width, fs in keys:
        pts = [(g, wall / 3600) for m, w, f, g, wall in series if (m, w, f) == (mode, width, fs)]
        label = f"{mode}{'' if mode != 'solve' else f' {width}-bit'}, FS {fs:g} GB/s"
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("GPUs (one H200 a rank)")
    ax.set_ylabel("projected wall time (h)")
    ax.set_title(f"{a.nodes:,} nodes x {a.origins:,} origins: projection, not measurement")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


class DefaultsShown(argparse.ArgumentDefaultsHelpFormatter):
    """Shows a default unless it is None or False (those helps say what happens)."""

    def _get_help_string(self, action):
        if action.default in (None, False):
            return action.help
        return super()._get_help_string(action)


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Project the time and traffic of `mpirun -n G hourglass solve|coverage|plan` from the "
                    "single-H200 measurements in docs/performance.md and docs/many-to-many.md. Prints Markdown "
                    "tables (deterministic). Every default and its source is in this file's docstring; "
                    "these are projections, not measurements.",
        formatter_class=DefaultsShown)
    p.add_argument("--nodes", type=count, default=10**8, help="network nodes (every node a destination)")
    p.add_argument("--origins", type=count, default=10**6, help="origins (rows); candidates for plan")
    p.add_argument("--gpus", type=count, nargs="+", default=DEFAULT_GPUS, help="GPU counts G (one rank a GPU)")
    p.add_argument("--mode", choices=["solve", "coverage", "plan", "all"], default="all",
                   help="what to model: solve writes full rows; coverage/plan reduce on the device")
    p.add_argument("--width", choices=["32", "16", "both"], default="both",
                   help="stored element of solve: 32-bit, or 16-bit where a cap makes it exact")
    p.add_argument("--fs-gbps", type=float, nargs="+", default=[10, 100, 1000],
                   help="shared file system's aggregate write bandwidth, GB/s (one column each)")
    p.add_argument("--fs-read-gbps", type=float, default=None,
                   help="its aggregate read bandwidth, GB/s (default: the write bandwidth)")
    p.add_argument("--inject-gbps", type=float, default=25, help="per-node injection bandwidth to storage/interconnect, GB/s")
    p.add_argument("--gpus-per-node", type=int, default=8, help="GPUs (ranks) sharing a node's injection")
    p.add_argument("--collective-ms", type=float, default=50, help="fixed cost of one collective write, ms")
    p.add_argument("--d2h-gbps", type=float, default=50,
                   help=f"device-to-host copy, GB/s (PCIe/NVLink-C2C; Hourglass's measured path: {MEASURED_D2H_GBPS})")
    p.add_argument("--deflate-gbps", type=float, default=DEFLATE_GBPS,
                   help="shuffle+deflate throughput of one rank, GB/s of uncompressed input")
    p.add_argument("--compression", type=float, default=COMPRESSION, help="uncompressed / stored bytes of the rows")
    p.add_argument("--row-us", type=float, default=None,
                   help="sweep time per full row on one GPU, us (default: from nodes, see the docstring)")
    p.add_argument("--gpu-mem-gb", type=float, default=141, help="device memory of one GPU, GB (H200: 141)")
    p.add_argument("--memory-gb", type=float, default=64, help="host --memory of each rank, GB")
    p.add_argument("--read-gbps", type=float, default=READ_GBPS, help="one rank's hierarchy read rate, GB/s")
    p.add_argument("--build-s", type=float, default=None,
                   help="hierarchy build on rank 0, s (default: 104 s at 10^7 nodes, linear)")
    p.add_argument("--stored-hierarchy", action="store_true", help="the hierarchy file exists: no build")
    p.add_argument("--report-bytes-per-node", type=float, default=40, help="coverage report bytes a destination")
    p.add_argument("--overlap", choices=["max", "sum"], default="max",
                   help="max: sweeps, copies, deflate and writes overlap; sum: they follow each other, "
                        "as solve_ranks.cpp does today")
    p.add_argument("--no-resweep", action="store_true",
                   help="each sweep batch swept once (a queue of whole batches), not once per block that needs it")
    p.add_argument("--detail", action="store_true", help="also print every term of every row")
    p.add_argument("--png", default=None, help="draw wall time against G into this PNG (needs matplotlib)")
    a = p.parse_args(argv)
    a.gpus = sorted(set(a.gpus))
    for name in ("inject_gbps", "d2h_gbps", "deflate_gbps", "compression", "gpu_mem_gb", "memory_gb", "read_gbps"):
        if getattr(a, name) <= 0:
            p.error(f"--{name.replace('_', '-')} must be above 0")
    if any(fs <= 0 for fs in a.fs_gbps):
        p.error("--fs-gbps must be above 0")
    a.fs_gbps = list(dict.fromkeys(a.fs_gbps))

    out = []
    series = []
    if header(a, out):
        jobs = []
        if a.mode in ("solve", "all"):
            if a.width in ("32", "both"):
                jobs.append(("solve", 32))
            if a.width in ("16", "both"):
                jobs.append(("solve", 16))
        if a.mode in ("coverage", "all"):
            jobs.append(("coverage", 32))
        if a.mode in ("plan", "all"):
            jobs.append(("plan", 32))
        for mode, width in jobs:
            section(a, mode, width, out, series)
            if a.detail:
                detail(a, mode, width, out)
    print("\n".join(out))
    if a.png and series:
        plot(series, a.png, a)
    return 0


def detail(a, mode, width, out):
    out.append("")
    out.append(f"Terms of {mode}{f' {width}-bit' if mode == 'solve' else ''}, seconds:")
    out.append("")
    out.append("| FS GB/s | GPUs | setup | sweeps | copy | deflate | FS | collectives | wall | block rows | sweeps swept |")
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for fs in a.fs_gbps:
        for g in a.gpus:
            t = model(a, mode, width, g, fs)
            if not t or not t.get("fits", True):
                continue
            out.append(f"| {fs:g} | {fmt_g(g)} | {t['setup']:,.0f} | {t['sweeps']:,.1f} | {t['copy']:,.1f} | "
                       f"{t['deflate']:,.1f} | {t['fs']:,.1f} | {t['collectives']:,.1f} | {t['wall']:,.0f} | "
                       f"{fmt_g(t['block_rows'])} | {t['swept']:,.0f} |")


if __name__ == "__main__":
    sys.exit(main())
