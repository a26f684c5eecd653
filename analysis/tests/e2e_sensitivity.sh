#!/bin/bash
# nabij sensitivity with --lever: the effect of art. 16 exceptions on the households cut
# by the kostendelersnorm depends on the exception rate and the need threshold (mu* above
# the seed-noise floor), and on volunteer letter help (which reaches the cut only through
# debts, jobs and moves) no more than seed noise. Existing runs are reused with --resume.
# From 1 July 2015, when the norm applies to the cases running at the start too.
set -euo pipefail
out=$1; rm -rf "$out"; mkdir -p "$out"
args=(--outcome households_kdn_cut --lever benefits.kostendelersnorm=art16
  --param benefits.art16_exception_rate --param benefits.art16_need_threshold=0:1
  --param letters.p_volunteer_help --trajectories 4 --set run.ticks=26 --set run.start_date=2015-07-01
  --set population.inhabitants=3000 -o "$out/s" --quiet)
"$NABIJ" sensitivity "${args[@]}" > "$out/table.txt"
cat "$out/table.txt"
[ "$(ls "$out"/s/*.h5 | wc -l)" = 40 ]
"$PY" - "$out/s/sensitivity.csv" <<'PY'
import csv, sys
rows = {r["parameter"]: r for r in csv.DictReader(open(sys.argv[1]))}
floor = float(rows["letters.p_volunteer_help"]["noise_floor"])
assert float(rows["letters.p_volunteer_help"]["mu_star"]) < floor
assert float(rows["benefits.art16_exception_rate"]["mu_star"]) > floor > 0
assert float(rows["benefits.art16_need_threshold"]["mu_star"]) > floor
PY
grep -q "the lever's effect depends on it" "$out/table.txt"
cp "$out/s/sensitivity.csv" "$out/first.csv"
"$NABIJ" sensitivity "${args[@]}" --resume > /dev/null
cmp "$out/first.csv" "$out/s/sensitivity.csv"
# a parameter that is not a number, or a range outside the table, is refused
if "$NABIJ" sensitivity --outcome x --param benefits.kostendelersnorm -o "$out/bad" 2> "$out/err.txt"; then exit 1; fi
grep -q "only number" "$out/err.txt"
if "$NABIJ" sensitivity --outcome x --param letters.p_volunteer_help=0:2 -o "$out/bad" 2> "$out/err.txt"; then exit 1; fi
grep -q "allowed range" "$out/err.txt"
