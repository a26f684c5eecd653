#!/usr/bin/env bash
# icount.sh: the instructions a tick of nabij executes per person, counted by callgrind
# (valgrind), in all and per phase. Unlike times on a shared host, the count is the same on
# every run of the same build and world, so two builds can be compared on a noisy machine
# (this project's VM has no hardware counters: `perf stat -e instructions` is "not
# supported"). Counted on one thread, inside sim_world_step only (not the set-up or the
# writing of the file). valgrind cannot run AVX-512, so the random numbers take their AVX2
# path: the count is of that build's instructions, not of a faster machine's.
#
#   bench/icount.sh [--nabij PATH] [--inhabitants N | --from CHECKPOINT] [--ticks T]
#
# --inhabitants: a fresh world of N (default 20000); --from: the ticks after a checkpoint of
# `nabij run --checkpoint-every` (late in a run: caseloads and waiting lists full; its world
# size, --inhabitants is then ignored, as in nabij-bench). Prints the
# instructions per person-tick (persons: the living ones, timeseries/persons) and, per
# phase, the inclusive count of its step function. Work files go to a folder in $TMPDIR,
# removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
nabij=$here/../build/nabij inhabitants=20000 from="" ticks=5
die() { echo "icount.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --nabij) nabij=${2:?--nabij needs a path}; shift 2 ;;
        --inhabitants) inhabitants=${2:?--inhabitants needs a number}; shift 2 ;;
        --from) from=${2:?--from needs a checkpoint}; shift 2 ;;
        --ticks) ticks=${2:?--ticks needs a number}; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ $ticks =~ ^[1-9][0-9]{0,4}$ ]] || die "--ticks must be a whole number from 1 to 99999, not '$ticks'"
[[ $inhabitants =~ ^[1-9][0-9]{0,8}$ ]] || die "--inhabitants must be a whole number from 1, not '$inhabitants'"
[ -x "$nabij" ] || die "no nabij executable at $nabij (build it, or give --nabij)"
command -v valgrind > /dev/null && command -v callgrind_annotate > /dev/null ||
    die "valgrind is not installed (Debian package valgrind)"
python=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/nabij-icount.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

args=(--threads 1 --quiet --set run.snapshot_every=0 -o "$work/out.h5")
if [ -n "$from" ]; then
    [ -r "$from" ] || die "cannot read checkpoint $from"
    start=$("$python" -c 'import sys, h5py; print(int(h5py.File(sys.argv[1], "r").attrs["tick"]))' "$from") ||
        die "$from: not a nabij checkpoint (no attribute tick)"
    args+=(--from "$from" --set "run.ticks=$((start + ticks))")
    what="$ticks ticks after tick $start of checkpoint $from"
else
    args+=(--set "population.inhabitants=$inhabitants" --set "run.ticks=$ticks")
    what="$ticks ticks of a fresh world of $inhabitants inhabitants"
fi
echo "icount.sh: counting $what under callgrind (about 50 times slower than a plain run) ..." >&2
valgrind --tool=callgrind --toggle-collect=sim_world_step --callgrind-out-file="$work/cg.out" \
    "$nabij" run "${args[@]}" > "$work/run.txt" 2> "$work/valgrind.txt" ||
    { tail -n 20 "$work/valgrind.txt" >&2; die "the run under valgrind failed"; }
callgrind_annotate --inclusive=yes --tree=calling --threshold=100 --auto=no "$work/cg.out" > "$work/tree.txt" 2>&1
"$python" - "$work/out.h5" "$work/tree.txt" "$what" <<'PY'
import re, sys, h5py
out, tree, what = sys.argv[1:4]
with h5py.File(out, "r") as f:
    person_ticks = float(f["timeseries/persons"][:].sum())
# the callees of sim_world_step, each with its inclusive count: one step function per phase
total, phases, inside = None, {}, False
for line in open(tree):
    if "PROGRAM TOTALS" in line:
        total = int(line.split()[0].replace(",", ""))
        continue
    m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+([*>])\s+(\S+)", line)
    if not m:
        if not line.strip():  # a blank line ends a function's block
            inside = False
        continue
    n, kind, fn = int(m.group(1).replace(",", "")), m.group(2), m.group(3).split(":")[-1]
    if kind == "*":
        inside = fn == "sim_world_step"
    elif inside:
        step = re.fullmatch(r"([a-z]+)_step(\.lto_priv\.\d+)?", fn)
        name = step.group(1) if step else "(engine) " + fn.split(".")[0]
        phases[name] = phases.get(name, 0) + n
assert total and person_ticks > 0 and phases, "no count, no persons or no phases"
print(f"icount: {what}, one thread, callgrind")
print(f"instructions per person-tick: {total / person_ticks:.1f} "
      f"({total:,} in the ticks, {person_ticks:,.0f} person-ticks)")
print("phase (step function)        per person-tick   share")
for name, n in sorted(phases.items(), key=lambda p: -p[1]):
    if n / total >= 0.0005:
        print(f"  {name:<28} {n / person_ticks:10.1f}   {100 * n / total:5.1f} %")
rest = total - sum(phases.values())
print(f"  {'(engine) sim_world_step':<28} {rest / person_ticks:10.1f}   {100 * rest / total:5.1f} %")
PY
