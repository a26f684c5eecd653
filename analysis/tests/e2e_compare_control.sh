#!/bin/bash
# A lever set to its baseline value shows no difference: scenarios/kdn_strict.yaml,
# scenarios/eigen_kracht_exam.yaml and baseline --with benefits.kostendelersnorm=strict give
# differences that are exactly zero against the baseline under common random numbers, while
# a real lever (abolished) in the same comparison does differ. From 1 July 2015: the norm
# applies to the cases running at the start too (before that only to new cases).
set -euo pipefail
out=$1; rm -rf "$out"; mkdir -p "$out"
"$NABIJ" compare "$SRC/scenarios/baseline.yaml" "$SRC/scenarios/kdn_strict.yaml" \
  "$SRC/scenarios/baseline.yaml" --with benefits.kostendelersnorm=strict \
  "$SRC/scenarios/baseline.yaml" --with benefits.kostendelersnorm=abolished \
  "$SRC/scenarios/eigen_kracht_exam.yaml" \
  --replicates 5 --seed 11 --jobs 2 -o "$out/runs" --set run.ticks=26 --set run.start_date=2015-07-01 \
  --set population.inhabitants=1200 --quiet > "$out/table.txt"
"$PY" - "$out/runs/compare.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
labels = sorted({r["scenario"] for r in rows})
print(labels)
ctl = [r for r in rows if r["scenario"] in ("kdn_strict", "baseline +benefits.kostendelersnorm=strict",
                                            "eigen_kracht_exam")]
assert len({r["scenario"] for r in ctl}) == 3
for r in ctl:
    assert float(r["diff"]) == 0 and float(r["diff_lo"]) == 0 and float(r["diff_hi"]) == 0, r
    assert r["diff_significant"] == "0" and r["paired"] == "1"
ab = {r["indicator"]: r for r in rows if r["scenario"].endswith("abolished")}
assert ab["households_kdn_cut"]["diff_significant"] == "1"
assert float(ab["households_kdn_cut"]["diff"]) < 0
PY
grep -q "paired by seed" "$out/table.txt"
