#!/bin/bash
# Every scenario file in scenarios/ and scenarios/stories/ loads and runs briefly, and
# names a base, a name and a comment saying what it represents.
set -euo pipefail
out=$1; rm -rf "$out"; mkdir -p "$out"
n=0
for f in "$SRC"/scenarios/*.yaml "$SRC"/scenarios/stories/*.yaml; do
  [ -e "$f" ] || continue
  b=$(basename "$f" .yaml)
  "$NABIJ" run "$f" -o "$out/$b.h5" --quiet --set run.ticks=4 --set population.inhabitants=1000
  [ -s "$out/$b.h5" ] || { echo "no output for $f"; exit 1; }
  if [ "$b" != baseline ]; then
    grep -q '^base: ' "$f" || { echo "$f: no base:"; exit 1; }
    grep -q '^# ' "$f" || { echo "$f: no comment"; exit 1; }
    grep -qi 'seed' "$f" || { echo "$f: the comment names no seed passage"; exit 1; }
  fi
  grep -q '^name: ' "$f" || { echo "$f: no name:"; exit 1; }
  n=$((n + 1))
done
echo "$n scenario files ran"
[ "$n" -ge 18 ]
