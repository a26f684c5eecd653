#!/usr/bin/env bash
# smoke.sh BENCH NABIJ: nabij-bench still runs and prints every figure of issue 8 (README,
# Performance) with values only a working program gives. It times nothing against a limit:
# speed is read from the benchmark's output, not tested.
set -euo pipefail
B=$1
NABIJ=$2 # makes the checkpoint that --from times
T=$(mktemp -d /tmp/nabij-bench-smoke.XXXXXX)
J=$(mktemp -d /tmp/nabij-bench-json.XXXXXX) # the JSON files and a checkpoint, outside TMPDIR
trap 'rm -rf "$T" "$J"' EXIT
export TMPDIR=$T # its work files go here, and must be gone when it ends
PY=${PYTHON:-/usr/bin/python3}
fail() { echo "FAIL: $*" >&2; exit 1; }
# num TEXT PATTERN FIELD: field FIELD of the first line of TEXT matching PATTERN
num() { awk -v pat="$2" -v f="$3" '$0 ~ pat { print $f; exit }' <<<"$1"; }
# ends_within S PID WHAT: PID ends within S seconds of WHAT, or the test fails saying so (and
# what its threads were doing, where gdb is installed) instead of hanging until ctest's timeout
ends_within() {
    local k
    for k in $(seq $(( $1 * 10 ))); do kill -0 "$2" 2>/dev/null || return 0; sleep 0.1; done
    command -v gdb >/dev/null && gdb -p "$2" -batch -ex 'thread apply all bt 12' 2>/dev/null | grep -E '^#|^Thread' >&2
    kill -9 "$2" $(pgrep -P "$2") 2>/dev/null
    fail "nabij-bench did not end within $1 s of $3"
}
positive() { awk -v x="$1" 'BEGIN { exit !(x + 0 > 0) }' || fail "$2: '$1' is not a positive number"; }

# the tick figures, from a fresh world
out=$("$B" --inhabitants 3000 --ticks 2 --warmup 1 --sweep-runs 2 --json "$J/ticks.json" 2>"$T/progress")
echo "$out"
cat "$T/progress"
[ "$(ls "$T")" = progress ] || fail "left behind in TMPDIR: $(ls -R "$T")"
# what it is doing, on stderr, step by step
for pat in "building two worlds of 3000 inhabitants" "warm-up tick 1 of 1" "timed tick 2 of 2" \
           "writing and restoring a checkpoint" \
           "peak memory: a complete nabij run of 3 ticks" "sweep overhead: nabij sweep of 2 tiny runs"; do
    grep -q "^nabij-bench: \[ *[0-9.]* s\] $pat" "$T/progress" || fail "no progress line '$pat'"
done
grep -q "^nabij-bench: \[" <<<"$out" && fail "progress lines are mixed into the figures"
rm "$T/progress"
for pat in "^tick, 1 thread:" "^tick, 2 threads:" "^stream pass, 1 thread:.*tick/stream ratio" \
           "^parallel efficiency 1->2 threads:" "^  spread over the 2 timed ticks: 1 thread " \
           "^  stream passes after them: 1 thread .* ms; paired tick/stream ratio 1 thread .*; fastest tick / fastest pass " "^  problems " "^serial part of the 2-thread tick" \
           "^checkpoint, 2 threads: written" "^peak memory of .nabij run." "^sweep overhead per run:"; do
    grep -q "$pat" <<<"$out" || fail "no line matching '$pat'"
done
positive "$(num "$out" '^tick, 1 thread:' 4)" "tick on one thread (ms)"
positive "$(num "$out" '^stream pass, 1 thread:' 5)" "stream pass (ms)"
grep -q "^persons 3[0-9][0-9][0-9]," <<<"$out" || fail "the world is not of 3,000 persons"
bpp=$(sed -n 's/.* = \([0-9]*\) bytes per person.*/\1/p' <<<"$out")
[[ $bpp =~ ^[0-9]+$ ]] && (( bpp > 100 )) || fail "peak memory per person '$bpp'"

# --json: the same figures as printed, as JSON
"$PY" - "$J/ticks.json" "$out" <<'PYEOF' || fail "the JSON of the tick figures"
import json, re, sys
j = json.load(open(sys.argv[1]))
out = sys.argv[2]
def printed(pat):
    return float(re.search(pat, out, re.M).group(1))
assert j["nabij_bench"] == 1 and j["mode"] == "ticks", j
assert j["persons"] == int(printed(r"^persons (\d+),")), j["persons"]
assert abs(j["tick_ms"][0] - printed(r"^tick, 1 thread: +([\d.]+) ms")) < 0.006, j["tick_ms"]
assert abs(j["tick_ms"][1] - printed(r"^tick, 2 threads: +([\d.]+) ms")) < 0.006, j["tick_ms"]
assert abs(100 * j["parallel_efficiency"] - printed(r"^parallel efficiency 1->2 threads: +([\d.]+) %")) < 0.06
models = re.findall(r"^  (\w+) +[\d.]+ +[\d.]+ +[\d.]+ % +[\d.]+$", out, re.M)
assert [p["model"] for p in j["phases"]] == models, (j["phases"], models)
assert abs(j["peak_memory_bytes_per_person"] - printed(r"= (\d+) bytes per person")) < 0.51
assert abs(j["sweep_overhead_ms_per_run"]["wall"] - printed(r"^sweep overhead per run: ([\d.-]+) ms wall")) < 0.06
assert j["checkpoint"]["mb"] > 0 and j["git_hash"] and j["cores_online"] >= 1
# the spread: the fastest tick <= the mean <= the slowest, the median efficiency in its range
for k in (0, 1):
    assert j["tick_ms_min"][k] <= j["tick_ms"][k] * (1 + 1e-9) <= j["tick_ms_max"][k] * (1 + 2e-9), j
lo, hi = j["parallel_efficiency_range"]
assert 0 < lo <= j["parallel_efficiency"] <= hi, j
# the tick/stream ratio: the median of the paired ratios (in their range), as printed; the
# ratio of the means beside it
for k, name in ((0, "1 thread"), (1, "2 threads")):
    lo, hi = j["tick_stream_ratio_range"][k]
    assert 0 < lo <= j["tick_stream_ratio"][k] <= hi, j
    m = re.search(r"^stream pass, %s: +([\d.]+) ms +tick/stream ratio +([\d.]+) .*from the means ([\d.]+)\)$" % name, out, re.M)
    assert m, "no stream line for " + name
    assert abs(float(m.group(1)) - j["stream_ms"][k]) < 0.006 and abs(float(m.group(2)) - j["tick_stream_ratio"][k]) < 0.006
    assert abs(float(m.group(3)) - j["tick_stream_ratio_mean_ticks"][k]) < 0.006
    # (the JSON's milliseconds have four decimals: a pass of 0.04 ms has three significant digits)
    assert abs(j["tick_stream_ratio_mean_ticks"][k] - j["tick_ms"][k] / j["stream_ms"][k]) < 1e-2 * j["tick_stream_ratio_mean_ticks"][k]
    assert 0 < j["stream_ms_min"][k] <= j["stream_ms"][k] * (1 + 1e-9) <= j["stream_ms_max"][k] * (1 + 2e-9), j
spread = re.search(r"^  spread over the 2 timed ticks: 1 thread ([\d.]+)-([\d.]+) ms, 2 threads ([\d.]+)-([\d.]+) ms, "
                   r"paired efficiency ([\d.]+)-([\d.]+) %$", out, re.M)
assert spread, "no spread line"
assert abs(float(spread.group(1)) - j["tick_ms_min"][0]) < 0.006 and abs(float(spread.group(4)) - j["tick_ms_max"][1]) < 0.006
PYEOF
[ -e "$J/ticks.json.part" ] && fail "a .part was left beside the JSON"
# an existing file is kept: refused before any work, unless --force
cp "$J/ticks.json" "$J/before.json"
if "$B" --inhabitants 3000 --ticks 1 --warmup 0 --ticks-only --json "$J/ticks.json" >"$T/out" 2>"$T/err"; then
    fail "an existing --json file was overwritten without --force"
fi
grep -q "ticks.json exists; use --force" "$T/err" || fail "no clear refusal: $(cat "$T/err")"
grep -q "building two worlds" "$T/err" && fail "the refusal came after the work"
cmp -s "$J/ticks.json" "$J/before.json" || fail "the existing JSON file changed"
# (OMP_WAIT_POLICY=active: the two-thread world's idle thread spins while the other ticks)
OMP_WAIT_POLICY=active "$B" --inhabitants 3000 --ticks 3 --warmup 0 --ticks-only --json "$J/ticks.json" --force \
    >"$T/out" 2>"$T/err" || fail "--force did not replace the JSON file"
# one thread cannot use more CPU time than wall-clock time: the other world's spinning
# thread is not counted against the one-thread tick
"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["timed_ticks"] == 3 and j["peak_memory_kb"] is None and j["checkpoint"] is None, j
assert j["tick_cpu_ms"][0] <= 1.02 * j["tick_ms"][0] + 0.01, ("one-thread tick", j["tick_cpu_ms"], j["tick_ms"])
' "$J/ticks.json" || fail "the --ticks-only JSON"
# --from: the checkpoint's world, which was neither asked for by size nor warmed up
"$NABIJ" run -q --set population.inhabitants=2000 --set run.ticks=2 --checkpoint-every 2 \
    --checkpoint "$J/c.ckpt" -o "$J/c.h5" || fail "the checkpoint for --from"
"$B" --from "$J/c.ckpt" --ticks 1 --ticks-only --json "$J/from.json" >"$T/out" 2>"$T/err" || fail "--from"
"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["from"].endswith("c.ckpt") and j["inhabitants"] is None and j["warmup_ticks"] is None, j
assert j["persons"] >= 2000 and j["timed_ticks"] == 1, j
' "$J/from.json" || fail "the --from JSON"
rm -f "$T/out" "$T/err"

# one complete run of a scenario file, timed from outside
cat >"$T/tiny.yaml" <<'YAML'
name: tiny
run:
  ticks: 30
  snapshot_every: 0
population:
  inhabitants: 2000
YAML
out=$("$B" --scenario "$T/tiny.yaml" --threads 1 --json "$J/run.json" 2>"$T/err")
echo "$out"
grep -q "^nabij-bench: one complete run of $T/tiny.yaml (2000 inhabitants, 30 ticks) on 1 thread;" <<<"$out" ||
    fail "the header does not name the scenario, its size and threads"
grep -q "^host: streaming read-and-write of 1 GiB at .*; reference tick [0-9.]* ns per person-tick$" <<<"$out" ||
    fail "no host reference (streaming and reference tick)"
grep -q "^host after the run: reference tick [0-9.]* ns per person-tick ([0-9.]* before)$" <<<"$out" ||
    fail "no reference tick after the run"
line=$(grep "^complete run:" <<<"$out") || fail "no complete-run line"
grep -q "target" <<<"$line" && fail "a world of 2,000 is held to the national targets: $line"
positive "$(num "$out" '^complete run:' 3)" "elapsed seconds"
mem=$(sed -n 's/.*peak memory \([0-9.]*\) GiB.*/\1/p' <<<"$out")
positive "$mem" "peak memory"
mb=$(sed -n 's/.*; output \([0-9.]*\) MB.*/\1/p' <<<"$out")
positive "$mb" "output size"
grep -q "nabij run: 30/30 (100%)" "$T/err" || fail "the run's progress did not reach the user"
"$PY" - "$J/run.json" "$line" "$(grep '^host after the run:' <<<"$out")" <<'PYEOF' || fail "the JSON of the complete run"
import json, re, sys
j = json.load(open(sys.argv[1]))
assert j["mode"] == "scenario" and j["inhabitants"] == 2000 and j["ticks"] == 30 and j["threads"] == 1, j
assert abs(j["elapsed_s"] - float(re.search(r"complete run: ([\d.]+) s", sys.argv[2]).group(1))) < 0.006
assert j["national_scale"] is False and j["time_target_met"] is None and j["memory_target_met"] is None, j
assert j["peak_memory_kb"] > 0 and j["output_mb"] > 0 and j["host_stream_gb_per_s_1_thread"] > 0, j
# the reference tick: a plausible time per person-tick (not 0, not the whole tick), as printed
for k in ("host_reference_tick_ns_before", "host_reference_tick_ns_after"):
    assert 1 < j[k] < 1e6, (k, j[k])
line = re.search(r"reference tick ([\d.]+) ns per person-tick \(([\d.]+) before\)", sys.argv[3])
assert line and abs(float(line.group(1)) - j["host_reference_tick_ns_after"]) < 0.051, (line, j)
assert abs(float(line.group(2)) - j["host_reference_tick_ns_before"]) < 0.051, (line, j)
PYEOF
# the summary table of nabij run stays out of the figures
grep -q "^households_helped" <<<"$out" && fail "the run's summary is mixed into the figures"
[ -z "$(ls "$T" | grep -v -e '^tiny.yaml$' -e '^err$')" ] || fail "left behind in TMPDIR: $(ls -R "$T")"

# a scenario it cannot load: an error naming the file, exit non-zero
printf 'population:\n  inhabitants: -5\n' >"$T/bad.yaml"
if "$B" --scenario "$T/bad.yaml" >"$T/out" 2>"$T/err"; then fail "a bad scenario was accepted"; fi
grep -q "bad.yaml" "$T/err" || fail "the error does not name the file: $(cat "$T/err")"
grep -q "inhabitants" "$T/err" || fail "the error does not name the field: $(cat "$T/err")"

# a run that fails after leaving files beside its output (a stand-in for nabij that writes a
# .part and a checkpoint, then exits 1): the benchmark fails, and its folder goes with them
printf '#!/bin/sh\ntouch "$5.part" "$(dirname "$5")/run.ckpt"\nexit 1\n' >"$T/failing-nabij"
chmod +x "$T/failing-nabij"
if "$B" --scenario "$T/tiny.yaml" --threads 1 --nabij "$T/failing-nabij" >"$T/out" 2>"$T/err"; then
    fail "a failed nabij run was not reported"
fi
grep -q "nabij run failed" "$T/err" || fail "no clear error for the failed run: $(cat "$T/err")"
compgen -G "$T/nabij-bench.*" >/dev/null && fail "a failed run left: $(ls -R "$T")"
# --threads belongs to --scenario: refused in tick mode, which always compares 1 and 2 threads
if "$B" --inhabitants 3000 --threads 2 >"$T/out" 2>"$T/err"; then fail "--threads was accepted without --scenario"; fi
grep -q -- "--threads applies to --scenario only" "$T/err" || fail "no clear refusal of --threads: $(cat "$T/err")"

# interrupted (kill -INT to the benchmark alone, as a script stops it): the nabij run it
# started is stopped and waited for, the work files go, and it ends by the signal
cat >"$T/long.yaml" <<'YAML'
name: long
run:
  snapshot_every: 0
population:
  inhabitants: 50000
YAML
"$B" --scenario "$T/long.yaml" --threads 1 >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 600); do compgen -G "$T/nabij-bench.*/full.h5.part" >/dev/null && break; sleep 0.1; done
compgen -G "$T/nabij-bench.*/full.h5.part" >/dev/null || fail "the run's output never appeared in TMPDIR"
child=$(pgrep -P "$pid") || fail "no nabij run under the benchmark"
kill -INT "$pid"
ends_within 60 "$pid" "SIGINT"
rc=0
wait "$pid" || rc=$?
[ "$rc" = 130 ] || fail "the interrupted benchmark exited $rc, not by SIGINT (130)"
kill -0 "$child" 2>/dev/null && fail "the nabij run it started is still running"
grep -q "^nabij run: interrupted" "$T/err" || fail "the interrupt did not reach nabij run: $(tail -3 "$T/err")"
compgen -G "$T/nabij-bench.*" >/dev/null && fail "an interrupted --scenario left: $(ls -R "$T")"
# SIGTERM while it ticks in process: its folder of work files goes too
"$B" --inhabitants 20000 --ticks 5000 --warmup 0 --ticks-only >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 600); do grep -q "timed tick" "$T/err" && break; sleep 0.1; done
compgen -G "$T/nabij-bench.*" >/dev/null || fail "no folder of work files while it ticks"
kill -TERM "$pid"
ends_within 60 "$pid" "SIGTERM"
rc=0
wait "$pid" || rc=$?
[ "$rc" = 143 ] || fail "the terminated benchmark exited $rc, not by SIGTERM (143)"
compgen -G "$T/nabij-bench.*" >/dev/null && fail "a terminated benchmark left: $(ls -R "$T")"
echo "bench smoke: ok"
