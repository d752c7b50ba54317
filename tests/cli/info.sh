#!/usr/bin/env bash
# planmap info reads any GDAL vector format: GeoJSON, and the same layer
# converted to GeoPackage and Shapefile by ogr2ogr, report the same counts.
source "$(dirname "$0")/lib/common.sh"
src="$PM_SOURCE_DIR/tests/data/cli/squares.geojson"

"$PLANMAP" info "$src" > geojson.txt || fail "info on GeoJSON"
grep -Eq '2 features' geojson.txt || fail "GeoJSON: feature count not reported: $(cat geojson.txt)"; ok
grep -Eq 'Polygon' geojson.txt || fail "GeoJSON: geometry type not reported"; ok
grep -Eq '106\.3' geojson.txt || fail "GeoJSON: extent not reported"; ok

ogr2ogr -f GPKG squares.gpkg "$src" -nln squares
ogr2ogr -f "ESRI Shapefile" squares.shp "$src" -t_srs EPSG:32648
for f in squares.gpkg squares.shp; do
    "$PLANMAP" info "$f" > "$f.txt" || fail "info on $f"
    grep -Eq '2 features' "$f.txt" || fail "$f: feature count: $(cat "$f.txt")"; ok
    # The extent in WGS84 comes back after the UTM round trip.
    grep -Eq '106\.(29|30)' "$f.txt" || fail "$f: WGS84 extent: $(cat "$f.txt")"; ok
done
# A "crs" member PROJ does not know: GDAL falls back to WGS 84, planmap says so.
printf '%s' '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::999999"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}' > badcrs.geojson
"$PLANMAP" info badcrs.geojson > badcrs.txt || fail "info on an unknown crs"
grep -q 'crs: not recognised (.*crs not found.*); planmap render refuses this layer' badcrs.txt ||
    fail "unknown crs shown as: $(grep crs: badcrs.txt)"; ok
grep -q 'WGS 84' badcrs.txt && fail "unknown crs reported as WGS 84"; ok
finish
