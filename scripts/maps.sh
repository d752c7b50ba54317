#!/usr/bin/env bash
# Set up, build, and render every bundled map (data/maps/*.json) into out/ as
# PNG, SVG and PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
mkdir -p out
status=0
for spec in data/maps/*.json; do
    name=$(basename "$spec" .json)
    for fmt in png svg pdf; do
        if ./build/planmap render "$spec" -o "out/$name.$fmt"; then
            echo "rendered out/$name.$fmt"
        else
            status=1
        fi
    done
done
exit $status
