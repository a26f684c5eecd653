#!/usr/bin/env bash
# sweep_resume.sh NABIJ SWEEP.yaml: kills a local sweep with SIGKILL once at least one run is
# complete and before all are, resumes it with --resume, and checks that the result equals
# an uninterrupted sweep byte for byte, that runs complete before the kill were not redone,
# that no .part file is left, and that a restart without --resume, or a resume with a changed
# sweep file, is refused. With checkpoint_every, a run killed after a checkpoint continues
# from it (or starts over when the checkpoint is damaged), to the same bytes; so does one
# whose checkpoint SIGUSR1 asked for.
set -euo pipefail
NABIJ=$(readlink -f "$1")
SWEEP=$(readlink -f "$2")
T=$(mktemp -d /tmp/nabij-resume.XXXXXX)
BG=
trap '[ -n "$BG" ] && kill -9 "$BG" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T"
export SOURCE_DATE_EPOCH=0
"$NABIJ" sweep "$SWEEP" --output ref --jobs 2 --quiet
total=$(ls ref/runs/*.h5 | wc -l)

# wait_for GLOB: until a file matches GLOB (at most 30 s)
wait_for() {
  for _ in $(seq 3000); do
    compgen -G "$1" >/dev/null && return 0
    sleep 0.01
  done
}
# kill_sweep: kill the sweep started in the background (BG) with SIGKILL
kill_sweep() {
  kill -9 "$BG"
  wait "$BG" 2>/dev/null || true
  BG=
}

"$NABIJ" sweep "$SWEEP" --output killed --jobs 1 --quiet &
BG=$!
wait_for 'killed/runs/*.h5'
kill_sweep
done_before=$(find killed/runs -name "*.h5" | wc -l)
parts=$(find killed/runs -name "*.part" | wc -l)
echo "killed with $done_before of $total runs complete, $parts in flight"
[ "$done_before" -ge 1 ] && [ "$done_before" -lt "$total" ] \
  || { echo "FAIL: the kill did not land midway ($done_before of $total)"; exit 1; }
"$NABIJ" sweep "$SWEEP" --output killed --status | grep -q "$done_before complete"
first=$(ls killed/runs/*.h5 | head -n 1)
stamp=$(stat -c '%i %Y.%y' "$first")

# without --resume the folder is refused; with another sweep file too
rc=0; "$NABIJ" sweep "$SWEEP" --output killed --quiet 2>err.txt || rc=$?
[ $rc = 2 ] && grep -q -- "--resume" err.txt || { echo "FAIL: restart without --resume not refused"; exit 1; }
sed 's/^seed: .*/seed: 999/' "$SWEEP" >changed.yaml
rc=0; "$NABIJ" sweep changed.yaml --output killed --resume --quiet 2>err.txt || rc=$?
[ $rc != 0 ] && grep -q "changed" err.txt || { echo "FAIL: resume with a changed sweep not refused"; cat err.txt; exit 1; }

"$NABIJ" sweep "$SWEEP" --output killed --resume --jobs 2 --quiet
[ "$(stat -c '%i %Y.%y' "$first")" = "$stamp" ] || { echo "FAIL: $first was run again"; exit 1; }
[ -z "$(find killed/runs -name "*.part")" ] || { echo "FAIL: .part files left"; exit 1; }
cmp ref/manifest.tsv killed/manifest.tsv
for f in ref/runs/*.h5; do
  cmp "$f" "killed/runs/$(basename "$f")" || { echo "FAIL: $f differs after resume"; exit 1; }
done
[ "$(ls killed/runs | wc -l)" = "$total" ] || { echo "FAIL: extra files in runs/"; exit 1; }
/usr/bin/python3 -c '
import sys, h5py, numpy as np
a, b = h5py.File("ref/index.h5", "r"), h5py.File("killed/index.h5", "r")
assert b.attrs["complete"] == int(sys.argv[1])
for k in a["indicators"]:
    for s in ("mean", "final"):
        assert np.array_equal(a["indicators"][k][s][:], b["indicators"][k][s][:], equal_nan=True), k
' "$total"
# nabij verify of the resumed sweep's folder: its index and every run file, all intact
"$NABIJ" verify killed > verify.txt || { echo "FAIL: verify of the resumed sweep"; cat verify.txt; exit 1; }
[ "$(grep -c ': ok, complete run file: ' verify.txt)" = "$total" ] && grep -q '^killed/index.h5: ok, sweep index: ' verify.txt ||
  { echo "FAIL: verify of the resumed sweep lists:"; cat verify.txt; exit 1; }
# --force starts over: the old runs go, the new manifest is the changed sweep's
"$NABIJ" sweep changed.yaml --output killed --force --slurm >/dev/null
[ -z "$(find killed/runs -name '*.h5')" ] || { echo "FAIL: --force kept old runs"; exit 1; }
grep -q '^# seed: 999,' killed/manifest.tsv || { echo "FAIL: --force kept the old manifest"; exit 1; }

# checkpoint_every: each run writes checkpoints (not the last one); killed with SIGKILL once
# a checkpoint exists, the sweep's --resume continues that run from it, and the files are
# the same bytes as the uninterrupted sweep's (and as a sweep without checkpoints: a
# checkpoint changes no result), with no checkpoint or .part left; a checkpoint that cannot
# be continued (damaged here) is said, and its run starts over, to the same bytes
sed 's/^threads_per_run: 1$/threads_per_run: 1\ncheckpoint_every: 10/' "$SWEEP" > ck.yaml
grep -q '^checkpoint_every: 10$' ck.yaml
# kill_at_checkpoint FILE DIR [usr1]: run sweep FILE into DIR and kill it once a run has a
# checkpoint (with "usr1": once a run has started, ask the sweep for one with SIGUSR1 first);
# "ck" is then that checkpoint, beside its run's .part
kill_at_checkpoint() {
  "$NABIJ" sweep "$1" --output "$2" --jobs 1 --quiet &
  BG=$!
  if [ "${3:-}" = usr1 ]; then
    wait_for "$2/runs/*.part"
    kill -USR1 "$BG"
  fi
  wait_for "$2/runs/*.ckpt"
  kill_sweep
  ck=$(ls "$2"/runs/*.ckpt 2>/dev/null | head -n 1)
  [ -n "$ck" ] && [ -e "${ck%.ckpt}.part" ] || { echo "FAIL: no checkpoint and .part to resume from in $2"; ls "$2"/runs; exit 1; }
}
kill_at_checkpoint ck.yaml ckrun
"$NABIJ" sweep ck.yaml --output ckrun --status | grep -q "in flight or stopped (.part; 1 of them with a checkpoint to continue from)" ||
  { echo "FAIL: --status does not count the run with a checkpoint"; "$NABIJ" sweep ck.yaml --output ckrun --status; exit 1; }
"$NABIJ" sweep ck.yaml --output ckrun --resume --jobs 2 --quiet 2> err.txt
grep -q "^nabij sweep: run [0-9]* continues from ckrun/runs/run-[0-9]*.h5.ckpt$" err.txt ||
  { echo "FAIL: the resumed sweep did not continue from the checkpoint"; cat err.txt; exit 1; }
! grep -q "starts over" err.txt || { echo "FAIL: a run started over"; cat err.txt; exit 1; }
# the same for a checkpoint damaged after the kill: said, and the run starts over
kill_at_checkpoint ck.yaml ckbad
ck=$(ls ckbad/runs/*.ckpt | head -n 1)
printf 'not a checkpoint' > "$ck"
"$NABIJ" sweep ck.yaml --output ckbad --resume --jobs 2 --quiet 2> err.txt
grep -q "cannot continue from $ck (.*); it starts over" err.txt ||
  { echo "FAIL: a damaged checkpoint was not said"; cat err.txt; exit 1; }
# without checkpoint_every, SIGUSR1 to the sweep asks each running run for a checkpoint;
# killed after it, the resumed sweep continues that run from it too
kill_at_checkpoint "$SWEEP" usr1 usr1
"$NABIJ" sweep "$SWEEP" --output usr1 --resume --jobs 2 --quiet 2> err.txt
grep -q "^nabij sweep: run [0-9]* continues from $ck$" err.txt ||
  { echo "FAIL: the run asked for a checkpoint did not continue from it"; cat err.txt; exit 1; }
for d in ckrun ckbad usr1; do
  [ -z "$(find $d/runs -name '*.ckpt' -o -name '*.part*')" ] || { echo "FAIL: $d left $(ls $d/runs)"; exit 1; }
  for f in ref/runs/*.h5; do
    cmp "$f" "$d/runs/$(basename "$f")" || { echo "FAIL: $f differs in $d"; exit 1; }
  done
done
echo "PASS: killed at $done_before of $total, resumed to the same $total files; runs with checkpoints continued from them"
