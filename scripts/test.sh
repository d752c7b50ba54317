#!/usr/bin/env bash
# Set up, build and run every test: once in a normal build, once with
# AddressSanitizer + UndefinedBehaviorSanitizer.
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
