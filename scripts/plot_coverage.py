#!/usr/bin/python3
"""Plots and tabulates Hourglass coverage results for one or more scenarios.

Reads, per scenario (``--scenario JSON CSV``, repeatable):
  * the coverage JSON written by ``hourglass`` (keys used: scenario,
    description, time_unit, units_per_hour, total_demand, thresholds,
    per_origin, per_country, unreachable, beyond_largest_threshold);
  * the per-destination CSV (destination,name,country,lat,lon,demand,
    nearest_origin,time,status), ``time`` in the snapshot's time unit;
and GeoNames' countryInfo.tsv (``--countries``) for country names and continents.

Writes into ``--out DIR``:
  * coverage_map.png   - destination cities of one scenario (``--map-scenario``,
                         default the last one) coloured by transit time from the
                         nearest site, sites starred;
  * coverage_curve.png - share of city population reached within t hours, one
                         step curve per scenario, thresholds marked;
and prints a table on stdout: coverage per scenario, per continent, and the ten
countries with the most city population not reached within 48 h.

The country and continent tables use only the JSON's per_country numbers (so
they match the C++ output exactly); the map and the curve use the CSV.
Destinations with demand 0 (airports) are ignored in plots and shares.

Exit status: 0 on success, 2 on a missing or malformed input (the message names
the file and, where it applies, the line).

Only the standard library, numpy and matplotlib (Agg backend) are used.
"""

import argparse
import csv
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter, MultipleLocator, PercentFormatter  # noqa: E402

CREDIT = ("Cities: GeoNames (CC BY 4.0), population of cities \u2265 15,000 \u00b7 "
          "Flights: OpenFlights (ODbL) \u00b7 Computed with Hourglass")
POPULATION_HONEST = "population of GeoNames cities \u2265 15,000"
DEFAULT_POPULATION_LABEL = "city population (GeoNames cities \u2265 15,000)"
CONTINENTS = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
              "OC": "Oceania", "SA": "South America", "AN": "Antarctica"}
UNITS_PER_HOUR = {"second": 3600, "minute": 60, "hour": 1}
CSV_COLUMNS = ("destination", "name", "country", "lat", "lon", "demand",
               "nearest_origin", "time", "status")
STATUSES = ("reached", "later", "unreachable")
BIN_COLOURS = ("#1a9641", "#a6d96a", "#fdae61", "#d7191c")  # within thresholds, then beyond
UNREACHABLE_COLOUR = "#9e9e9e"
SCENARIO_COLOURS = ("#1f4e9c", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e")
MAP_DPI = 150


class InputError(Exception):
    """A missing or malformed input file; the message names file and line."""


# ----------------------------------------------------------------------------
# Reading the inputs
# ----------------------------------------------------------------------------

@dataclass
class Destinations:
    """The per-destination CSV of one scenario, demand-0 rows dropped."""
    name: list
    country: list
    lat: np.ndarray
    lon: np.ndarray
    demand: np.ndarray
    hours: np.ndarray      # transit hours from the nearest site; nan unless reached
    status: np.ndarray     # strings from STATUSES
    site_positions: dict   # destination code -> (lat, lon), all rows (sites lookup)


@dataclass
class Scenario:
    """One scenario: its coverage JSON and its destinations."""
    name: str
    description: str
    json_path: Path
    csv_path: Path
    units_per_hour: float
    total_demand: float
    thresholds: list               # hours, ascending
    covered_share: list            # per threshold (JSON)
    covered_demand: list           # per threshold (JSON)
    sites: list                    # dicts with code, name, country, lat, lon
    per_country: list              # dicts with country, total_demand, covered_demand
    unreachable_demand: float
    beyond_demand: float
    dest: Destinations = field(default=None)


def open_text(path):
    """Opens a UTF-8 text file, turning OS errors into InputError."""
    try:
        return open(path, encoding="utf-8", newline="")
    except OSError as e:
        raise InputError(f"{path}: cannot open: {e.strerror}") from e


def require(cond, path, what, line=None):
    """Raises InputError naming the file (and line) unless cond holds."""
    if not cond:
        where = f"{path}:{line}" if line is not None else str(path)
        raise InputError(f"{where}: {what}")


def as_number(value, path, what):
    """Returns value as a float, or raises InputError naming what it was."""
    require(isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value), path, f"{what} is not a finite number: {value!r}")
    return float(value)


def read_json(path):
    """Parses a JSON file, reporting syntax errors with their line."""
    with open_text(path) as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{e.lineno}: malformed JSON: {e.msg}") from e
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not UTF-8 text: {e}") from e


def units_per_hour_of(doc, path):
    """Time units per hour: 'units_per_hour', else derived from 'time_unit'."""
    if "units_per_hour" in doc:
        uph = as_number(doc["units_per_hour"], path, "units_per_hour")
        require(uph > 0, path, "units_per_hour must be positive")
        return uph
    unit = doc.get("time_unit")
    require(unit in UNITS_PER_HOUR, path,
            f"no units_per_hour and unknown time_unit {unit!r}")
    return float(UNITS_PER_HOUR[unit])


def parse_thresholds(doc, path):
    """Returns (hours, covered_share, covered_demand) from 'thresholds'."""
    items = doc.get("thresholds")
    require(isinstance(items, list) and items, path, "'thresholds' must be a non-empty list")
    hours, shares, demands = [], [], []
    for i, t in enumerate(items):
        require(isinstance(t, dict), path, f"thresholds[{i}] is not an object")
        for key in ("hours", "covered_share", "covered_demand"):
            require(key in t, path, f"thresholds[{i}] lacks '{key}'")
        hours.append(as_number(t["hours"], path, f"thresholds[{i}].hours"))
        shares.append(as_number(t["covered_share"], path, f"thresholds[{i}].covered_share"))
        demands.append(as_number(t["covered_demand"], path, f"thresholds[{i}].covered_demand"))
    require(all(a < b for a, b in zip(hours, hours[1:])) and hours[0] > 0, path,
            f"threshold hours must be positive and ascending: {hours}")
    return hours, shares, demands


def parse_per_country(doc, path, n_thresholds):
    """Validates 'per_country' and returns its entries as plain dicts."""
    items = doc.get("per_country")
    require(isinstance(items, list), path, "'per_country' must be a list")
    out = []
    for i, c in enumerate(items):
        require(isinstance(c, dict) and "country" in c, path, f"per_country[{i}] lacks 'country'")
        covered = c.get("covered_demand")
        require(isinstance(covered, list) and len(covered) == n_thresholds, path,
                f"per_country[{i}].covered_demand must list {n_thresholds} values")
        out.append({"country": str(c["country"]),
                    "total_demand": as_number(c.get("total_demand"), path,
                                              f"per_country[{i}].total_demand"),
                    "covered_demand": [as_number(v, path, f"per_country[{i}].covered_demand")
                                       for v in covered]})
    return out


def parse_sites(doc, path):
    """Returns the sites ('per_origin'); lat/lon may be absent (None)."""
    items = doc.get("per_origin", [])
    require(isinstance(items, list), path, "'per_origin' must be a list")
    sites = []
    for i, o in enumerate(items):
        require(isinstance(o, dict) and "code" in o, path, f"per_origin[{i}] lacks 'code'")
        site = {"code": str(o["code"]), "name": str(o.get("name", "")),
                "country": str(o.get("country", "")), "lat": None, "lon": None,
                "nearest_demand": o.get("nearest_demand", 0)}
        if "lat" in o and "lon" in o:
            site["lat"] = as_number(o["lat"], path, f"per_origin[{i}].lat")
            site["lon"] = as_number(o["lon"], path, f"per_origin[{i}].lon")
        sites.append(site)
    return sites


def part_demand(doc, key, path):
    """The 'demand' of a {demand, destinations} summary, 0 if absent."""
    part = doc.get(key, {})
    require(isinstance(part, dict), path, f"'{key}' must be an object")
    return as_number(part.get("demand", 0), path, f"{key}.demand")


def load_scenario(json_path, csv_path):
    """Reads one scenario's JSON and CSV."""
    json_path, csv_path = Path(json_path), Path(csv_path)
    doc = read_json(json_path)
    require(isinstance(doc, dict), json_path, "top level is not a JSON object")
    hours, shares, demands = parse_thresholds(doc, json_path)
    scenario = Scenario(
        name=str(doc.get("scenario") or json_path.stem),
        description=str(doc.get("description", "")),
        json_path=json_path, csv_path=csv_path,
        units_per_hour=units_per_hour_of(doc, json_path),
        total_demand=as_number(doc.get("total_demand"), json_path, "total_demand"),
        thresholds=hours, covered_share=shares, covered_demand=demands,
        sites=parse_sites(doc, json_path),
        per_country=parse_per_country(doc, json_path, len(hours)),
        unreachable_demand=part_demand(doc, "unreachable", json_path),
        beyond_demand=part_demand(doc, "beyond_largest_threshold", json_path))
    scenario.dest = read_destinations(csv_path, scenario.units_per_hour)
    fill_site_positions(scenario)
    return scenario


def parse_csv_row(row, path, line, units_per_hour):
    """Converts one CSV row; returns (lat, lon, demand, hours, status)."""
    def number(key):
        try:
            value = float(row[key])
        except (TypeError, ValueError):
            raise InputError(f"{path}:{line}: column '{key}' is not a number: "
                             f"{row[key]!r}") from None
        require(math.isfinite(value), path, f"column '{key}' is not finite", line)
        return value

    status = row["status"]
    require(status in STATUSES, path, f"unknown status {status!r} (expected one of "
            f"{', '.join(STATUSES)})", line)
    hours = math.nan
    if status == "reached":
        hours = number("time") / units_per_hour
        require(hours >= 0, path, "negative time", line)
    return number("lat"), number("lon"), number("demand"), hours, status


def read_destinations(path, units_per_hour):
    """Reads the per-destination CSV."""
    names, countries, rows, positions = [], [], [], {}
    with open_text(path) as f:
        reader = csv.DictReader(f)
        try:
            header = reader.fieldnames
            require(header is not None, path, "empty file (no header)", 1)
            missing = [c for c in CSV_COLUMNS if c not in header]
            require(not missing, path, f"header lacks column(s) {', '.join(missing)}", 1)
            for row in reader:
                require(None not in row and None not in row.values(), path,
                        f"expected {len(header)} fields", reader.line_num)
                lat, lon, demand, hours, status = parse_csv_row(
                    row, path, reader.line_num, units_per_hour)
                positions[row["destination"]] = (lat, lon)
                if demand <= 0:
                    continue
                names.append(row["name"])
                countries.append(row["country"])
                rows.append((lat, lon, demand, hours, status))
        except csv.Error as e:
            raise InputError(f"{path}:{reader.line_num}: malformed CSV: {e}") from e
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not UTF-8 text: {e}") from e
    cols = list(zip(*rows)) if rows else [[]] * 5
    return Destinations(name=names, country=countries,
                        lat=np.asarray(cols[0], float), lon=np.asarray(cols[1], float),
                        demand=np.asarray(cols[2], float), hours=np.asarray(cols[3], float),
                        status=np.asarray(cols[4], dtype=object), site_positions=positions)


def fill_site_positions(scenario):
    """Takes a site's position from the CSV where the JSON gives none."""
    for site in scenario.sites:
        if site["lat"] is None and site["code"] in scenario.dest.site_positions:
            site["lat"], site["lon"] = scenario.dest.site_positions[site["code"]]


def read_countries(path):
    """Reads GeoNames countryInfo.tsv: ISO2 -> (country name, continent code).

    Uses the csv module on purpose: "NA" (Namibia, North America) is data."""
    countries = {}
    with open_text(path) as f:
        try:
            for line_no, cols in enumerate(csv.reader(f, delimiter="\t",
                                                      quoting=csv.QUOTE_NONE), start=1):
                if not cols or cols[0].startswith("#"):
                    continue
                require(len(cols) >= 9, path, f"expected at least 9 tab-separated columns, "
                        f"got {len(cols)}", line_no)
                countries[cols[0].strip()] = (cols[4].strip(), cols[8].strip())
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not UTF-8 text: {e}") from e
    require(countries, path, "no country rows")
    return countries


# ----------------------------------------------------------------------------
# Checks across inputs
# ----------------------------------------------------------------------------

def check_scenarios(scenarios):
    """Requires unique names and identical thresholds; warns on JSON/CSV drift."""
    names = [s.name for s in scenarios]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InputError(f"{scenarios[0].json_path}: scenario name(s) given twice: "
                         f"{', '.join(dup)}")
    for s in scenarios[1:]:
        require(s.thresholds == scenarios[0].thresholds, s.json_path,
                f"thresholds {s.thresholds} differ from {scenarios[0].json_path}'s "
                f"{scenarios[0].thresholds}")
    for s in scenarios:
        warn_if_drift(s)


def warn_if_drift(s):
    """Warns on stderr where the CSV's totals do not match the JSON's."""
    csv_total = float(s.dest.demand.sum())
    if not close(csv_total, s.total_demand):
        warn(f"{s.csv_path}: city population {csv_total:,.0f} differs from "
             f"{s.json_path}'s total_demand {s.total_demand:,.0f}")
        return
    for h, json_share in zip(s.thresholds, s.covered_share):
        csv_share = share(covered_by(s.dest, h), csv_total)
        if csv_share is not None and abs(csv_share - json_share) > 5e-4:
            warn(f"{s.csv_path}: share within {h:g} h is {100 * csv_share:.2f} % but "
                 f"{s.json_path} says {100 * json_share:.2f} %")


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def warn(message):
    print(f"plot_coverage: warning: {message}", file=sys.stderr)


# ----------------------------------------------------------------------------
# Numbers
# ----------------------------------------------------------------------------

def share(part, whole):
    """part / whole, or None when whole is zero."""
    return part / whole if whole > 0 else None


def covered_by(dest, hours):
    """City population reached within the given hours (CSV)."""
    return float(dest.demand[dest.hours <= hours + 1e-9].sum())


def continent_of(iso2, countries):
    name = countries.get(iso2, (None, ""))[1]
    return CONTINENTS.get(name, "Unknown")


def country_name(iso2, countries):
    return countries.get(iso2, ("unknown" if iso2 else "no country", ""))[0]


def continent_totals(scenario, countries):
    """continent -> (total demand, [covered demand per threshold]) from per_country."""
    totals = {}
    for c in scenario.per_country:
        name = continent_of(c["country"], countries)
        total, covered = totals.get(name, (0.0, [0.0] * len(scenario.thresholds)))
        totals[name] = (total + c["total_demand"],
                        [a + b for a, b in zip(covered, c["covered_demand"])])
    return totals


def threshold_index(scenario, hours=48):
    """Index of the given threshold, else of the largest one below it, else 0."""
    below = [i for i, h in enumerate(scenario.thresholds) if h <= hours]
    return below[-1] if below else 0


def least_reached_countries(scenario, countries, n=10):
    """The n countries with most city population not reached within ~48 h."""
    i = threshold_index(scenario)
    rows = []
    for c in scenario.per_country:
        missed = c["total_demand"] - c["covered_demand"][i]
        if missed > 0:
            rows.append((missed, c["country"], share(missed, c["total_demand"])))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return scenario.thresholds[i], rows[:n]


# ----------------------------------------------------------------------------
# Table
# ----------------------------------------------------------------------------

def pct(value, width=7):
    """A share as '12.3 %', or a dash when undefined."""
    text = "\u2014" if value is None else f"{100 * value:.1f} %"
    return text.rjust(width)


def hours_label(h):
    return f"\u2264{h:g} h"


def render_table(rows, aligns):
    """Aligns rows of strings into columns ('<' or '>' per column)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(aligns))]
    lines = []
    for r in rows:
        cells = [c.ljust(w) if a == "<" else c.rjust(w) for c, w, a in zip(r, widths, aligns)]
        lines.append("  ".join(cells).rstrip())
    return lines


def scenario_table(scenarios):
    """Lines: per scenario, sites, population and shares per threshold."""
    hours = scenarios[0].thresholds
    header = (["scenario", "sites", "population"] + [hours_label(h) for h in hours]
              + [f">{hours[-1]:g} h", "unreachable"])
    rows = [header]
    for s in scenarios:
        row = [s.name, str(len(s.sites)), f"{s.total_demand:,.0f}"]
        if s.total_demand <= 0:
            row += [pct(None)] * (len(hours) + 2)
        else:
            row += [pct(v) for v in s.covered_share]
            row += [pct(share(s.beyond_demand, s.total_demand)),
                    pct(share(s.unreachable_demand, s.total_demand))]
        rows.append(row)
    lines = render_table(rows, "<>>" + ">" * (len(hours) + 2))
    for s in scenarios:
        if s.description:
            lines.append(f"  {s.name}: {s.description}")
        if s.total_demand <= 0:
            lines.append(f"  {s.name}: no city population (total demand 0), so no shares")
    return lines


def continent_table(scenarios, countries):
    """Lines: per continent, shares per threshold for each scenario side by side."""
    hours = scenarios[0].thresholds
    totals = [continent_totals(s, countries) for s in scenarios]
    present = [c for c in list(CONTINENTS.values()) + ["Unknown"] if any(c in t for t in totals)]
    empty = (0.0, [0.0] * len(hours))

    def population(t):
        return ("population", [f"{t.get(c, empty)[0]:,.0f}" for c in present])

    shared = all(close(t.get(c, empty)[0], totals[0].get(c, empty)[0])
                 for t in totals for c in present)
    groups = [("", [population(totals[0])])] if shared else []
    for s, t in zip(scenarios, totals):
        columns = [] if shared else [population(t)]
        for i, h in enumerate(hours):
            values = [pct(share(t.get(c, empty)[1][i], t.get(c, empty)[0])) for c in present]
            columns.append((hours_label(h), values))
        groups.append((s.name, columns))
    return render_grouped(("continent", present), groups)


def render_grouped(first, groups):
    """Renders a table whose right-aligned columns come in labelled groups.

    first: (header, row labels); groups: [(label, [(header, values)])]."""
    sep, group_sep = "  ", "   "
    first_width = max(len(first[0]), *(len(v) for v in first[1]))
    widths = []
    for label, columns in groups:
        w = [max(len(head), *(len(v) for v in values)) for head, values in columns]
        span = sum(w) + len(sep) * (len(w) - 1)
        w[-1] += max(0, len(label) - span)  # room for a long group label
        widths.append(w)
    top = [" " * first_width]
    heads = [first[0].ljust(first_width)]
    for (label, columns), w in zip(groups, widths):
        top.append(label.ljust(sum(w) + len(sep) * (len(w) - 1)))
        heads.append(sep.join(head.rjust(cw) for (head, _), cw in zip(columns, w)))
    lines = [group_sep.join(top).rstrip(), group_sep.join(heads).rstrip()]
    for r, row_label in enumerate(first[1]):
        cells = [row_label.ljust(first_width)]
        for (_, columns), w in zip(groups, widths):
            cells.append(sep.join(values[r].rjust(cw) for (_, values), cw in zip(columns, w)))
        lines.append(group_sep.join(cells).rstrip())
    return lines


def country_table(scenario, countries):
    """Lines: the ten countries with most city population not reached in ~48 h."""
    h, top = least_reached_countries(scenario, countries)
    title = f"{scenario.name}: countries with the most city population not reached within {h:g} h"
    if scenario.total_demand <= 0:
        return [title, "  (no city population: total demand 0)"]
    if not top:
        return [title, "  (none: every country's city population is reached)"]
    rows = [["", "country", "not reached", "share of country"]]
    for rank, (missed, iso, frac) in enumerate(top, start=1):
        name = country_name(iso, countries)
        name = name if len(name) <= 30 else name[:29] + "\u2026"
        rows.append([f"{rank}.", f"{name} ({iso})", f"{missed:,.0f}", pct(frac).strip()])
    return [title] + ["  " + line for line in render_table(rows, "><>>")]


def print_report(scenarios, countries, out=sys.stdout):
    """Prints the whole table."""
    rule = "\u2500" * 78
    sections = [
        [f"Coverage: share of the {POPULATION_HONEST} reached from the nearest site"]
        + scenario_table(scenarios),
        [f"By continent: share of the {POPULATION_HONEST}"] + continent_table(scenarios, countries),
    ]
    for s in scenarios:
        sections.append(country_table(s, countries))
    print(rule, file=out)
    print(f"\n{rule}\n".join("\n".join(sec) for sec in sections), file=out)
    print(rule, file=out)


# ----------------------------------------------------------------------------
# Map
# ----------------------------------------------------------------------------

def degree_formatter(positive, negative):
    """Tick labels such as 30°E / 30°W / 0°."""
    def fmt(value, _pos):
        v = round(value)
        if v == 0:
            return "0\u00b0"
        return f"{abs(v)}\u00b0{positive if v > 0 else negative}"
    return FuncFormatter(fmt)


def time_bins(dest, thresholds):
    """Bin index per destination: 0..k-1 within thresholds, k beyond, k+1 unreachable."""
    k = len(thresholds)
    bins = np.full(len(dest.demand), k, dtype=int)
    reached = dest.status == "reached"
    idx = np.searchsorted(np.asarray(thresholds) + 1e-9, dest.hours[reached], side="left")
    bins[reached] = idx  # idx == k: reached but beyond the largest threshold
    bins[dest.status == "unreachable"] = k + 1
    return bins


def bin_labels(thresholds):
    edges = [0.0] + list(thresholds)
    labels = [f"{a:g}\u2013{b:g} h" for a, b in zip(edges, edges[1:])]
    return labels + [f"> {thresholds[-1]:g} h", "unreachable"]


def bin_colours(k):
    colours = list(BIN_COLOURS[:k]) if k <= 3 else list(plt.cm.RdYlGn_r(np.linspace(0.05, 0.7, k)))
    return colours + [BIN_COLOURS[-1], UNREACHABLE_COLOUR]


def marker_sizes(demand):
    """Dot area (pt²) growing gently with population."""
    return 1.5 + 5.0 * np.log10(1.0 + demand / 15000.0)


def draw_destinations(ax, s):
    """Scatters the destination cities coloured by time bin; returns legend handles."""
    dest, k = s.dest, len(s.thresholds)
    bins = time_bins(dest, s.thresholds)
    labels, colours = bin_labels(s.thresholds), bin_colours(k)
    total = dest.demand.sum()
    # One scatter, big dots first: no bin is drawn over another by design.
    order = np.argsort(-dest.demand, kind="stable")
    ax.scatter(dest.lon[order], dest.lat[order], s=marker_sizes(dest.demand[order]),
               c=[colours[b] for b in bins[order]], linewidths=0, alpha=0.85, zorder=3,
               rasterized=True)
    handles = []
    for b in range(k + 2):
        mask = bins == b
        frac = share(dest.demand[mask].sum(), total)
        text = f"{labels[b]}: {mask.sum():,} cities"
        if frac is not None:
            text += f", {100 * frac:.1f} % of pop."
        handles.append(Line2D([], [], ls="", marker="o", ms=6, mfc=colours[b], mec="none",
                              label=text))
    return handles


def draw_sites(ax, sites):
    """Stars the sites and labels those with room around them."""
    placed = [site for site in sites if site["lat"] is not None]
    if not placed:
        return None
    ax.scatter([p["lon"] for p in placed], [p["lat"] for p in placed], marker="*", s=110,
               c="black", edgecolors="white", linewidths=0.7, zorder=10)
    labelled = []
    for p in sorted(placed, key=lambda p: -float(p.get("nearest_demand") or 0)):
        if all(abs(p["lon"] - q["lon"]) > 9 or abs(p["lat"] - q["lat"]) > 4 for q in labelled):
            ax.annotate(p["name"] or p["code"], (p["lon"], p["lat"]), xytext=(4, 3), textcoords="offset points",
                        fontsize=6, color="#222222", zorder=11,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.6))
            labelled.append(p)
    return Line2D([], [], ls="", marker="*", ms=10, mfc="black", mec="white",
                  label=f"site ({len(placed)})")


def setup_world_axes(ax):
    ax.set_xlim(-180, 180)
    ax.set_ylim(-90, 90)
    ax.set_aspect("equal")
    ax.set_facecolor("#f3f6f9")
    ax.xaxis.set_major_locator(MultipleLocator(30))
    ax.yaxis.set_major_locator(MultipleLocator(30))
    ax.xaxis.set_major_formatter(degree_formatter("E", "W"))
    ax.yaxis.set_major_formatter(degree_formatter("N", "S"))
    ax.grid(True, color="#d0d7de", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)
    ax.set_xlabel("Longitude (degrees)", fontsize=9)
    ax.set_ylabel("Latitude (degrees)", fontsize=9)


def add_credit(fig):
    fig.text(0.5, 0.012, CREDIT, ha="center", va="bottom", fontsize=7, color="#555555")


def plot_map(s, path):
    """Writes the world map of one scenario."""
    fig, ax = plt.subplots(figsize=(2000 / MAP_DPI, 1100 / MAP_DPI), dpi=MAP_DPI)
    setup_world_axes(ax)
    handles = draw_destinations(ax, s)
    site_handle = draw_sites(ax, s.sites)
    if site_handle is not None:
        handles.append(site_handle)
    ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9,
              title="Transit time from the nearest site", title_fontsize=7)
    ax.set_title(f"Transit time from the nearest site \u2014 {s.name}", fontsize=12)
    if len(s.dest.demand) == 0:
        ax.text(0, 0, "no destination city with population > 0", ha="center", fontsize=11)
    fig.subplots_adjust(left=0.05, right=0.98, top=0.94, bottom=0.08)
    add_credit(fig)
    fig.savefig(path, dpi=MAP_DPI)
    plt.close(fig)


# ----------------------------------------------------------------------------
# Curve
# ----------------------------------------------------------------------------

def coverage_curve(dest, max_hours):
    """Step curve (hours, share) of city population reached within t hours."""
    total = dest.demand.sum()
    reached = dest.hours <= max_hours + 1e-9  # nan compares False
    order = np.argsort(dest.hours[reached], kind="stable")
    times = dest.hours[reached][order]
    cum = np.cumsum(dest.demand[reached][order]) / total
    x = np.concatenate(([0.0], times, [max_hours]))
    y = np.concatenate(([0.0], cum, [cum[-1] if len(cum) else 0.0]))
    return x, y


def annotate_thresholds(ax, values, thresholds):
    """Marks each scenario's share at each threshold, higher label above."""
    for i, h in enumerate(thresholds):
        ax.axvline(h, color="#777777", linestyle=":", linewidth=1, zorder=1)
        ranked = sorted(values, key=lambda v: -v[1][i])
        for rank, (colour, shares) in enumerate(ranked):
            # A rising curve leaves room above-left of the top value and
            # below-right of the others (below-left at the right edge).
            right = rank > 0 and i < len(thresholds) - 1
            dx, dy = (5, -12 * rank) if right else (-5, 5 if rank == 0 else -12 * rank)
            ax.plot([h], [100 * shares[i]], "o", color=colour, ms=4, zorder=5, clip_on=False)
            ax.annotate(f"{100 * shares[i]:.1f} %", (h, 100 * shares[i]), xytext=(dx, dy),
                        textcoords="offset points", ha="left" if right else "right",
                        fontsize=8, color=colour, zorder=6)


def plot_curve(scenarios, label, path):
    """Writes the coverage-over-time curves of all scenarios."""
    thresholds = scenarios[0].thresholds
    max_hours = thresholds[-1]
    fig, ax = plt.subplots(figsize=(1650 / MAP_DPI, 1050 / MAP_DPI), dpi=MAP_DPI)
    values = []
    for i, s in enumerate(scenarios):
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        if s.dest.demand.sum() <= 0:
            warn(f"{s.csv_path}: no city population (total demand 0); no curve for {s.name}")
            ax.plot([], [], color=colour, label=f"{s.name}: no city population")
            continue
        x, y = coverage_curve(s.dest, max_hours)
        ax.step(x, 100 * y, where="post", color=colour, linewidth=1.8, zorder=4,
                label=f"{s.name} ({len(s.sites)} sites)")
        values.append((colour, [covered_by(s.dest, h) / s.dest.demand.sum() for h in thresholds]))
    annotate_thresholds(ax, values, thresholds)
    ax.set_xlim(0, max_hours)
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.xaxis.set_major_locator(MultipleLocator(12 if max_hours > 24 else 2))
    ax.grid(True, color="#e3e3e3", linewidth=0.6)
    ax.set_xlabel("t: transit time from the nearest site (hours)")
    ax.set_ylabel(f"share of {label}")
    ax.set_title(f"Share of {label} reachable within t hours", fontsize=12)
    ax.legend(loc="upper left", fontsize=9)
    fig.subplots_adjust(left=0.09, right=0.97, top=0.92, bottom=0.13)
    add_credit(fig)
    fig.savefig(path, dpi=MAP_DPI)
    plt.close(fig)


# ----------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scenario", nargs=2, action="append", required=True,
                   metavar=("JSON", "CSV"), help="coverage JSON and per-destination CSV")
    p.add_argument("--countries", required=True, metavar="TSV",
                   help="GeoNames countryInfo.tsv (country names and continents)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder for the PNGs")
    p.add_argument("--map-scenario", metavar="NAME", help="scenario to map (default: the last)")
    p.add_argument("--all-maps", action="store_true",
                   help="also write coverage_map_<scenario>.png for every scenario")
    p.add_argument("--population-label", default=DEFAULT_POPULATION_LABEL,
                   help="what the population is, for the curve (default: %(default)s)")
    return p.parse_args(argv)


def pick_map_scenario(scenarios, name):
    if name is None:
        return scenarios[-1]
    for s in scenarios:
        if s.name == name:
            return s
    raise InputError(f"--map-scenario {name!r}: no such scenario (given: "
                     f"{', '.join(s.name for s in scenarios)})")


def main(argv=None):
    args = parse_args(argv)
    try:
        countries = read_countries(args.countries)
        scenarios = [load_scenario(j, c) for j, c in args.scenario]
        check_scenarios(scenarios)
        map_scenario = pick_map_scenario(scenarios, args.map_scenario)
    except InputError as e:
        print(f"plot_coverage: error: {e}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "coverage_map.png", out / "coverage_curve.png"]
    plot_map(map_scenario, written[0])
    plot_curve(scenarios, args.population_label, written[1])
    if args.all_maps:
        for s in scenarios:
            written.append(out / f"coverage_map_{s.name}.png")
            plot_map(s, written[-1])
    print_report(scenarios, countries)
    print(f"plots: {', '.join(str(w) for w in written)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
