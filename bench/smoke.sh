#!/usr/bin/env bash
# smoke.sh BENCH: nabij-bench still runs and prints every figure of issue 8 (README,
# Performance) with values only a working program gives. It times nothing against a limit:
# speed is read from the benchmark's output, not tested.
set -euo pipefail
B=$1
T=$(mktemp -d /tmp/nabij-bench-smoke.XXXXXX)
trap 'rm -rf "$T"' EXIT
export TMPDIR=$T # its work files go here, and must be gone when it ends
fail() { echo "FAIL: $*" >&2; exit 1; }
# the value after "label" on the line matching "pat", as a number
num() { awk -v pat="$2" -v f="$3" '$0 ~ pat { print $f; exit }' <<<"$1"; }
positive() { awk -v x="$1" 'BEGIN { exit !(x + 0 > 0) }' || fail "$2: '$1' is not a positive number"; }

# the tick figures, from a fresh world
out=$("$B" --inhabitants 3000 --ticks 2 --warmup 1 --sweep-runs 2 2>"$T/progress")
echo "$out"
cat "$T/progress"
[ "$(ls "$T")" = progress ] || fail "left behind in TMPDIR: $(ls -R "$T")"
# what it is doing, on stderr, step by step
for pat in "building two worlds of 3000 inhabitants" "warm-up tick 1 of 1" "timed tick 2 of 2" \
           "streaming passes over the state on 2 threads" "writing and restoring a checkpoint" \
           "peak memory: a complete nabij run of 3 ticks" "sweep overhead: nabij sweep of 2 tiny runs"; do
    grep -q "^nabij-bench: \[ *[0-9.]* s\] $pat" "$T/progress" || fail "no progress line '$pat'"
done
grep -q "^nabij-bench: \[" <<<"$out" && fail "progress lines are mixed into the figures"
rm "$T/progress"
for pat in "^tick, 1 thread:" "^tick, 2 threads:" "^stream pass, 1 thread:.*tick/stream ratio" \
           "^parallel efficiency 1->2 threads:" "^  problems " "^serial part of the 2-thread tick" \
           "^checkpoint, 2 threads: written" "^peak memory of .nabij run." "^sweep overhead per run:"; do
    grep -q "$pat" <<<"$out" || fail "no line matching '$pat'"
done
positive "$(num "$out" '^tick, 1 thread:' 4)" "tick on one thread (ms)"
positive "$(num "$out" '^stream pass, 1 thread:' 5)" "stream pass (ms)"
grep -q "^persons 3[0-9][0-9][0-9]," <<<"$out" || fail "the world is not of 3,000 persons"
bpp=$(sed -n 's/.* = \([0-9]*\) bytes per person.*/\1/p' <<<"$out")
[[ $bpp =~ ^[0-9]+$ ]] && (( bpp > 100 )) || fail "peak memory per person '$bpp'"

# one complete run of a scenario file, timed from outside
cat >"$T/tiny.yaml" <<'YAML'
name: tiny
run:
  ticks: 30
  snapshot_every: 0
population:
  inhabitants: 2000
YAML
out=$("$B" --scenario "$T/tiny.yaml" --threads 1 2>"$T/err")
echo "$out"
grep -q "^nabij-bench: one complete run of $T/tiny.yaml (2000 inhabitants, 30 ticks) on 1 thread;" <<<"$out" ||
    fail "the header does not name the scenario, its size and threads"
grep -q "^host: streaming read-and-write of 1 GiB at" <<<"$out" || fail "no host reference"
line=$(grep "^complete run:" <<<"$out") || fail "no complete-run line"
grep -q "target" <<<"$line" && fail "a world of 2,000 is held to the national targets: $line"
positive "$(num "$out" '^complete run:' 3)" "elapsed seconds"
mem=$(sed -n 's/.*peak memory \([0-9.]*\) GiB.*/\1/p' <<<"$out")
positive "$mem" "peak memory"
mb=$(sed -n 's/.*; output \([0-9.]*\) MB.*/\1/p' <<<"$out")
positive "$mb" "output size"
grep -q "nabij run: 30/30 (100%)" "$T/err" || fail "the run's progress did not reach the user"
# the summary table of nabij run stays out of the figures
grep -q "^households_helped" <<<"$out" && fail "the run's summary is mixed into the figures"
[ -z "$(ls "$T" | grep -v -e '^tiny.yaml$' -e '^err$')" ] || fail "left behind in TMPDIR: $(ls -R "$T")"

# a scenario it cannot load: an error naming the file, exit non-zero
printf 'population:\n  inhabitants: -5\n' >"$T/bad.yaml"
if "$B" --scenario "$T/bad.yaml" >"$T/out" 2>"$T/err"; then fail "a bad scenario was accepted"; fi
grep -q "bad.yaml" "$T/err" || fail "the error does not name the file: $(cat "$T/err")"
grep -q "inhabitants" "$T/err" || fail "the error does not name the field: $(cat "$T/err")"
echo "bench smoke: ok"
