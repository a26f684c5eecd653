#!/usr/bin/env bash
# run.sh [nabij-bench options]: builds nabij (Release) in build-bench and prints the speed
# figures of README "Performance": person-ticks per second per core, tick/stream ratio,
# 1 vs 2 thread efficiency, peak memory per person, sweep overhead per run.
# Defaults: 200,000 inhabitants, 10 timed ticks after 3 warm-up ticks, 50 tiny sweep runs.
# --from CHECKPOINT times the ticks from a saved state (late in a run); --ticks-only skips the
# memory and sweep figures. --scenario FILE [--threads N] instead times one complete
# `nabij run FILE` (elapsed, CPU, peak memory, output size; the 10 minute and 8 GiB targets at
# national scale) beside the host's streaming speed. Either with --json FILE [--force]: the
# figures also as a JSON object. Progress on stderr, figures on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j2 --target nabij nabij-bench >/dev/null
exec ./build-bench/bench/nabij-bench "$@"
