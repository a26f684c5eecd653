#!/usr/bin/env bash
# e2e_scenarios.sh: every scenario shipped in scenarios/ (policy levers, stories, national
# scale) loads and runs two ticks on a small population, and its output says complete. A
# scenario that no longer matches the parameter tables (a renamed key, a value out of range)
# fails here instead of in a user's hands. Needs $NABIJ, $NABIJ_SRC and $PYTHON.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in "$NABIJ_SRC"/scenarios/*.yaml "$NABIJ_SRC"/scenarios/stories/*.yaml; do
    out="$tmp/$(basename "$f" .yaml).h5"
    if ! "$NABIJ" run "$f" --quiet -o "$out" --set population.inhabitants=400 \
            --set population.areas=1 --set run.ticks=2 >"$tmp/log" 2>&1; then
        echo "FAIL: $f does not run:"; cat "$tmp/log"; exit 1
    fi
    status=$("$PYTHON" -c 'import h5py,sys; print(h5py.File(sys.argv[1],"r")["status"][()].decode())' "$out")
    [ "$status" = complete ] || { echo "FAIL: $f: status $status"; exit 1; }
    n=$((n + 1))
done
[ "$n" -ge 20 ] || { echo "FAIL: only $n scenarios found"; exit 1; }
echo "ok: $n scenarios run"
