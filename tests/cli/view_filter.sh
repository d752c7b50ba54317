#!/usr/bin/env bash
# A map of a small part of a large GeoPackage reads only the features its
# R-tree has there, in the table's order: the same picture as reading every
# feature in order (overlapping squares in four colours, whose order shows),
# and a broken feature far outside the view is never read.
source "$(dirname "$0")/lib/common.sh"

# 40 000 overlapping squares on a 200 x 200 grid, in an order the R-tree
# does not keep (a stride through the grid), four colours by `cls`.
awk 'BEGIN { print "WKT,id,cls"; n = 40000
    for (k = 0; k < n; k++) { i = (k * 7919) % n; x = 104 + (i % 200) * 0.001; y = 30.5 + int(i / 200) * 0.001
        printf "\"POLYGON ((%.4f %.4f,%.4f %.4f,%.4f %.4f,%.4f %.4f,%.4f %.4f))\",%d,%d\n",
            x, y, x + 0.0025, y, x + 0.0025, y + 0.0025, x, y + 0.0025, x, y, k, k % 4 } }' > squares.csv
ogr2ogr -f GPKG indexed.gpkg squares.csv -nln squares -a_srs EPSG:4326 -oo GEOM_POSSIBLE_NAMES=WKT \
    -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES
ogr2ogr -f GPKG plain.gpkg indexed.gpkg -lco SPATIAL_INDEX=NO
ogrinfo -q indexed.gpkg -sql "SELECT count(*) FROM rtree_squares_geom" | grep -q '= 40000' ||
    fail "the GeoPackage has no R-tree"; ok
ogrinfo -q plain.gpkg -sql "SELECT name FROM sqlite_master WHERE name LIKE 'rtree%'" | grep -q rtree &&
    fail "the plain GeoPackage has an R-tree"; ok

spec() {   # spec FILE SOURCE
    cat > "$1" <<EOF
{"title": "", "crs": "EPSG:4326", "legend": false, "scale_bar": false, "north_arrow": false,
 "page": {"width_mm": 100, "height_mm": 100, "width_px": 800, "height_px": 800},
 "extent": {"bbox": [104.05, 30.55, 104.07, 30.57]},
 "layers": [{"name": "s", "source": "$2", "style": {"label": null, "stroke": "#333333", "width": 0.5},
   "rules": [{"where": {"cls": 0}, "fill": "#e41a1c"}, {"where": {"cls": 1}, "fill": "#377eb8"},
             {"where": {"cls": 2}, "fill": "#4daf4a"}, {"where": {"cls": 3}, "fill": "#ff7f00"}]}]}
EOF
}
spec indexed.json indexed.gpkg
spec plain.json plain.gpkg
"$PLANMAP" render indexed.json -o indexed.png -v 2> indexed.log || fail "render: $(cat indexed.log)"
"$PLANMAP" render plain.json -o plain.png || fail "render of the GeoPackage without R-tree"
grep -q 'loaded, styled and projected (0 features)' indexed.log ||
    fail "the squares were not streamed: $(grep loaded indexed.log)"; ok
cmp -s indexed.png plain.png || fail "the view through the R-tree is not the picture in the table's order"; ok
# Several colours meet in the view: the order is seen.
python3 - indexed.png <<'PY' || fail "the view shows fewer than four colours"
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", data[pos + 8:pos + 18])
        bpp = 4 if ctype == 6 else 3
    elif kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
row = w * bpp + 1
seen = set()
for y in range(0, h, 7):
    line = raw[y * row:(y + 1) * row]
    assert line[0] == 0, "planmap writes unfiltered rows"
    for x in range(0, w, 7):
        seen.add(bytes(line[1 + x * bpp:1 + x * bpp + 3]))
fills = {bytes.fromhex(c) for c in ("e41a1c", "377eb8", "4daf4a", "ff7f00")}
sys.exit(0 if fills <= seen else 1)
PY
ok

# A feature far outside the view with a latitude of 95: read, it fails the
# map (the table without R-tree); not read, the map is drawn.
cp squares.csv far.csv
echo '"POLYGON ((104.1 95,104.2 95,104.2 95.1,104.1 95.1,104.1 95))",40000,0' >> far.csv
ogr2ogr -f GPKG far.gpkg far.csv -nln squares -a_srs EPSG:4326 -oo GEOM_POSSIBLE_NAMES=WKT \
    -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES
ogr2ogr -f GPKG farplain.gpkg far.gpkg -lco SPATIAL_INDEX=NO
spec far.json far.gpkg
"$PLANMAP" render far.json -o far.png || fail "a broken feature outside the view was read through the R-tree"; ok
cmp -s far.png indexed.png || fail "the view changed with a feature outside it"; ok
# Names that need quoting in SQL: the table, its geometry column, its FIDs.
ogr2ogr -f GPKG odd.gpkg far.gpkg -nln "my \"odd\" tab'le" -lco GEOMETRY_NAME="the geom" -lco FID="my fid"
spec odd.json odd.gpkg
"$PLANMAP" render odd.json -o odd.png || fail "a broken feature outside the view was read (quoted names)"; ok
cmp -s odd.png indexed.png || fail "the view of the quoted table differs"; ok
spec farplain.json farplain.gpkg
expect_fail 5 'farplain\.gpkg: .*latitude 95 is beyond ±90' -- "$PLANMAP" render farplain.json -o farplain.png
finish
