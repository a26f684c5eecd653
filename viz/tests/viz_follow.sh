#!/usr/bin/env bash
# viz_follow.sh DIR: the viewer follows a file while `nabij run` writes it. The viewer starts
# first (it waits for the .part file), prints every tick count it sees and exits when the
# run is complete. It must have seen the run partial, in increasing steps, up to the last
# tick, and what it read piece by piece must equal a fresh reading of the finished file.
set -euo pipefail
dir=$1
rm -rf "$dir" && mkdir -p "$dir"
out=$dir/live.h5
fail() { echo "FAIL: $*" >&2; exit 1; }

"$NABIJ_VIEW" --follow --headless --timeout 150 "$out" > "$dir/seen.txt" 2> "$dir/view.err" &
vpid=$!
"$NABIJ" run -o "$out" --set population.inhabitants=12000 --set run.ticks=156 > "$dir/run.log" 2>&1
wait "$vpid" || fail "viewer failed: $(cat "$dir/view.err")"

[ -e "$out" ] && [ ! -e "$out.part" ] || fail "run did not finish"
grep -q "^complete $out\$" "$dir/seen.txt" || fail "viewer did not see completion"
last=$(grep '^tick ' "$dir/seen.txt" | tail -1)
case "$last" in "tick 156 "*complete) ;; *) fail "last line seen: $last";; esac
partial=$(grep -c '^tick [0-9]* .* partial$' "$dir/seen.txt" || true)
[ "$partial" -ge 2 ] || fail "saw the run partial only $partial times: $(cat "$dir/seen.txt")"
# tick counts never shrink (the last line may repeat the count, now complete)
grep '^tick ' "$dir/seen.txt" | awk '{ if (NR > 1 && $2 < prev) exit 1; prev = $2 }' ||
  fail "tick counts did not grow"
followed=$(grep '^checksum' "$dir/seen.txt")
fresh=$("$NABIJ_VIEW" --dump "$out" | grep '^checksum')
[ "$followed" = "$fresh" ] || fail "followed $followed, fresh reading $fresh"
# the map grew with the households formed while it was followed, as a fresh reading places them
fmap=$(grep '^map ' "$dir/seen.txt" | tail -1 || true)
[ -n "$fmap" ] || fail "the follower printed no map line"
[ "$fmap" = "$("$NABIJ_VIEW" --dump "$out" | grep '^map ')" ] || fail "followed map $fmap differs"
read -r _ _ start _ last _ <<< "$fmap"
[ "$last" -gt "$start" ] || fail "no household formed during the run is on the followed map: $fmap"
"$PYTHON" - "$out" "$dir/seen.txt" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
n = len(f["timeseries/tick"])
assert n == 156, n
assert f["status"][()].split(b"\0")[0] == b"complete"
seen = [l for l in open(sys.argv[2]) if l.startswith("checksum")][0].split()
assert int(seen[3]) == n and int(seen[5]) == len(f["snapshots/tick"]) and int(seen[7]) == len(f["events"]), seen
PY
echo "followed: $(grep -c '^tick ' "$dir/seen.txt") updates, $partial while partial"
