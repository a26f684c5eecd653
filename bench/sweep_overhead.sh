#!/usr/bin/env bash
# sweep_overhead.sh [NABIJ] [RUNS]: the cost of `nabij sweep` per run, and the memory of its
# coordinator as the number of runs grows. Runs RUNS tiny runs (100 inhabitants, 1 tick)
# once as a local sweep with --jobs 1 and once as as many `nabij run` processes in a shell
# loop, and prints the wall time per run of each and their difference; then samples the
# peak resident memory (VmHWM) of the sweep's coordinator process for RUNS and 10 x RUNS
# runs. Not a test: numbers vary with the machine and its load.
set -euo pipefail
NABIJ=$(readlink -f "${1:-build/nabij}")
N=${2:-200}
T=$(mktemp -d /tmp/nabij-bench-sweep.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
sweep() { # sweep FILE RUNS
  cat >"$1" <<YAML
name: bench
set:
  population.inhabitants: 100
  run.ticks: 1
  run.snapshot_every: 0
replicates: $2
threads_per_run: 1
YAML
}
now() { date +%s.%N; }
sweep s.yaml "$N"
t0=$(now)
"$NABIJ" sweep s.yaml --output sw --jobs 1 --quiet
t1=$(now)
i=0
while IFS=$'\t' read -r id point rep seed out; do
  case $id in ''|'#'*|id) continue ;; esac
  "$NABIJ" run -q --threads 1 --seed "$seed" --set population.inhabitants=100 \
    --set run.ticks=1 --set run.snapshot_every=0 -o "loop/$out" --force
  i=$((i + 1))
done <sw/manifest.tsv
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$N" 'BEGIN {
  s = (b - a) / n * 1000; l = (c - b) / n * 1000
  printf "runs: %d\nsweep --jobs 1: %.1f ms per run (manifest, fork, run, index)\n", n, s
  printf "nabij run loop: %.1f ms per run (exec, run)\n", l
  printf "difference:     %+.1f ms per run\n", s - l }'

hwm() { # hwm RUNS: peak VmHWM of the coordinator while it runs RUNS runs
  sweep m.yaml "$1"
  rm -rf mem
  "$NABIJ" sweep m.yaml --output mem --jobs 2 --quiet &
  local pid=$! peak=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
    sleep 0.05
  done
  wait "$pid"
  echo "coordinator peak memory, $1 runs: $peak kB"
}
hwm "$N"
hwm $((N * 10))
