#!/usr/bin/env bash
# resources.sh: running out of disk and of memory, and two writers of one output.
# Disk: a run whose output cannot be written any further (the file-size limit, and a
# full filesystem where this test may mount one) stops with exit status 1 and a message
# naming the file, the tick and the system's reason, never a crash; a checkpoint written
# before is kept, and the partial output with it only if it still holds the checkpoint's
# ticks: then, once there is room, --resume ends with the same bytes as a run that never
# stopped. Without a checkpoint nothing is left.
# Memory: a world that will likely not fit in what the job may take (here: a memory cgroup of
# 300 MB, where this test may make one, as Slurm's --mem does) is warned about before it is
# built, even with --quiet; a world that fits is not. A local sweep runs only as many runs at
# once as fit, and an MPI farm lets only as many ranks of the machine take runs.
# Usage: resources.sh NABIJ WORKDIR
set -euo pipefail
NABIJ=$1
WORK=$2
export SOURCE_DATE_EPOCH=1700000000
# a run of this test killed by ctest's timeout leaves its tmpfs mounted (its EXIT trap never
# ran), and the next run could then neither clear its folder nor mount it again
umount "$WORK/tiny" 2> /dev/null || true
for d in /sys/fs/cgroup/nabij-test-* /sys/fs/cgroup/memory/nabij-test-*; do
  [ -d "$d" ] && ! kill -0 "${d##*-}" 2> /dev/null && rmdir "$d" 2> /dev/null || true # its shell is gone
done
rm -rf "$WORK" || { echo "FAIL: cannot clear $WORK"; exit 1; }
mkdir -p "$WORK"
cd "$WORK"
SMALL=(--set population.inhabitants=300 --set run.ticks=1500 --quiet)

# run_limited KB ARGS...: nabij ARGS under a file-size limit of KB kibibytes; its status
run_limited() {
  local kb=$1 rc
  shift
  set +e
  (ulimit -f "$kb"; exec "$NABIJ" "$@") > stdout.txt 2> stderr.txt
  rc=$?
  set -e
  return $rc
}

# 1. without a checkpoint: exit 1, the file and tick named, nothing left
rc=0; run_limited 2000 run "${SMALL[@]}" -o a.h5 || rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc under the file-size limit, want 1"; cat stderr.txt; exit 1; }
grep -qE "^nabij run: writing a\.h5\.part failed at tick [0-9]+: File too large$" stderr.txt ||
  { echo "FAIL: message"; cat stderr.txt; exit 1; }
[ -z "$(ls -A)" ] || [ "$(ls)" = "$(printf 'stderr.txt\nstdout.txt')" ] || { echo "FAIL: left $(ls)"; exit 1; }

# 2. with checkpoints: the limit cuts the partial file short where HDF5 cannot keep it
# readable; it is removed, the checkpoint stays whole and can be branched
rc=0; run_limited 2000 run "${SMALL[@]}" -o b.h5 --checkpoint-every 10 || rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc with checkpoints, want 1"; cat stderr.txt; exit 1; }
grep -qE "(failed at tick [0-9]+|cannot write checkpoint b\.h5\.ckpt): File too large" stderr.txt ||
  { echo "FAIL: message"; cat stderr.txt; exit 1; }
test -f b.h5.ckpt && test ! -e b.h5
if test -e b.h5.part; then
  # kept: it must then be resumable
  grep -qF "partial output b.h5.part and checkpoint b.h5.ckpt kept" stderr.txt || { cat stderr.txt; exit 1; }
else
  grep -qF "the partial output was left unreadable and is removed; checkpoint b.h5.ckpt (tick " stderr.txt ||
    { echo "FAIL: message"; cat stderr.txt; exit 1; }
fi
"$NABIJ" verify b.h5.ckpt > /dev/null
"$NABIJ" run --from b.h5.ckpt -o branch.h5 --quiet
"${PYTHON:-/usr/bin/python3}" -c "import h5py, sys; f = h5py.File('branch.h5', 'r'); assert f.attrs['parent_tick'] > 0 and len(f['timeseries/tick']) == 1500 - f.attrs['parent_tick'], (f.attrs['parent_tick'], len(f['timeseries/tick']))"

# 3. a full filesystem (a small tmpfs, where this test may mount one): the partial output
# stays readable with its checkpoint; once the filesystem is larger, --resume ends with the
# bytes of a run that never stopped
mnt=$WORK/tiny
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=12M tmpfs "$mnt" 2> /dev/null; then
  trap 'umount "$mnt" 2> /dev/null || true' EXIT
  BASE=(--set run.ticks=200 --quiet)
  rc=0; "$NABIJ" run "${BASE[@]}" -o "$mnt/c.h5" --checkpoint-every 20 2> stderr.txt || rc=$?
  [ $rc -eq 1 ] || { echo "FAIL: exit $rc on a full filesystem, want 1"; cat stderr.txt; exit 1; }
  grep -qF "No space left on device; partial output $mnt/c.h5.part and checkpoint $mnt/c.h5.ckpt kept: make room and continue with: nabij run --resume $mnt/c.h5.ckpt" stderr.txt ||
    { echo "FAIL: message"; cat stderr.txt; exit 1; }
  mount -o remount,size=200M "$mnt"
  "$NABIJ" run --resume "$mnt/c.h5.ckpt" --quiet
  mv "$mnt/c.h5" resumed.h5
  rm -f "$mnt"/c.h5*
  "$NABIJ" run "${BASE[@]}" -o "$mnt/c.h5" --checkpoint-every 20
  cmp "$mnt/c.h5" resumed.h5 || { echo "FAIL: the resumed run differs from the uninterrupted one"; exit 1; }
  echo "resources: full filesystem checked"
else
  echo "resources: no tmpfs could be mounted here (needs root): the full-filesystem part was not run"
fi

# 4. memory: a cgroup limited to 300 MB (v2 where the memory controller is on, else v1)
cg=""
if [ "$(id -u)" = 0 ]; then
  if grep -qw memory /sys/fs/cgroup/cgroup.subtree_control 2> /dev/null; then
    cg=/sys/fs/cgroup/nabij-test-$$; mkdir "$cg" 2> /dev/null && echo 300M > "$cg/memory.max" || cg=""
  elif [ -d /sys/fs/cgroup/memory ]; then
    cg=/sys/fs/cgroup/memory/nabij-test-$$
    mkdir "$cg" 2> /dev/null && echo 300M > "$cg/memory.limit_in_bytes" || cg=""
  fi
fi
if [ -n "$cg" ]; then
  trap 'umount "$mnt" 2> /dev/null || true; rmdir "$cg" 2> /dev/null || true' EXIT
  in_cgroup() { (echo "$BASHPID" > "$cg/cgroup.procs" && exec "$NABIJ" "$@"); }
  # 1 M inhabitants need about 0.41 GB: warned, then (most likely) stopped by the kernel
  set +e
  in_cgroup run --quiet --set population.inhabitants=1000000 --set run.ticks=2 -o big.h5 2> stderr.txt
  set -e
  grep -qE "^nabij run: warning: a world of 1000000 inhabitants needs about 0\.4 GB of memory \(380 bytes a person, as measured at national scale\), and 0\.[0-3] GB is available" stderr.txt ||
    { echo "FAIL: no memory warning in a 300 MB cgroup"; cat stderr.txt; exit 1; }
  # 2,000 fit: no warning, and the run completes
  in_cgroup run --quiet --set population.inhabitants=2000 --set run.ticks=2 -o small.h5 2> stderr.txt
  [ ! -s stderr.txt ] || { echo "FAIL: a warning for a world that fits"; cat stderr.txt; exit 1; }
  test -f small.h5
  # a sweep of two runs of 400,000 inhabitants (about 0.2 GB each): one at a time in the
  # cgroup instead of one per core, and both complete
  if [ "$(nproc)" -ge 2 ]; then
    printf 'name: mem\nset:\n  population.inhabitants: 400000\n  run.ticks: 1\n  run.snapshot_every: 0\nreplicates: 2\nthreads_per_run: 1\n' > mem.yaml
    set +e
    (echo "$BASHPID" > "$cg/cgroup.procs" && exec "$NABIJ" sweep mem.yaml --output memsweep --quiet) 2> stderr.txt; rc=$?
    set -e
    grep -qE "^nabij sweep: 1 run at a time instead of [0-9]+: each needs about 0\.2 GB of memory" stderr.txt &&
      [ $rc -eq 0 ] && [ "$(ls memsweep/runs/*.h5 | wc -l)" = 2 ] ||
      { echo "FAIL: the sweep in a 300 MB cgroup (exit $rc)"; cat stderr.txt; exit 1; }
    # the same sweep as an MPI farm of two ranks on this one machine: only rank 0 takes
    # runs, and all three complete
    if [ "${NABIJ_TEST_MPI:-0}" = 1 ]; then
      sed -i 's/^replicates: 2/replicates: 3/' mem.yaml
      set +e
      (echo "$BASHPID" > "$cg/cgroup.procs" &&
        exec mpirun --allow-run-as-root --oversubscribe -n 2 "$NABIJ" sweep mem.yaml --output mpisweep) \
        2> stderr.txt; rc=$?
      set -e
      grep -qE "^nabij sweep: .*: 1 of its 2 ranks take runs: each run needs about 0\.2 GB of memory" stderr.txt &&
        grep -q "runs per rank: 3 0$" stderr.txt && [ $rc -eq 0 ] &&
        [ "$(ls mpisweep/runs/*.h5 | wc -l)" = 3 ] ||
        { echo "FAIL: the MPI sweep in a 300 MB cgroup (exit $rc)"; cat stderr.txt; exit 1; }
      echo "resources: MPI farm in the memory cgroup checked"
    fi
  fi
  echo "resources: memory cgroup checked"
else
  echo "resources: no memory cgroup could be made here (needs root): the memory part was not run"
fi
# 5. the same output given to two runs at once: the second is refused before it writes (HDF5
# drops its own lock in SWMR mode, and the second run wrote into the first one's file), and
# so is --resume of the checkpoint of a run still going; verify says the file is busy instead
# of reading chunks that change under it; the first run ends intact
LIVE=(run --quiet --set run.ticks=600 -o live.h5 --checkpoint-every 5)
checked=0
for attempt in 1 2 3; do
  rm -f live.h5*
  "$NABIJ" "${LIVE[@]}" 2> live.txt &
  pid=$!
  while [ ! -e live.h5.ckpt ] && kill -0 $pid 2> /dev/null; do sleep 0.05; done
  set +e
  "$NABIJ" run --quiet --force --set run.ticks=600 -o live.h5 2> second.txt; rc2=$?
  "$NABIJ" run --quiet --resume live.h5.ckpt 2> resume.txt; rc3=$?
  "$NABIJ" verify live.h5.part > verify.txt; rc4=$?
  kill -0 $pid 2> /dev/null; running=$?
  wait $pid; rc1=$?
  set -e
  [ $running -eq 0 ] || { echo "attempt $attempt: the first run ended too soon; again"; continue; }
  [ $rc1 -eq 0 ] || { echo "FAIL: the first run failed ($rc1)"; cat live.txt; exit 1; }
  [ $rc2 -eq 2 ] && grep -qF "nabij run: cannot write live.h5.part: another process is writing it" second.txt ||
    { echo "FAIL: a second run with the same output: exit $rc2"; cat second.txt; exit 1; }
  [ $rc3 -eq 2 ] && grep -qF "cannot resume: live.h5.part is being written by another process" resume.txt ||
    { echo "FAIL: --resume of a live run: exit $rc3"; cat resume.txt; exit 1; }
  [ $rc4 -eq 1 ] && grep -qx "live.h5.part: BUSY: a running nabij is writing it; verify it once the run has ended" verify.txt ||
    { echo "FAIL: verify of a live output: exit $rc4"; cat verify.txt; exit 1; }
  "$NABIJ" verify live.h5 > /dev/null || { echo "FAIL: the first run's output"; exit 1; }
  checked=1
  break
done
[ $checked = 1 ] || { echo "FAIL: could not start a second run while the first was going"; exit 1; }

# outside any limit this machine has room for 1 M inhabitants: no warning
"$NABIJ" run --quiet --set population.inhabitants=1000000 --set run.ticks=1 -o fits.h5 2> stderr.txt
[ ! -s stderr.txt ] || { echo "FAIL: a warning without a limit"; cat stderr.txt; exit 1; }
echo "resources: ok"
