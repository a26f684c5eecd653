#!/usr/bin/env bash
# e2e_builds.sh REFERENCE: this build's nabij and another build's (REFERENCE: scripts/test.sh
# gives the sanitizer build the optimised, profile-guided one) write the same bytes for the
# same seed and scenario: no optimisation may change a floating-point result (ISO C, no
# fast-math). Every dataset and attribute of the file, except those that say how the run
# was started (threads, command: the paths of the programs differ).
set -euo pipefail
: "${NABIJ:?}" "${PYTHON:?}" "${NABIJ_SRC:?}"
ref=${1:?usage: e2e_builds.sh REFERENCE_NABIJ}
[ -x "$ref" ] || { echo "e2e_builds: no reference nabij at $ref"; exit 1; }
[ "$(realpath "$ref")" != "$(realpath "$NABIJ")" ] || { echo "e2e_builds: the reference is this build's nabij"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
this_v=$("$NABIJ" --version) ref_v=$("$ref" --version)
echo "e2e_builds: $this_v against $ref_v"
# from the same sources (the file records the git hash): else a difference would prove nothing
[ "$(echo "$this_v" | cut -d' ' -f3 | tr -d '(,)')" = "$(echo "$ref_v" | cut -d' ' -f3 | tr -d '(,)')" ] ||
  { echo "e2e_builds: the two builds are of different sources; rebuild $ref"; exit 1; }
# the baseline (every mechanism of the default rules) and two scenarios that switch on
# others: network workers and family plans, the kostendelersnorm's exception
for scn in "" "$NABIJ_SRC/scenarios/eigen_kracht_plan.yaml" "$NABIJ_SRC/scenarios/kdn_art16.yaml"; do
  args=(--set population.inhabitants=8000 --set run.ticks=150 --seed 11 --quiet --threads 2)
  [ -z "$scn" ] || args=("$scn" "${args[@]}")
  "$NABIJ" run "${args[@]}" -o "$tmp/this.h5"
  "$ref" run "${args[@]}" -o "$tmp/ref.h5"
  "$PYTHON" "$NABIJ_SRC/tests/h5same.py" "$tmp/this.h5" "$tmp/ref.h5" --ignore-attr threads --ignore-attr command ||
    { echo "e2e_builds: the two builds differ on ${scn:-the baseline}"; exit 1; }
  rm -f "$tmp/this.h5" "$tmp/ref.h5"
done
echo "e2e_builds: ok"
