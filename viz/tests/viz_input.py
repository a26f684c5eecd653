"""viz_input.py replay RUN.h5 DIR | workshop DIR: real key presses and mouse clicks, sent
through the X server (xdotool, XTest) to a nabij-view window under Xvfb. Each input must
change what the viewer reports on its own: the --trace lines (view state, status message,
layout), the screenshots it writes on P, the frames it records on R, the session file it
saves on S, and its exit status on Q. Run inside xvfb-run; NABIJ_VIEW names the viewer."""
import os
import queue
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import h5py  # noqa: E402
import pngread  # noqa: E402

WAIT = 8.0  # seconds an input may take to show; a broken handler fails after this


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


class Viewer:
    """A nabij-view window started with --trace; reads its lines as they come."""

    def __init__(self, args, cwd):
        self.cwd = cwd
        self.err = open(os.path.join(cwd, "stderr.txt"), "w")
        self.p = subprocess.Popen([os.environ["NABIJ_VIEW"], "--trace"] + args, cwd=cwd,
                                  stdout=subprocess.PIPE, stderr=self.err, text=True)
        self.q = queue.Queue()
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()
        self.view = self.layout = None
        self.message = ""
        self.wid = None

    def _read(self):
        for line in self.p.stdout:
            self.q.put(line.rstrip("\n"))
        self.q.put(None)

    def _take(self, line):
        self.lines.append(line)
        kind, _, rest = line.partition(" ")
        if kind == "view":
            w = rest.split()
            self.view = {w[i]: w[i + 1] for i in range(0, len(w) - 1, 2)}
            for k in ("tick", "playing", "selected", "help", "recording"):
                self.view[k] = int(self.view[k])
            self.view["speed"] = float(self.view["speed"])
        elif kind == "layout":
            w = rest.split()
            self.layout = {}
            i = 0
            while i < len(w):
                j = i + 1
                while j < len(w) and not w[j].isalpha():
                    j += 1
                self.layout[w[i]] = w[i + 1:j]
                i = j
        elif kind == "message":
            self.message = rest

    def wait(self, what, pred, timeout=WAIT):
        """Read lines until pred() holds on the state they leave; fail after timeout."""
        end = time.monotonic() + timeout
        while not pred():
            left = end - time.monotonic()
            try:
                line = self.q.get(timeout=max(left, 0.01))
            except queue.Empty:
                line = ""
            if line is None or (line == "" and time.monotonic() >= end):
                why = "the viewer ended" if line is None else f"not seen within {timeout:.0f} s"
                fail(f"{what}: {why}; last lines:\n  " + "\n  ".join(self.lines[-6:]))
            if line:
                self._take(line)

    def quiet(self, what, seconds=0.6):
        """No view line for a while: the state holds still."""
        before = len(self.lines)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                line = self.q.get(timeout=max(end - time.monotonic(), 0.01))
            except queue.Empty:
                break
            if line:
                self._take(line)
        moved = [s for s in self.lines[before:] if s.startswith("view ")]
        if moved:
            fail(f"{what}: the view still changes: {moved}")

    def window(self):
        out = xdo("search", "--sync", "--name", "^nabij-view$").split()
        self.wid = out[0]
        xdo("windowfocus", "--sync", self.wid)
        xdo("mousemove", "--window", self.wid, "5", "5")

    def key(self, *keys):
        xdo("key", "--delay", "40", *keys)

    def click(self, x, y, button="1"):
        xdo("mousemove", "--window", self.wid, str(int(x)), str(int(y)), "click", button)

    def shot(self, what):
        """Press P; returns the rows of the screenshot the viewer says it saved."""
        self.key("p")
        self.wait(f"{what}: P saves a screenshot", lambda: self.message.startswith("saved "))
        path = os.path.join(self.cwd, self.message.split()[1])
        self.message = ""
        w, h, rows = pngread.read(path)
        if (w, h) != (1280, 800):
            fail(f"{path} is {w}x{h}, not the window's 1280x800")
        return rows

    def quit(self):
        self.key("q")
        try:
            rc = self.p.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            fail("Q: the viewer is still running")
        self.err.close()
        if rc != 0:
            fail(f"Q: exit status {rc}: " + open(os.path.join(self.cwd, "stderr.txt")).read())

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def xdo(*args):
    r = subprocess.run(["xdotool"] + list(args), capture_output=True, text=True, timeout=30)
    if r.returncode:
        fail(f"xdotool {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def differ(a, b, rect):
    """Share of the pixels of rect (x, y, w, h) that differ between two screenshots."""
    x0, y0, w, h = (int(v) for v in rect)
    n = sum(a[y][x] != b[y][x] for y in range(y0, y0 + h) for x in range(x0, x0 + w))
    return n / (w * h)


def dump(path):
    r = subprocess.run([os.environ["NABIJ_VIEW"], "--dump", path], capture_output=True,
                       text=True, check=True)
    return r.stdout.splitlines()


def replay(run, d):
    info = dump(run)
    ticks = int(next(s for s in info if s.startswith("ticks ")).split()[1])
    start_hh = int(next(s for s in info if s.startswith("map ")).split()[2])
    colors = [s.split()[1].split("/")[1] for s in info if s.startswith("column households/")]
    colors = [c for c in colors if c not in ("x", "y")]
    with h5py.File(run, "r") as f:
        hx = f["static/households/x"][:start_hh]
        hy = f["static/households/y"][:start_hh]
    cells = {}
    for h in range(start_hh):
        cells.setdefault((int(hx[h]), int(hy[h])), []).append(h)

    v = Viewer([run, "--speed", "8"], d)
    try:
        v.wait("start", lambda: v.view is not None and v.layout is not None, timeout=30)
        v.window()
        s0 = dict(v.view)
        if (s0["tick"], s0["playing"], s0["selected"], s0["help"]) != (0, 0, -1, 0):
            fail(f"start state {s0}")
        ox, oy, cell = (float(x) for x in v.layout["map"])
        story, legend = v.layout["story"], v.layout["legend"]
        tl = [int(x) for x in v.layout["timeline"]]
        helprect = [int(x) for x in v.layout["help"]]
        checks = []

        # time: arrows, Shift, Home, End move the cursor and the date shown
        v.key("Right")
        v.wait("Right", lambda: v.view["tick"] == 1)
        if v.view["date"] == s0["date"]:
            fail(f"Right: the date stays {s0['date']}")
        d1 = v.view["date"]
        v.key("shift+Right")
        v.wait("Shift+Right", lambda: v.view["tick"] == 11)
        v.key("Left")
        v.wait("Left", lambda: v.view["tick"] == 10)
        v.key("End")
        v.wait("End", lambda: v.view["tick"] == ticks)
        v.key("Home")
        v.wait("Home", lambda: v.view["tick"] == 0 and v.view["date"] == s0["date"])
        checks.append(f"time keys: ticks 1, 11, 10, {ticks}, 0; dates {s0['date']} -> {d1}")

        # speed, then play and pause
        v.key("Up")
        v.wait("Up", lambda: v.view["speed"] == 16)
        v.key("Down", "Down")
        v.wait("Down Down", lambda: v.view["speed"] == 4)
        v.key("space")
        v.wait("Space plays", lambda: v.view["playing"] == 1)
        v.wait("playing moves time", lambda: v.view["tick"] >= 2, timeout=10)
        v.key("space")
        v.wait("Space pauses", lambda: v.view["playing"] == 0)
        v.quiet("paused")
        paused = v.view["tick"]
        checks.append(f"speed 8 -> 16 -> 4; Space played to tick {paused} and paused there")

        # colour: C, Shift+C and the mouse wheel cycle the household columns in file order
        c0 = v.view["color"]
        nxt = colors[(colors.index(c0) + 1) % len(colors)]
        a = v.shot("start")
        v.key("c")
        v.wait("C", lambda: v.view["color"] == nxt)
        b = v.shot("after C")
        dl = differ(a, b, legend)
        if dl < 0.005:
            fail(f"C: the legend did not change on the screenshot ({dl:.4f})")
        v.key("shift+c")
        v.wait("Shift+C", lambda: v.view["color"] == c0)
        v.click(5, 5, "5")
        v.wait("wheel down", lambda: v.view["color"] == nxt)
        v.click(5, 5, "4")
        v.wait("wheel up", lambda: v.view["color"] == c0)
        checks.append(f"colour {c0} -> {nxt} (legend {dl:.3f} of its pixels changed) -> {c0}, "
                      "wheel the same")

        # a click on a household cell follows that household (the one the file puts there)
        picks = [hs[0] for (cx, cy), hs in sorted(cells.items()) if len(hs) == 1 and cx != cy]
        h1, h2 = picks[len(picks) // 3], picks[2 * len(picks) // 3]
        for h in (h1, h2):
            v.click(ox + (hx[h] + 0.5) * cell, oy + (hy[h] + 0.5) * cell)
            v.wait(f"click on household {h} at cell ({hx[h]}, {hy[h]})",
                   lambda: v.view["selected"] == h and v.message == f"following household {h}")
        c = v.shot("after the clicks")
        ds = differ(a, c, story)
        if ds < 0.02:
            fail(f"click: the story panel did not change on the screenshot ({ds:.4f})")
        empty = next((x, y) for y in range(int(v.layout["grid"][0].split("x")[1]))
                     for x in range(int(v.layout["grid"][0].split("x")[0]))
                     if (x, y) not in cells)
        v.click(ox + (empty[0] + 0.5) * cell, oy + (empty[1] + 0.5) * cell)
        v.wait(f"click on the empty cell {empty}", lambda: v.view["selected"] == -1)
        v.click(ox + (hx[h1] + 0.5) * cell, oy + (hy[h1] + 0.5) * cell)
        v.wait("click again", lambda: v.view["selected"] == h1)
        checks.append(f"clicks select households {h1} and {h2} (story panel {ds:.3f} changed), "
                      f"empty cell {empty} selects none")

        # help: H shows the overlay (on the screenshot too), Esc closes it, Esc unfollows
        v.key("h")
        v.wait("H", lambda: v.view["help"] == 1)
        hs = v.shot("help")
        share = pngread.share(hs, *helprect, 0x10121c)
        if share < 0.8:
            fail(f"H: the help overlay covers {share:.2f} of its place on the screenshot")
        v.key("Escape")
        v.wait("Esc closes help", lambda: v.view["help"] == 0 and v.view["selected"] == h1)
        v.key("Escape")
        v.wait("Esc unfollows", lambda: v.view["selected"] == -1)
        v.key("F1")
        v.wait("F1", lambda: v.view["help"] == 1)
        v.key("h")
        v.wait("H again", lambda: v.view["help"] == 0)
        checks.append(f"help on (overlay {share:.2f} of its place), Esc, Esc, F1, H")

        # the timeline: a click scrubs to the tick under the pointer, a drag follows it
        bar_x, bar_w, ty = tl[0] + 70, tl[2] - 140, tl[1] + tl[3] // 2

        def tick_x(t):
            return bar_x + t / ticks * (bar_w - 1)
        v.click(tick_x(ticks // 2), ty)
        v.wait("click on the timeline", lambda: abs(v.view["tick"] - ticks // 2) <= 1)
        xdo("mousedown", "1")
        for t in (ticks // 2 + 4, ticks // 2 + 8, 3 * ticks // 4):
            xdo("mousemove", "--window", v.wid, str(int(tick_x(t))), str(ty))
        v.wait("drag on the timeline", lambda: abs(v.view["tick"] - 3 * ticks // 4) <= 1)
        xdo("mouseup", "1")
        xdo("mousemove", "--window", v.wid, str(int(tick_x(2))), str(ty))
        v.quiet("moving after the drag")
        checks.append(f"timeline click to {ticks // 2}, drag to {3 * ticks // 4}")

        # R records one frame per tick moved while on
        v.key("r")
        v.wait("R", lambda: v.view["recording"] == 1)
        t = v.view["tick"]
        v.key("Right")
        v.wait("Right while recording", lambda: v.view["tick"] == t + 1)
        v.key("Right")
        v.wait("Right while recording", lambda: v.view["tick"] == t + 2)
        v.key("r")
        v.wait("R stops", lambda: v.view["recording"] == 0)
        v.key("Right")
        v.wait("Right after recording", lambda: v.view["tick"] == t + 3)
        v.quiet("after recording")
        rec = os.path.join(d, "frames")
        frames = sorted(os.listdir(rec)) if os.path.isdir(rec) else []
        if frames != [f"frame-00000{i}.png" for i in range(3)]:
            fail(f"R, Right, Right, R, Right: recorded {frames}, not the 3 ticks shown meanwhile")
        rows = [pngread.read(os.path.join(rec, f))[2] for f in frames]
        for i in (0, 1):
            if differ(rows[i], rows[i + 1], tl) == 0:
                fail(f"R: frames {i} and {i + 1} show the same timeline")
        checks.append(f"R recorded ticks {t}, {t + 1}, {t + 2} as 3 frames, none after R again")

        v.quit()
        checks.append("Q: exit status 0")
    finally:
        v.kill()
    return checks


def workshop(d):
    out = os.path.join(d, "session.h5")
    v = Viewer(["--live", "baseline", "--set", "population.inhabitants=2000", "--set",
                "run.ticks=40", "-o", out], d)
    checks = []
    try:
        v.wait("start", lambda: v.view is not None, timeout=60)
        v.window()
        for t in (1, 2, 3):
            v.key("Right")
            v.wait(f"Right runs tick {t}", lambda: v.view["tick"] == t, timeout=20)
        said = []
        for k in ("1", "2"):
            v.message = ""
            v.key(k)
            v.wait(f"key {k} switches a lever", lambda: v.message.startswith("tick 3: "))
            said.append(v.message)
        v.key("space")
        v.wait("Space runs the session", lambda: v.view["playing"] == 1 and v.view["tick"] >= 6,
               timeout=30)
        v.key("space")
        v.wait("Space pauses", lambda: v.view["playing"] == 0)
        v.quiet("paused")
        t = v.view["tick"]
        v.key("s")
        v.wait("S saves", lambda: v.message == f"session saved: {out}")
        v.quit()
        if "not saved" in open(os.path.join(d, "stderr.txt")).read():
            fail("Q after S: the viewer says the session was not saved")
    finally:
        v.kill()
    if os.path.exists(out + ".part") or not os.path.exists(out):
        fail(f"S: {out} is not there, or its .part is left")
    with h5py.File(out, "r") as f:
        status = f["status"][()].split(b"\0")[0].decode()
        levers = [(int(tk), a.split(b"\0")[0].decode()) for tk, a in f["levers"][()]]
        n = len(f["timeseries/households_kdn_cut"])
    if status != "complete" or n < t:
        fail(f"S: status {status}, {n} ticks saved, the window showed tick {t}")
    # the file holds the switches the window announced, at the tick they were made
    want = []
    for m in said:
        label, value = m[len("tick 3: "):].rsplit(" -> ", 1)
        want.append((3, value))
    got = [(tk, a.split("=", 1)[1]) for tk, a in levers]
    if got != want or levers[0][1].split("=")[0] != "benefits.kostendelersnorm":
        fail(f"1, 2: the window said {said}, the file has {levers}")
    checks.append(f"Right ran ticks 1-3; keys 1, 2: {said}; Space ran to tick {t}; "
                  f"S saved {n} ticks, complete, levers {levers}; Q: exit status 0")

    # quitting an unsaved session removes its .part file and says so
    out2 = os.path.join(d, "unsaved.h5")
    v = Viewer(["--live", "baseline", "--set", "population.inhabitants=2000", "-o", out2], d)
    try:
        v.wait("start", lambda: v.view is not None, timeout=60)
        v.window()
        v.key("Right")
        v.wait("Right runs tick 1", lambda: v.view["tick"] == 1, timeout=20)
        if not os.path.exists(out2 + ".part"):
            fail("the running session has no .part file")
        v.quit()
    finally:
        v.kill()
    if os.path.exists(out2 + ".part") or os.path.exists(out2):
        fail("Q without S left a session file")
    if "session not saved" not in open(os.path.join(d, "stderr.txt")).read():
        fail("Q without S: no word that the session was not saved")
    checks.append("Q without S: .part removed, 'session not saved' said")
    return checks


def main():
    if not shutil.which("xdotool"):
        fail("xdotool is not installed (bash scripts/deps.sh test)")
    if not os.environ.get("DISPLAY"):
        fail("no X display: run under xvfb-run")
    t0 = time.monotonic()
    d = sys.argv[-1]
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    checks = replay(sys.argv[2], d) if sys.argv[1] == "replay" else workshop(d)
    for c in checks:
        print("ok:", c)
    print(f"viz_input {sys.argv[1]}: {len(checks)} checks in {time.monotonic() - t0:.1f} s")


if __name__ == "__main__":
    main()
