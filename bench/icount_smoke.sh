#!/usr/bin/env bash
# icount_smoke.sh NABIJ: bench/icount.sh counts a small run's tick instructions; the count is
# the same on a second run (the point of counting instead of timing), every phase of the
# tick is listed, the shares add up to the whole, and a bad argument is refused (exit 2).
set -euo pipefail
nabij=$1 here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
for k in 1 2; do
    bash "$here/icount.sh" --nabij "$nabij" --inhabitants 2000 --ticks 2 > "$tmp/$k.txt" 2> "$tmp/$k.err" ||
        fail "icount.sh failed: $(cat "$tmp/$k.err")"
done
cat "$tmp/1.txt"
cmp -s "$tmp/1.txt" "$tmp/2.txt" || fail "two counts of the same run differ: $(diff "$tmp/1.txt" "$tmp/2.txt")"
grep -q "^icount: 2 ticks of a fresh world of 2000 inhabitants, one thread, callgrind$" "$tmp/1.txt" ||
    fail "no heading"
"${PYTHON:-/usr/bin/python3}" - "$tmp/1.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
per, total, pt = re.search(r"instructions per person-tick: ([\d.]+) \(([\d,]+) in the ticks, ([\d,]+) person-ticks\)", text).groups()
per, total, pt = float(per), int(total.replace(",", "")), int(pt.replace(",", ""))
assert 3000 <= pt <= 5000, pt                     # two ticks of about 2,000 persons
assert abs(per - total / pt) <= 0.05 + 1e-9 * total, (per, total, pt)
assert 100 < per < 100000, per                    # a tick does something, and not absurdly much
rows = re.findall(r"^  (\S.*?)\s+([\d.]+)\s+([\d.]+) %$", text, re.M)
names = {r[0] for r in rows}
for phase in ["pop", "hh", "ben", "fraud", "let", "san", "net", "prob", "hs", "team", "gp", "spec", "out"]:
    assert phase in names, (phase, names)
share = sum(float(r[2]) for r in rows)
assert 99.0 <= share <= 101.0, share              # phases, engine and rest: the whole tick
print(f"icount smoke ok: {per} instructions per person-tick, shares add to {share:.1f} %")
PY
if bash "$here/icount.sh" --nabij "$nabij" --ticks 0 2> "$tmp/bad.err"; then fail "--ticks 0 accepted"; else rc=$?; fi
[ "$rc" = 2 ] || fail "--ticks 0 exited $rc, not 2"
grep -q "ticks must be a whole number from 1" "$tmp/bad.err" || fail "no clear error: $(cat "$tmp/bad.err")"
echo "icount_smoke: ok"
