#!/usr/bin/env bash
# ThreadSanitizer run of what uses threads: the stream, range, band, PNG and
# held-writes (two groups on two threads) unit tests, the batch whole-program
# test (forked workers, each with its share of the threads), the labels'
# threads test and renders of a bundled map with two threads.
# Usage: tests/tsan.sh [BUILD_DIR]     (default: build-tsan, configured here
# with -DPM_TSAN=ON). Fails if a report is left after tests/tsan.supp, which
# names only races inside uninstrumented system libraries (GDAL, Pango,
# fontconfig, GLib ...), and says so loudly when a report has a frame of
# planmap's own code (geo/, layers/, render/, cli/, core/ or a test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build-tsan}
jobs=$(nproc)

# The suppressions must never name planmap's own code: only library modules
# and library functions.
if grep -Ev '^[[:space:]]*(#|$)' tests/tsan.supp |
        grep -Eq '(^|[:/])(geo|layers|render|cli|core|tests)/|:pm_|planmap'; then
    echo "tsan: tests/tsan.supp names planmap code" >&2
    exit 2
fi

cmake -S . -B "$build" -DPM_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$jobs" >/dev/null

# Nor any function of planmap's (TSan matches a pattern anywhere in a name).
nm --defined-only "$build"/libplanmap.a "$build/planmap" 2>/dev/null |
    awk '$2 ~ /^[TtWw]$/ { print $3 }' | sort -u > "$build/tsan-ours.txt"
while read -r line; do
    case $line in ''|'#'*) continue ;; esac
    pat=${line#*:}
    pat=${pat#^}
    pat=${pat%$}
    re=$(printf '%s' "$pat" | sed 's/[].[\\+?(){}|^$]/\\&/g; s/\*/.*/g')
    if grep -Eq -- "$re" "$build/tsan-ours.txt"; then
        echo "tsan: tests/tsan.supp: '$line' matches planmap's own functions" >&2
        exit 2
    fi
done < tests/tsan.supp

# Some kernels map libraries where TSan's shadow memory goes ("FATAL:
# ThreadSanitizer: unexpected memory mapping"); without address-space
# randomisation they do not.
run=()
if ! "$build/planmap" --version >/dev/null 2>"$build/tsan-probe.err" &&
        grep -q "unexpected memory mapping" "$build/tsan-probe.err"; then
    command -v setarch >/dev/null || { echo "tsan: needs setarch -R on this kernel" >&2; exit 2; }
    run=(setarch "$(uname -m)" -R)
fi

work=$root/$build/tsan-work
rm -rf "$work"
mkdir -p "$work/logs"
# Every process (batch workers too) writes its reports to a file of its own;
# exitcode=0 lets a test go on so that all reports are collected.
# PM_TSAN_SUPP=/dev/null shows every report, the libraries' too.
supp=${PM_TSAN_SUPP:-$root/tests/tsan.supp}
export TSAN_OPTIONS="suppressions=$supp log_path=$work/logs/tsan exitcode=0 \
second_deadlock_stack=1 history_size=4 halt_on_error=0 print_suppressions=1"
export PM_SOURCE_DIR=$root CMOCKA_MESSAGE_OUTPUT=stdout PLANMAP_THREADS=2

status=0
step() {  # name command...: runs, and notes a failing test
    local name=$1
    shift
    local t0=$SECONDS
    if "${run[@]}" "$@" >"$work/$name.out" 2>&1; then
        echo "tsan: $name passed ($((SECONDS - t0)) s)"
    else
        echo "tsan: $name FAILED (see $work/$name.out)" >&2
        tail -20 "$work/$name.out" >&2
        status=1
    fi
}

for t in test_geo_threads test_render_threads test_render_png test_render_stream test_core_write_group; do
    step "$t" "$build/tests/$t"
done
PLANMAP=$root/$build/planmap PM_IMGCHECK=$root/$build/tests/pm_imgcheck \
PM_WORK=$work/batch step cli_batch bash tests/cli/batch.sh
# Labels searched ahead on a copy of the collision index while the placing
# thread places, halos made on the workers (a crowded map, 1 to 3 threads).
PLANMAP=$root/$build/planmap PM_WORK=$work/labels step cli_label_threads bash tests/cli/label_threads.sh
# A bundled map as PNG (through zlib: deflated in bands, one per thread)
# and as PDF.
PLANMAP_PNG_DEFLATE=zlib step render-png "$build/planmap" render \
    data/maps/001-park-city-structure.json -o "$work/001.png" --dpi 150
step render-pdf "$build/planmap" render data/maps/001-park-city-structure.json -o "$work/001.pdf"

# One report per "WARNING: ThreadSanitizer" block, up to its SUMMARY line.
reports=0 ours=0
for log in "$work"/logs/tsan.*; do
    [ -e "$log" ] || continue
    n=$(grep -c '^WARNING: ThreadSanitizer' "$log" || true)
    reports=$((reports + n))
    m=$(awk -v root="$root/" '
        /^WARNING: ThreadSanitizer/ { inrep = 1; hit = 0 }
        inrep && index($0, root) && $0 ~ ("(geo|layers|render|cli|core|tests)/") { hit = 1 }
        /^SUMMARY: ThreadSanitizer/ { if (inrep && hit) n++; inrep = 0 }
        END { print n + 0 }' "$log")
    ours=$((ours + m))
    if [ "$n" -gt 0 ]; then
        echo "tsan: $n report(s), $m with planmap frames, in $log" >&2
        status=1
    fi
done
# What tests/tsan.supp hid, by entry (print_suppressions=1).
cat "$work"/logs/tsan.* 2>/dev/null | awk '
    /^ThreadSanitizer: Matched/ { on = 1; next }
    on && /^[0-9]+ / { n[$2] += $1; next }
    { on = 0 }
    END { for (k in n) printf "tsan: suppressed %d x %s\n", n[k], k }'
echo "tsan: $reports report(s) left after tests/tsan.supp, $ours with a frame of planmap's code"
exit $status
