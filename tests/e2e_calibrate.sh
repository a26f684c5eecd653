#!/usr/bin/env bash
# e2e_calibrate.sh: `nabij calibrate` prints one table with every calibration figure, its
# target, band, model value and verdict; --check turns a figure outside its band into exit 1;
# bad options are refused.
set -euo pipefail
: "${NABIJ:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
small=(--seeds 2 --set population.inhabitants=3000 --set run.ticks=110 --quiet)

"$NABIJ" calibrate "${small[@]}" > "$tmp/out.txt"
grep -q "^calibration of the baseline, seeds 1-2" "$tmp/out.txt"
# ten checked figures, each with a target, a band lo-hi, a value and pass or FAIL
[ "$(grep -cE ' [0-9.]+ +[0-9.]+-[0-9.]+ +[0-9.]+  (pass|FAIL)$' "$tmp/out.txt")" = 10 ]
grep -q "youths in youth care per year" "$tmp/out.txt"
grep -q "team hours on money and debt" "$tmp/out.txt"
grep -qE "^[0-9]+ of 10 figures within their bands" "$tmp/out.txt"
# a band no model meets: --check fails, without --check the table is still printed
if "$NABIJ" calibrate "${small[@]}" --set team.sat_base=0 --set team.sat_trust=0 \
     --set team.sat_progress=0 --check > "$tmp/check.txt"; then
  echo "--check passed with satisfaction forced to zero"; exit 1
fi
grep -qE "households satisfied with the team .* 0\.000  FAIL" "$tmp/check.txt"
# bad input
if "$NABIJ" calibrate --seeds 0 2> "$tmp/err.txt"; then echo "--seeds 0 accepted"; exit 1; fi
grep -q "seeds" "$tmp/err.txt"
if "$NABIJ" calibrate --set team.mandate=maybe 2> "$tmp/err.txt"; then echo "bad value accepted"; exit 1; fi
grep -q "team.mandate" "$tmp/err.txt"
