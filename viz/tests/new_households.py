# new_households.py RUN.h5: the output places households formed during the run.
# /snapshots/households/x, y exist; in every row the households of the start keep their
# static cells; row 0 holds no household beyond the static count; a later row holds a
# contiguous range of new households, each on its own cell, none on a cell of the start.
import sys
import h5py
import numpy as np

f = h5py.File(sys.argv[1], "r")
st = f["static/households"]
count = int(st.attrs["count"])
sx, sy = st["x"][()], st["y"][()]
snap = f["snapshots/households"]
assert "x" in snap and "y" in snap, "no /snapshots/households/x, y: new households have no place"
x, y = snap["x"][()], snap["y"][()]
assert x.shape == y.shape == (len(f["snapshots/tick"]), len(sx)), (x.shape, len(sx))
assert snap["x"].attrs["unit"] == "map cell"
placed = (x != 0) | (y != 0)
assert (x[:, :count] == sx[:count]).all() and (y[:, :count] == sy[:count]).all()
assert not placed[0, count:].any(), "households beyond the static count at the start"
last = int(np.nonzero(placed[-1])[0].max()) + 1
assert last > count, "no household formed during the run has a place"
assert placed[-1, count:last].all(), "new households are not a contiguous range"
cells = set(zip(x[-1, :last].tolist(), y[-1, :last].tolist()))
assert len(cells) == last, "two households share a cell"
# once placed a household keeps its cell
for r in range(1, len(x)):
    had = placed[r - 1]
    assert (x[r][had] == x[r - 1][had]).all() and (y[r][had] == y[r - 1][had]).all(), r
print(f"new households ok: {count} at the start, {last} by tick {f['snapshots/tick'][-1]}")
