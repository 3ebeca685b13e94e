#!/usr/bin/env python3
"""Pictures of a site plan (`hourglass plan --json`, docs/planning.md), in the
style of the coverage plots (scripts/plot_coverage.py):

  plan_curve.png  covered share against the number of new sites, with the
                  proven bound and, given --rule, the rule's sites at the same K
  plan_map.png    the fixed and the chosen sites on the world, numbered in the
                  order chosen, over the destinations (given --destinations,
                  a `coverage --by destination` CSV) in grey

  /usr/bin/python3 scripts/plot_plan.py --plan results/plan-30.json \\
      --rule results/china-plus-30.coverage.json \\
      --destinations results/china.destinations.csv --out results
"""

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import plot_coverage as pc  # noqa: E402  (matplotlib set up there, headless)

plt = pc.plt
PLAN_COLOUR = pc.SCENARIO_COLOURS[0]
RULE_COLOUR = pc.SCENARIO_COLOURS[1]


def read_plan(path):
    doc = pc.read_json(path)
    for key in ("hours", "curve", "chosen", "fixed", "total_demand"):
        pc.require(key in doc, path, f"a plan JSON with '{key}' (hourglass plan --json)")
    return doc


def rule_share(path, hours):
    doc = pc.read_json(path)
    for t in doc.get("thresholds", []):
        if t.get("hours") == hours:
            return t["covered_share"], len(doc.get("per_origin", []))
    pc.require(False, path, f"a coverage report with a {hours} h threshold")
    return None


def read_destination_points(path):
    lon, lat, demand = [], [], []
    with pc.open_text(path) as f:
        for row in csv.DictReader(f):
            try:
                lon.append(float(row["lon"]))
                lat.append(float(row["lat"]))
                demand.append(float(row["demand"]))
            except (KeyError, ValueError):
                pc.require(False, path, "a `coverage --by destination` CSV (lat, lon, demand)")
    return pc.np.array(lon), pc.np.array(lat), pc.np.array(demand)


def plot_curve(plan, rule, path):
    fig, ax = plt.subplots(figsize=(8, 4.8), dpi=pc.MAP_DPI)
    sites = [p["sites"] for p in plan["curve"]]
    share = [p["covered_share"] for p in plan["curve"]]
    ax.plot(sites, share, marker="o", ms=3, color=PLAN_COLOUR, label="plan (greedy order, after swaps)")
    bound = plan.get("upper_bound")
    if bound:
        ax.axhline(bound["share"], color=PLAN_COLOUR, ls="--", lw=0.8,
                   label=f"proven: no {sites[-1]} sites reach more ({100 * bound['share']:.2f} %)")
    if rule:
        r_share, r_sites = rule
        k = r_sites - len(plan["fixed"])
        ax.scatter([k], [r_share], marker="s", color=RULE_COLOUR, zorder=5,
                   label=f"the rule's {k} sites ({100 * r_share:.2f} %)")
    ax.set_xlabel("new sites")
    ax.set_ylabel(f"demand covered within {plan['hours']} h")
    ax.yaxis.set_major_formatter(pc.PercentFormatter(1.0))
    ax.grid(True, color="#d0d7de", lw=0.5)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(f"Coverage within {plan['hours']} h against the number of new sites", fontsize=10)
    pc.add_credit(fig)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def plot_map(plan, destinations, path):
    fig, ax = plt.subplots(figsize=(2000 / pc.MAP_DPI, 1100 / pc.MAP_DPI), dpi=pc.MAP_DPI)
    pc.setup_world_axes(ax)
    if destinations is not None:
        lon, lat, demand = destinations
        ax.scatter(lon, lat, s=pc.marker_sizes(demand), c="#b0b7bf", linewidths=0, alpha=0.7, zorder=2,
                   rasterized=True)
    fixed = [s for s in plan["fixed"] if s.get("lat") is not None]
    if fixed:
        ax.scatter([s["lon"] for s in fixed], [s["lat"] for s in fixed], marker="s", s=40, c="black",
                   edgecolors="white", linewidths=0.6, zorder=10, label=f"fixed sites ({len(fixed)})")
    chosen = plan["chosen"]
    ax.scatter([s["lon"] for s in chosen], [s["lat"] for s in chosen], marker="*", s=140, c=PLAN_COLOUR,
               edgecolors="white", linewidths=0.7, zorder=11, label=f"chosen sites ({len(chosen)}), numbered in order")
    for s in chosen:
        ax.annotate(str(s["order"]), (s["lon"], s["lat"]), xytext=(4, 3), textcoords="offset points", fontsize=7,
                    color="#111111", zorder=12, bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
    covered = plan["covered_share"]
    ax.legend(loc="lower left", fontsize=7, framealpha=0.9)
    ax.set_title(f"The plan: {100 * covered:.2f} % of the demand within {plan['hours']} h", fontsize=10)
    pc.add_credit(fig)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def main():
    try:
        run()
    except pc.InputError as e:
        print(f"plot_plan: error: {e}", file=sys.stderr)
        return 2
    return 0


def run():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plan", required=True, help="hourglass plan --json")
    p.add_argument("--rule", help="coverage JSON of other sites to compare at the same K (e.g. china-plus-30)")
    p.add_argument("--destinations", help="coverage --by destination CSV: the grey dots of the map")
    p.add_argument("--out", default=".", help="folder for plan_curve.png and plan_map.png")
    a = p.parse_args()
    plan = read_plan(a.plan)
    rule = rule_share(a.rule, plan["hours"]) if a.rule else None
    destinations = read_destination_points(a.destinations) if a.destinations else None
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    plot_curve(plan, rule, out / "plan_curve.png")
    plot_map(plan, destinations, out / "plan_map.png")
    print(f"plots: {out / 'plan_curve.png'}, {out / 'plan_map.png'}")


if __name__ == "__main__":
    sys.exit(main())
