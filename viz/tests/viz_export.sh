#!/usr/bin/env bash
# viz_export.sh RUN.h5 DIR: PNG export (one frame, refusing to overwrite), the same through
# `nabij view`, a frame sequence, side by side export, and clear errors for bad input.
set -euo pipefail
run=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$NABIJ_VIEW" "$run" --tick 20 --export-png "$dir/one.png" > /dev/null
if "$NABIJ_VIEW" "$run" --tick 21 --export-png "$dir/one.png" 2> "$dir/err.txt"; then
  fail "overwrote a PNG without --force"
fi
grep -q "exists; use --force" "$dir/err.txt" || fail "no overwrite message: $(cat "$dir/err.txt")"
"$NABIJ_VIEW" "$run" --tick 21 --export-png "$dir/one.png" --force > /dev/null

# `nabij view` starts the nabij-view next to it with the same arguments: the same picture
"$NABIJ" view "$run" --tick 21 --export-png "$dir/via.png" > /dev/null
cmp "$dir/one.png" "$dir/via.png" || fail "nabij view exported another picture than nabij-view"
# a nabij without a viewer beside it or on PATH says how to get one
mkdir -p "$dir/alone" && cp "$NABIJ" "$dir/alone/nabij"
if PATH=/usr/bin:/bin "$dir/alone/nabij" view "$run" 2> "$dir/err.txt"; then fail "nabij view without nabij-view"; fi
grep -q "nabij-view is neither next to nabij nor on PATH" "$dir/err.txt" || fail "no message: $(cat "$dir/err.txt")"

"$NABIJ_VIEW" "$run" --headless --tick 40 --frames "$dir/frames" --size 640x400 > "$dir/frames.txt"
n=$(ls "$dir/frames" | grep -c '^frame-[0-9]*\.png$')
[ "$n" = 13 ] || fail "expected 13 frames (ticks 40..52), got $n"
[ ! -e "$dir/frames/frame-000013.png" ] || fail "frame past the end"

"$NABIJ_VIEW" "$run" "$run" --tick 30 --export-png "$dir/side.png" > /dev/null

"$PYTHON" - "$dir" "$(dirname "$0")" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
import pngread
d = sys.argv[1]
w, h, rows = pngread.read(d + "/one.png")
assert (w, h) == (1280, 800), (w, h)
w, h, rows = pngread.read(d + "/frames/frame-000012.png")
assert (w, h) == (640, 400), (w, h)
# first and last frame differ (time moved): the timeline cursor is elsewhere
_, _, a = pngread.read(d + "/frames/frame-000000.png")
assert a != rows, "frames 0 and 12 are identical"
w, h, rows = pngread.read(d + "/side.png")
# two maps: both halves hold many map colours (neither half is plain background)
for x0 in (0, w // 2):
    colours = {rows[y][x] for y in range(60, 400, 7) for x in range(x0 + 20, x0 + w // 2 - 20, 7)}
    assert len(colours) > 8, f"half at {x0} looks empty ({len(colours)} colours)"
print("export ok")
PY

# bad input: a missing file and a bad option are named
if "$NABIJ_VIEW" "$dir/nope.h5" --headless 2> "$dir/err.txt"; then fail "opened a missing file"; fi
grep -q "nope.h5" "$dir/err.txt" || fail "missing file not named: $(cat "$dir/err.txt")"
set +e
"$NABIJ_VIEW" "$run" --size 10x10 2> "$dir/err.txt"
rc=$?
set -e
[ "$rc" = 2 ] || fail "--size 10x10 exit $rc, expected 2"
grep -q -- "--size" "$dir/err.txt" || fail "bad --size not named"
echo "viz_export ok"
