#!/usr/bin/env bash
# e2e_threads.sh: the same seed gives the same file at 1 and 2 threads (every dataset and
# attribute bit for bit, except the `threads` and `command` attributes that record how it ran),
# and byte-identical files at equal settings; another seed gives another result. More
# threads than processors are warned about.
set -euo pipefail
: "${NABIJ:?}" "${PYTHON:?}" "${NABIJ_SRC:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
args=(--set population.inhabitants=6000 --set run.ticks=60 --seed 5 --quiet)
mkdir "$tmp/x" "$tmp/y"
"$NABIJ" run "${args[@]}" --threads 1 -o "$tmp/t1.h5"
"$NABIJ" run "${args[@]}" --threads 2 -o "$tmp/x/t2.h5"
"$PYTHON" "$NABIJ_SRC/tests/h5same.py" "$tmp/t1.h5" "$tmp/x/t2.h5" --ignore-attr threads --ignore-attr command
# the same command twice (run from two folders, same relative output): the same bytes
(cd "$tmp/x" && "$NABIJ" run "${args[@]}" --threads 2 -o out.h5)
sleep 1.1 # a wall-clock time anywhere in the file would now differ
(cd "$tmp/y" && "$NABIJ" run "${args[@]}" --threads 2 -o out.h5)
cmp "$tmp/x/out.h5" "$tmp/y/out.h5"
"$NABIJ" run --set population.inhabitants=6000 --set run.ticks=60 --seed 6 --quiet -o "$tmp/s6.h5"
if "$PYTHON" "$NABIJ_SRC/tests/h5same.py" "$tmp/t1.h5" "$tmp/s6.h5" --ignore-attr threads --ignore-attr command --ignore-attr seed >/dev/null; then
  echo "another seed gave the same result"; exit 1
fi
# more threads than the processors the process may use (here: one, by taskset): warned,
# also with --quiet, and the file is still the same; as many as it may use: no warning
"$NABIJ" run "${args[@]}" --threads 1 -o "$tmp/one.h5" 2> "$tmp/w1.txt"
[ ! -s "$tmp/w1.txt" ] || { echo "a warning at 1 thread: $(cat "$tmp/w1.txt")"; exit 1; }
taskset -c 0 "$NABIJ" run "${args[@]}" --threads 2 -o "$tmp/pinned.h5" 2> "$tmp/w2.txt"
grep -q "^nabij run: warning: --threads 2 is more than the 1 processor this process may use" "$tmp/w2.txt" ||
  { echo "no warning for 2 threads on one processor: $(cat "$tmp/w2.txt")"; exit 1; }
"$PYTHON" "$NABIJ_SRC/tests/h5same.py" "$tmp/t1.h5" "$tmp/pinned.h5" --ignore-attr threads --ignore-attr command
echo "e2e_threads: ok"
