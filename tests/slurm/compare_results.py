#!/usr/bin/python3
"""Compare two hourglass result files (HDF5): the same objects, every dataset
equal (dtype, shape, values) and every attribute of every object equal, but
the root attribute `created`.

    compare_results.py REFERENCE.h5 CANDIDATE.h5

Exit status 0 when equal, 1 with the differences listed, 2 on bad usage or an
unreadable file. Needs h5py and numpy (Debian: python3-h5py; run it with
/usr/bin/python3, which sees them, not a virtual environment's python3).
"""

import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # pragma: no cover
    print(f"compare_results: {e} (install python3-h5py, run with /usr/bin/python3)", file=sys.stderr)
    sys.exit(2)

IGNORED_ROOT_ATTRIBUTES = {"created"}


def objects(f):
    found = {"/": f}

    def add(name, obj):  # returns None: visititems stops at the first other value
        found["/" + name] = obj

    f.visititems(add)
    return found


def equal_values(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return np.array_equal(a, b, equal_nan=True)
    return np.array_equal(a, b)


def describe(value):
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def compare(reference_path, candidate_path):
    problems = []
    counts = {"datasets": 0, "groups": 0, "attributes": 0, "elements": 0}
    with h5py.File(reference_path, "r") as ref, h5py.File(candidate_path, "r") as out:
        ref_objects, out_objects = objects(ref), objects(out)
        for name in sorted(set(ref_objects) ^ set(out_objects)):
            problems.append(f"{name}: only in {'the reference' if name in ref_objects else 'the candidate'}")
        for name in sorted(set(ref_objects) & set(out_objects)):
            a, b = ref_objects[name], out_objects[name]
            if isinstance(a, h5py.Dataset) != isinstance(b, h5py.Dataset):
                problems.append(f"{name}: a dataset in one file, a group in the other")
                continue
            if isinstance(a, h5py.Dataset):
                counts["datasets"] += 1
                counts["elements"] += a.size
                if a.dtype != b.dtype or a.shape != b.shape:
                    problems.append(f"{name}: {a.dtype} {a.shape} vs {b.dtype} {b.shape}")
                elif not equal_values(a[()], b[()]):
                    x, y = np.asarray(a[()]), np.asarray(b[()])
                    diff = np.argwhere(x != y) if x.shape else []
                    where = f" (first at {tuple(diff[0])}, {len(diff)} elements differ)" if len(diff) else ""
                    problems.append(f"{name}: values differ{where}")
            else:
                counts["groups"] += 1
            ignored = IGNORED_ROOT_ATTRIBUTES if name == "/" else set()
            ref_attrs = {k: v for k, v in a.attrs.items() if k not in ignored}
            out_attrs = {k: v for k, v in b.attrs.items() if k not in ignored}
            for key in sorted(set(ref_attrs) ^ set(out_attrs)):
                problems.append(f"{name} attribute {key}: only in {'the reference' if key in ref_attrs else 'the candidate'}")
            for key in sorted(set(ref_attrs) & set(out_attrs)):
                counts["attributes"] += 1
                if not equal_values(ref_attrs[key], out_attrs[key]):
                    problems.append(f"{name} attribute {key}: {describe(ref_attrs[key])} vs {describe(out_attrs[key])}")
        created = [f.attrs.get("created") for f in (ref, out)]
    return problems, counts, created


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        problems, counts, created = compare(argv[1], argv[2])
    except OSError as e:
        print(f"compare_results: {e}", file=sys.stderr)
        return 2
    if problems:
        print(f"compare_results: {argv[2]} differs from {argv[1]}:")
        for p in problems[:50]:
            print(f"  {p}")
        if len(problems) > 50:
            print(f"  ... and {len(problems) - 50} more")
        return 1
    print(f"compare_results: {argv[2]} equals {argv[1]}: {counts['datasets']} datasets "
          f"({counts['elements']} elements), {counts['groups']} groups, {counts['attributes']} attributes "
          f"(created: {describe(created[0])} vs {describe(created[1])}, not compared)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
