#!/usr/bin/env bash
# A layer's "crs" names the CRS its source's coordinates are in: a Shapefile
# without its .prj, one whose .prj is wrong, a GeoPackage declared EPSG:4326
# whose numbers are metres, a GeoJSON of Web Mercator metres without a "crs"
# member — each drawn exactly as the same data with its CRS in the file, small
# (loaded whole) and large (streamed: planmap's Shapefile reader, GDAL's).
source "$(dirname "$0")/lib/common.sh"
squares="$PM_SOURCE_DIR/tests/data/cli/squares.geojson"

spec() {   # spec FILE SOURCE [EXTRA LAYER KEYS]; $box: the extent, if set
    cat > "$1" <<EOF
{"title": "t", "crs": "EPSG:4547", "legend": false, "scale_bar": false, "north_arrow": false,${box:-}
 "page": {"width_mm": 120, "height_mm": 90, "width_px": 960, "height_px": 720},
 "layers": [{"name": "l", "source": "$2",
             "style": {"label": null, "fill": "#9ecae1", "stroke": "#08519c", "width": 1} ${3:-}}]}
EOF
}
same_png() {   # same_png A.png B.png WHAT
    cmp -s "$1" "$2" || fail "$3: not the picture of the data with its CRS in the file"; ok
}

# ---- small: loaded whole -------------------------------------------------
ogr2ogr -f "ESRI Shapefile" gk.shp "$squares" -t_srs EPSG:4547
mkdir noprj wrong
cp gk.shp gk.shx gk.dbf noprj/
cp gk.shp gk.shx gk.dbf wrong/
ogr2ogr -f "ESRI Shapefile" wgs.shp "$squares"
cp wgs.prj wrong/gk.prj   # a .prj saying lon/lat for metres
spec with.json gk.shp
spec given.json noprj/gk.shp ', "crs": "EPSG:4547"'
spec mended.json wrong/gk.shp ', "crs": "EPSG:4547"'
"$PLANMAP" render with.json -o with.png || fail "render with the .prj"
"$PLANMAP" render given.json -o given.png || fail "render with the layer's crs"
"$PLANMAP" render mended.json -o mended.png || fail "render with a wrong .prj and the layer's crs"
same_png with.png given.png "no .prj, crs given"
same_png with.png mended.png "wrong .prj, crs given"

# Without it the metres are read as degrees: an error saying what to do.
spec bare.json noprj/gk.shp
expect_fail 5 'bare\.json: layers\[0\] \(l\): noprj/gk\.shp: .*beyond ±(90|180) in WGS84 \(projected coordinates\? name the source.s CRS in the layer.s "crs"\)' -- \
    "$PLANMAP" render bare.json -o bare.png
[ -e bare.png ] && fail "a map was written for a layer that failed"; ok

# ---- large: streamed -------------------------------------------------------
awk 'BEGIN { print "id,x,y"; for (i = 0; i < 30000; i++)
    printf "%d,%.6f,%.6f\n", i, 104.0 + (i % 200) * 0.0005, 30.6 + int(i / 200) * 0.0005 }' > pts.csv
ogr2ogr -f "ESRI Shapefile" big.shp pts.csv -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y \
    -s_srs EPSG:4326 -t_srs EPSG:4547
mkdir bignoprj
cp big.shp big.shx big.dbf bignoprj/
ogr2ogr -f GPKG liar.gpkg big.shp -a_srs EPSG:4326 -nln liar
ogr2ogr -f GPKG merc.gpkg pts.csv -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y \
    -s_srs EPSG:4326 -t_srs EPSG:3857 -nln merc
ogr2ogr -f GeoJSON -lco RFC7946=NO merc.json merc.gpkg
sed -i '/"crs"/d' merc.json   # Web Mercator metres with no word of it
grep -q EPSG merc.json && fail "the GeoJSON still names its CRS"; ok
pts='"style": {"label": null, "marker": "circle", "marker_size": 3, "fill": "#e6550d", "stroke": "#ffffff", "width": 0.3}'
# A given extent: a layer the map is not fitted to is streamed.
box=' "extent": {"bbox": [103.995, 30.595, 104.105, 30.68]},'
spec bwith.json big.shp
spec bgiven.json bignoprj/big.shp ', "crs": "EPSG:4547"'
spec bliar.json liar.gpkg ', "crs": "EPSG:4547"'
spec bmerc.json merc.gpkg
spec bmercjs.json merc.json ', "crs": "EPSG:3857"'
for s in bwith bgiven bliar bmerc bmercjs; do
    sed -i "s|\"style\": {[^}]*}|$pts|" "$s.json"
    "$PLANMAP" render "$s.json" -o "$s.png" -v 2> "$s.log" || fail "$s: $(cat "$s.log")"
done
# Streamed: none of the 30 000 held by the map (its layer holds 0 features);
# the GeoJSON with a crs is GDAL's, loaded whole.
for s in bwith bgiven bliar; do
    grep -q 'loaded, styled and projected (0 features)' "$s.log" ||
        fail "$s: 30 000 points not streamed: $(grep loaded "$s.log")"; ok
done
same_png bwith.png bgiven.png "30 000 points, no .prj, crs given"
same_png bwith.png bliar.png "30 000 points, GeoPackage declared EPSG:4326, crs given"
! grep -q warning b*.log || fail "a warning for a map showing its data: $(grep -h warning b*.log)"; ok
# The streamed layer under a box away from all its points: written, one warning.
box=' "extent": {"bbox": [110.5, 20.5, 110.6, 20.6]},' spec bsea.json big.shp
"$PLANMAP" render bsea.json -o bsea.png -v 2> bsea.log || fail "bsea: $(cat bsea.log)"
grep -q 'loaded, styled and projected (0 features)' bsea.log || fail "bsea: not streamed: $(cat bsea.log)"
grep -q "^planmap: warning: bsea\.json: no feature of its layers lies inside the map's extent" bsea.log ||
    fail "no warning for a map showing none of 30 000 points: $(cat bsea.log)"; ok
same_png bmerc.png bmercjs.png "30 000 points, GeoJSON of EPSG:3857 metres, crs given"

# WGS84 lon/lat by any name is what planmap's GeoJSON reader reads: the
# file opened once and streamed, as without the key.
ogr2ogr -f GeoJSON lonlat.json pts.csv -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -a_srs EPSG:4326
i=0
for name in "EPSG:4326" "OGC:CRS84" "+proj=longlat +datum=WGS84 +no_defs" ""; do
    i=$((i + 1))
    spec ll.json lonlat.json "${name:+, \"crs\": \"$name\"}"
    sed -i "s|\"style\": {[^}]*}|$pts|" ll.json
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -e trace=open,openat -o ll.trace "$PLANMAP" render ll.json -o "ll$i.png" -v 2> ll.log ||
        fail "lon/lat GeoJSON, crs '$name': $(cat ll.log)"
    opens=$(grep -Ec '["/]lonlat.json"' ll.trace || true)
    [ "$opens" = 1 ] || fail "crs '$name': lonlat.json opened $opens times (GDAL's reading?)"; ok
    grep -q 'loaded, styled and projected (0 features)' ll.log || fail "crs '$name': not streamed"; ok
    same_png bwith.png "ll$i.png" "lon/lat GeoJSON, crs '$name'"
done
box=

# ---- the inset and an atlas's coverage take it too ------------------------
cat > inset.json <<EOF
{"title": "t", "legend": false, "layers": [{"name": "l", "source": "gk.shp"}],
 "inset": {"source": "noprj/gk.shp", "crs": "EPSG:4547"}}
EOF
"$PLANMAP" render inset.json -o inset.png || fail "an inset source with its crs given"; ok
sed 's/, "crs": "EPSG:4547"//' inset.json > inset-bare.json
expect_fail 5 'inset-bare\.json: .*noprj/gk\.shp: .*projected coordinates\?' -- \
    "$PLANMAP" render inset-bare.json -o inset-bare.png
cat > atlas.json <<EOF
{"output_dir": "pages", "atlas": {"spec": "given.json", "name": "p{id}", "title": "{name}",
  "coverage": {"source": "noprj/gk.shp", "crs": "EPSG:4547"}}}
EOF
"$PLANMAP" batch atlas.json -q || fail "an atlas over a coverage with its crs given"
[ "$(ls pages/*.png | wc -l)" -eq 2 ] || fail "atlas pages: $(ls pages)"; ok

# ---- what is refused ------------------------------------------------------
spec unknown.json noprj/gk.shp ', "crs": "EPSG:999999"'
expect_fail 5 "unknown\.json: layers\[0\] \(l\): noprj/gk\.shp: layer 'gk': crs 'EPSG:999999': unknown CRS" -- \
    "$PLANMAP" render unknown.json -o x.png
spec afile.json noprj/gk.shp ", \"crs\": \"$PM_WORK/wgs.prj\""
expect_fail 5 "crs '.*wgs\.prj' names a file: give the CRS itself" -- "$PLANMAP" render afile.json -o x.png
spec url.json noprj/gk.shp ', "crs": "https://example.com/gk.prj"'
expect_fail 5 "crs 'https://example\.com/gk\.prj': unknown CRS \(.*network access is off" -- \
    "$PLANMAP" render url.json -o x.png
spec empty.json noprj/gk.shp ', "crs": ""'
expect_fail 4 'empty\.json: layers\[0\]\.crs: expected a non-empty string' -- "$PLANMAP" render empty.json -o x.png
cat > raster.json <<EOF
{"title": "t", "layers": [{"name": "r", "source": "dem.tif", "raster": {}, "crs": "EPSG:4547"}]}
EOF
expect_fail 4 'raster\.json: layers\[0\]\.crs: .*"crs" is for vector layers' -- "$PLANMAP" render raster.json -o x.png
[ -e x.png ] && fail "a map was written for a refused spec"; ok

# ---- export: the table in the CRS asked for, from the CRS given ----------
"$PLANMAP" export given.json -o given.gpkg --crs source || fail "export with the layer's crs"
"$PLANMAP" export with.json -o with.gpkg --crs source || fail "export with the .prj"
ogrinfo -so given.gpkg l | grep -q 'ID\["EPSG",4547\]\]$' || fail "exported table not in EPSG:4547"; ok
[ "$(ogrinfo -so given.gpkg l | grep Extent)" = "$(ogrinfo -so with.gpkg l | grep Extent)" ] ||
    fail "exported extents differ: $(ogrinfo -so given.gpkg l | grep Extent)"; ok
ogrinfo -q given.gpkg | grep -q '"crs":"EPSG:4547"' || fail "the map's crs left the embedded spec"; ok
[ "$(ogrinfo -q given.gpkg | grep -c '"crs"')" -eq 1 ] || fail "the embedded spec keeps the layer's crs"; ok
finish
