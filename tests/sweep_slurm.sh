#!/usr/bin/env bash
# sweep_slurm.sh NABIJ SWEEP.yaml: starts a private single-node Slurm (munged, slurmctld and
# slurmd from Debian, on free ports, with all state in a temporary folder), submits the
# job array that `nabij sweep --slurm` writes together with its merge step, waits for both,
# and checks that every run file equals the same run made by a local sweep, byte for byte,
# and that the merged index lists every run as complete. Then a sweep with checkpoint_every:
# its task cancelled after a checkpoint, resubmitted with --resume, continues the run to the
# same bytes. Stops its daemons on any exit.
# Needs root (slurmd runs jobs as the submitting user and must be able to switch to it).
set -euo pipefail
NABIJ=$(readlink -f "$1")
SWEEP=$(readlink -f "$2")
PY=/usr/bin/python3
for b in munged slurmctld slurmd sbatch squeue; do
  command -v "$b" >/dev/null || PATH=$PATH:/usr/sbin
  command -v "$b" >/dev/null || { echo "FAIL: $b not installed (scripts/deps.sh test)"; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "FAIL: the Slurm test must run as root"; exit 1; }

T=$(mktemp -d /tmp/nabij-slurm.XXXXXX)
chmod 755 "$T"
PIDS=()
cleanup() {
  local rc=$?
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [ $rc != 0 ]; then
    for l in "$T"/log/*.log "$T"/work/out/slurm/*.log; do
      [ -f "$l" ] && { echo "== $l"; tail -n 30 "$l"; }
    done
  fi
  rm -rf "$T"
  exit $rc
}
trap cleanup EXIT INT TERM

mkdir -p "$T/munge" "$T/state" "$T/spool" "$T/log" "$T/work"
chmod 700 "$T/munge"
# munge: a fresh key and our own socket
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge/munge.key"
SOCK=$T/munge/munge.sock
munged --foreground --force --key-file="$T/munge/munge.key" --socket="$SOCK" \
  --pid-file="$T/munge/munged.pid" --log-file="$T/log/munged.log" \
  --seed-file="$T/munge/munged.seed" >"$T/log/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || { echo "FAIL: munged did not start"; exit 1; }

read -r PCTL PD < <($PY - <<'EOF'
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])
EOF
)
HOST=$(hostname -s)
export SLURM_CONF=$T/slurm.conf
cat >"$SLURM_CONF" <<EOF
ClusterName=nabijtest
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PCTL
SlurmdPort=$PD
AuthType=auth/munge
AuthInfo=socket=$SOCK
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$(free -m | awk '/^Mem:/ {print $2}') State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i -f "$SLURM_CONF" >"$T/log/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$HOST" >"$T/log/slurmd.out" 2>&1 &
PIDS+=($!)
up=0
for _ in $(seq 150); do
  if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then up=1; break; fi
  sleep 0.2
done
[ $up = 1 ] || { echo "FAIL: the Slurm node did not come up"; sinfo 2>&1 || true; exit 1; }

cd "$T/work"
export SOURCE_DATE_EPOCH=0
# the reference: a local sweep of the same file
"$NABIJ" sweep "$SWEEP" --output local --quiet
# the Slurm sweep: scripts and manifest, then the array and the merge step
"$NABIJ" sweep "$SWEEP" --output out --slurm >slurm.txt
grep -q "array tasks" slurm.txt
cmp local/manifest.tsv out/manifest.tsv
[ ! -e out/runs/run-000000.h5 ] || { echo "FAIL: --slurm ran a run itself"; exit 1; }
grep -q -- '--array=0-' out/slurm/sweep.sbatch
grep -qx -- '#SBATCH --signal=B:USR1@300' out/slurm/sweep.sbatch || { echo "FAIL: no --signal"; exit 1; }
# each array task asks for the memory of the largest run (1,500 inhabitants: 65 MB, and a fifth)
grep -qx -- '#SBATCH --mem=78M' out/slurm/sweep.sbatch || { echo "FAIL: --mem"; cat out/slurm/sweep.sbatch; exit 1; }
sh out/slurm/submit.sh >submit.txt
cat submit.txt
ARRAY=$(sed -n 's/^array job \([0-9]*\),.*/\1/p' submit.txt)
# and Slurm holds the job to it
scontrol show job "$ARRAY" | grep -q 'MinMemoryNode=78M' ||
  { echo "FAIL: the array job's memory"; scontrol show job "$ARRAY"; exit 1; }
MERGE=$(sed -n 's/.*merge job \([0-9]*\)$/\1/p' submit.txt)
[ -n "$ARRAY" ] && [ -n "$MERGE" ] || { echo "FAIL: no job ids from submit.sh"; exit 1; }
done_=0
for _ in $(seq 600); do
  if [ -z "$(squeue -h -j "$ARRAY,$MERGE" -o %i 2>/dev/null)" ] && [ -f out/index.h5 ]; then
    done_=1; break
  fi
  sleep 0.2
done
[ $done_ = 1 ] || { echo "FAIL: the array and merge jobs did not finish in 120 s"; squeue; exit 1; }

n=$(ls local/runs/*.h5 | wc -l)
[ "$n" -gt 0 ] || { echo "FAIL: no local runs"; exit 1; }
for f in local/runs/*.h5; do
  cmp "$f" "out/runs/$(basename "$f")" || { echo "FAIL: $f differs under Slurm"; exit 1; }
done
[ "$(ls out/runs/*.h5 | wc -l)" = "$n" ] || { echo "FAIL: run count differs"; exit 1; }
ntask=$(ls out/slurm/task-*.log | wc -l)
[ "$ntask" -ge 2 ] || { echo "FAIL: expected several array tasks, got $ntask"; exit 1; }
$PY - out/index.h5 "$n" <<'EOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
n = int(sys.argv[2])
assert f.attrs["runs"] == n and f.attrs["complete"] == n, dict(f.attrs)
assert list(f["runs/id"][:]) == list(range(n))
assert f["runs/complete"][:].all()
inds = list(f["indicators"])
assert inds, "no indicators in the index"
for k in inds:
    assert np.isfinite(f["indicators"][k]["mean"][:]).all(), k
print(f"index: {n} runs, {len(inds)} indicators")
EOF

# checkpoint_every under Slurm: a task cancelled (scancel: SIGTERM, as at its time limit)
# after its run's first checkpoint keeps the run's .part and checkpoint; the sweep resubmitted
# with --resume continues the run from it, to the bytes of the local run
printf 'name: slurmck\nset:\n  population.inhabitants: 200000\n  run.ticks: 200\n  run.snapshot_every: 0\ncheckpoint_every: 10\nslurm:\n  time_per_task: "00:10:00"\n' > ck.yaml
"$NABIJ" sweep ck.yaml --output ckref --quiet
"$NABIJ" sweep ck.yaml --output ck --slurm > /dev/null
sh ck/slurm/submit.sh > cksubmit.txt
CKA=$(sed -n 's/^array job \([0-9]*\),.*/\1/p' cksubmit.txt)
CKM=$(sed -n 's/.*merge job \([0-9]*\)$/\1/p' cksubmit.txt)
for _ in $(seq 600); do [ -e ck/runs/run-000000.h5.ckpt ] && break; sleep 0.2; done
[ -e ck/runs/run-000000.h5.ckpt ] || { echo "FAIL: no checkpoint under Slurm"; squeue; exit 1; }
scancel "$CKA" "$CKM"
for _ in $(seq 600); do [ -z "$(squeue -h -j "$CKA,$CKM" -o %i 2>/dev/null)" ] && break; sleep 0.2; done
[ ! -e ck/runs/run-000000.h5 ] && [ -e ck/runs/run-000000.h5.part ] && [ -e ck/runs/run-000000.h5.ckpt ] ||
  { echo "FAIL: after scancel:"; ls ck/runs; cat ck/slurm/task-*.log; exit 1; }
"$NABIJ" sweep ck.yaml --output ck --slurm --resume --submit > ckresume.txt
CKA=$(sed -n 's/^array job \([0-9]*\),.*/\1/p' ckresume.txt)
CKM=$(sed -n 's/.*merge job \([0-9]*\)$/\1/p' ckresume.txt)
[ -n "$CKA" ] && [ -n "$CKM" ] || { echo "FAIL: no job ids from --resume --submit"; cat ckresume.txt; exit 1; }
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$CKA,$CKM" -o %i 2>/dev/null)" ] && [ -f ck/index.h5 ] && break
  sleep 0.2
done
grep -h "continues from" ck/slurm/task-*.log | grep -q "run 0 continues from .*run-000000.h5.ckpt" ||
  { echo "FAIL: the resubmitted task did not continue the run"; cat ck/slurm/task-*.log; exit 1; }
cmp ckref/runs/run-000000.h5 ck/runs/run-000000.h5 || { echo "FAIL: the continued run differs"; exit 1; }
[ -z "$(ls ck/runs | grep -v '^run-000000.h5$')" ] || { echo "FAIL: left $(ls ck/runs)"; exit 1; }
echo "PASS: $n runs in $ntask array tasks equal the local sweep; index merged; a cancelled task's run continued from its checkpoint"
