#!/bin/bash
# nabij report: tables, PNG and SVG charts and index.html from compare's run files. The PNG
# files are valid PNG of 900 x 520 pixels that are not blank and show the scenarios'
# colours; the SVG files are XML holding the axis labels as text; the HTML links them all.
set -euo pipefail
out=$1; rm -rf "$out"; mkdir -p "$out"
"$NABIJ" compare "$SRC/scenarios/baseline.yaml" "$SRC/scenarios/kdn_abolished.yaml" \
  --replicates 3 -o "$out/runs" --set run.ticks=52 --set population.inhabitants=1500 --quiet > /dev/null
"$NABIJ" report "$out/runs" -o "$out/rep" --quiet
# refuses to overwrite without --force
if "$NABIJ" report "$out/runs" -o "$out/rep" --quiet 2> "$out/err.txt"; then exit 1; fi
grep -q "exists" "$out/err.txt"
"$NABIJ" report "$out/runs" -o "$out/rep" --quiet --force
"$PY" - "$out/rep" <<'PY'
import struct, sys, zlib, os, re, csv
import xml.etree.ElementTree as ET
d = sys.argv[1]

def png_pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    raw, rows, stride, prev = zlib.decompress(idat), [], w * bpp, bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    px = [tuple(r[i:i + 3]) for r in rows for i in range(0, stride, bpp)]
    return w, h, px

pngs = [f for f in os.listdir(d + "/plots") if f.endswith(".png")]
assert len(pngs) >= 10, pngs
for name in ["ts_households_kdn_cut", "ts_debt_total_eur"]:
    w, h, px = png_pixels(f"{d}/plots/{name}.png")
    assert (w, h) == (900, 520)
    nonwhite = sum(1 for p in px if p != (255, 255, 255)) / len(px)
    assert 0.02 < nonwhite < 0.8, nonwhite
    assert (0, 114, 178) in set(px), "the first scenario's line colour is missing"
    assert (213, 94, 0) in set(px), "the second scenario's line colour is missing"
    svg = open(f"{d}/plots/{name}.svg", encoding="utf-8").read()
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "date (start of the tick)" in texts, texts
    assert any(t.startswith(name[3:] + " [") for t in texts), texts
    assert "baseline" in texts and "kdn_abolished" in texts
    assert sum(bool(re.fullmatch(r"20\d\d(-\d\d)?", t or "")) for t in texts) >= 4, "no date tick labels"
html = open(d + "/index.html", encoding="utf-8").read()
for f in re.findall(r'(?:src|href)="([^"]+)"', html):
    assert os.path.exists(os.path.join(d, f)), f
assert "plots/ts_households_kdn_cut.png" in html and "summary.csv" in html
rows = list(csv.DictReader(open(d + "/summary.csv")))
assert {r["scenario"] for r in rows} == {"baseline", "kdn_abolished"}
assert not [f for f in os.listdir(d) if f.endswith(".part")]
PY
