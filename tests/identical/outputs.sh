#!/usr/bin/env bash
# Render every output the byte-identity check compares into the current
# folder and print "sha256  name" for each, sorted by name.
#   outputs.sh PLANMAP SOURCE_DIR
# The bundled maps in PNG, SVG, PDF and GeoTIFF with their label boxes and a
# world file; the synthetic layers of make_data.py (streamed, banded, lines,
# labels) in every format, drawn on one thread and on two. A PNG's sum is of its
# chunks with the image data inflated (tests/tools/pngsum.py).
set -euo pipefail
planmap=$1 src=$2
for spec in "$src"/data/maps/*.json; do
    name=$(basename "$spec" .json)
    "$planmap" render "$spec" -o "$name.png" --labels-json "$name.labels.json" --world-file
    for fmt in svg pdf tif; do
        "$planmap" render "$spec" -o "$name.$fmt"
    done
done
mkdir -p synthetic
python3 "$src/tests/identical/make_data.py" synthetic
(
    cd synthetic
    PLANMAP_THREADS=2 "$planmap" render synthetic.json -o ../synthetic.png --labels-json ../synthetic.labels.json
    PLANMAP_THREADS=1 "$planmap" render synthetic.json -o ../synthetic-1thread.png
    for fmt in svg pdf tif; do
        PLANMAP_THREADS=2 "$planmap" render synthetic.json -o "../synthetic.$fmt"
    done
)
rm -rf synthetic
python3 "$src/tests/tools/pngsum.py" * | LC_ALL=C sort -k2
