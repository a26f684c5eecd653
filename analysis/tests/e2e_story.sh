#!/bin/bash
# nabij story tells a household's events as dated sentences: one line per tick with
# events, each line's sentences filled from the /event_kinds templates.
set -euo pipefail
out=$1; rm -rf "$out"; mkdir -p "$out"
"$NABIJ" run -o "$out/run.h5" --quiet --set run.ticks=52 --set population.inhabitants=1500
"$NABIJ" story "$out/run.h5" --follow letter_unopened > "$out/story.txt"
cat "$out/story.txt" | head -20
hh=$(sed -n 's/^The story of household \([0-9]*\) .*/\1/p' "$out/story.txt")
[ -n "$hh" ]
"$PY" - "$out/run.h5" "$hh" "$out/story.txt" <<'PY'
import h5py, sys, re
f = h5py.File(sys.argv[1], "r"); hh = int(sys.argv[2])
text = open(sys.argv[3], encoding="utf-8").read()
ev = f["events"][()]
mine = ev[ev["household"] == hh]
kinds = [k.decode() for k in f["event_kinds"]["name"]]
ticks = sorted(set(int(t) for t in mine["tick"]))
lines = [l for l in text.splitlines() if re.match(r"^\d{4}-\d\d-\d\d \((week|tick) \d+\):", l)]
assert len(mine) > 0
assert len(lines) == len(ticks), (len(lines), ticks)
assert [int(re.search(r"\((?:week|tick) (\d+)\)", l).group(1)) for l in lines] == ticks
# every sentence of every event kind this household had appears, placeholders filled
for k in set(int(x) for x in mine["kind"]):
    story = f["event_kinds"]["story"][k].decode()
    stem = story.split("{")[0].strip()
    assert stem in text, (kinds[k], stem)
assert "{" not in text and "}" not in text
assert "stayed unopened" in text
PY
# a run that keeps the events of a tenth of the households: every household in /events passes
# the hash test (as sim_emit applies it), and a household that does not is told so instead
# of "nothing was recorded"
"$NABIJ" run --quiet --set population.inhabitants=3000 --set run.ticks=30 --set run.event_sample=0.1 \
  -o "$out/sampled.h5" --force
"$PY" - "$out/sampled.h5" > "$out/pick.txt" <<'PY'
import h5py, sys
def kept(h, share=0.1):  # Murmur3's finaliser, as ev_hash in sim/world.c
    x = h & 0xffffffff
    x ^= x >> 16; x = (x * 0x85ebca6b) & 0xffffffff
    x ^= x >> 13; x = (x * 0xc2b2ae35) & 0xffffffff
    x ^= x >> 16
    return x < share * 4294967296.0
ev = h5py.File(sys.argv[1], "r")["events"]["household"]
hs = {int(h) for h in ev if h >= 0}
assert hs and all(kept(h) for h in hs), "a household outside the sample has events"
out_h = next(h for h in range(1000) if not kept(h))
print(out_h, min(hs))
PY
read -r out_h in_h < "$out/pick.txt"
"$NABIJ" story "$out/sampled.h5" --household "$out_h" > "$out/sampled.txt"
grep -q "This run kept the events of 10 % of households (run.event_sample 0.1), and not this one's" "$out/sampled.txt"
"$NABIJ" story "$out/sampled.h5" --household "$in_h" > "$out/kept.txt"
if grep -q "This run kept the events\|Nothing was recorded" "$out/kept.txt"; then exit 1; fi
# a household index outside the run is told as having no events, a bad kind is refused
"$NABIJ" story "$out/run.h5" --household 999999 | grep -q "Nothing was recorded"
if "$NABIJ" story "$out/run.h5" --follow no_such_kind 2> "$out/err.txt"; then exit 1; fi
grep -q "no event kind" "$out/err.txt"
# a story case (scenario file) is run first, then told; a second call reuses the run
"$NABIJ" story "$SRC/scenarios/stories/letterbox.yaml" --follow letter_unopened \
  --set run.ticks=26 --set population.inhabitants=1000 -o "$out/letterbox.h5" > "$out/case.txt" 2> /dev/null
grep -q "scenario 'story_letterbox'" "$out/case.txt"
grep -q "stayed unopened" "$out/case.txt"
before=$(stat -c %Y "$out/letterbox.h5")
"$NABIJ" story "$SRC/scenarios/stories/letterbox.yaml" --follow letter_unopened \
  --set run.ticks=26 --set population.inhabitants=1000 -o "$out/letterbox.h5" > "$out/case2.txt" 2> /dev/null
cmp "$out/case.txt" "$out/case2.txt"
[ "$(stat -c %Y "$out/letterbox.h5")" = "$before" ]
# --largest picks the household with the largest value of a snapshot column
"$NABIJ" story "$out/run.h5" --largest debt_eur > "$out/largest.txt"
hl=$(sed -n 's/^The story of household \([0-9]*\) .*/\1/p' "$out/largest.txt")
"$PY" - "$out/run.h5" "$hl" <<'PY'
import h5py, sys
d = h5py.File(sys.argv[1], "r")["snapshots/households/debt_eur"][()]
assert d.max() > 0 and int(sys.argv[2]) == int(d.max(axis=0).argmax()), (sys.argv[2], d.max(axis=0).argmax())
PY
