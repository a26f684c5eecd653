#!/usr/bin/env bash
# test.sh: on a fresh Debian 12 machine, installs what is missing, builds nabij with
# -Werror, runs every test through ctest, then builds again with ASan and UBSan and runs
# every test there too (leaks included), except those labelled "no_sanitizer"; there,
# e2e_builds compares the output of the two builds.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
nabij_install_deps test
nabij_build build -DNABIJ_WERROR=ON -DNABIJ_REQUIRE_TESTS=ON
(cd build && ctest --output-on-failure --no-tests=error -j 2)
# e2e_builds: the sanitizer build writes the same bytes as the optimised one
nabij_build build-asan -DNABIJ_WERROR=ON -DNABIJ_REQUIRE_TESTS=ON -DNABIJ_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
  -DNABIJ_REFERENCE_NABIJ="$PWD/build/nabij"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest --output-on-failure --no-tests=error -j 2 -LE '^no_sanitizer$')
