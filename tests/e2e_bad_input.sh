#!/usr/bin/env bash
# e2e_bad_input.sh: bad command lines, scenario files and damaged checkpoints: each exits
# with 2, says file:line: field: what (or names the option or file), and leaves no output
# file behind.
set -euo pipefail
: "${NABIJ:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf 'name: x\npopulation:\n  inhabitant: 100\n' > unknown.yaml
printf 'population:\n  inhabitants: many\n' > type.yaml
printf 'benefits:\n  art16_exception_rate: 1.5\n' > range.yaml
printf 'run:\n  ticks: [1\n' > syntax.yaml
printf 'base: nothere.yaml\n' > base.yaml
printf 'benefits:\n  kostendelersnorm: sometimes\n' > enum.yaml
fail=0
check() { # check EXPECTED_FRAGMENT ARGS...
  local want=$1; shift
  rm -rf out; mkdir out
  set +e; "$NABIJ" "$@" -o out/r.h5 > stdout.txt 2> stderr.txt; local rc=$?; set -e
  if [ $rc -ne 2 ]; then echo "FAIL ($*): exit $rc, want 2"; fail=1; fi
  if ! grep -qF -- "$want" stderr.txt; then echo "FAIL ($*): stderr lacks '$want':"; cat stderr.txt; fail=1; fi
  if [ -n "$(ls -A out)" ]; then echo "FAIL ($*): left output $(ls out)"; fail=1; fi
}
check "unknown.yaml:3: population.inhabitant: unknown key (did you mean 'inhabitants'?)" run unknown.yaml
check "type.yaml:2: population.inhabitants: 'many' is not an integer (allowed: 10 to 30000000 persons)" run type.yaml
check "range.yaml:2: benefits.art16_exception_rate: 1.5 is out of range (allowed: 0 to 1 probability)" run range.yaml
check "syntax.yaml:3: YAML: syntax error" run syntax.yaml
check "base.yaml:1: base: cannot open 'nothere.yaml'" run base.yaml
check "enum.yaml:2: benefits.kostendelersnorm: 'sometimes' is not a valid choice (allowed: strict|art16|abolished)" run enum.yaml
check "missing.yaml: cannot open scenario file" run missing.yaml
mkdir -p afolder
check "afolder: is a folder, not a scenario file" run afolder
# the same for a sweep file: exit status 2 and what is wrong, nothing written
for args in "afolder:is a folder, not a sweep file" "missing.yaml:cannot open: No such file"; do
  set +e; "$NABIJ" sweep "${args%%:*}" --output sw-out > stdout.txt 2> stderr.txt; rc=$?; set -e
  [ $rc -eq 2 ] && grep -qF -- "nabij sweep: ${args%%:*}: ${args#*:}" stderr.txt && [ ! -e sw-out ] ||
    { echo "FAIL (sweep ${args%%:*}): exit $rc"; cat stderr.txt; fail=1; }
done
# output names that cannot be a file are refused before the world is built (a national
# world takes seconds): empty, a folder (even with --force), under a file, on /proc; the
# same for the checkpoint file
outcheck() { # outcheck STATUS EXPECTED_FRAGMENT OUTPUT [ARGS...]
  local want_rc=$1 want=$2 o=$3; shift 3
  set +e; "$NABIJ" run --set run.ticks=2 -o "$o" "$@" > stdout.txt 2> stderr.txt; local rc=$?; set -e
  if [ $rc -ne "$want_rc" ] || ! grep -qF -- "$want" stderr.txt || grep -q "building a world" stderr.txt; then
    echo "FAIL (-o '$o' $*): exit $rc, want $want_rc and '$want':"; cat stderr.txt; fail=1
  fi
}
outcheck 2 "the file name of -o is empty" ""
outcheck 2 "afolder is a folder: name the file, e.g. -o afolder/run.h5" afolder --force
outcheck 2 "afolder/ is a folder: name the file, e.g. -o afolder/run.h5" afolder/
outcheck 2 "afolder is a folder: name the file, e.g. --checkpoint afolder/run.ckpt" r.h5 --checkpoint-every 1 --checkpoint afolder
[ ! -e r.h5 ] || { echo "FAIL: a refused checkpoint path left r.h5"; fail=1; }
[ -z "$(ls -A afolder)" ] || { echo "FAIL: a refused output left $(ls -A afolder) in afolder"; fail=1; }
touch afile
outcheck 1 "cannot create afile/r.h5.part: Not a directory" afile/r.h5
outcheck 1 "cannot create /proc/nabij-r.h5.part: " /proc/nabij-r.h5
[ ! -e .part ] && [ ! -e afolder.part ] || { echo "FAIL: a refused output left a .part"; fail=1; }
check "--set: run.ticks: 0 is out of range (allowed: 1 to 5200 ticks)" run --set run.ticks=0
check "--set: run.tick: unknown key (did you mean 'ticks'?)" run --set run.tick=5
check "--seed: '-1' is not a whole number" run --seed -1
check "--threads: 'zero' is not a whole number" run --threads zero
check "unknown or incomplete option '--bogus'" run --bogus
check "--checkpoint-keep needs --checkpoint-every" run --checkpoint-keep 2
check "--checkpoint-every: '30x' is neither a whole number of ticks from 1 to 1000000 nor a time such as 90s, 30m or 2h" run --checkpoint-every 30x
check "--checkpoint-keep: '0' is not a whole number from 1 to 1000" run --checkpoint-keep 0
check "population: household type shares add up to" run --set population.share_single=0.9
# damaged checkpoints (--from): the file named, the numbers that do not fit, no output
"$NABIJ" run -q --set population.inhabitants=300 --set run.ticks=3 --checkpoint-every 3 -o c.h5
"${PYTHON:-/usr/bin/python3}" - <<'PYEOF'
import h5py, os, shutil
# checkpoints of another version of the models: other capacities (and, to stand for a
# version before the checksums, without the capacities' checksum)
for name, kind, delta in (("cap.ckpt", 0, 1), ("ties.ckpt", 2, 100)):
    shutil.copy("c.h5.ckpt", name)
    with h5py.File(name, "r+") as f:
        cap = f["capacities"][()]
        cap[kind] += delta
        f["capacities"][...] = cap
        del f["capacities"].attrs["xxh3_64"]
# damaged after writing: a count changed (HDF5 itself would read it without complaint), and
# one byte of a column's data flipped on disk, under the file's own structure
shutil.copy("c.h5.ckpt", "count.ckpt")
with h5py.File("count.ckpt", "r+") as f:
    cnt = f["counts"][()]
    cnt[0] -= 1
    f["counts"][...] = cnt
shutil.copy("c.h5.ckpt", "flip.ckpt")
with h5py.File("flip.ckpt", "r") as f:
    d = f["columns/persons/birth_day"]
    at = (d.id.get_chunk_info(0).byte_offset if d.chunks else d.id.get_offset()) + 4 * 7 + 1
with open("flip.ckpt", "r+b") as fh:
    fh.seek(at)
    b = fh.read(1)
    fh.seek(at)
    fh.write(bytes([b[0] ^ 0x10]))
# a column cut short (fewer rows than the persons in use), its checksum kept: what a
# checkpoint copied by a tool that rewrites datasets could look like
shutil.copy("c.h5.ckpt", "short.ckpt")
with h5py.File("short.ckpt", "r+") as f:
    n = int(f["counts"][0])
    d = f["columns/persons/vulnerability"]
    keep, attrs = d[: n // 2], dict(d.attrs)
    del f["columns/persons/vulnerability"]
    f["columns/persons"].create_dataset("vulnerability", data=keep)
    for k, v in attrs.items():
        f["columns/persons/vulnerability"].attrs[k] = v
open("short.txt", "w").write("%d %d\n" % (n // 2, n))
# a digit of the stored scenario changed on disk (a hazard 0.05 becomes 0.06): the run would
# continue with another number without complaint but for the text's checksum
shutil.copy("c.h5.ckpt", "text.ckpt")
with h5py.File("text.ckpt", "r") as f:
    d = f["world_scenario"]
    key = b"onset_money_per_year: 0.05"
    at = d.id.get_offset() + d[()].index(key) + len(key) - 1
with open("text.ckpt", "r+b") as fh:
    fh.seek(at)
    fh.write(b"6")
shutil.copy("c.h5.ckpt", "cut.ckpt")
os.truncate("cut.ckpt", os.path.getsize("cut.ckpt") // 2)
# a checkpoint of a later layout
shutil.copy("c.h5.ckpt", "v2.ckpt")
with h5py.File("v2.ckpt", "r+") as f:
    f.attrs.modify("version", 2)
with h5py.File("c.h5.ckpt", "r") as f:
    cap = f["capacities"][()]
open("caps.txt", "w").write("%d %d\n" % (cap[0], cap[2]))
PYEOF
read -r pcap tcap < caps.txt
check "checkpoint cap.ckpt: model population: the checkpoint has capacity $((pcap + 1)) of persons, the scenario $pcap" run --from cap.ckpt
check "checkpoint ties.ckpt: column ties/from is missing, damaged or does not fit ($((tcap + 100)) rows of 4 bytes expected" run --from ties.ckpt
check "checkpoint count.ckpt is damaged: its contents do not match the checksums written with them" run --from count.ckpt
check "checkpoint flip.ckpt is damaged: column persons/birth_day does not match the checksum written with it" run --from flip.ckpt
check "checkpoint text.ckpt is damaged: its world_scenario does not match the checksum written with it" run --from text.ckpt
check "cut.ckpt is not a nabij checkpoint: not an HDF5 file, or damaged" run --from cut.ckpt
check "v2.ckpt is a nabij checkpoint of version 2; this nabij reads version 1" run --from v2.ckpt
check "c.h5 is a nabij run file, not a checkpoint: checkpoints are written by nabij run --checkpoint-every K" run --from c.h5
# a run file or another binary file given where a scenario or sweep belongs: named as such,
# not a YAML error at line 1 (and the file's name not twice)
check "c.h5: an HDF5 file (the output or a checkpoint of a run?), not a scenario (a YAML text file)" run c.h5
check "nabij compare: c.h5.ckpt: an HDF5 file" compare c.h5.ckpt baseline
head -c 3000 /dev/urandom > noise.bin; printf 'run:\0\n' >> noise.bin
check "noise.bin: a binary file, not a scenario (a YAML text file)" run noise.bin
for f in c.h5 noise.bin; do
  set +e; "$NABIJ" sweep $f --output sw-out > stdout.txt 2> stderr.txt; rc=$?; set -e
  [ $rc -eq 2 ] && grep -qF -- "nabij sweep: $f: a" stderr.txt && grep -qF "not a sweep (a YAML text file)" stderr.txt &&
    [ ! -e sw-out ] || { echo "FAIL (sweep $f): exit $rc"; cat stderr.txt; fail=1; }
done
# and the other way: a checkpoint given where a run file belongs
check "c.h5.ckpt is a nabij checkpoint, not a run file: give the run's output (nabij run -o FILE)" report c.h5.ckpt
read -r half persons < short.txt
check "checkpoint short.ckpt: column persons/vulnerability is missing, damaged or does not fit" run --from short.ckpt
# nabij verify checks every column without building a world
set +e
"$NABIJ" verify c.h5.ckpt flip.ckpt count.ckpt cut.ckpt text.ckpt short.ckpt > verify.txt; rc=$?
set -e
[ $rc -eq 1 ] || { echo "FAIL (verify): exit $rc, want 1"; fail=1; }
for want in "c.h5.ckpt: ok, checkpoint of tick 3: " \
            "flip.ckpt: DAMAGED: column persons/birth_day does not match the checksum written with it" \
            "count.ckpt: DAMAGED: checkpoint count.ckpt is damaged: its contents do not match the checksums" \
            "cut.ckpt: UNREADABLE: cannot be opened as an HDF5 file" \
            "text.ckpt: DAMAGED: checkpoint text.ckpt is damaged: its world_scenario does not match" \
            "short.ckpt: DAMAGED: column persons/vulnerability holds $half rows, fewer than the $persons in use"; do
  grep -qF -- "$want" verify.txt || { echo "FAIL (verify): lacks '$want':"; cat verify.txt; fail=1; }
done
[ $fail -eq 0 ] && echo "e2e_bad_input: ok"
exit $fail
