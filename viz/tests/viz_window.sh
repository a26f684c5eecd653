#!/usr/bin/env bash
# viz_window.sh RUN.h5 DIR: nabij-view opens a real window under Xvfb, plays for a number of
# frames with the help overlay shown, and writes its last frame; the PNG must show the help
# panel where the layout puts it (centred, 620 x 470 in a 1280 x 800 window).
set -euo pipefail
run=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir"
"$XVFB_RUN" -a -s "-screen 0 1400x900x24" "$NABIJ_VIEW" "$run" --play --speed 32 --help-overlay \
  --quit-after 30 --export-png "$dir/window.png" > "$dir/out.txt"
grep -q "window: 30 frames" "$dir/out.txt" || { cat "$dir/out.txt"; exit 1; }
"$PYTHON" - "$dir/window.png" "$(dirname "$0")" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
import pngread
w, h, rows = pngread.read(sys.argv[1])
assert (w, h) == (1280, 800), (w, h)
s = pngread.share(rows, 330, 165, 620, 470, 0x10121c)
assert s > 0.8, f"help overlay covers only {s:.2f} of its region"
bg = pngread.share(rows, 0, 0, w, h, 0x181a20)
assert 0.02 < bg < 0.9, f"background share {bg:.2f}"
print(f"window frame ok: help {s:.2f}, background {bg:.2f}")
PY
