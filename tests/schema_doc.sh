#!/usr/bin/env bash
# schema_doc.sh: docs/hdf5-schema.md and the index table of docs/sweeps.md describe the files
# nabij writes, both ways (tests/schema_doc.py): a run file with snapshots and events, a
# branch with levers and a parent, the branch's checkpoint, and a sweep's index. Then the
# checker itself must catch a document missing a row and a file with something undocumented.
# Needs $NABIJ, $NABIJ_SRC and $PYTHON.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { "$PYTHON" "$NABIJ_SRC/tests/schema_doc.py" "$@"; }
schema=$NABIJ_SRC/docs/hdf5-schema.md sweeps=$NABIJ_SRC/docs/sweeps.md
small=(--quiet --set population.inhabitants=1500 --set population.areas=2 --set run.snapshot_every=5)

"$NABIJ" run "${small[@]}" --set run.ticks=10 --checkpoint-every 10 --checkpoint "$tmp/a.ckpt" -o "$tmp/a.h5"
"$NABIJ" run --quiet --from "$tmp/a.ckpt" --set benefits.kostendelersnorm=abolished --set run.ticks=16 \
    --checkpoint-every 5 --checkpoint "$tmp/b.ckpt" -o "$tmp/b.h5"
"$NABIJ" sweep "$NABIJ_SRC/scenarios/sweeps/test-grid.yaml" --quiet --output "$tmp/sweep"
"$PYTHON" - "$tmp" <<'PY'
import h5py, sys
t = sys.argv[1]
b = h5py.File(f"{t}/b.h5", "r")
# what the files must hold for the check to mean something
assert b.attrs["parent_tick"] == 10 and len(b["levers"]) >= 1, "the branch records no parent or levers"
assert len(b["events"]) > 0 and "snapshots" in b and len(b["snapshots/tick"]) >= 2
assert h5py.File(f"{t}/b.ckpt", "r").attrs["tick"] > 10
assert len(h5py.File(f"{t}/sweep/index.h5", "r")["runs/id"]) == 8
PY
for f in a b; do
    check "$schema" "$sweeps" --run "$tmp/$f.h5" || { echo "FAIL: $f.h5 and docs/hdf5-schema.md disagree"; exit 1; }
done
check "$schema" "$sweeps" --checkpoint "$tmp/b.ckpt" ||
    { echo "FAIL: the checkpoint and docs/hdf5-schema.md (section Checkpoints) disagree"; exit 1; }
check "$schema" "$sweeps" --index "$tmp/sweep/index.h5" ||
    { echo "FAIL: the sweep index and docs/sweeps.md disagree"; exit 1; }

# the checker catches disagreement: a root attribute's row gone from the document, a
# checkpoint attribute's type changed, an index dataset's row gone, and a file with an
# attribute and a dataset the document does not name
expect_fail() { # WHAT MESSAGE ARGS...
    local what=$1 msg=$2 rc=0
    shift 2
    check "$@" > "$tmp/out" || rc=$?
    [ "$rc" = 1 ] && grep -qF "$msg" "$tmp/out" ||
        { echo "FAIL: the checker does not catch $what (exit $rc):"; cat "$tmp/out"; exit 1; }
}
grep -v '^| `seed` | uint64 | `run.seed` of the run |$' "$schema" > "$tmp/no-seed.md"
expect_fail "an undocumented root attribute" "attribute seed is in the file but not documented" \
    "$tmp/no-seed.md" "$sweeps" --run "$tmp/a.h5"
sed 's/^| `keep` | uint32 |/| `keep` | int32 |/' "$schema" > "$tmp/keep.md"
expect_fail "a checkpoint attribute of another type" "attribute keep has type uint32, documented ['int32']" \
    "$tmp/keep.md" "$sweeps" --checkpoint "$tmp/b.ckpt"
grep -v '^| `/runs/complete` |' "$sweeps" > "$tmp/no-complete.md"
expect_fail "an undocumented index dataset" "dataset /runs/complete is in the file but not documented" \
    "$schema" "$tmp/no-complete.md" --index "$tmp/sweep/index.h5"
cp "$tmp/a.h5" "$tmp/extra.h5"
"$PYTHON" -c 'import h5py, sys; f = h5py.File(sys.argv[1], "a"); f.attrs["extra"] = 1; f["timeseries/extra"] = [1.0]' \
    "$tmp/extra.h5"
expect_fail "an attribute in the file only" "attribute extra is in the file but not documented" \
    "$schema" "$sweeps" --run "$tmp/extra.h5"
expect_fail "an indicator without unit" "/timeseries/extra has no attribute unit" \
    "$schema" "$sweeps" --run "$tmp/extra.h5"
echo "ok: run files, a checkpoint and a sweep index match docs/hdf5-schema.md and docs/sweeps.md"
