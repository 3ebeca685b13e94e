"""Draws docs/benchmarks.png from the figures bench_peers.py recorded.

    python plot_benchmarks.py RESULTS.json OUT.png

Two panels of grouped bars on a log scale, a group per network (and table
size), a bar per library: milliseconds per origin for full rows, and
seconds per table (queries alone; preprocessing is in docs/benchmarks.md).
A library without a figure there (not installed, no such call, skipped) has
no bar. The machine and the date are in the title, so that a picture
copied elsewhere still says where its numbers come from.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (the backend is chosen first)

from peer_report import NAMES, TASKS  # noqa: E402

COLOURS = {"hourglass": "#d62728", "scipy": "#1f77b4", "igraph": "#2ca02c", "networkit": "#9467bd",
           "networkx": "#8c564b", "pandana": "#ff7f0e"}


def figures(record, tasks, per_origin):
    """Group labels and, per library, one value per group (None where it has none)."""
    groups, values = [], {lib: [] for lib in NAMES}
    for net in record["networks"]:
        for task in tasks:
            rows = {r["library"]: r for r in net["measurements"] if r["task"] == task}
            if not rows:
                continue
            groups.append(net["label"] if len(tasks) == 1 else f"{net['label']}\n{TASKS[task]}")
            for lib in NAMES:
                r = rows.get(lib)
                ok = r is not None and r["status"] == "ok"
                values[lib].append((1e3 * r["seconds"] / r["origins"] if per_origin else r["seconds"]) if ok else None)
    return groups, values


def bars(ax, groups, values, ylabel):
    """Grouped bars on a log axis, one colour per library."""
    libs = [lib for lib in NAMES if any(v is not None for v in values[lib])]
    width = 0.8 / max(1, len(libs))
    for i, lib in enumerate(libs):
        xs = [g + (i - (len(libs) - 1) / 2) * width for g, v in enumerate(values[lib]) if v is not None]
        ys = [v for v in values[lib] if v is not None]
        ax.bar(xs, ys, width, label=NAMES[lib], color=COLOURS[lib])
    ax.set_yscale("log")
    ax.set_xticks(range(len(groups)), groups, fontsize=8)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", which="both", alpha=0.3)


def main(argv):
    record = json.loads(open(argv[1]).read())
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [1, 2]})
    bars(left, *figures(record, ["full"], True), "ms per origin (full rows)")
    left.set_title("Full rows: one origin to every node")
    bars(right, *figures(record, ["table100", "table1000"], False), "seconds per table (queries alone)")
    right.set_title("Origin × destination tables")
    handles, labels = right.get_legend_handles_labels()
    for h, l in zip(*left.get_legend_handles_labels()):
        if l not in labels:
            handles.append(h)
            labels.append(l)
    right.legend(handles, labels, fontsize=8, loc="upper left")
    m = record["machine"]
    fig.suptitle(f"Hourglass and peer libraries, lower is better: {m['cpu']}, {m['cores']} cores, "
                 f"{m['memory_gib']} GiB; {record['generated']}")
    fig.tight_layout()
    fig.savefig(argv[2], dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
