#!/bin/sh
# Rebuild the committed basemap layers of data/basemap/ from Debian's GMT data packages.
#
#   apt-get install -y gmt gmt-dcw gmt-gshhg-full     # GMT 6.4, DCW-GMT 2.1.1, GSHHG 2.3.7
#   data/basemap/extract.sh [OUTDIR]                   # default: the folder of this script
#
# Needs gmt, python3 and ogr2ogr (GDAL). Run once by hand; CI and the build use only the
# committed GeoJSON files. Steps:
#   1. gmt coast -E dumps the DCW outlines of Sichuan, Chongqing and 8 neighbours;
#      gmt coast -I dumps the GSHHG/WDBII river lines (levels 1-4) of 97-111E, 25-34.5N.
#   2. gmt2geojson.py turns them into GeoJSON and names the major rivers from the seed
#      points in river-seeds.csv (GSHHG rivers carry no names).
#   3. ogr2ogr simplifies for 1:1M-1:5M maps (topology-preserving; 0.002 deg ~ 200 m for
#      outlines, 0.001 deg for rivers), writes RFC 7946 (CCW exterior rings) with 4 decimals.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE}
GMT=${GMT:-gmt}
R=${R:-97/111/25/34.5}
mkdir -p "$OUT"
RAW=$(mktemp -d)
trap 'rm -rf "$RAW"' EXIT

for c in SC CQ GZ YN SN GS QH XZ HB HN; do
    $GMT coast -ECN.$c -M > "$RAW/dcw_CN.$c.txt"
done
for l in 1 2 3 4; do      # WDBII level 1 permanent major ... 4 minor
    $GMT coast -R$R -Df -I$l -M > "$RAW/rivers_L$l.txt"
done

python3 "$HERE/gmt2geojson.py" provinces "$RAW" "$RAW/provinces.geojson"
python3 "$HERE/gmt2geojson.py" rivers "$RAW" "$HERE/river-seeds.csv" \
    "$RAW/rivers.geojson" "$RAW/rivers_minor.geojson"

simplify() {  # $1 layer, $2 tolerance in degrees
    rm -f "$OUT/$1.geojson"
    ogr2ogr -f GeoJSON -simplify "$2" -lco RFC7946=YES -lco COORDINATE_PRECISION=4 \
        -lco WRITE_NAME=NO "$OUT/$1.geojson" "$RAW/$1.geojson"
}
simplify provinces 0.002
simplify rivers 0.001
simplify rivers_minor 0.002
ls -l "$OUT"/*.geojson
