#!/usr/bin/env bash
# deps.sh: installs the Debian 12 packages nabij needs, only those missing, with apt-get as
# root or through sudo. Sourced by quickstart.sh and test.sh; run alone it installs all.
# Usage: deps.sh [build|test|fuzz]   (test adds the packages the test suite needs, fuzz clang)
set -euo pipefail

NABIJ_BUILD_PKGS=(build-essential cmake pkg-config git libgsl-dev libhdf5-dev hdf5-tools
  libcyaml-dev libyaml-dev libxxhash-dev librandom123-dev libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core
  libcairo2-dev libopenmpi-dev openmpi-bin)
NABIJ_FUZZ_PKGS=(clang libomp-14-dev) # only for fuzzing campaigns by hand (docs/robustness.md)
NABIJ_TEST_PKGS=(libcmocka-dev python3-h5py python3-numpy xvfb xauth slurm-wlm slurmctld slurmd slurm-client munge
  imagemagick xdotool procps valgrind) # procps: pgrep (bench/smoke.sh) and free (tests/sweep_slurm.sh);
  # valgrind: callgrind for bench/icount.sh (bench_icount)

nabij_install_deps() {
  local want=("${NABIJ_BUILD_PKGS[@]}")
  [ "${1:-build}" = test ] && want+=("${NABIJ_TEST_PKGS[@]}")
  [ "${1:-build}" = fuzz ] && want+=("${NABIJ_FUZZ_PKGS[@]}")
  local missing=()
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "nabij: installing Debian packages: ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "nabij: need root or sudo to install ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

nabij_build() { # nabij_build BUILD_DIR [cmake args...]
  local dir=$1; shift
  cmake -S "$(dirname "${BASH_SOURCE[0]}")/.." -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  nabij_install_deps "${1:-test}"
fi
