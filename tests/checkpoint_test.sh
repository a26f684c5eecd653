#!/usr/bin/env bash
# checkpoint_test.sh: a run killed with SIGKILL after a checkpoint leaves a readable partial
# file that says so; --resume (at another thread count) then ends with the same bytes as an
# uninterrupted run, which fails if any model keeps lasting state outside columns; --from
# branches continue the saved state (unchanged parameters: the same rows as the parent run),
# and a branch killed and resumed ends with the same bytes as one that was not. SIGUSR1 asks
# a run for a checkpoint, and --checkpoint-every 1s writes them by wall-clock time; both
# resume to the same bytes too. A run interrupted twice in its set-up stops at once (status
# 130) and leaves no output.
# Usage: checkpoint_test.sh NABIJ WORKDIR
set -euo pipefail
NABIJ=$1
WORK=$2
PY=/usr/bin/python3
export SOURCE_DATE_EPOCH=1700000000
rm -rf "$WORK" && mkdir -p "$WORK/ref" "$WORK/kill"
ARGS=(run -q -o x.h5 --threads 1 --set population.inhabitants=2000 --set run.ticks=60
      --checkpoint-every 25 --checkpoint-keep 2)

(cd "$WORK/ref" && "$NABIJ" "${ARGS[@]}")
test -f "$WORK/ref/x.h5" && test -f "$WORK/ref/x.h5.ckpt"
# checkpoints at ticks 25 and 50, and after the last tick (60); the one before is kept
(cd "$WORK/ref" && "$PY" -c 'import h5py; assert [int(h5py.File(p, "r").attrs["tick"]) for p in ("x.h5.ckpt", "x.h5.ckpt.1")] == [60, 50]')

# kill_after_checkpoint OUT ARGS...: start `nabij ARGS` (writing OUT, its stderr to
# OUT.err) and kill it with SIGKILL as soon as its first checkpoint OUT.ckpt exists (again if
# it finished first); with WAIT_FOR set, as soon as that file exists instead; with ASK set,
# ask for the checkpoint with SIGUSR1 once OUT.part exists, and kill once the run has said
# it wrote it (not in between)
kill_after_checkpoint() {
  local out=$1 killed=0 attempt pid
  shift
  local wait_for=${WAIT_FOR:-$out.ckpt}
  for attempt in 1 2 3 4 5; do
    rm -f "$out" "$out.part" "$out.ckpt"*
    "$NABIJ" "$@" 2> "$out.err" &
    pid=$!
    if [ -n "${ASK:-}" ]; then
      while [ ! -e "$out.part" ] && kill -0 "$pid" 2>/dev/null; do :; done
      kill -USR1 "$pid" 2>/dev/null || true
      while ! grep -q "(asked for by SIGUSR1)" "$out.err" && kill -0 "$pid" 2>/dev/null; do :; done
    fi
    while [ ! -e "$wait_for" ] && kill -0 "$pid" 2>/dev/null; do :; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ ! -e "$out" ] && [ -e "$out.ckpt" ]; then killed=1; break; fi
    echo "attempt $attempt: the run finished before it could be killed; again" >&2
  done
  [ "$killed" = 1 ] || { echo "could not kill the run after a checkpoint" >&2; cat "$out.err" >&2; exit 1; }
  test -f "$out.part" || { echo "killed run left no partial file" >&2; exit 1; }
  # killed while writing a later checkpoint: its .part stays, and never counts as one
  test ! -e "$out.ckpt.part" || echo "note: killed while writing $out.ckpt.part" >&2
}

# kill the second run as soon as its first checkpoint exists
cd "$WORK/kill"
kill_after_checkpoint x.h5 "${ARGS[@]}"

# the partial file stays readable and says it is partial
"$PY" - <<'PYEOF'
import h5py
f = h5py.File("x.h5.part", "r", libver="latest", swmr=True)
assert f["status"][()].rstrip(b"\0") == b"partial", f["status"][()]
n = len(f["timeseries/tick"])
assert n >= 25, n
c = h5py.File("x.h5.ckpt", "r")
assert c.attrs["tick"] == 25 and c.attrs["tick"] <= n, (c.attrs["tick"], n)
PYEOF
# nabij verify: the partial file is readable but not complete (exit 1), the checkpoint intact
set +e
"$NABIJ" verify x.h5.part x.h5.ckpt > verify.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^x.h5.part: PARTIAL: readable" verify.txt && grep -q "^x.h5.ckpt: ok, checkpoint of tick 25: " verify.txt ||
  { echo "verify of a killed run: exit $rc" >&2; cat verify.txt >&2; exit 1; }

# resume with another thread count: same bytes as the uninterrupted run
"$NABIJ" run -q --resume x.h5.ckpt --threads 2
cmp "$WORK/ref/x.h5" x.h5 || { echo "resumed output differs from the uninterrupted run" >&2; exit 1; }
test ! -e x.h5.part && test ! -e x.h5.part.resume

# resuming again has nothing to resume from: a clear error, no output touched
if "$NABIJ" run -q --resume x.h5.ckpt --force 2>err.txt; then
  echo "resume without a partial file succeeded" >&2; exit 1
fi
grep -q "x.h5.part" err.txt
if "$NABIJ" run -q --resume x.h5 2>err.txt; then
  echo "resume from an output file succeeded" >&2; exit 1
fi
grep -q "x.h5 is a nabij run file, not a checkpoint" err.txt
cmp "$WORK/ref/x.h5" x.h5

# branches from the checkpoint before the last (tick 50)
cd "$WORK/ref"
"$NABIJ" run -q --from x.h5.ckpt.1 -o same.h5
"$NABIJ" run -q --from x.h5.ckpt.1 --set benefits.kostendelersnorm=abolished -o other.h5
"$PY" - <<'PYEOF'
import h5py, numpy as np
ref, same, other = (h5py.File(p, "r") for p in ("x.h5", "same.h5", "other.h5"))
k = 50
for f in (same, other):
    assert f.attrs["parent"] == b"x.h5.ckpt.1" or f.attrs["parent"] == "x.h5.ckpt.1", f.attrs["parent"]
    assert f.attrs["parent_tick"] == k
    assert list(f["timeseries/tick"][()]) == list(range(k, 60))
    assert f["snapshots/tick"][0] == k
assert ref.attrs["parent_tick"] == -1
# unchanged parameters: the branch continues exactly as the parent run did
for name, ds in ref["timeseries"].items():
    assert np.array_equal(ds[k:], same["timeseries"][name][()]), name
ev = ref["events"][()]
assert np.array_equal(ev[ev["tick"] >= k], same["events"][()])
for kind, g in ref["snapshots"].items():
    if isinstance(g, h5py.Group):
        for name in g:
            assert np.array_equal(g[name][-1], same["snapshots"][kind][name][-1]), (kind, name)
# the changed lever is recorded at the branch tick
lv = other["levers"][()]
assert len(lv) == 1 and lv[0]["tick"] == k and lv[0]["assignment"] == b"benefits.kostendelersnorm=abolished"
assert b"kostendelersnorm: abolished" in other["scenario"][()]
assert len(same["levers"]) == 0
PYEOF
# a branch killed after its own first checkpoint and resumed: the same bytes as the branch
# run without a stop, its initial state (/static, taken at the branch tick) included
mkdir -p "$WORK/branch/ref" "$WORK/branch/kill"
BR=(run -q --from x.h5.ckpt.1 -o b.h5 --threads 1 --set run.ticks=120 --checkpoint-every 20)
for d in ref kill; do cp "$WORK/ref/x.h5.ckpt.1" "$WORK/branch/$d/"; done
(cd "$WORK/branch/ref" && "$NABIJ" "${BR[@]}")
cd "$WORK/branch/kill"
kill_after_checkpoint b.h5 "${BR[@]}"
"$NABIJ" run -q --resume b.h5.ckpt --threads 2
cmp "$WORK/branch/ref/b.h5" b.h5 || { echo "resumed branch differs from the branch run without a stop" >&2; exit 1; }

# --checkpoint-keep 3: the two checkpoints before the newest stay as .1 and .2
mkdir -p "$WORK/keep/ref" "$WORK/keep/kill"
KEEP=(run -q -o k.h5 --threads 1 --set population.inhabitants=2000 --set run.ticks=60
      --checkpoint-every 10 --checkpoint-keep 3)
cd "$WORK/keep/ref"
"$NABIJ" "${KEEP[@]}"
ticks_of() { "$PY" -c 'import h5py, sys; print(" ".join(str(int(h5py.File(p, "r").attrs["tick"])) for p in sys.argv[1:]))' "$@"; }
[ "$(ticks_of k.h5.ckpt k.h5.ckpt.1 k.h5.ckpt.2)" = "60 50 40" ] || { echo "kept checkpoints: $(ticks_of k.h5.ckpt*)" >&2; exit 1; }
test ! -e k.h5.ckpt.3
# killed once its second checkpoint has pushed the first to .1; resumed from that older one
# (tick 10), the run ends with the uninterrupted bytes and goes on writing its checkpoints
# under their first name (not k.h5.ckpt.1.1)
cd "$WORK/keep/kill"
WAIT_FOR=k.h5.ckpt.1 kill_after_checkpoint k.h5 "${KEEP[@]}"
# .1 is older, or the same checkpoint if the kill came between its link and the rename
[ "$(ticks_of k.h5.ckpt.1)" -le "$(ticks_of k.h5.ckpt)" ]
"$NABIJ" run -q --resume ./k.h5.ckpt.1 --threads 2
cmp "$WORK/keep/ref/k.h5" k.h5 || { echo "run resumed from a kept checkpoint differs" >&2; exit 1; }
[ "$(ticks_of k.h5.ckpt k.h5.ckpt.1 k.h5.ckpt.2)" = "60 50 40" ] || { echo "after the resume: $(ticks_of k.h5.ckpt*)" >&2; exit 1; }
test ! -e k.h5.ckpt.1.1 && test ! -e k.h5.ckpt.3
"$NABIJ" verify --quiet k.h5 k.h5.ckpt k.h5.ckpt.1 k.h5.ckpt.2 > verify.txt
test ! -s verify.txt
# a checkpoint asked for with SIGUSR1, in a run without --checkpoint-every: written after
# the tick under way to <output>.ckpt, and the run goes on; killed after it and resumed, the
# run ends with the bytes of one never interrupted
U=(run -o x.h5 --threads 2 --set population.inhabitants=100000 --set run.ticks=120)
mkdir -p "$WORK/usr1/ref" "$WORK/usr1/kill"
(cd "$WORK/usr1/ref" && "$NABIJ" "${U[@]}" 2> /dev/null) # the same command: it is in the file
cd "$WORK/usr1/kill"
ASK=1 kill_after_checkpoint x.h5 "${U[@]}"
grep -q "checkpoint of tick [0-9]* written to x.h5.ckpt in .* (asked for by SIGUSR1)" x.h5.err ||
  { echo "the asked checkpoint was not confirmed" >&2; cat x.h5.err >&2; exit 1; }
"$NABIJ" run -q --resume x.h5.ckpt --threads 1
cmp "$WORK/usr1/ref/x.h5" x.h5 || { echo "run resumed from a SIGUSR1 checkpoint differs" >&2; exit 1; }

# checkpoints by wall-clock time (--checkpoint-every 1s): written after the first tick that
# ends a second after the last (or the set-up), and after the last tick; the checkpoint says
# so (every 0, every_seconds 1), a run killed after one and resumed without options keeps
# the interval and ends with the bytes of one never interrupted
T=(run -o x.h5 --threads 2 --set population.inhabitants=100000 --set run.ticks=200 --checkpoint-every 1s)
mkdir -p "$WORK/timed/ref" "$WORK/timed/kill"
(cd "$WORK/timed/ref" && "$NABIJ" "${T[@]}" -q)
cd "$WORK/timed/kill"
kill_after_checkpoint x.h5 "${T[@]}" -q
"$PY" -c 'import h5py; c = h5py.File("x.h5.ckpt", "r"); assert c.attrs["every"] == 0 and c.attrs["every_seconds"] == 1.0 and 0 < c.attrs["tick"] < 200, dict(c.attrs)'
"$NABIJ" run -q --resume x.h5.ckpt --threads 1
cmp "$WORK/timed/ref/x.h5" x.h5 || { echo "run resumed from a timed checkpoint differs" >&2; exit 1; }
"$PY" -c 'import h5py; c = h5py.File("x.h5.ckpt", "r"); assert c.attrs["tick"] == 200 and c.attrs["every_seconds"] == 1.0, dict(c.attrs)'

# interrupted twice: the first SIGINT asks to stop once the world is built (and says so), the
# second stops at once, killed by the signal (status 130), before any output exists
mkdir -p "$WORK/twice" && cd "$WORK/twice"
stopped=0
for attempt in 1 2 3; do
  rm -f t.err
  "$NABIJ" run -o t.h5 --threads 1 --set population.inhabitants=3000000 --set run.ticks=2 2> t.err &
  pid=$!
  while ! grep -q "building a world" t.err 2>/dev/null && kill -0 $pid 2>/dev/null; do sleep 0.05; done
  kill -INT $pid 2>/dev/null || true
  while ! grep -q "interrupt again to stop at once" t.err && kill -0 $pid 2>/dev/null; do sleep 0.02; done
  kill -INT $pid 2>/dev/null || true
  set +e; wait $pid; rc=$?; set -e
  if [ $rc = 130 ] && grep -q "interrupted again: stopping at once" t.err; then stopped=1; break; fi
  # the set-up ended between the two signals: the run stopped at tick 0 on the first
  grep -q "interrupted at tick 0 of 2; no output written" t.err ||
    { echo "after one SIGINT in the set-up: exit $rc" >&2; cat t.err >&2; exit 1; }
  echo "attempt $attempt: the set-up ended before the second SIGINT; again" >&2
done
[ "$stopped" = 1 ] || { echo "a second SIGINT never stopped the run at once" >&2; exit 1; }
test ! -e t.h5 && test ! -e t.h5.part || { echo "a run stopped in its set-up left output" >&2; ls >&2; exit 1; }
echo "checkpoint test passed"
