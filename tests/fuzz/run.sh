#!/usr/bin/env bash
# Run every libFuzzer harness for SECONDS each (default 60) from its committed
# seed corpus. Usage: tests/fuzz/run.sh [SECONDS] [HARNESS...]
#
# Builds build-fuzz with clang (-DPM_FUZZ=ON) if needed. New inputs go to a
# scratch corpus under $PM_FUZZ_WORK (default build-fuzz/fuzz-work), so the
# committed corpus stays small; a crasher is left there as crash-* and the
# script exits non-zero. Add each crasher to tests/fuzz/corpus/<harness>/ and
# a case to tests/bad/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then   # every harness: tests/fuzz/fuzz_<name>.c
    for f in tests/fuzz/fuzz_*.c; do f=${f##*/fuzz_}; harnesses+=("${f%.c}"); done
fi
build=${PM_FUZZ_BUILD:-build-fuzz}
work=${PM_FUZZ_WORK:-$build/fuzz-work}

if ! command -v clang >/dev/null; then
    echo "fuzz: clang not found (scripts/setup.sh installs it)" >&2
    exit 2
fi
CC=clang CXX=clang++ cmake -S . -B "$build" -DPM_FUZZ=ON -DPM_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
cmake --build "$build" --target "${targets[@]}" -j"$(nproc)" >/dev/null

# GDAL, fontconfig and PROJ allocate process-wide caches on the first input,
# which libFuzzer's leak check would blame on it; leaks are checked by the
# ASan test run and valgrind instead, where suppressions name the caches.
# Set here, not inherited: scripts/test.sh exports its own for ctest.
export ASAN_OPTIONS=${PM_FUZZ_ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for h in "${harnesses[@]}"; do
    mkdir -p "$work/$h/corpus" "$work/$h/artifacts"
    echo "fuzz: $h for ${seconds}s"
    if ! "$build/tests/fuzz/fuzz_$h" -max_total_time="$seconds" -timeout=10 \
            -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="$work/$h/artifacts/" \
            "$work/$h/corpus" "tests/fuzz/corpus/$h" >"$work/$h/log" 2>&1; then
        echo "fuzz: $h FAILED; see $work/$h/log and $work/$h/artifacts/" >&2
        tail -40 "$work/$h/log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|cov:" "$work/$h/log" | tail -2
    fi
done
exit $status
