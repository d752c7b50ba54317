#!/usr/bin/env bash
# The batch case for one tool: 50 maps of the same layers at different extents
# (WORK/config/batch). Timed as a whole by bench.py (peak RSS = the largest
# process). Usage: batch.sh planmap|planmap-batch|mapserver|mapnik WORK PLANMAP
set -euo pipefail
tool=$1 work=$(cd "$2" && pwd) planmap=$3
cfg=$work/config
out=$work/out/batch-$tool
rm -rf "$out"
mkdir -p "$out"
case $tool in
planmap)
    # One process per map: `planmap batch` does not exist yet.
    for spec in "$cfg"/batch/map-*.json; do
        "$planmap" render "$spec" -o "$out/$(basename "$spec" .json).png"
    done ;;
planmap-batch)
    # One `planmap batch` process for all 50 (commits after 9d5bded).
    "$planmap" batch "$cfg/batch/batch.json" -o "$out" >/dev/null ;;
mapserver)
    # map2img -e takes MapServer's pixel-centre extent (columns 6-9).
    while read -r name _ _ _ _ x0 y0 x1 y1; do
        map2img -conf "$cfg/mapserver.conf" -m "$cfg/batch.map" -e "$x0" "$y0" "$x1" "$y1" \
            -o "$out/$name.png" >/dev/null
    done < "$cfg/batch/extents.txt" ;;
mapnik)
    # One Python process, the map loaded once, 50 renders.
    /usr/bin/python3 "$(dirname "$0")/mapnik_render.py" --batch "$cfg/batch.xml" \
        "$cfg/batch/extents.txt" "$out" ;;
*)
    echo "batch.sh: unknown tool $tool" >&2; exit 2 ;;
esac
# map2img exits 0 even when it cannot write its image: count the pictures.
want=$(wc -l < "$cfg/batch/extents.txt")
got=$(find "$out" -name 'map-*.png' | wc -l)
if [ "$got" -ne "$want" ]; then
    echo "batch.sh: $tool wrote $got of $want maps in $out" >&2
    exit 1
fi
