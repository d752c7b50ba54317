#!/usr/bin/env bash
# The benchmark matrix, scale curve and atlas in one command (bench/README.md).
# Usage: bench/matrix.sh [quick|full]     (default full: hours on 2 cores)
# Env:   RUNS=3           runs per cell and tool (quick: 1)
#        CELLS="--formats geojson --crs tmerc ..."   a part of the matrix (matrix.py cells)
#        COUNTS=10000,...,10000000   the scale curve's feature counts (quick: 10^4, 10^5)
#        SKIP_CELLS=1 / SKIP_SCALE=1 / SKIP_ATLAS=1
#        PLANMAP_SRC=tree  measure the working tree instead of the last commit
# Writes bench/work/matrix.jsonl (the previous one kept as matrix.jsonl.old),
# bench/work/matrix.md (the tables), the PNGs in bench/work/matrix/out.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
work=$bench/work
build=$root/build-bench
PY=/usr/bin/python3
mode=${1:-full}
case $mode in
quick) RUNS=${RUNS:-1}; COUNTS=${COUNTS:-10000,100000}; CELLS=${CELLS:---quick} ;;
full) RUNS=${RUNS:-3}; COUNTS=${COUNTS:-10000,100000,1000000,10000000}; CELLS=${CELLS:-} ;;
*) echo "usage: bench/matrix.sh [quick|full]" >&2; exit 2 ;;
esac
mkdir -p "$work"
. "$bench/prepare.sh"

echo "matrix.sh: data in $work/data (made once)"
$PY "$bench/matrix_data.py" "$work/data"
df -h "$work" | tail -1

[ -f "$work/matrix.jsonl" ] && mv "$work/matrix.jsonl" "$work/matrix.jsonl.old"
mkdir -p "$work/matrix"
{
    echo "planmap commit: $commit"
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), mode $mode, runs $RUNS"
} > "$work/matrix/load.txt"
M() { $PY "$bench/matrix.py" "$@"; }
# shellcheck disable=SC2086  # CELLS is a list of options
[ -n "${SKIP_CELLS:-}" ] || M cells "$work" "$planmap" --runs "$RUNS" $CELLS
[ -n "${SKIP_SCALE:-}" ] || M scale "$work" "$planmap" --runs "$RUNS" --counts "$COUNTS"
[ -n "${SKIP_ATLAS:-}" ] || M atlas "$work" "$planmap" --runs "$RUNS"
df -h "$work" | tail -1
{ cat "$work/matrix/load.txt"; M report "$work"; } | tee "$work/matrix.md"
echo "matrix.sh: tables in $work/matrix.md, pictures in $work/matrix/out"
