#!/usr/bin/env bash
# viz_workshop.sh DIR: workshop mode headless. A session with levers switched at known
# ticks is saved; replaying the saved file reproduces what the session showed (same
# checksum over series, snapshots, events, levers, and the same map with the households
# formed during the session); the levers are in /levers and act from
# their tick; a lever switched at tick 0 gives the same run as `nabij run --set`.
set -euo pipefail
dir=$1
rm -rf "$dir" && mkdir -p "$dir"
fail() { echo "FAIL: $*" >&2; exit 1; }
# from 1 July 2015, when the kostendelersnorm applies to the cases running at the start too
common=(--set population.inhabitants=2000 --set run.ticks=30 --set run.start_date=2015-07-01)

"$NABIJ_VIEW" --live baseline "${common[@]}" --headless -o "$dir/session.h5" \
  --lever 10:benefits.kostendelersnorm=abolished --lever 20:benefits.kostendelersnorm=strict \
  > "$dir/session.txt"
grep -q "^saved $dir/session.h5" "$dir/session.txt" || fail "not saved: $(cat "$dir/session.txt")"
live=$(grep '^checksum' "$dir/session.txt")
replay=$("$NABIJ_VIEW" --dump "$dir/session.h5" | grep '^checksum')
[ "$live" = "$replay" ] || fail "session showed $live, its file replays $replay"
# households formed during the session are on the live map, placed as the file replays them
live_map=$(grep '^map ' "$dir/session.txt" || true)
replay_map=$("$NABIJ_VIEW" --dump "$dir/session.h5" | grep '^map ' || true)
[ -n "$live_map" ] || fail "the session printed no map line"
[ "$live_map" = "$replay_map" ] || fail "session map $live_map, its file replays $replay_map"
read -r _ _ start _ last _ <<< "$live_map"
[ "$last" -gt "$start" ] || fail "no household formed during the session is on the map: $live_map"

# no overwrite without --force
if "$NABIJ_VIEW" --live baseline "${common[@]}" --headless -o "$dir/session.h5" 2> "$dir/err.txt"; then
  fail "overwrote a session file"
fi
grep -q "exists; use --force" "$dir/err.txt" || fail "no overwrite message"

"$NABIJ_VIEW" --live baseline "${common[@]}" --headless -o "$dir/s0.h5" \
  --lever 0:benefits.kostendelersnorm=abolished > /dev/null
"$NABIJ" run "${common[@]}" --set benefits.kostendelersnorm=abolished -o "$dir/r0.h5" > /dev/null 2>&1

"$PYTHON" - "$dir" <<'PY'
import sys, h5py, numpy as np
d = sys.argv[1]
s = h5py.File(d + "/session.h5", "r")
lv = [(int(t), a.split(b"\0")[0].decode()) for t, a in s["levers"][()]]
assert lv == [(10, "benefits.kostendelersnorm=abolished"), (20, "benefits.kostendelersnorm=strict")], lv
cut = s["timeseries/households_kdn_cut"][()]
assert (cut[:10] > 0).all() and (cut[10:20] == 0).all() and (cut[20:] > 0).all(), cut
assert s["status"][()].split(b"\0")[0] == b"complete"

a, b = h5py.File(d + "/s0.h5", "r"), h5py.File(d + "/r0.h5", "r")
for k in b["timeseries"]:
    assert np.array_equal(a["timeseries"][k][()], b["timeseries"][k][()]), k
for k in b["snapshots/households"]:
    assert np.array_equal(a["snapshots/households"][k][()], b["snapshots/households"][k][()]), k
kinds = [r[0].split(b"\0")[0] for r in a["event_kinds"][()]]
lever_kind = kinds.index(b"lever_changed")
ea = a["events"][()]
ea = ea[ea["kind"] != lever_kind]
assert np.array_equal(ea, b["events"][()]), "events differ"
print("workshop ok:", len(ea), "events equal to nabij run")
PY
