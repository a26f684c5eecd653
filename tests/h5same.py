#!/usr/bin/env python3
"""h5same.py A.h5 B.h5 [--ignore-attr NAME]...: exit 0 when both files hold the same groups,
datasets (dtype, shape, values bit for bit) and attributes, apart from the named root
attributes; otherwise print the first differences and exit 1."""
import sys
import h5py
import numpy as np


def walk(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj))
    return out


def main():
    args = sys.argv[1:]
    ignore = set()
    files = []
    i = 0
    while i < len(args):
        if args[i] == "--ignore-attr":
            ignore.add(args[i + 1])
            i += 2
        else:
            files.append(args[i])
            i += 1
    a, b = h5py.File(files[0], "r"), h5py.File(files[1], "r")
    diffs = []
    for name in sorted(set(a.attrs) | set(b.attrs)):
        if name in ignore:
            continue
        if name not in a.attrs or name not in b.attrs or not np.array_equal(a.attrs[name], b.attrs[name]):
            diffs.append(f"root attribute {name}: {a.attrs.get(name)!r} != {b.attrs.get(name)!r}")
    oa, ob = walk(a), walk(b)
    for name in sorted(set(oa) | set(ob)):
        if name not in oa or name not in ob:
            diffs.append(f"{name}: only in {'first' if name in oa else 'second'} file")
            continue
        x, y = oa[name], ob[name]
        for an in sorted(set(x.attrs) | set(y.attrs)):
            if an not in x.attrs or an not in y.attrs or not np.array_equal(x.attrs[an], y.attrs[an]):
                diffs.append(f"{name} attribute {an} differs")
        if isinstance(x, h5py.Dataset):
            if x.dtype != y.dtype or x.shape != y.shape:
                diffs.append(f"{name}: dtype/shape {x.dtype}{x.shape} != {y.dtype}{y.shape}")
            elif x[()].tobytes() != y[()].tobytes():
                diffs.append(f"{name}: values differ")
    for d in diffs[:20]:
        print(d)
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
