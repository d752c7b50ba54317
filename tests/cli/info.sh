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
grep -q 'extent (lon/lat): unavailable: .*crs not found' badcrs.txt ||
    fail "a layer render refuses given a lon/lat extent: $(grep 'lon/lat' badcrs.txt)"; ok
# A large layer from GDAL (a GeoPackage in EPSG:3857) is described chunk by
# chunk: ten times the points take about the same memory, and its lon/lat
# extent is the points' own corners.
points() {
    awk -v n="$1" 'BEGIN { print "x,y"; for (i = 0; i < n; i++)
        printf "%.6f,%.6f\n", 103.5 + (i % 1000) * 0.001, 30.2 + int(i / 1000) % 800 * 0.001 }' > "p$1.csv"
    ogr2ogr -f GPKG "p$1.gpkg" "p$1.csv" -nln p -s_srs EPSG:4326 -t_srs EPSG:3857 \
        -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y
}
peak_kb() {
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
points 20000
points 200000
small=$(peak_kb "$PLANMAP" info p20000.gpkg) || fail "info on 20 000 points"
large=$(peak_kb "$PLANMAP" info p200000.gpkg) || fail "info on 200 000 points"
# A sanitizer's allocator holds freed memory back (ASan's quarantine): its
# peak says nothing of planmap's; the plain build is measured.
if ! ldd "$PLANMAP" | grep -q 'lib[at]san'; then
    [ $((large - small)) -lt 12000 ] ||
        fail "info's memory grows with the layer: ${small} KB for 20 000 points, ${large} KB for 200 000"; ok
fi
"$PLANMAP" info p200000.gpkg > p.txt
grep -q '200000 features' p.txt || fail "200 000 points counted as: $(grep features p.txt)"; ok
grep -q 'extent (lon/lat): 103.500000 30.200000, 104.499000 30.399000' p.txt ||
    fail "the points' lon/lat extent: $(grep 'lon/lat' p.txt)"; ok
finish
