#!/usr/bin/env python3
"""Maps of what changed: `hourglass diff --by destination --csv` (coverage
on two snapshots compared, docs/planning.md#diff) and `hourglass
criticality --csv` (the hubs a set of sites depends on,
docs/planning.md#hub-criticality), in the style of the coverage plots
(scripts/plot_coverage.py).

  diff: the destinations both snapshots share at one threshold (--hours,
        default the first in the file): gained in green, lost in red,
        covered on both sides in blue-grey, on neither in light grey
  criticality: every tested node, dot area by the demand lost without it,
               the --top N with room around them labelled
               with their rank

  /usr/bin/python3 scripts/plot_diff.py diff --csv results/diff.csv --out results/diff_map.png
  /usr/bin/python3 scripts/plot_diff.py criticality --csv results/criticality.csv --out results/criticality_map.png

Exit status: 0; 2 on a missing or malformed input (the message names the
file and line).
"""

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import plot_coverage as pc  # noqa: E402  (matplotlib set up there, headless)

plt = pc.plt
np = pc.np
Line2D = pc.Line2D
CHANGE_STYLE = {  # change -> (colour, drawing order, legend label)
    "neither": ("#d5d9de", 1, "reached on neither side"),
    "kept": ("#8da4bd", 2, "reached on both sides"),
    "lost": ("#d7191c", 4, "lost"),
    "gained": ("#1a9641", 3, "gained"),
}


def read_rows(path, columns):
    with pc.open_text(path) as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        pc.require(not missing, path, f"no column {', '.join(missing)}", 1)
        rows = list(reader)
    return reader.fieldnames, rows


def number(row, key, path, line):
    try:
        return float(row[key])
    except (TypeError, ValueError):
        pc.require(False, path, f"'{key}' is not a number: {row.get(key)!r}", line)
        return None


def plot_diff_map(path, out, hours):
    fields, rows = read_rows(path, ("destination", "lat", "lon", "demand"))
    thresholds = [int(c[len("change_"):-1]) for c in fields if c.startswith("change_") and c.endswith("h")]
    pc.require(thresholds, path, "no change_<H>h column (hourglass diff --by destination --csv)", 1)
    hours = thresholds[0] if hours is None else hours
    pc.require(hours in thresholds, path, f"no change_{hours}h column; the file has {thresholds} h", 1)
    column = f"change_{hours}h"
    lon, lat, demand, change = [], [], [], []
    for line, row in enumerate(rows, start=2):
        pc.require(row[column] in CHANGE_STYLE, path, f"{column}: unknown change {row[column]!r}", line)
        lon.append(number(row, "lon", path, line))
        lat.append(number(row, "lat", path, line))
        demand.append(number(row, "demand", path, line))
        change.append(row[column])
    lon, lat, demand, change = np.array(lon), np.array(lat), np.array(demand), np.array(change)
    total = demand.sum()
    fig, ax = plt.subplots(figsize=(2000 / pc.MAP_DPI, 1100 / pc.MAP_DPI), dpi=pc.MAP_DPI)
    pc.setup_world_axes(ax)
    handles = []
    for name, (colour, order, label) in sorted(CHANGE_STYLE.items(), key=lambda item: item[1][1]):
        mask = change == name
        ax.scatter(lon[mask], lat[mask], s=pc.marker_sizes(demand[mask]) * (2.5 if order > 2 else 1.0), c=colour,
                   linewidths=0, alpha=0.9, zorder=2 + order, rasterized=True)
        text = f"{label}: {mask.sum():,} destinations"
        share = pc.share(demand[mask].sum(), total)
        if share is not None:
            text += f", {100 * share:.2f} % of the demand"
        handles.append(Line2D([], [], ls="", marker="o", ms=6, mfc=colour, mec="none", label=text))
    ax.legend(handles=handles[::-1], loc="lower left", fontsize=7, framealpha=0.9,
              title=f"Coverage within {hours} h, A \u2192 B", title_fontsize=7)
    gained, lost = demand[change == "gained"].sum(), demand[change == "lost"].sum()
    net = pc.share(gained - lost, total)
    ax.set_title(f"What changed within {hours} h" + (f": {100 * net:+.2f} points of the demand" if net is not None
                                                       else ""), fontsize=11)
    pc.add_credit(fig)
    save_whole(fig, out)


def plot_criticality_map(path, out, top):
    _, rows = read_rows(path, ("rank", "node", "name", "lat", "lon", "lost_demand", "lost_share"))
    lon = np.array([number(r, "lon", path, i) for i, r in enumerate(rows, start=2)])
    lat = np.array([number(r, "lat", path, i) for i, r in enumerate(rows, start=2)])
    lost = np.array([number(r, "lost_demand", path, i) for i, r in enumerate(rows, start=2)])
    fig, ax = plt.subplots(figsize=(2000 / pc.MAP_DPI, 1100 / pc.MAP_DPI), dpi=pc.MAP_DPI)
    pc.setup_world_axes(ax)
    zero = lost <= 0
    ax.scatter(lon[zero], lat[zero], s=2, c="#c4cad1", linewidths=0, zorder=2, rasterized=True)
    peak = lost.max() if len(lost) and lost.max() > 0 else 1.0
    order = np.argsort(-lost, kind="stable")
    critical = order[~zero[order]]
    ax.scatter(lon[critical], lat[critical], s=8 + 400 * lost[critical] / peak, c="#d95f02", alpha=0.75,
               edgecolors="white", linewidths=0.4, zorder=3)
    labelled = []  # the top nodes with room around them, as the coverage map labels its sites
    for i in critical:
        if len(labelled) == top:
            break
        if any(abs(lon[i] - lon[j]) < 12 and abs(lat[i] - lat[j]) < 4 for j in labelled):
            continue
        labelled.append(i)
        ax.annotate(f"{rows[i]['rank']} {rows[i]['name'] or rows[i]['node']}", (lon[i], lat[i]), xytext=(4, 3),
                    textcoords="offset points", fontsize=6, zorder=4,
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
    handles = [Line2D([], [], ls="", marker="o", ms=8, mfc="#d95f02", mec="white",
                      label=f"loses coverage when closed ({len(critical):,} nodes; area by demand lost)"),
               Line2D([], [], ls="", marker="o", ms=3, mfc="#c4cad1", mec="none",
                      label=f"no loss ({int(zero.sum()):,} nodes)")]
    ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9)
    best = f": the most, {100 * float(rows[order[0]]['lost_share'] or 0):.2f} % of the demand" if len(critical) else ""
    ax.set_title(f"Hub criticality{best}", fontsize=11)
    pc.add_credit(fig)
    save_whole(fig, out)


def save_whole(fig, out):
    """Writes the PNG beside `out` and renames it into place: whole or not at all."""
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    try:
        fig.savefig(partial, bbox_inches="tight", format="png")
        partial.replace(out)
    finally:
        plt.close(fig)
        partial.unlink(missing_ok=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=("diff", "criticality"))
    p.add_argument("--csv", required=True, help="hourglass diff --by destination --csv, or criticality --csv")
    p.add_argument("--out", required=True, help="the PNG to write")
    p.add_argument("--hours", type=int, help="diff: the threshold to map (default the first in the file)")
    p.add_argument("--top", type=int, default=15, help="criticality: how many nodes to label (default 15)")
    a = p.parse_args(argv)
    try:
        pc.require(not (Path(a.out).exists() and Path(a.csv).exists() and Path(a.out).samefile(a.csv)), a.out,
                   "--out is the input --csv: the map would overwrite it")
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        if a.kind == "diff":
            plot_diff_map(a.csv, a.out, a.hours)
        else:
            plot_criticality_map(a.csv, a.out, a.top)
    except pc.InputError as e:
        print(f"plot_diff: error: {e}", file=sys.stderr)
        return 2
    print(f"map: {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
