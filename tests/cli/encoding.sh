# A layer's "encoding": GBK text (a Shapefile without its .cpg, as Chinese
# GIS data often comes; a CSV) drawn, labelled, filtered and exported as the
# Chinese it is; the warning when a .dbf says nothing and reads as GBK; a
# wrong name refused.
. "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"

# Two named squares, as UTF-8 GeoJSON (the reference) and as a GBK
# Shapefile whose .cpg is gone.
python3 - <<'PY'
import json
sq = lambda x, y: [[[x, y], [x + 1, y], [x + 1, y + 0.8], [x, y + 0.8], [x, y]]]
fc = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": n, "code": c},
     "geometry": {"type": "Polygon", "coordinates": sq(x, y)}}
    for n, c, x, y in (("成都市", 1, 103.5, 30.3), ("重庆市", 2, 106.0, 29.2))]}
json.dump(fc, open("cities.geojson", "w", encoding="utf-8"), ensure_ascii=False)
PY
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 gbk.shp cities.geojson
rm gbk.cpg
# The file holds GBK bytes, not UTF-8: 成 is B3 C9 in GBK.
python3 -c 'import sys; d = open("gbk.dbf", "rb").read(); sys.exit(0 if "成都市".encode("gbk") in d and "成都市".encode() not in d else 1)' \
    || fail "gbk.dbf does not hold GBK text"; ok

# spec FILE SOURCE [EXTRA]: the two squares labelled by name; EXTRA is
# more keys of the layer (',"encoding": "GBK"').
spec() {
    cat > "$1" <<EOF
{"title": "t", "page": {"width_mm": 160, "height_mm": 100}, "legend": false, "scale_bar": false,
 "north_arrow": false, "layers": [{"name": "cities", "source": "$2"${3:-},
 "style": {"fill": "#dddddd", "stroke": "#333333", "label": "name", "font_size": 14,
           "text_color": "#000000"}}]}
EOF
}
spec ref.json cities.geojson
spec gbk.json gbk.shp ', "encoding": "GBK"'
spec nokey.json gbk.shp

# With the key: the labels are the Chinese names, drawn where they are
# (dark glyphs in the label's box, none beside it), the same pixels as the
# UTF-8 source's map, and no warning.
"$PLANMAP" render ref.json -o ref.png --labels-json ref-labels.json
"$PLANMAP" render gbk.json -o gbk.png --labels-json gbk-labels.json 2> gbk.err
[ ! -s gbk.err ] || fail "a render with the encoding said: $(cat gbk.err)"; ok
texts=$(python3 -c 'import json; print(" ".join(sorted(b["text"] for b in json.load(open("gbk-labels.json"))["boxes"] if b["kind"] == "label")))')
[ "$texts" = "成都市 重庆市" ] || fail "labels of the GBK Shapefile: '$texts'"; ok
read -r cx cy r < <(python3 -c 'import json; b = [b for b in json.load(open("gbk-labels.json"))["boxes"] if b.get("text") == "成都市"][0]; print(round(b["x"] + b["w"] / 2), round(b["y"] + b["h"] / 2), round(b["h"] / 3))')
ink=$("$PM_IMGCHECK" match gbk.png "$cx" "$cy" "$r" "#000000" 90)
python3 -c "import sys; sys.exit(0 if $ink > 0.05 else 1)" || fail "no text drawn in 成都市's box ($ink dark)"; ok
ink=$("$PM_IMGCHECK" match gbk.png "$cx" "$((cy + 3 * r))" "$r" "#000000" 90)
python3 -c "import sys; sys.exit(0 if $ink == 0 else 1)" || fail "text drawn below 成都市's box ($ink dark)"; ok
same_output ref.png gbk.png || fail "the GBK Shapefile's map differs from the UTF-8 GeoJSON's"; ok

# A lower-case or other spelling iconv knows reads the same.
spec cp936.json gbk.shp ', "encoding": "cp936"'
"$PLANMAP" render cp936.json -o cp936.png
same_output ref.png cp936.png || fail "\"cp936\" draws otherwise than \"GBK\""; ok

# Without it: one warning naming the .dbf and the key, then the error on
# the label's bytes (exit 5); -q leaves the error alone.
rc=0
"$PLANMAP" render nokey.json -o nokey.png 2> nokey.err || rc=$?
[ "$rc" = 5 ] || fail "a GBK label without the key: exit $rc"; ok
grep -q '^planmap: warning: gbk\.dbf: .*not UTF-8.*"encoding": "GBK"' nokey.err \
    || fail "no warning: $(cat nokey.err)"; ok
[ "$(grep -c warning nokey.err)" = 1 ] || fail "the warning is not one line: $(cat nokey.err)"; ok
expect_fail 5 "property 'name' is not valid UTF-8" -- "$PLANMAP" render -q nokey.json -o nokey.png
[ ! -e nokey.png ] || fail "a failed render left nokey.png"; ok

# The garbled case: a .dbf whose language byte says Latin-1 (87) holds GBK.
# GDAL then reads valid but wrong text (³É¶¼ÊÐ); planmap draws what the
# file says, and warns. With the key the names are right.
for e in shp shx prj; do cp gbk.$e ldid.$e; done
python3 -c 'd = bytearray(open("gbk.dbf", "rb").read()); d[29] = 0x57; open("ldid.dbf", "wb").write(d)'
spec ldid.json ldid.shp
"$PLANMAP" render ldid.json -o ldid.png --labels-json ldid-labels.json 2> ldid.err || fail "Latin-1 .dbf"
grep -q '^planmap: warning: ldid\.dbf: .*"encoding": "GBK"' ldid.err || fail "no warning for the Latin-1 .dbf: $(cat ldid.err)"; ok
spec ldid-gbk.json ldid.shp ', "encoding": "GBK"'
"$PLANMAP" render ldid-gbk.json -o ldid-gbk.png 2> ldid-gbk.err
[ ! -s ldid-gbk.err ] || fail "the key did not quiet the warning: $(cat ldid-gbk.err)"; ok
same_output ref.png ldid-gbk.png || fail "the key does not override the .dbf's language byte"; ok

# Valid UTF-8 without a .cpg is never guessed at: no warning, right names.
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 utf8.shp cities.geojson
rm utf8.cpg
spec utf8.json utf8.shp
"$PLANMAP" render utf8.json -o utf8.png 2> utf8.err
[ ! -s utf8.err ] || fail "UTF-8 Shapefile without .cpg: $(cat utf8.err)"; ok
same_output ref.png utf8.png || fail "UTF-8 Shapefile without .cpg draws otherwise"; ok

# The inset reads its source in its own encoding.
python3 - gbk.json inset.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["inset"] = {"source": "gbk.shp", "encoding": "GBK"}
json.dump(s, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$PLANMAP" render inset.json -o inset.png || fail "a GBK inset"; ok

# A GBK CSV (no driver option to say so): field names and values are
# converted, so `where` and `label` name them in Chinese.
python3 - <<'PY'
rows = [("WKT", "名称", "类别"), ("POINT (104.06 30.67)", "成都", "省会"), ("POINT (106.55 29.56)", "重庆", "直辖市")]
with open("gbk.csv", "wb") as f:
    for r in rows:
        f.write((",".join('"%s"' % c for c in r) + "\n").encode("gbk"))
PY
cat > csv.json <<'EOF'
{"title": "t", "page": {"width_mm": 160, "height_mm": 100}, "legend": false, "scale_bar": false,
 "north_arrow": false, "extent": {"bbox": [103, 29, 108, 31.5]},
 "layers": [{"name": "pts", "source": "gbk.csv", "encoding": "GBK", "where": {"类别": "省会"},
             "style": {"marker": "circle", "marker_size": 8, "fill": "#d7301f", "label": "名称"}}]}
EOF
"$PLANMAP" render csv.json -o csv.png --labels-json csv-labels.json
texts=$(python3 -c 'import json; print(" ".join(b["text"] for b in json.load(open("csv-labels.json"))["boxes"] if b["kind"] == "label"))')
[ "$texts" = "成都" ] || fail "labels of the GBK CSV: '$texts'"; ok
# Read as another encoding, the same bytes are other text: the key is what
# decides (BIG5 reads these bytes as other characters, or refuses them).
sed 's/"GBK"/"BIG5"/' csv.json > big5.json
rc=0
"$PLANMAP" render big5.json -o big5.png --labels-json big5-labels.json 2>/dev/null || rc=$?
[ "$rc" != 0 ] || ! grep -q '"成都"' big5-labels.json || fail "BIG5 read GBK bytes as GBK"; ok

# MapInfo: a table whose header names its charset is converted by GDAL
# (the key agreeing with it changes nothing); one marked Neutral holds the
# bytes as they are, which the key converts.
mkdir tab neutral
ogr2ogr -f "MapInfo File" -lco ENCODING=CP936 tab/t.tab cities.geojson
grep -aq 'WindowsSimpChinese' tab/t.tab || fail "the MapInfo table names no charset"
cp tab/t.* neutral/ && sed -i 's/WindowsSimpChinese/Neutral/' neutral/t.tab
for t in tab neutral; do
    spec "$t.json" "$t/t.tab" ', "encoding": "GBK"'
    "$PLANMAP" render "$t.json" -o "$t.png" || fail "MapInfo ($t) with the key"
    same_output ref.png "$t.png" || fail "MapInfo ($t) with the key draws otherwise"; ok
done

# GeoJSON is UTF-8 by definition; a GBK one with the key is read through
# GDAL and converted like any other.
python3 -c 'open("gbk.geojson", "wb").write(open("cities.geojson", encoding="utf-8").read().encode("gbk"))'
spec gbkjson.json gbk.geojson ', "encoding": "GBK"'
"$PLANMAP" render gbkjson.json -o gbkjson.png
same_output ref.png gbkjson.png || fail "a GBK GeoJSON draws otherwise"; ok

# Export: the GeoPackage holds UTF-8 names (ogrinfo reads them), and the
# spec it carries reads it without the key.
"$PLANMAP" export gbk.json -o gbk.gpkg
ogrinfo -ro -q gbk.gpkg cities | grep -q 'name (String) = 成都市' || fail "export: no UTF-8 成都市"; ok
"$PLANMAP" render gbk.gpkg -o from-gpkg.png --labels-json from-gpkg.json
grep -q '"重庆市"' from-gpkg.json || fail "the exported GeoPackage's map lost its names"; ok

# A CSV's converted too: field names and values, by index, not by name.
"$PLANMAP" export csv.json -o csv.gpkg
ogrinfo -ro -q csv.gpkg pts | grep -q '名称 (String) = 成都' || fail "export of the GBK CSV: $(ogrinfo -ro -q csv.gpkg pts)"; ok
"$PLANMAP" render csv.gpkg -o from-csv.png --labels-json from-csv.json
grep -q '"成都"' from-csv.json || fail "the CSV's GeoPackage map lost its names"; ok

# validate reads the spec's sources in their encodings: the GBK CSV's
# fields are what a typo is held against.
"$PLANMAP" validate gbk.json csv.json > validate.out 2>&1 || fail "validate: $(cat validate.out)"; ok
sed 's/"类别"/"类型"/' csv.json > typo.json
rc=0
"$PLANMAP" validate typo.json > typo.out 2>&1 || rc=$?
[ "$rc" = 1 ] && grep -q "where\.类型: the source gbk\.csv has no field '类型' (fields: WKT, 名称, 类别); did you mean '类别'?" typo.out \
    || fail "validate of a typo in a GBK field: exit $rc, $(cat typo.out)"; ok

# info --encoding shows the CSV's field names in Chinese, text and JSON;
# without it they are escaped bytes.
"$PLANMAP" info --encoding GBK gbk.csv | grep -q '^    名称: String$' || fail "info --encoding GBK: $("$PLANMAP" info --encoding GBK gbk.csv)"; ok
"$PLANMAP" info gbk.csv | grep -q '\\x' || fail "info without --encoding shows no escaped bytes"; ok
"$PLANMAP" info --json --encoding GBK gbk.csv | python3 -c 'import json, sys; f = [f["name"] for f in json.load(sys.stdin)["layers"][0]["fields"]]; sys.exit(0 if f == ["WKT", "名称", "类别"] else 1)' \
    || fail "info --json --encoding GBK: wrong field names"; ok
"$PLANMAP" info --encoding GBK gbk.shp | grep -q '^layer 1: gbk, 2 features' || fail "info --encoding GBK of the Shapefile"; ok
expect_fail 2 "info: --encoding: .*got 'GBKK' \(did you mean 'GBK'\?\)" -- "$PLANMAP" info --encoding GBKK gbk.csv

# Bytes that are not text in the encoding (a GBK lead byte with nothing
# after it) are refused, naming the feature and the property, never drawn
# as something else; export too.
printf 'WKT,name\n"POINT (104 30)",ok\n"POINT (105 30)",bad\x81\n' > broken.csv
sed 's/gbk\.csv/broken.csv/; s/"where": {"类别": "省会"},//; s/"label": "名称"/"label": "name"/' csv.json > broken.json
expect_fail 5 "broken\.csv: feature 1: property 'name' is not GBK text" -- "$PLANMAP" render broken.json -o broken.png
expect_fail 5 "broken\.csv: feature 1: property 'name' is not GBK text" -- "$PLANMAP" export broken.json -o broken.gpkg
[ ! -e broken.png ] && [ ! -e broken.gpkg ] || fail "a refused source left an output"; ok

# An atlas over the GBK Shapefile: its coverage's "encoding" makes the
# pages' names and titles the Chinese names.
cat > atlas.json <<'EOF'
{"output_dir": "atlas-out", "atlas": [{"spec": "gbk.json", "name": "{name}", "title": "{name}",
  "coverage": {"source": "gbk.shp", "encoding": "GBK"}, "outputs": ["png"]}]}
EOF
"$PLANMAP" batch -q atlas.json || fail "atlas over a GBK coverage"
[ -f atlas-out/成都市.png ] && [ -f atlas-out/重庆市.png ] || fail "atlas pages: $(ls atlas-out)"; ok
sed 's/"GBK"/"GKB"/' atlas.json > badatlas.json
expect_fail 4 'badatlas\.json: atlas\[0\]\.coverage\.encoding: .*got "GKB" \(did you mean "GBK"\?\)' -- \
    "$PLANMAP" batch badatlas.json

# A name iconv does not know: one line, exit 4, the key, the value and
# the nearest name.
spec badname.json gbk.shp ', "encoding": "GBKK"'
expect_fail 4 'badname\.json: layers\[0\]\.encoding: .*got "GBKK" \(did you mean "GBK"\?\)' -- \
    "$PLANMAP" render badname.json -o bad.png
spec far.json gbk.shp ', "encoding": "klingon"'
expect_fail 4 'far\.json: layers\[0\]\.encoding: .*got "klingon"$' -- "$PLANMAP" render far.json -o bad.png
python3 - gbk.json badinset.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["inset"] = {"source": "gbk.shp", "encoding": "utf-9"}
json.dump(s, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_fail 4 'badinset\.json: inset\.encoding: .*got "utf-9" \(did you mean "UTF-8"\?\)' -- \
    "$PLANMAP" render badinset.json -o bad.png
[ ! -e bad.png ] || fail "a refused spec left bad.png"; ok
finish
