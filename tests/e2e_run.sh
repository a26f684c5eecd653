#!/usr/bin/env bash
# e2e_run.sh: `nabij run` end to end: a small run writes a complete file that h5py reads; the
# resolved scenario stored in it reproduces the run exactly; an existing output is refused
# without --force; an interrupted run (SIGINT) leaves no output; a killed run (SIGKILL) leaves
# only a .part file that says partial and stays readable; run.event_sample keeps the complete
# events of a sample of households and nothing else; checkpoints and the set-up are announced
# unless --quiet.
set -euo pipefail
: "${NABIJ:?}" "${PYTHON:?}" "${NABIJ_SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
small=(--set population.inhabitants=2000 --set run.ticks=30 --seed 11)

"$NABIJ" run "${small[@]}" -o "$tmp/a.h5" > "$tmp/out.txt"
grep -q "scenario baseline, seed 11: 30 ticks" "$tmp/out.txt"
grep -q "output: $tmp/a.h5" "$tmp/out.txt"
test -f "$tmp/a.h5" && test ! -e "$tmp/a.h5.part"

"$PYTHON" - "$tmp/a.h5" "$tmp/resolved.yaml" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert f["status"][()].rstrip(b"\0") == b"complete", f["status"][()]
assert f.attrs["program"] == "nabij" and f.attrs["hdf5_version"].startswith("1.10")
assert f.attrs["seed"] == 11 and f.attrs["scenario_name"] == "baseline"
ts = f["timeseries"]
assert len(ts["tick"]) == 30 and list(ts["tick"][:3]) == [0, 1, 2]
assert all(len(ts[k]) == 30 for k in ts), "every indicator has one value per tick"
assert 1900 <= ts["persons"][0] <= 2100, ts["persons"][0]
assert len(f["events"]) > 0 and f["events"].dtype.names[:2] == ("tick", "kind")
assert f["snapshots/tick"][-1] == 28 and f["snapshots/households/members"].shape[0] == 8
open(sys.argv[2], "wb").write(f["scenario"][()].rstrip(b"\0"))
PY

"$NABIJ" run "${small[@]}" --set run.event_sample=0.2 -o "$tmp/sample.h5" > /dev/null
"$PYTHON" - "$tmp/a.h5" "$tmp/sample.h5" <<'PY'
import sys, h5py
full, samp = (h5py.File(p, "r")["events"][:] for p in sys.argv[1:3])
kept = set(int(h) for h in samp["household"]) - {-1}
n_hh = len(set(int(h) for h in full["household"]) - {-1})
assert 0.1 * n_hh < len(kept) < 0.3 * n_hh, (len(kept), n_hh)
# the sample is exactly the full log restricted to the kept households (stories complete)
sub = full[[int(h) in kept or h < 0 for h in full["household"]]]
assert len(sub) == len(samp) and (sub == samp).all(), (len(sub), len(samp))
PY

# a byte flipped on disk after the run, in the events (deflated: zlib's Adler-32, so any HDF5
# reader refuses the chunk), in a time series, a column of the initial state, the scenario
# text and the event kinds (no filter: a plain reader gets another number, which only their
# XXH3 attributes reveal)
"$PYTHON" - "$tmp/a.h5" "$tmp/flip.h5" <<'PY'
import sys, shutil, h5py
src, p = sys.argv[1:3]
for name, at in (("timeseries/persons", 8 * 3 + 2), ("events", 40), ("static/households/area", 4 * 5),
                 ("scenario", 100), ("event_kinds", 3)):
    shutil.copy(src, p)
    with h5py.File(p, "r") as f:
        d = f[name]
        if d.chunks:
            info = d.id.get_chunk_info(0)
            off, size = info.byte_offset, info.size
        else:
            off, size = d.id.get_offset(), d.id.get_storage_size()
        assert at < size, (name, size)
        want = d[()]
    with open(p, "r+b") as fh:
        fh.seek(off + at)
        b = fh.read(1)
        fh.seek(off + at)
        fh.write(bytes([b[0] ^ 0x01]))
    with h5py.File(p, "r") as f:
        try:
            got = f[name][()]
        except OSError as e:
            assert name == "events" and "inflate" in str(e).lower(), (name, e)
        else:
            assert name != "events", "damaged events were read"
            if name == "scenario":
                assert sum(x != y for x, y in zip(got, want)) == 1, "the flipped byte changed one character"
            else:
                assert (got != want).sum() == 1, "the flipped byte changed one value"
    shutil.copy(p, p.replace(".h5", "-%s.h5" % name.split("/")[0]))
PY
# nabij verify reads every dataset and checks the time series' checksums: the intact file
# passes, the damaged ones are named
"$NABIJ" verify "$tmp/a.h5" > "$tmp/v.txt"
grep -qF "$tmp/a.h5: ok, complete run file" "$tmp/v.txt"
set +e
"$NABIJ" verify "$tmp/flip-timeseries.h5" "$tmp/a.h5" "$tmp/flip-events.h5" "$tmp/flip-static.h5" \
  "$tmp/flip-scenario.h5" "$tmp/flip-event_kinds.h5" > "$tmp/v.txt"; rc=$?
set -e
[ $rc -eq 1 ] || { echo "verify of damaged files exited $rc"; exit 1; }
grep -qF "$tmp/flip-timeseries.h5: DAMAGED: dataset /timeseries/persons: does not match the checksum written with it" "$tmp/v.txt"
grep -qF "$tmp/flip-events.h5: DAMAGED: dataset /events: " "$tmp/v.txt"
grep -qF "$tmp/flip-static.h5: DAMAGED: dataset /static/households/area: does not match the checksum written with it" "$tmp/v.txt"
grep -qF "$tmp/flip-scenario.h5: DAMAGED: dataset /scenario: does not match the checksum written with it" "$tmp/v.txt"
grep -qF "$tmp/flip-event_kinds.h5: DAMAGED: dataset /event_kinds: does not match the checksum written with it" "$tmp/v.txt"
grep -qF "$tmp/a.h5: ok" "$tmp/v.txt"
# a folder stands for its nabij files, in name order: a.h5, the damaged copies, sample.h5
set +e
"$NABIJ" verify "$tmp" > "$tmp/v.txt"; rc=$?
set -e
[ $rc -eq 1 ] || { echo "verify of a folder with damaged files exited $rc"; exit 1; }
[ "$(cut -d: -f1-2 "$tmp/v.txt" | sed "s|^$tmp/||")" = "$(printf '%s\n' "a.h5: ok, complete run file" "flip-event_kinds.h5: DAMAGED" "flip-events.h5: DAMAGED" "flip-scenario.h5: DAMAGED" "flip-static.h5: DAMAGED" "flip-timeseries.h5: DAMAGED" "flip.h5: DAMAGED" "sample.h5: ok, complete run file")" ] ||
  { echo "verify of the folder:"; cat "$tmp/v.txt"; exit 1; }

# the stored scenario text reproduces the run
"$NABIJ" run "$tmp/resolved.yaml" -o "$tmp/b.h5" --quiet
"$PYTHON" "$NABIJ_SRC/tests/h5same.py" "$tmp/a.h5" "$tmp/b.h5" --ignore-attr command

# no overwrite without --force; the old file stays as it was
sum=$(md5sum < "$tmp/a.h5")
if "$NABIJ" run "${small[@]}" -o "$tmp/a.h5" 2> "$tmp/err.txt"; then echo "overwrote without --force"; exit 1; fi
grep -q "exists; use --force" "$tmp/err.txt"
test "$(md5sum < "$tmp/a.h5")" = "$sum"
"$NABIJ" run "${small[@]}" --set run.ticks=5 -o "$tmp/a.h5" --force --quiet
"$PYTHON" -c "import h5py,sys; assert len(h5py.File(sys.argv[1])['timeseries/tick']) == 5" "$tmp/a.h5"

# a reader holding the .part as the run creates it (`nabij view --follow` polls for the file
# and takes HDF5's shared lock while it tries to open it): the run waits for the reader to
# let go instead of failing; a reader that keeps it gets a clear error after 5 s, exit 1.
# (flock -o: the lock stays with flock itself, not its sleeping child; stopping the child ends
# flock and so the lock, and leaves no process behind holding this test's output open)
hold_part() { # FILE SECONDS: a shared flock on FILE, held from when this returns
    rm -f "$tmp/held"
    flock -s -o "$1" -c "touch '$tmp/held'; exec sleep $2" & holder=$!
    for _ in $(seq 100); do [ -e "$tmp/held" ] && return 0; sleep 0.1; done
    echo "flock did not take $1"; return 1
}
: > "$tmp/lk.h5.part"
hold_part "$tmp/lk.h5.part" 1
"$NABIJ" run "${small[@]}" --set run.ticks=3 -o "$tmp/lk.h5" --quiet
wait $holder
test -f "$tmp/lk.h5" && test ! -e "$tmp/lk.h5.part"
: > "$tmp/lk2.h5.part"
hold_part "$tmp/lk2.h5.part" 30
if "$NABIJ" run "${small[@]}" --set run.ticks=3 -o "$tmp/lk2.h5" --quiet 2> "$tmp/lk2.txt"; then
    echo "run into a held .part exited 0"; exit 1
fi
pkill -P $holder sleep; wait $holder || true
grep -q "cannot create $tmp/lk2.h5.part: another process holds it open" "$tmp/lk2.txt" || {
    cat "$tmp/lk2.txt"; exit 1; }
test ! -e "$tmp/lk2.h5"

# until the run writing "$1" (a .part file) has flushed a tick (at most two minutes: a loaded
# machine may be slow to start the run)
wait_flushed() {
    for _ in $(seq 240); do
        if [ -e "$1" ] && "$PYTHON" - "$1" 2>/dev/null <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r", libver="latest", swmr=True)
sys.exit(0 if len(f["timeseries/tick"]) > 0 else 1)
PY
        then return 0; fi
        sleep 0.5
    done
    echo "no tick flushed to $1"; return 1
}

# SIGINT: the run stops, says so, and leaves nothing
long=(--set population.inhabitants=20000 --set run.ticks=5200)
"$NABIJ" run "${long[@]}" -o "$tmp/int.h5" --quiet 2> "$tmp/int.txt" & pid=$!
wait_flushed "$tmp/int.h5.part"
kill -INT $pid
if wait $pid; then echo "interrupted run exited 0"; exit 1; fi
grep -q "interrupted at tick" "$tmp/int.txt"
test ! -e "$tmp/int.h5" && test ! -e "$tmp/int.h5.part"

# SIGKILL: only a .part file remains; it says partial and h5py can read what was flushed
"$NABIJ" run "${long[@]}" -o "$tmp/kill.h5" --quiet & pid=$!
wait_flushed "$tmp/kill.h5.part"
kill -KILL $pid; wait $pid || true
test ! -e "$tmp/kill.h5" && test -e "$tmp/kill.h5.part"
"$PYTHON" - "$tmp/kill.h5.part" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r", libver="latest", swmr=True)
assert f["status"][()].rstrip(b"\0") == b"partial"
n = len(f["timeseries/tick"])
assert 0 < n < 5200, n
PY
# a new run to the same output does not replace that partial file without --force (exit 2,
# before any set-up: the message names it and the ways on); the file stays as it was
sum=$(md5sum < "$tmp/kill.h5.part")
if "$NABIJ" run "${small[@]}" -o "$tmp/kill.h5" --quiet 2> "$tmp/stale.txt"; then
    echo "a new run replaced a partial output without --force"; exit 1
else rc=$?; fi
[ $rc -eq 2 ] || { echo "refusing a partial output exited $rc"; exit 1; }
grep -qF "$tmp/kill.h5.part exists: the partial output of an interrupted run" "$tmp/stale.txt" &&
  grep -qF -- "--resume CHECKPOINT" "$tmp/stale.txt" && grep -qF -- "--force" "$tmp/stale.txt" ||
  { cat "$tmp/stale.txt"; exit 1; }
test "$(md5sum < "$tmp/kill.h5.part")" = "$sum" && test ! -e "$tmp/kill.h5"
# with --force, but a reader holding it open all along: the run fails, and the partial
# file it was to replace is still there, unchanged (it used to be removed)
hold_part "$tmp/kill.h5.part" 30
if "$NABIJ" run "${small[@]}" -o "$tmp/kill.h5" --force --quiet 2> "$tmp/stale2.txt"; then
    echo "run into a held .part exited 0"; exit 1
fi
pkill -P $holder sleep; wait $holder || true
grep -q "another process holds it open" "$tmp/stale2.txt" || { cat "$tmp/stale2.txt"; exit 1; }
test "$(md5sum < "$tmp/kill.h5.part")" = "$sum"
# with --force and nobody holding it: replaced by the complete run
"$NABIJ" run "${small[@]}" -o "$tmp/kill.h5" --force --quiet
test -f "$tmp/kill.h5" && test ! -e "$tmp/kill.h5.part"
# checkpoints are announced (stderr is no terminal here: one line each, when written)
"$NABIJ" run "${small[@]}" --checkpoint-every 12 -o "$tmp/ck.h5" > /dev/null 2> "$tmp/ck.txt"
grep -q "^nabij run: checkpoint of tick 12 written to $tmp/ck.h5.ckpt in [0-9.]* s$" "$tmp/ck.txt"
grep -q "^nabij run: checkpoint of tick 24 written to" "$tmp/ck.txt"
grep -q "^nabij run: checkpoint of tick 30 written to" "$tmp/ck.txt" # the last tick, 30, too
[ "$(grep -c checkpoint "$tmp/ck.txt")" = 3 ]
# so is the set-up, before any tick (a national world takes about 15 s); a branch says which
# checkpoint it restores
[ "$(head -n 1 "$tmp/ck.txt")" = "nabij run: building a world of 2000 inhabitants ..." ]
"$NABIJ" run --from "$tmp/ck.h5.ckpt" --set run.ticks=31 -o "$tmp/br.h5" > /dev/null 2> "$tmp/br.txt"
[ "$(head -n 1 "$tmp/br.txt")" = "nabij run: restoring tick 30 of checkpoint $tmp/ck.h5.ckpt ..." ]
"$PYTHON" -c "import h5py,sys; assert list(h5py.File(sys.argv[1])['timeseries/tick']) == [30]" "$tmp/br.h5"
"$NABIJ" run "${small[@]}" --checkpoint-every 12 -o "$tmp/ckq.h5" --quiet 2> "$tmp/ckq.txt"
[ ! -s "$tmp/ckq.txt" ]
echo "e2e_run: ok"
