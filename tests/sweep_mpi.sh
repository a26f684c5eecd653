#!/usr/bin/env bash
# sweep_mpi.sh NABIJ SWEEP.yaml: runs the sweep once locally and once with a real
# `mpirun -n 2`, and checks that the manifests and every run file are equal byte for byte
# (SOURCE_DATE_EPOCH pins the creation time), that both ranks ran runs, and that the index
# lists every run as complete.
set -euo pipefail
NABIJ=$(readlink -f "$1")
SWEEP=$(readlink -f "$2")
T=$(mktemp -d /tmp/nabij-mpi.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
export SOURCE_DATE_EPOCH=0
ROOT=()
[ "$(id -u)" = 0 ] && ROOT=(--allow-run-as-root)
"$NABIJ" sweep "$SWEEP" --output local --quiet
mpirun "${ROOT[@]}" --oversubscribe -n 2 "$NABIJ" sweep "$SWEEP" --output mpi 2>mpi.err \
  || { cat mpi.err; echo "FAIL: mpirun sweep failed"; exit 1; }
cat mpi.err
cmp local/manifest.tsv mpi/manifest.tsv
n=0
for f in local/runs/*.h5; do
  cmp "$f" "mpi/runs/$(basename "$f")" || { echo "FAIL: $f differs under MPI"; exit 1; }
  n=$((n + 1))
done
[ "$n" -ge 4 ] || { echo "FAIL: only $n runs"; exit 1; }
[ "$(ls mpi/runs | wc -l)" = "$n" ] || { echo "FAIL: MPI left other files in runs/"; ls mpi/runs; exit 1; }
# the farm shares the runs: "runs per rank: a b" with a + b = n and both ranks working
read -r a b < <(sed -n 's/.*runs per rank: \([0-9]*\) \([0-9]*\)$/\1 \2/p' mpi.err)
[ "$((a + b))" = "$n" ] || { echo "FAIL: ranks report $a + $b runs, expected $n"; exit 1; }
[ "$a" -gt 0 ] && [ "$b" -gt 0 ] || { echo "FAIL: one rank did no run ($a, $b)"; exit 1; }
# the index: one row per manifest row, its parameter values, and per indicator the mean
# and final value of the run's own time series
/usr/bin/python3 - "$n" <<'PY'
import csv, sys, h5py, numpy as np
n = int(sys.argv[1])
f = h5py.File("mpi/index.h5", "r")
assert f.attrs["complete"] == n and f["runs/complete"][:].all()
rows = [r for r in csv.reader(open("mpi/manifest.tsv"), delimiter="\t") if r and not r[0].startswith("#")]
head, rows = rows[0], rows[1:]
assert len(rows) == n
assert [int(r[3]) for r in rows] == list(f["runs/seed"][:])
for j, name in enumerate(head[5:], start=5):
    col = f["parameters"][name][:]
    for i, r in enumerate(rows):
        v = col[i]
        if isinstance(v, bytes):
            assert v.decode() == r[j], (name, i, v, r[j])
        else:
            assert float(r[j]) == v, (name, i, v, r[j])
for i, r in enumerate(rows):
    run = h5py.File("mpi/" + r[4], "r")
    for k in f["indicators"]:
        ts = run["timeseries"][k][:]
        assert np.isclose(f["indicators"][k]["mean"][i], ts.mean(), rtol=1e-12, atol=0), (k, i)
        assert f["indicators"][k]["final"][i] == ts[-1], (k, i)
PY
echo "PASS: $n runs equal under mpirun -n 2 (ranks: $a, $b)"
