# planmap export BATCH -o MAP.qgz: a batch file's atlas as a QGIS layout atlas.
# tests/tools/qgis_atlas.py opens it in headless QGIS and compares each page
# with `planmap batch` of the same file: page count and names, the map's
# extent holding the page's feature, the title; and exports the atlas to PNGs.
. "$(dirname "$0")/lib/common.sh"
data="$PM_SOURCE_DIR/data"
. "$(dirname "$0")/lib/qgis.sh"

# Zones and clusters of one plan; names with a folder, a space and '&' in the
# template's own text, titles and subtitles filled from the properties. The
# pages also as PNGs with world files: QGIS's map item must be planmap's
# frame on each page (its edges on the frame's lines, its extent the world
# file's), the scale bar and north arrow on the page.
plans="$data/plans/004-chongqing-htz"
cat > atlas.json <<EOF2
{"defaults": {"dpi": 60, "outputs": ["svg", "png", "world"]},
 "atlas": {"spec": "$data/maps/004-chongqing-layout.json",
  "coverage": {"source": "$plans/areas.geojson", "where": {"kind": ["zone", "cluster"]}},
  "name": "zones/z-{id}", "title": "重庆高新区 · {name}", "subtitle": "{role} ({kind})",
  "margin": 0.15}}
EOF2
"$PLANMAP" batch atlas.json -o out -q
"$PLANMAP" export atlas.json -o atlas.qgz
[ -f atlas.gpkg ] || fail "no atlas.gpkg beside atlas.qgz"; ok
ogrinfo -ro -so atlas.gpkg atlas_coverage | grep -q 'Feature Count' \
    || fail "atlas.gpkg has no atlas_coverage table"; ok
"$QGIS_PY" "$PM_SOURCE_DIR/tests/tools/qgis_atlas.py" atlas.qgz out svg qgis-pages \
    '重庆高新区 · {name}' 0.15 > atlas.check 2>&1 \
    || { cat atlas.check; fail "QGIS check of atlas.qgz"; }
grep '^qgis-atlas:' atlas.check; ok
n=$(find out -name '*.pgw' | wc -l)
grep -q "frames as planmap's $n, furniture on the page $n," atlas.check \
    || fail "not every page's frame checked against planmap's ($n pages): $(cat atlas.check)"; ok

# In English and in both languages: the title_en template, or both.
for lang in en zh+en; do
    sed -e "s/\"dpi\": 60/\"dpi\": 60, \"lang\": \"$lang\"/" \
        -e 's/"title": "重庆高新区 · {name}"/&, "title_en": "Chongqing HTZ · {name_en}"/' \
        atlas.json > "atlas-$lang.json"
    "$PLANMAP" batch "atlas-$lang.json" -o "out-$lang" -q
    "$PLANMAP" export "atlas-$lang.json" -o "atlas-$lang.qgz"
    tpl='Chongqing HTZ · {name_en}'
    [ "$lang" = en ] || tpl='重庆高新区 · {name}
Chongqing HTZ · {name_en}'
    "$QGIS_PY" "$PM_SOURCE_DIR/tests/tools/qgis_atlas.py" "atlas-$lang.qgz" "out-$lang" svg \
        "qgis-pages-$lang" "$tpl" > "atlas-$lang.check" 2>&1 \
        || { cat "atlas-$lang.check"; fail "QGIS check of atlas-$lang.qgz"; }
    grep '^qgis-atlas:' "atlas-$lang.check"; ok
done

# Names from values a file name does not keep: each run of such characters
# becomes one '-' in QGIS's page names as in planmap's.
python3 - "$plans/areas.geojson" odd.geojson <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
fs = [f for f in d["features"] if f["properties"].get("kind") == "zone"][:3]
for f, name in zip(fs, ["Park & Ride", "东区 新城", "a/b"]):
    f["properties"]["name"] = name
json.dump({"type": "FeatureCollection", "features": fs}, open(sys.argv[2], "w"), ensure_ascii=False)
PY
cat > odd.json <<EOF2
{"defaults": {"dpi": 50, "outputs": ["svg"]},
 "atlas": {"spec": "$data/maps/004-chongqing-layout.json", "coverage": "odd.geojson",
  "name": "odd/{name}", "title": "{name}"}}
EOF2
"$PLANMAP" batch odd.json -o out-odd -q
"$PLANMAP" export odd.json -o odd.qgz
[ -f out-odd/odd/Park-Ride.svg ] && [ -f out-odd/odd/东区-新城.svg ] && [ -f out-odd/odd/a-b.svg ] \
    || fail "planmap batch did not name the odd pages as expected: $(ls out-odd/odd)"; ok
"$QGIS_PY" "$PM_SOURCE_DIR/tests/tools/qgis_atlas.py" odd.qgz out-odd svg qgis-pages-odd \
    '{name}' 0.1 > odd.check 2>&1 || { cat odd.check; fail "QGIS check of odd.qgz"; }
grep '^qgis-atlas:' odd.check; ok

# Several atlases on one spec: a layout each, on a coverage layer each, at the
# atlas's own resolution; names that come out the same take planmap's -2, -3.
cat > multi.json <<EOF2
{"defaults": {"dpi": 50, "outputs": ["svg"]},
 "atlas": [
  {"spec": "$data/maps/004-chongqing-layout.json",
   "coverage": {"source": "$plans/areas.geojson", "where": {"kind": ["zone", "cluster"]}},
   "name": "kinds/{kind}", "title": "{name}"},
  {"spec": "$data/maps/004-chongqing-layout.json", "dpi": 72,
   "coverage": {"source": "$plans/areas.geojson", "where": {"kind": "cluster"}},
   "name": "clusters/{id}", "title": "{name}"}]}
EOF2
"$PLANMAP" batch multi.json -o out-multi -q
[ -f out-multi/kinds/zone-2.svg ] || fail "planmap batch made no zone-2: $(ls out-multi/kinds)"; ok
"$PLANMAP" export multi.json -o multi.qgz
for k in 0 1; do
    cov=atlas_coverage under=kinds dpi=50
    [ "$k" = 1 ] && cov=atlas_coverage_2 under=clusters dpi=72
    "$QGIS_PY" "$PM_SOURCE_DIR/tests/tools/qgis_atlas.py" multi.qgz out-multi svg "qgis-multi-$k" \
        '{name}' 0.1 "--layout=atlas[$k]" "--coverage=$cov" "--under=$under" "--dpi=$dpi" \
        > "multi-$k.check" 2>&1 || { cat "multi-$k.check"; fail "QGIS check of multi.qgz atlas[$k]"; }
    grep '^qgis-atlas:' "multi-$k.check"; ok
done
# Atlases on two specs are two maps: no one project holds both.
sed 's#"spec": "\([^"]*\)004-chongqing-layout.json", "dpi": 72#"spec": "\1004-chongqing-projects.json", "dpi": 72#' \
    multi.json > two.json
expect_fail 2 'two.json: atlas\[1\].spec: .*another map than atlas\[0\].spec' -- \
    "$PLANMAP" export two.json -o two.qgz
[ ! -e two.qgz ] || fail "two.qgz written"; ok

# Neither file may replace an input: a coverage GeoPackage of the project's name.
ogr2ogr -f GPKG cov.gpkg "$plans/areas.geojson" 2>/dev/null
sed "s#$plans/areas.geojson#cov.gpkg#" atlas.json > cov.json
expect_fail 3 'would overwrite an input' -- "$PLANMAP" export cov.json -o cov.qgz
[ ! -e cov.qgz ] || fail "cov.qgz written over an input's name"; ok
# A template's typo fails once, as planmap batch says it.
sed 's/{name}/{nmae}/' atlas.json > typo.json
expect_fail 4 'typo.json: atlas.title: the template names "nmae".*did you mean "name"' -- \
    "$PLANMAP" export typo.json -o typo.qgz

# A spec is still a spec; a batch file without an atlas is no project.
cat > maps.json <<EOF2
{"maps": [{"spec": "$data/maps/004-chongqing-layout.json"}]}
EOF2
expect_fail 2 'maps.json: a QGIS project of a batch file needs its "atlas"' -- "$PLANMAP" export maps.json -o maps.qgz
echo "qgis_atlas: $checks checks passed"
