#!/usr/bin/env bash
# Set up, build and run every test: once in a normal build, once with
# AddressSanitizer + UndefinedBehaviorSanitizer; then bundled maps under
# valgrind memcheck and a short libFuzzer smoke run (docs/errors.md).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/setup.sh --tests build
(cd build && ctest --output-on-failure -j"$jobs")

scripts/setup.sh --tests build-asan -DPM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
# Fontconfig, GLib and GDAL keep process-wide caches that live until exit;
# tests/lsan.supp names them so that only our own leaks are reported.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
(cd build-asan && ctest --output-on-failure -j"$jobs")

# Bundled maps under valgrind memcheck: a reduced set here (about 2 minutes:
# one map with points, labels and a table as PNG, one as PNG, SVG and PDF);
# `tests/valgrind.sh build` checks every map (about 7 minutes on 2 cores).
tests/valgrind.sh build data/maps/001-park-city-structure.json data/maps/004-chongqing-projects.json

# libFuzzer smoke run, 20 s per harness from the committed corpus (clang is
# installed by scripts/setup.sh --tests; skipped where it is missing).
if command -v clang >/dev/null; then
    tests/fuzz/run.sh 20
else
    echo "test: clang not found, fuzz smoke run skipped" >&2
fi
