#!/usr/bin/env bash
# Conventions every command shares: -q and -v (and their contradiction),
# planmap info --json read by python3's json and checked against ogrinfo's
# own numbers, planmap --formats against the GDAL drivers ogrinfo and
# gdalinfo list.
source "$(dirname "$0")/lib/common.sh"
T="timeout 60"
cp "$PM_SOURCE_DIR/tests/bad/layers/good.geojson" zones.geojson
small_spec map.json
printf '{"output_dir": "out", "maps": [{"spec": "map.json", "name": "a"}]}\n' > batch.json

# --- -q / -v on every command ------------------------------------------------
for cmd in render export info validate batch; do
    "$PLANMAP" $cmd --help > help.txt
    grep -qE -- '-q, --quiet' help.txt || fail "$cmd --help has no -q, --quiet"; ok
    grep -qE -- '-v, --verbose' help.txt || fail "$cmd --help has no -v, --verbose"; ok
done
expect_fail 2 '^planmap: render: -q \(--quiet\) and -v \(--verbose\) contradict each other$' \
    -- $T "$PLANMAP" render map.json -o x.png -q -v
expect_fail 2 '^planmap: info: -q \(--quiet\) and -v \(--verbose\) contradict each other$' \
    -- $T "$PLANMAP" info -v --quiet zones.geojson
# -q: errors only. validate's summary and batch's summary go; problems and
# errors stay.
out=$($T "$PLANMAP" validate -q zones.geojson 2>&1 >/dev/null) || true
[ -z "$out" ] || fail "validate -q printed a summary: $out"; ok
$T "$PLANMAP" batch -q batch.json 2> batch.err
[ ! -s batch.err ] || fail "batch -q printed: $(cat batch.err)"; ok
$T "$PLANMAP" batch batch.json 2> batch.err
grep -q '^planmap: batch: 1 maps: 1 written' batch.err || fail "batch summary without -q: $(cat batch.err)"; ok
$T "$PLANMAP" render -q map.json -o q.png 2> q.err && [ ! -s q.err ] || fail "render -q: $(cat q.err)"; ok
$T "$PLANMAP" export -v map.json -o v.gpkg 2> v.err
grep -q '^planmap: export: a: ' v.err || fail "export -v said nothing: $(cat v.err)"; ok
$T "$PLANMAP" export -q map.json -o q.gpkg 2> q.err && [ ! -s q.err ] || fail "export -q: $(cat q.err)"; ok
$T "$PLANMAP" info -q zones.geojson | grep -q '^layers: 1' || fail "info -q printed no listing"; ok
expect_fail 3 'nothing\.geojson: cannot read' -- $T "$PLANMAP" info -q nothing.geojson

# --- info --json against ogrinfo ------------------------------------------------
ogr2ogr -f GPKG two.gpkg zones.geojson -nln zones -t_srs EPSG:32648 2>/dev/null
ogr2ogr -f GPKG -update two.gpkg zones.geojson -nln copy 2>/dev/null
for src in zones.geojson two.gpkg; do
    $T "$PLANMAP" info --json "$src" > info.json
    ogrinfo -al -so "$src" > ogr.txt 2>/dev/null
    python3 - "$src" info.json ogr.txt <<'PY' || fail "info --json of $src disagrees with ogrinfo"
import json, re, sys
src, mine, text = sys.argv[1], json.load(open(sys.argv[2])), open(sys.argv[3]).read()
assert mine["source"] == src and mine["kind"] == "vector", mine
driver = re.search(r"using driver `([^']+)'", text).group(1)
assert mine["driver"] == driver, (mine["driver"], driver)
blocks = re.split(r"\n(?=Layer name: )", text)[1:]
assert [l["name"] for l in mine["layers"]] == [re.match(r"Layer name: (.*)", b).group(1) for b in blocks]
types = "Integer64|Integer|Real|String|Date|DateTime|Time|Binary|IntegerList|RealList|StringList|Integer64List"
for l, b in zip(mine["layers"], blocks):
    assert l["features"] == int(re.search(r"Feature Count: (\d+)", b).group(1)), l["features"]
    e = [float(v) for v in re.search(r"Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)", b).groups()]
    assert all(abs(x - y) < 1e-5 * max(1, abs(y)) for x, y in zip(l["extent"], e)), (l["extent"], e)
    fields = re.findall(r"^([^ \t][^:\n]*): (%s)\b" % types, b, re.M)
    assert [(f["name"], f["type"]) for f in l["fields"]] == fields, ([(f["name"], f["type"]) for f in l["fields"]], fields)
    code = re.findall(r'ID\["EPSG",(\d+)\]\]\s*$', b.split("Data axis")[0], re.M)
    assert l["crs"]["authority"] == "EPSG:" + code[-1], (l["crs"]["authority"], code)
    assert l["crs"]["wkt"].startswith(("GEOGCRS", "PROJCRS")), l["crs"]["wkt"][:40]
    lo = l["extent_lonlat"]
    assert 106 < lo[0] < lo[2] < 107 and 29 < lo[1] < lo[3] < 30, lo
PY
    ok
done
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["layers"][0]["crs"]["authority"] == "EPSG:32648", d["layers"][0]["crs"]' info.json \
    || fail "the projected layer's CRS is not EPSG:32648"; ok
# a raster
gdal_translate -q -of GTiff -outsize 20 10 -a_srs EPSG:4326 -a_ullr 104 31 105 30 \
    "$PM_SOURCE_DIR/data/examples/synthetic-terrain.tif" r.tif 2>/dev/null || gdal_create -of GTiff -outsize 20 10 -bands 1 -a_srs EPSG:4326 -a_ullr 104 31 105 30 r.tif
$T "$PLANMAP" info --json r.tif > r.json
python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert d["kind"] == "raster" and d["driver"] == "GTiff" and d["width"] == 20 and d["height"] == 10, d
assert d["crs"]["authority"] == "EPSG:4326", d["crs"]
assert [round(v, 6) for v in d["extent"]] == [104, 30, 105, 31], d["extent"]' r.json || fail "info --json of a raster"; ok
# data with quotes, backslashes and control characters stays valid JSON
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"we\\"ird\\\\ \\u0007name":"x"},"geometry":{"type":"Point","coordinates":[104,30]}}]}' > odd.geojson
$T "$PLANMAP" info --json odd.geojson | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["layers"][0]["fields"][0]["name"].startswith("we\"ird"), d' \
    || fail "info --json of odd field names is not JSON"; ok
expect_fail 3 'nothing\.geojson: cannot read' -- $T "$PLANMAP" info --json nothing.geojson

# --- --formats ------------------------------------------------------------------
$T "$PLANMAP" --formats > formats.txt
ogrinfo --formats > ogr-formats.txt
gdalinfo --formats > gdal-formats.txt
vec=$(sed -n 's/^  vector: //p' formats.txt)
ras=$(sed -n 's/^  raster: //p' formats.txt)
for d in GeoJSON GPKG "ESRI Shapefile" FlatGeobuf; do
    echo ", $vec," | grep -q ", $d," || fail "--formats: no $d among the vector drivers: $vec"
done; ok
echo ", $ras," | grep -q ', GTiff,' || fail "--formats: no GTiff among the raster drivers"; ok
# each driver named is one GDAL's own tools list
IFS=',' read -ra names <<< "$vec"
for d in "${names[@]}"; do
    grep -q "^  ${d# } -" ogr-formats.txt || fail "--formats names '${d# }', ogrinfo --formats does not"
done; ok
IFS=',' read -ra names <<< "$ras"
for d in "${names[@]}"; do
    grep -q "^  ${d# } -" gdal-formats.txt || fail "--formats names '${d# }', gdalinfo --formats does not"
done; ok
grep -q '^writes:' formats.txt && grep -q 'PNG (.png), SVG (.svg), PDF' formats.txt || fail "--formats: no writes section"; ok
"$PLANMAP" --help | grep -q -- '--formats' || fail "--formats is not in planmap --help"; ok
finish
