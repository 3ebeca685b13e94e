"""Hourglass's site plan (`hourglass plan`, maximal covering location) against
spopt's maximal covering model and an exact MIP in HiGHS, on the same
instance, with every plan's covered demand recomputed from one matrix.

    python plan_peers.py --hourglass HG --network world|SNAPSHOT.h5 --work DIR [--networks DIR] --label NAME
                         --candidates SEL (--scenario FILE | [--fixed SEL] --destinations SEL)
                         --hours H --sites K [--max-per-country N] [--time-limit 600] --out NAME.json

Run by scripts/bench-peers.sh; peer_report.py turns the figures (--out) into
the "Site planning" section of docs/benchmarks.md. Steps:

1. The times behind the instance, from Hourglass itself: `hourglass solve
   --max-hours H` for candidates x destinations (by the sweeps, which store
   the contraction hierarchy that every later command reads, so that none
   pays its build) and fixed x destinations. A destination is covered by a
   site when its stored time is at most the cap; its weight is its node's
   demand in the snapshot.
2. `hourglass plan` with the given limit, and, when there is a per-country
   limit, again without it (spopt has no such limit), each timed: the
   quickest of HOURGLASS_RUNS runs, which must all choose the same sites.
3. Checks that this instance is Hourglass's: the total, fixed and reachable
   demand, and the demand Hourglass's plans cover recomputed from the
   matrix, equal the plan JSON's to 1e-9 (relative); its sites are K
   distinct candidates (fewer only where the plan says no other candidate
   adds demand) within the limit; else exit 1.
4. The instance the peers get: destinations the fixed sites cover already,
   destinations without demand and destinations no candidate reaches are
   dropped (they add the same to every plan), and destinations that the same
   candidates cover are merged into one with their demands summed. Every
   plan keeps its covered demand, so the optimum is the same.
5. An exact MIP in HiGHS (highspy): binary x per candidate, y in [0, 1] per
   destination, y_j <= sum of the x_i that cover j, sum x = K, at most N a
   country; maximise the demand of the y. spopt's `MCLP.from_cost_matrix` on
   the same destinations (times of one destination of each merged group) and
   candidates, solved through PuLP by HiGHS (CBC where PuLP lacks HiGHS),
   in a process of its own. Both with --time-limit and a relative gap of
   MIP_REL_GAP.
6. Every peer's sites are checked (K distinct candidates, the limit) and
   its covered demand recomputed from the matrix. A mismatch (exit 1): a
   solver's own objective above the recomputed one, or below it at a proven
   optimum, by more than PEER_TOLERANCE of the total demand (below it is
   fine for a plan stopped at the time limit: its y need not be as large as
   they could be); a recomputed one that differs from what `hourglass plan
   --evaluate` says the same sites cover (1e-9).

Exit status: 0; 1 a mismatch (the figures are written first); 2 bad usage;
3 a step that failed (an `hourglass` command, an unreadable output).
"""
import argparse
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

import h5py
import numpy as np

from bench_peers import machine, others_cpu_seconds, prepare_network, versions
from snapshot_graph import text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MIP_REL_GAP = 1e-6         # both MIP solvers stop within this share of their bound
HOURGLASS_TOLERANCE = 1e-9  # Hourglass's sums against ours: the same numbers, another summation order
PEER_TOLERANCE = 1e-6       # a solver's objective against ours: its feasibility tolerances
HOURGLASS_RUNS = 3          # `hourglass plan` runs per plan; the quickest is timed
# spopt's model holds one PuLP term for every destination x candidate pair
# (zeros too); on this machine each took about 0.8 KiB and 4.6 us to build.
SPOPT_BYTES_PER_TERM = 800
SPOPT_SECONDS_PER_TERM = 4.6e-6


class Mismatch(Exception):
    """Figures that disagree: exit 1 after the record is written."""


def progress(label, message):
    print(f"bench-peers: plan {label}: {message}", file=sys.stderr, flush=True)


def run(cmd, log):
    """Runs `cmd` with its output in `log`; its wall time in seconds, or
    exit 3 with the output shown when it fails."""
    start = time.perf_counter()
    with open(log, "w") as out:
        status = subprocess.run([str(c) for c in cmd], stdout=out, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - start
    if status != 0:
        sys.stderr.write(Path(log).read_text(errors="replace"))
        print(f"bench-peers: {' '.join(str(c) for c in cmd[:2])} failed (status {status}; its output above)",
              file=sys.stderr)
        sys.exit(3)
    return seconds


def shown_path(path):
    """A path as the page shows it: from the repository root where it lies inside."""
    if not path:
        return ""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def relative(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


# Hourglass --------------------------------------------------------------------

class Hourglass:
    """The binary, the snapshot and the request shared by every command."""

    def __init__(self, args, snapshot, work):
        self.binary, self.snapshot, self.work, self.args = args.hourglass, snapshot, work, args
        self.hierarchy = work / "hierarchy.h5"

    def solve(self, name, origins, method="auto"):
        """Stored times from `origins` to the destinations, capped at H: the
        matrix (uint32 or uint16), the origin codes, the destination codes,
        the cap and the wall time. The first call, with the sweeps, builds the
        contraction hierarchy that the other commands then read."""
        a = self.args
        result = self.work / f"{name}.h5"
        cmd = [self.binary, "-q", "solve", self.snapshot, "--origins", origins, "--destinations", a.destinations,
               "--max-hours", a.hours, "--method", method, "--hierarchy", self.hierarchy, "-o", result]
        seconds = run(cmd, self.work / f"{name}.log")
        with h5py.File(result, "r") as f:
            t = f["data/transit_time"]
            times, cap = t[...], int(t.attrs["cap"])
            rows, columns = text(f["lookup/origins"]), text(f["lookup/destinations"])
        result.unlink()
        return times, rows, columns, cap, seconds

    def plan(self, name, limit):
        """`hourglass plan` with or without the per-country limit, run
        HOURGLASS_RUNS times (a run takes seconds, and a moment of other work
        on the machine can stretch it many times over): the JSON of the
        quickest run, and its wall time (the stored hierarchy read, not
        built). Every run must choose the same sites."""
        a = self.args
        out = self.work / f"{name}.json"
        cmd = [self.binary, "-q", "plan", self.snapshot, "--candidates", a.candidates,
               "--destinations", a.destinations, "--hours", a.hours, "--sites", a.sites,
               "--hierarchy", self.hierarchy, "--json", out] + (["--fixed", a.fixed] if a.fixed else [])
        if limit:
            cmd += ["--max-per-country", limit]
        best = None
        for _ in range(HOURGLASS_RUNS):
            seconds = run(cmd, self.work / f"{name}.log")
            plan = json.loads(out.read_text())
            if best and [s["code"] for s in plan["chosen"]] != [s["code"] for s in best[0]["chosen"]]:
                raise Mismatch(f"hourglass plan ({name}): two runs chose different sites")
            if best is None or seconds < best[1]:
                best = (plan, seconds)
        return best

    def evaluate(self, name, codes):
        """The demand that `hourglass plan --evaluate` says the fixed sites
        and `codes` cover within H: a peer's plan measured by Hourglass."""
        a = self.args
        sites, out = self.work / f"{name}.txt", self.work / f"{name}.json"
        sites.write_text("\n".join(codes) + "\n")
        cmd = [self.binary, "-q", "plan", self.snapshot, "--evaluate", f"@{sites}", "--destinations", a.destinations,
               "--hours", a.hours, "--hierarchy", self.hierarchy, "--json", out]
        cmd += ["--fixed", a.fixed] if a.fixed else []
        run(cmd, self.work / f"{name}.log")
        return float(json.loads(out.read_text())["covered_demand"])


# The instance -------------------------------------------------------------------

class Instance:
    """Candidates x destinations coverage within H, from Hourglass's times,
    with the snapshot's demand and countries."""

    def __init__(self, snapshot, cand, fixed, cap):
        """cand and fixed: (times, origin codes, destination codes) from
        `hourglass solve`; fixed is None without fixed sites."""
        times, self.candidates, self.destinations = cand[0], cand[1], cand[2]
        if fixed is not None and not np.array_equal(self.destinations, fixed[2]):
            raise RuntimeError("the two results have different destination columns")
        self.cap = cap
        self.cover = times <= cap                              # candidates x destinations
        self.fixed_cover = (fixed[0] <= cap).any(axis=0) if fixed is not None else np.zeros(times.shape[1], bool)
        with h5py.File(snapshot, "r") as f:
            g = f["snapshots"][list(f["snapshots"])[0]]
            codes = text(g["nodes/code"])
            demand = g["nodes/demand"][:].astype(np.float64)
            country = text(g["nodes/country"])
        index = {c: i for i, c in enumerate(codes)}
        self.node_of_candidate = np.array([index[c] for c in self.candidates])
        self.demand = demand[[index[c] for c in self.destinations]]
        self.country = country[self.node_of_candidate]
        self.times = times
        self.total = float(self.demand.sum())
        self.fixed_demand = float(self.demand[self.fixed_cover].sum())
        self.reachable = float(self.demand[self.fixed_cover | self.cover.any(axis=0)].sum())
        self.row = {c: i for i, c in enumerate(self.candidates)}

    def covered(self, chosen):
        """The demand the fixed sites and candidates `chosen` (row indices) cover."""
        hit = self.fixed_cover | self.cover[np.asarray(chosen, dtype=np.int64)].any(axis=0)
        return float(self.demand[hit].sum())

    def check_sites(self, who, chosen, sites, limit):
        """K distinct candidates, at most `limit` a country: else a mismatch."""
        chosen = list(chosen)
        if len(set(chosen)) != len(chosen) or len(chosen) != sites:
            raise Mismatch(f"{who}: {len(chosen)} sites ({len(set(chosen))} distinct), {sites} asked")
        if limit:
            _, counts = np.unique(self.country[chosen], return_counts=True)
            if counts.max() > limit:
                raise Mismatch(f"{who}: {counts.max()} sites in one country, at most {limit} allowed")

    def reduced(self):
        """The peers' instance: open destinations with demand that some
        candidate reaches, merged where the same candidates cover them. Returns
        (cover as candidates x groups bool, weights, one destination column of
        each group)."""
        keep = np.flatnonzero(~self.fixed_cover & (self.demand > 0) & self.cover.any(axis=0))
        packed = np.packbits(self.cover[:, keep], axis=0).T    # one byte string per destination
        _, first, group = np.unique(packed, axis=0, return_index=True, return_inverse=True)
        group = group.ravel()
        weights = np.bincount(group, weights=self.demand[keep], minlength=first.size)
        representative = keep[first]
        return self.cover[:, representative], weights, representative


# The exact MIP in HiGHS ------------------------------------------------------------

def highs_exact(inst, cover, weights, sites, limit, time_limit, log):
    """The MIP of the module's step 5 in HiGHS, solved once: the sites, the
    objective and the dual bound in demand (fixed demand included), status,
    gap, nodes, build and solve seconds."""
    import highspy
    from scipy import sparse

    start = time.perf_counter()
    n, m = cover.shape
    scale = float(weights.sum())           # objective in shares of the open demand: well scaled
    cand, dest = np.nonzero(cover)
    rows = [dest, np.full(n, m)]            # coverage rows, then sum x = K
    cols = [cand, np.arange(n)]
    vals = [-np.ones(cand.size), np.ones(n)]
    row_lower = [np.full(m, -np.inf), [sites]]
    row_upper = [np.zeros(m), [sites]]
    countries = 0
    if limit:
        names, country = np.unique(inst.country, return_inverse=True)
        countries = names.size
        rows.append(m + 1 + country)
        cols.append(np.arange(n))
        vals.append(np.ones(n))
        row_lower.append(np.full(countries, -np.inf))
        row_upper.append(np.full(countries, float(limit)))
    rows.append(np.arange(m))               # y_j in its own coverage row
    cols.append(n + np.arange(m))
    vals.append(np.ones(m))
    a = sparse.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(m + 1 + countries, n + m)).tocsc()
    a.sort_indices()
    h = highspy.Highs()
    h.setOptionValue("output_flag", True)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("log_file", str(log))
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", MIP_REL_GAP)
    cost = np.concatenate([np.zeros(n), weights / scale])
    integrality = np.concatenate([np.ones(n), np.zeros(m)]).astype(np.int32)   # 1: integer, 0: continuous
    h.passModel(n + m, a.shape[0], a.nnz, int(highspy.MatrixFormat.kColwise), int(highspy.ObjSense.kMaximize), 0.0,
                cost, np.zeros(n + m), np.ones(n + m), np.concatenate(row_lower).astype(np.float64),
                np.concatenate(row_upper).astype(np.float64), a.indptr.astype(np.int32),
                a.indices.astype(np.int32), a.data.astype(np.float64), integrality)
    build = time.perf_counter() - start
    start = time.perf_counter()
    h.run()
    solve = time.perf_counter() - start
    status = h.getModelStatus()
    info = h.getInfo()
    x = np.asarray(h.getSolution().col_value[:n])
    found = x.size == n and info.primal_solution_status == 2   # 2: a feasible solution
    row = {"status": status_word(h.modelStatusToString(status)),
           "bound": inst.fixed_demand + info.mip_dual_bound * scale,
           "gap": float(info.mip_gap), "nodes": int(info.mip_node_count),
           "build_seconds": build, "seconds": solve, "nonzeros": int(a.nnz),
           "call": f"highspy {highspy.Highs().version()}: MIP, x binary, y in [0, 1]"}
    if found:
        row.update(chosen=[int(i) for i in np.flatnonzero(x > 0.5)],
                   claimed=inst.fixed_demand + info.objective_function_value * scale)
    else:
        row["note"] = "no plan found"
    return row


def status_word(text_status):
    """HiGHS's model status in the page's words."""
    s = text_status.lower()
    return "optimal" if s == "optimal" else "time limit" if "time limit" in s else s


# spopt, in a process of its own ---------------------------------------------------------

def spopt_worker(argv):
    """`plan_peers.py --spopt-worker IN.npz OUT.json`: builds spopt's model from
    the cost matrix, solves it, writes the chosen columns, status and times."""
    import pulp
    from spopt.locate import MCLP

    data = np.load(argv[0])
    cost, weights = data["cost"], data["weights"]
    sites, radius, time_limit = int(data["sites"]), float(data["radius"]), float(data["time_limit"])
    available = pulp.listSolvers(onlyAvailable=True)
    if "HiGHS" in available:
        solver, name = pulp.HiGHS(msg=False, timeLimit=time_limit, gapRel=MIP_REL_GAP), "HiGHS"
    else:
        solver, name = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=MIP_REL_GAP), "CBC"
    start = time.perf_counter()
    model = MCLP.from_cost_matrix(cost, weights, service_radius=radius, p_facilities=sites)
    build = time.perf_counter() - start
    start = time.perf_counter()
    model.solve(solver, results=False)
    solve = time.perf_counter() - start
    chosen = [i for i, v in enumerate(model.fac_vars) if v.value() is not None and v.value() > 0.5]
    result = {"chosen": chosen, "claimed": float(pulp.value(model.problem.objective)),
              "build_seconds": build, "seconds": solve, "solver": name,
              "status": "optimal" if model.problem.sol_status == pulp.LpSolutionOptimal else "time limit"}
    if name == "HiGHS":  # the bound and gap, which PuLP does not pass on
        highs = model.problem.solverModel
        info = highs.getInfo()
        sign = -1.0 if model.problem.sense == pulp.LpMaximize else 1.0   # PuLP hands HiGHS -objective to minimise
        result.update(status=status_word(highs.modelStatusToString(highs.getModelStatus())),
                      dual_bound=sign * float(info.mip_dual_bound), gap=float(info.mip_gap))
    Path(argv[1]).write_text(json.dumps(result))
    return 0


def spopt_run(inst, cover, weights, representative, sites, time_limit, work):
    """spopt's MCLP on the peers' instance (no per-country limit), or why not."""
    terms = cover.size
    need, build = terms * SPOPT_BYTES_PER_TERM, terms * SPOPT_SECONDS_PER_TERM
    with open("/proc/meminfo") as f:
        available = next(int(line.split()[1]) * 1024 for line in f if line.startswith("MemAvailable"))
    base = {"library": "spopt", "call": "MCLP.from_cost_matrix, PuLP"}
    if importlib.util.find_spec("spopt") is None or importlib.util.find_spec("pulp") is None:
        return {**base, "status": "not run", "note": "spopt or PuLP is not installed"}
    if need > available / 2:
        return {**base, "status": "not run",
                "note": f"its model has a PuLP term for each of the {terms:,} destination × candidate pairs, "
                        f"about {need / 2**30:.0f} GiB (and {build / 60:.0f} min to build) at the "
                        f"{SPOPT_BYTES_PER_TERM} bytes and {SPOPT_SECONDS_PER_TERM * 1e6:.1f} µs a term measured "
                        f"here: more than half of the {available / 2**30:.0f} GiB free"}
    cost = inst.times[:, representative].T.astype(np.float64)     # destinations x candidates, as spopt takes
    data, out, log = work / "spopt-in.npz", work / "spopt-out.json", work / "spopt.log"
    np.savez(data, cost=cost, weights=weights, sites=sites, radius=inst.cap, time_limit=time_limit)
    del cost
    out.unlink(missing_ok=True)
    with open(log, "w") as f:
        try:
            status = subprocess.run([sys.executable, __file__, "--spopt-worker", data, out], stdout=f,
                                    stderr=subprocess.STDOUT, timeout=3 * time_limit + 2 * build + 60).returncode
        except subprocess.TimeoutExpired:
            status = "timeout"
    data.unlink()
    if status != 0 or not out.exists():
        lines = [x for x in log.read_text(errors="replace").splitlines() if x.strip()]
        return {**base, "status": "failed", "note": f"failed ({status}): {lines[-1] if lines else 'no output'}"}
    r = json.loads(out.read_text())
    row = {**base, "call": f"MCLP.from_cost_matrix, PuLP with {r['solver']}", "chosen": r["chosen"],
           "status": r["status"], "claimed": inst.fixed_demand + r["claimed"], "seconds": r["seconds"],
           "build_seconds": r["build_seconds"]}
    if "dual_bound" in r:
        row.update(bound=inst.fixed_demand + r["dual_bound"], gap=r["gap"])
    return row


# The comparison ---------------------------------------------------------------------

def hourglass_row(inst, plan, seconds, sites, limit, variant):
    """Hourglass's plan as a row, after the checks that tie the instance to it."""
    for key, ours in (("total_demand", inst.total), ("fixed_demand", inst.fixed_demand),
                      ("reachable_demand", inst.reachable)):
        if relative(plan[key], ours) > HOURGLASS_TOLERANCE:
            raise Mismatch(f"hourglass ({variant}): {key} {plan[key]!r} in its JSON, {ours!r} from the matrix")
    if plan["candidate_count"] != inst.candidates.size:
        raise Mismatch(f"hourglass: {plan['candidate_count']} candidates, the matrix has {inst.candidates.size}")
    chosen = [inst.row[s["code"]] for s in plan["chosen"]]
    # A plan stops early, and rightly so, when no other candidate adds demand.
    inst.check_sites(f"hourglass ({variant})", chosen, len(chosen) if plan["exhausted"] else sites, limit)
    if plan["exhausted"] and len(chosen) > sites:
        raise Mismatch(f"hourglass ({variant}): {len(chosen)} sites, {sites} asked")
    covered = inst.covered(chosen)
    if relative(plan["covered_demand"], covered) > HOURGLASS_TOLERANCE:
        raise Mismatch(f"hourglass ({variant}): covered demand {plan['covered_demand']!r} in its JSON, "
                       f"{covered!r} recomputed from the matrix for its sites")
    bound = plan["upper_bound"]
    return {"library": "hourglass", "call": "hourglass plan", "status": "bound", "chosen": chosen,
            "covered": covered, "claimed": plan["covered_demand"], "bound": bound["demand"], "gap": bound["gap"],
            "submodular_bound": bound["submodular_demand"], "seconds": plan["seconds"]["plan"],
            "sets_seconds": plan["seconds"]["coverage_sets"], "command_seconds": seconds,
            "swaps": plan["swaps"], "evaluations": plan["evaluations"], "exhausted": plan["exhausted"]}


def check_peer(hg, inst, row, sites, limit, variant):
    """A solver's sites checked, its covered demand recomputed from the
    matrix and compared with what it claims and with what `hourglass plan
    --evaluate` says the same sites cover."""
    if "chosen" not in row:
        return row
    who = f"{row['library']} ({variant})"
    inst.check_sites(who, row["chosen"], sites, limit)
    row["covered"] = inst.covered(row["chosen"])
    # A solver may value a plan it stopped with below what its sites cover (its y are feasible, not
    # necessarily as large as they could be), never above; at the optimum the two agree.
    slack = PEER_TOLERANCE * inst.total
    claimed = row.get("claimed")
    if claimed is not None and (claimed > row["covered"] + slack or
                                (row["status"] == "optimal" and claimed < row["covered"] - slack)):
        raise Mismatch(f"{who}: objective {claimed!r} ({row['status']}), but its sites cover {row['covered']!r} "
                       f"by the matrix")
    tag = f"evaluate-{row['library']}-{'limit' if limit else 'nolimit'}"
    theirs = hg.evaluate(tag, [str(inst.candidates[i]) for i in row["chosen"]])
    if relative(theirs, row["covered"]) > HOURGLASS_TOLERANCE:
        raise Mismatch(f"{who}: its sites cover {row['covered']!r} by the matrix, {theirs!r} by `hourglass plan "
                       f"--evaluate`")
    return row


def check_bounds(rows, variant):
    """No plan may cover more than a proven bound: Hourglass's, or HiGHS's
    dual bound (within the MIP's tolerance)."""
    for b in rows:
        if b.get("bound") is None or not np.isfinite(b["bound"]):
            continue
        slack = HOURGLASS_TOLERANCE if b["library"] == "hourglass" else PEER_TOLERANCE
        for r in rows:
            if "covered" in r and r["covered"] > b["bound"] * (1 + slack):
                raise Mismatch(f"{r['library']} ({variant}) covers {r['covered']!r}, above {b['library']}'s proven "
                               f"bound {b['bound']!r}")


def compare(rows):
    """The variant's comparison: Hourglass against the exact MIP's optimum,
    or against its dual bound when it stopped at the time limit."""
    ours = next(r for r in rows if r["library"] == "hourglass")
    exact = next(r for r in rows if r["library"] == "highs")
    best = max(r["covered"] for r in rows if "covered" in r)
    optimal = exact["status"] == "optimal" and "covered" in exact
    reference, against = (exact["covered"], "optimum") if optimal else (exact["bound"], "HiGHS's dual bound")
    return {"against": against, "reference": reference, "best_found": best,
            "below_reference": (reference - ours["covered"]) / reference,
            "below_best": (best - ours["covered"]) / best,
            "hourglass_bound_over_optimum": (ours["bound"] - exact["covered"]) / exact["covered"] if optimal else None,
            "sites_in_common": len(set(ours["chosen"]) & set(exact["chosen"])) if "chosen" in exact else None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hourglass", required=True)
    ap.add_argument("--network", required=True, help="world, or a snapshot .h5 file")
    ap.add_argument("--work", required=True, help="scratch folder")
    ap.add_argument("--networks", help="where snapshots are made and kept (default: WORK/networks)")
    ap.add_argument("--label", required=True, help="the instance's name in the record")
    ap.add_argument("--candidates", required=True)
    ap.add_argument("--scenario", help="a scenario file: its sites are fixed, its destinations are the destinations")
    ap.add_argument("--fixed", default="")
    ap.add_argument("--destinations", default="")
    ap.add_argument("--hours", type=int, required=True)
    ap.add_argument("--sites", type=int, required=True)
    ap.add_argument("--max-per-country", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=600.0, help="seconds for each MIP solver")
    ap.add_argument("--out", required=True, help="the figures, as JSON")
    args = ap.parse_args()
    if args.scenario:
        scenario = json.loads(Path(args.scenario).read_text())
        args.fixed, args.destinations = scenario["origins"], scenario["destinations"]
    if not args.destinations:
        ap.error("give --scenario, or --destinations (and --fixed where there are fixed sites)")
    start, others_before = time.perf_counter(), others_cpu_seconds()
    work = Path(args.work) / args.label
    work.mkdir(parents=True, exist_ok=True)
    networks = Path(args.networks or Path(args.work) / "networks")
    networks.mkdir(parents=True, exist_ok=True)
    _, snapshot, source = prepare_network(args.network, args.hourglass, networks)
    hg = Hourglass(args, snapshot, work)
    label, limit = args.label, args.max_per_country

    progress(label, "hourglass solve: candidates x destinations, fixed sites x destinations ...")
    hg.hierarchy.unlink(missing_ok=True)
    cand = hg.solve("candidates", args.candidates, "phast")
    fixed = hg.solve("fixed", args.fixed) if args.fixed else None
    if fixed is not None and cand[3] != fixed[3]:
        raise RuntimeError(f"caps differ: {cand[3]} and {fixed[3]}")
    inst = Instance(snapshot, cand[:3], fixed[:3] if fixed else None, cand[3])
    cover, weights, representative = inst.reduced()
    progress(label, f"{inst.candidates.size:,} candidates x {inst.destinations.size:,} destinations; "
                    f"for the peers {cover.shape[1]:,} destination groups, {int(cover.sum()):,} covered pairs")
    record = {"label": label, "source": source, "network": Path(snapshot).name,
              "candidates_selection": args.candidates, "fixed_selection": args.fixed,
              "destinations_selection": args.destinations, "scenario": shown_path(args.scenario),
              "hours": args.hours, "sites": args.sites, "max_per_country": limit,
              "time_limit": args.time_limit, "mip_rel_gap": MIP_REL_GAP, "hourglass_runs": HOURGLASS_RUNS,
              "candidates": int(inst.candidates.size), "destinations": int(inst.destinations.size),
              "fixed_sites": int(fixed[1].size) if fixed else 0, "fixed_covered": int(inst.fixed_cover.sum()),
              "peer_destinations": int(cover.shape[1]), "peer_pairs": int(cover.sum()),
              "total_demand": inst.total, "fixed_demand": inst.fixed_demand, "reachable_demand": inst.reachable,
              "matrix_seconds": cand[4] + (fixed[4] if fixed else 0.0), "variants": []}
    (work / "sizes.json").write_text(json.dumps(record, indent=1))

    failure = None
    variants = [("limit", limit), ("no limit", 0)] if limit else [("no limit", 0)]
    for variant, n in variants:
        progress(label, f"{variant}: hourglass plan ({HOURGLASS_RUNS} runs) ...")
        rows = []
        try:
            plan, seconds = hg.plan(f"plan-{'limit' if n else 'nolimit'}", n)
            rows.append(hourglass_row(inst, plan, seconds, args.sites, n, variant))
            progress(label, f"{variant}: hourglass {rows[0]['covered']:.6g} in {rows[0]['seconds']:.2f} s "
                            f"(bound {rows[0]['bound']:.6g}); HiGHS, at most {args.time_limit:.0f} s ...")
            exact = highs_exact(inst, cover, weights, args.sites, n, args.time_limit,
                                work / f"highs-{'limit' if n else 'nolimit'}.log")
            rows.append(check_peer(hg, inst, {"library": "highs", **exact}, args.sites, n, variant))
            progress(label, f"{variant}: HiGHS {exact['status']}, {rows[-1].get('covered', float('nan')):.6g} "
                            f"(bound {exact['bound']:.6g}) in {exact['seconds']:.1f} s")
            if not n:
                progress(label, f"{variant}: spopt ...")
                peer = spopt_run(inst, cover, weights, representative, args.sites, args.time_limit, work)
                rows.append(check_peer(hg, inst, peer, args.sites, n, variant))
                progress(label, f"{variant}: spopt {peer['status']}" +
                         (f", {peer['covered']:.6g} in {peer['seconds']:.1f} s" if "covered" in peer else
                          f": {peer.get('note', '')}"))
            check_bounds(rows, variant)
        except Mismatch as e:
            failure = failure or str(e)
            print(f"bench-peers: plan {label}: MISMATCH: {e}", file=sys.stderr)
        entry = {"variant": variant, "max_per_country": n, "rows": rows}
        if len(rows) >= 2 and "covered" in rows[0] and np.isfinite(rows[1]["bound"]):
            entry["comparison"] = compare(rows)
        record["variants"].append(entry)
    hourglass_version, peer_versions = versions(args.hourglass)
    for dist in ("spopt", "pulp", "highspy"):
        try:
            peer_versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    elapsed = time.perf_counter() - start
    record.update(hourglass=hourglass_version, versions=peer_versions, machine=machine(), mismatch=failure,
                  seconds=elapsed, others_share=(others_cpu_seconds() - others_before) / (elapsed * os.cpu_count()))
    Path(args.out).write_text(json.dumps(record, indent=1) + "\n")
    return 1 if failure else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--spopt-worker":
        sys.exit(spopt_worker(sys.argv[2:]))
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception:
        traceback.print_exc()
        sys.exit(3)
