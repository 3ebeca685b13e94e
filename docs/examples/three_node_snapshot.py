#!/usr/bin/python3
"""Writes a valid three-node snapshot with h5py alone (no Hourglass needed).

    /usr/bin/python3 docs/examples/three_node_snapshot.py three-nodes.h5
    hourglass info three-nodes.h5
"""
import sys

import h5py
import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "three-nodes.h5"
utf8 = h5py.string_dtype("utf-8")  # variable-length UTF-8 strings

with h5py.File(path, "w") as f:
    f.attrs["format"] = "hourglass-snapshot"
    f.attrs["schema_version"] = 1

    s = f.create_group("snapshots/base")
    s.attrs["time_unit"] = "minute"
    s.attrs["description"] = "Shanghai warehouse to Berlin via Frankfurt"
    s.attrs["valid_from"] = "2026-01-01"
    s.attrs["default_customs_time"] = 720  # minutes, where no customs row applies

    nodes = s.create_group("nodes")
    nodes["code"] = np.array(["WH-SH", "FRA", "BER"], dtype=utf8)
    nodes["name"] = np.array(["Shanghai warehouse", "Frankfurt airport", "Berlin"], dtype=utf8)
    nodes["kind"] = np.array([1, 3, 0], dtype=np.uint8)  # site, airport, demand zone
    nodes["country"] = np.array(["CN", "DE", "DE"], dtype=utf8)
    nodes["lat"] = np.array([31.23, 50.03, 52.52])
    nodes["lon"] = np.array([121.47, 8.57, 13.40])
    nodes["handling_time"] = np.array([60, 180, 0], dtype=np.uint32)
    nodes["demand"] = np.array([0.0, 0.0, 3.6e6])

    edges = s.create_group("edges")
    edges["src"] = np.array([0, 1])  # int64 is fine: any integer type whose values fit
    edges["dst"] = np.array([1, 2])
    edges["mode"] = np.array([1, 0], dtype=np.uint8)  # air, road
    edges["transit_time"] = np.array([780, 330], dtype=np.uint32)

    customs = s.create_group("customs")
    customs["from"] = np.array(["CN"], dtype=utf8)
    customs["to"] = np.array(["DE"], dtype=utf8)
    customs["time"] = np.array([240], dtype=np.uint32)

# WH-SH -> BER: 780 (flight) + 240 (customs CN -> DE) + 180 (handling at FRA) + 330 (road) = 1530 minutes.
print(f"wrote {path}")
