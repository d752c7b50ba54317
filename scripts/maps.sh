#!/usr/bin/env bash
# Set up, build, and render every bundled map (data/maps/*.json) into out/ as
# PNG, SVG and PDF, then the 成渝地区规划图集 report (data/reports/
# chengdu-chongqing-atlas.json) into out/report/: one PDF with contents and
# bookmarks, a PNG of every page, and each of its maps as a PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
mkdir -p out
status=0
# data/examples/: example maps over generated data (they say so on the map).
for spec in data/maps/*.json data/examples/*.json; do
    name=$(basename "$spec" .json)
    for fmt in png svg pdf; do
        if ./build/planmap render "$spec" -o "out/$name.$fmt"; then
            echo "rendered out/$name.$fmt"
        else
            status=1
        fi
    done
done

report=data/reports/chengdu-chongqing-atlas.json
if ./build/planmap batch "$report" -o out/report --quiet; then
    pdf=out/report/chengdu-chongqing-atlas.pdf
    pages=$(sed -n 's/^Pages: *//p' < <(pdfinfo "$pdf" 2>/dev/null) || true)
    echo "rendered the report $pdf${pages:+ ($pages pages)}"
    echo "  a PNG of every page: out/report/chengdu-chongqing-atlas-pages/"
    echo "  its maps as PNG: out/report/maps/ and out/report/zones/"
else
    status=1
fi
exit $status
