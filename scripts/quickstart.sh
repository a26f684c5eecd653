#!/usr/bin/env bash
# quickstart.sh: on a fresh Debian 12 machine, installs what is missing, builds nabij, and
# runs the embedded baseline scenario (25,000 inhabitants, 10 years of weekly ticks).
# Extra arguments go to `nabij run` (e.g. --seed 7 --force).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
nabij_install_deps build
nabij_build build
./build/nabij run "$@"
