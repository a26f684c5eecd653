#!/usr/bin/env python3
"""schema_doc.py: checks that docs/hdf5-schema.md (and the index table of docs/sweeps.md)
describe the files nabij writes, both ways: everything the documents name is in the files,
with the documented type and shape, and everything in the files is documented.

    schema_doc.py SCHEMA_MD SWEEPS_MD --run FILE --checkpoint FILE --index FILE

Any of --run, --checkpoint and --index may be left out. Prints one line per disagreement and
exits 1 if there is any, 2 if a document cannot be read as expected (a table or sentence
this script reads is gone: update both)."""
import argparse
import re
import sys

import h5py
import numpy as np

TYPES = ("int32", "uint32", "int64", "uint64", "uint16", "uint8", "float64", "compound", "string")


class DocError(Exception):
    pass


def section(md, start, stop="\n## "):
    """The text from the line holding "start" to the next heading (or "stop")."""
    i = md.find(start)
    if i < 0:
        raise DocError(f"no section starting with {start!r}")
    j = md.find(stop, i + len(start))
    return md[i : j if j >= 0 else len(md)]


def table(text, after=""):
    """The rows (lists of cells) of the first Markdown table after "after" in "text"."""
    i = text.find(after)
    if i < 0:
        raise DocError(f"no {after!r}")
    rows = []
    for line in text[i:].splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif rows:
            break
    if len(rows) < 2:
        raise DocError(f"no table after {after!r}")
    return rows[1:]  # without the header


def ticked(cell):
    return re.findall(r"`([^`]+)`", cell)


def types_of(cell):
    """The type words of a cell in order, a fixed string length as ("string", n)."""
    out = []
    for m in re.finditer(r"\b(" + "|".join(TYPES) + r")\b(?:\((\d+)\))?", cell):
        out.append((m.group(1), int(m.group(2))) if m.group(2) else m.group(1))
    return out


def name_types(rows):
    """{name: allowed types} of a table whose first cell holds names and second their types:
    one type per name, or types every name may have."""
    out = {}
    for r in rows:
        names, ts = ticked(r[0]), types_of(r[1])
        if not names or not ts:
            raise DocError(f"table row without names or types: {r}")
        for k, n in enumerate(names):
            out[n] = [ts[k]] if len(ts) == len(names) else ts
    return out


def fits(dtype, t):
    if isinstance(t, tuple):
        return dtype.kind == "S" and dtype.itemsize == t[1]
    if t == "string":
        return dtype.kind == "S" or h5py.check_string_dtype(dtype) is not None
    if t == "compound":
        return dtype.names is not None
    return dtype == np.dtype(t)


class Report:
    def __init__(self):
        self.bad = 0

    def __call__(self, msg):
        print(msg)
        self.bad += 1


def check_attrs(rep, where, obj, doc):
    have = set(obj.attrs)
    for n in sorted(set(doc) - have):
        rep(f"{where}: attribute {n} is documented but not in the file")
    for n in sorted(have - set(doc)):
        rep(f"{where}: attribute {n} is in the file but not documented")
    for n in sorted(have & set(doc)):
        dt = obj.attrs.get_id(n).dtype
        if doc[n] and not any(fits(dt, t) for t in doc[n]):
            rep(f"{where}: attribute {n} has type {dt}, documented {doc[n]}")


def pattern(path, kinds):
    """A documented path as a regular expression: <kind> one of "kinds", other <...> any name."""
    out = ""
    for part in re.split(r"(<[^>]+>)", path.lstrip("/")):
        if part == "<kind>":
            out += "(?:" + "|".join(map(re.escape, kinds)) + ")"
        elif part.startswith("<"):
            out += "[^/]+"
        else:
            out += re.escape(part)
    return re.compile(out + r"\Z")


def datasets(f):
    out = {}
    f.visititems(lambda n, o: out.__setitem__(n, o) if isinstance(o, h5py.Dataset) else None)
    return out


def check_paths(rep, where, f, doc, kinds):
    """doc: {documented path: allowed shape-and-type words}. Every dataset must match a
    documented path; every documented path must match a dataset."""
    pats = {p: pattern(p, kinds) for p in doc}
    have = datasets(f)
    used = set()
    for n, d in sorted(have.items()):
        hit = [p for p in pats if pats[p].match(n)]
        if not hit:
            rep(f"{where}: dataset /{n} is in the file but not documented")
            continue
        p = min(hit, key=lambda p: p.count("<"))  # the most specific
        used.add(p)
        words = doc[p]
        if not words:
            continue
        if "scalar" in words and d.shape != ():
            rep(f"{where}: /{n} has shape {d.shape}, documented scalar")
        fixed = [w for w in words if isinstance(w, tuple) and isinstance(w[0], int)]
        if fixed and d.shape != fixed[0]:
            rep(f"{where}: /{n} has shape {d.shape}, documented {fixed[0]}")
        if "1-D" in words and d.ndim != 1:
            rep(f"{where}: /{n} has {d.ndim} dimensions, documented one")
        ts = [w for w in words if w in TYPES or (isinstance(w, tuple) and w[0] == "string")]
        if ts and not any(fits(d.dtype, t) for t in ts):
            rep(f"{where}: /{n} has type {d.dtype}, documented {ts}")
    for p in sorted(set(doc) - used):
        rep(f"{where}: {p} is documented but not in the file")


def shape_words(cell):
    """The shape and type words of a "shape, type" cell: "scalar", "1-D" for "(n,)", a tuple
    (7,) for a fixed length, and the type words."""
    w = []
    if "scalar" in cell:
        w.append("scalar")
    m = re.match(r"\s*\((\w+),\)", cell)
    if m:
        w.append((int(m.group(1)),) if m.group(1).isdigit() else "1-D")
    return w + types_of(cell)


def fields_of(sentence):
    """{field: type} from a sentence like "`a` int32 (...), `b`, `c` float64 (...)"; fields
    without a type word of their own take the next one; a type in parentheses right after a
    name ("`tick` (int32)") is that name's."""
    out, pending = {}, []
    for m in re.finditer(r"`(\w+)`\s*(\(\s*)?(" + "|".join(TYPES) + r")?", sentence):
        pending.append(m.group(1))
        if m.group(3):
            for n in pending:
                out[n] = m.group(3)
            pending = []
    for n in pending:
        out[n] = None
    return out


def compound_check(rep, where, d, doc_fields):
    names = d.dtype.names or ()
    if list(names) != list(doc_fields):
        rep(f"{where}: {d.name} has fields {list(names)}, documented {list(doc_fields)}")
        return
    for n, t in doc_fields.items():
        ft = d.dtype.fields[n][0]
        if t == "uint16" and h5py.check_enum_dtype(ft):
            ft = ft.base
        if t and not fits(ft, t):
            rep(f"{where}: {d.name} field {n} has type {ft}, documented {t}")


def kinds_of(md):
    s = section(md, "## `/static/")
    m = re.search(r"`<kind>` is ((?:`\w+`,?\s(?:or\s)?)+)", s)
    if not m:
        raise DocError("no sentence \"`<kind>` is ...\" in the /static section")
    return ticked(m.group(1))


def check_run(rep, md, path):
    where = path
    f = h5py.File(path, "r")
    kinds = kinds_of(md)
    check_attrs(rep, where, f, name_types(table(section(md, "## Root attributes"))))
    root = table(section(md, "## Datasets at the root"))
    doc = {ticked(r[0])[0]: shape_words(r[1]) for r in root}
    doc["/timeseries/<indicator>"] = ["1-D"]
    doc["/static/<kind>/<column>"] = ["1-D"]
    doc["/snapshots/<kind>/<column>"] = []
    snap = section(md, "## `/static/")
    for p in re.findall(r"`(/(?:static|snapshots)/[^`<>]+)`", snap):
        if "..." not in p:
            doc.setdefault(p, [])
    check_paths(rep, where, f, doc, kinds)
    if f["status"][()] not in (b"complete", "complete"):
        rep(f"{where}: /status is {f['status'][()]!r}, not complete")
    # /events, /event_kinds, /levers: their fields
    ev = re.search(r"`/events` fields:(.*?)\.\n", md, re.S)
    if not ev:
        raise DocError("no sentence \"`/events` fields: ...\"")
    compound_check(rep, where, f["events"], fields_of(ev.group(1)))
    for r in root:
        p = ticked(r[0])[0]
        if p in ("/event_kinds", "/levers"):
            fl = fields_of(r[2].split(":", 1)[1])
            compound_check(rep, where, f[p], {n: t or "string" for n, t in fl.items()})
    # /timeseries: tick and day int32, indicators float64 with unit and description, all
    # of one length, each with its checksum
    ts = f["timeseries"]
    tsdoc = section(md, "## `/timeseries`")
    for n in ("tick", "day"):
        if not re.search(rf"`{n}`\s+\(int32", tsdoc):
            raise DocError(f"the /timeseries section no longer says `{n}` (int32")
    lens = {ts[n].shape for n in ts}
    if len(lens) != 1:
        rep(f"{where}: /timeseries datasets differ in length: {sorted(lens)}")
    for n in ts:
        d, want = ts[n], ("int32" if n in ("tick", "day") else "float64")
        if d.dtype != np.dtype(want):
            rep(f"{where}: /timeseries/{n} has type {d.dtype}, documented {want}")
        need = {"xxh3_64", "unit"} | (set() if n in ("tick", "day") else {"description"})
        for a in sorted(need - set(d.attrs)):
            rep(f"{where}: /timeseries/{n} has no attribute {a}")
    # /static and /snapshots: unit and description on every column; count on /static groups;
    # snapshot rows as many as /snapshots/tick
    rows = f["snapshots/tick"].shape[0] if "snapshots/tick" in f else None
    for top in ("static", "snapshots"):
        for k in f.get(top, {}):
            g = f[top][k]
            if not isinstance(g, h5py.Group):
                continue
            if top == "static" and "count" not in g.attrs:
                rep(f"{where}: /static/{k} has no attribute count")
            for c in g:
                for a in ("unit", "description"):
                    if a not in g[c].attrs:
                        rep(f"{where}: /{top}/{k}/{c} has no attribute {a}")
                if top == "snapshots" and (g[c].ndim != 2 or g[c].shape[0] != rows):
                    rep(f"{where}: /snapshots/{k}/{c} has shape {g[c].shape}, documented (snapshots={rows}, capacity)")


def check_checkpoint(rep, md, path):
    where = path
    f = h5py.File(path, "r")
    s = section(md, "## Checkpoints")
    check_attrs(rep, where, f, name_types(table(s, "Root attributes:")))
    rows = table(s, "Datasets:")
    doc = {}
    for r in rows:
        for p in ticked(r[0]):
            doc[p] = shape_words(r[1])
    counts = [r for r in rows if "/counts" in ticked(r[0])]
    kinds = ticked(counts[0][2]) if counts else []
    if len(kinds) != 7:
        raise DocError("the /counts row no longer names the seven kinds in order")
    check_paths(rep, where, f, doc, kinds)
    if f.attrs["format"] not in (b"nabij checkpoint", "nabij checkpoint"):
        rep(f"{where}: format is {f.attrs['format']!r}")
    if f.attrs["version"] != 1:
        rep(f"{where}: version {f.attrs['version']}, documented 1")
    present = [k for k in kinds if k in f["columns"]]
    cnt = f["counts"][()]
    for d_name, d in datasets(f).items():
        if "xxh3_64" not in d.attrs:
            rep(f"{where}: /{d_name} has no attribute xxh3_64")
    for k in present:
        for c in f["columns"][k]:
            d = f["columns"][k][c]
            for a in ("unit", "description"):
                if a not in d.attrs:
                    rep(f"{where}: /columns/{k}/{c} has no attribute {a}")
            if d.shape[0] < cnt[kinds.index(k)]:
                rep(f"{where}: /columns/{k}/{c} has {d.shape[0]} rows, fewer than counts ({cnt[kinds.index(k)]})")
    if "persons" not in present:
        rep(f"{where}: no /columns/persons")


def check_index(rep, md, path):
    where = path
    f = h5py.File(path, "r")
    s = section(md, "The **index**", "\n## ")
    rows = table(s)
    doc = {}
    for r in rows:
        for p in ticked(r[0]):
            doc[p] = types_of(r[1])
    m = re.search(r"Root attributes: (.*?)\.\s", s, re.S)
    if not m:
        raise DocError("no sentence \"Root attributes: ...\" under the index table")
    check_attrs(rep, where, f, {n: [] for n in ticked(m.group(1))})
    check_paths(rep, where, f, {p: ["1-D"] + t for p, t in doc.items()}, [])
    n = f["runs/id"].shape[0]
    for name, d in datasets(f).items():
        if d.shape != (n,):
            rep(f"{where}: /{name} has shape {d.shape}, not one row per run ({n})")
        if name.split("/")[0] in ("parameters", "indicators") and "unit" not in d.attrs:
            rep(f"{where}: /{name} has no attribute unit")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("schema_md")
    ap.add_argument("sweeps_md")
    ap.add_argument("--run")
    ap.add_argument("--checkpoint")
    ap.add_argument("--index")
    a = ap.parse_args()
    md = open(a.schema_md, encoding="utf-8").read()
    sweeps = open(a.sweeps_md, encoding="utf-8").read()
    rep = Report()
    try:
        if a.run:
            check_run(rep, md, a.run)
        if a.checkpoint:
            check_checkpoint(rep, md, a.checkpoint)
        if a.index:
            check_index(rep, sweeps, a.index)
    except DocError as e:
        print(f"schema_doc.py: the documents no longer read as this script expects: {e}")
        return 2
    return 1 if rep.bad else 0


if __name__ == "__main__":
    sys.exit(main())
