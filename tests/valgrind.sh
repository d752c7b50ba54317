#!/usr/bin/env bash
# Render the bundled maps under valgrind memcheck: no invalid reads or
# writes, no use of uninitialised values, no definite leaks (library caches
# are named in tests/valgrind.supp). Usage:
#   tests/valgrind.sh [BUILD_DIR] [SPEC...]     (default: build, data/maps/*.json)
# Every map is drawn as a PNG at 36 dpi (memcheck is ~30x slower; the
# drawing code is the same at any resolution), and the first map also as SVG
# and PDF for those backends; maps run in parallel, one per core.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
specs=("$@")
((${#specs[@]})) || specs=(data/maps/*.json)
planmap=$build/planmap
[ -x "$planmap" ] || { echo "valgrind: $planmap not built" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind: not installed (scripts/setup.sh installs it)" >&2; exit 2; }
work=$build/valgrind-work
rm -rf "$work"
mkdir -p "$work"

jobs=()
for spec in "${specs[@]}"; do jobs+=("$spec png"); done
jobs+=("${specs[0]} svg" "${specs[0]} pdf")

run_one() {  # spec format
    local spec=$1 fmt=$2 name
    name=$(basename "$spec" .json).$fmt
    if valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
            --show-leak-kinds=definite --track-origins=yes --num-callers=30 \
            --suppressions=tests/valgrind.supp --log-file="$work/$name.log" \
            "$planmap" render "$spec" -o "$work/$name" --dpi 36 2>"$work/$name.err"; then
        echo "valgrind: $name clean"
    else
        echo "valgrind: $name FAILED (see $work/$name.log)" >&2
        head -60 "$work/$name.log" "$work/$name.err" >&2
        return 1
    fi
}
export -f run_one
export planmap work

status=0
printf '%s\n' "${jobs[@]}" | xargs -P "$(nproc)" -L 1 bash -c 'run_one "$0" "$1"' || status=1
if [ $status -eq 0 ]; then
    echo "${#jobs[@]} passed, 0 failed"
fi
exit $status
