#!/usr/bin/env bash
# A user's own data styled by value: a GeoPackage of districts in UTM zone
# 48N (EPSG:32648, not lon/lat) with numeric and text fields, one rule for
# each kind of condition (gt, between, in, like, any). The picture shows
# each district in the colour of the rule it matches, read inside the
# polygon through the published map→page transform, and --labels-json
# carries the label template filled in, numbers formatted.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"

# Squares 8 km wide in a row near Chengdu (UTM 48N metres), as GeoJSON in
# the same CRS, then a GeoPackage through ogr2ogr. invest is real, pop an
# integer; "none" matches no rule and keeps the layer's grey.
square() {   # X0 → a ring of a square from (X0, 3380000)
    local x0=$1 y0=3380000 x1=$(($1 + 8000)) y1=3388000
    echo "[[[$x0,$y0],[$x1,$y0],[$x1,$y1],[$x0,$y1],[$x0,$y0]]]"
}
feature() {   # ID X0 NAME NAME_EN INVEST POP SECTOR PHASE
    printf '{"type":"Feature","properties":{"id":"%s","name":"%s","name_en":"%s","invest":%s,"pop":%s,"sector":"%s","phase":"%s"},"geometry":{"type":"Polygon","coordinates":%s}}' \
        "$1" "$3" "$4" "$5" "$6" "$7" "$8" "$(square "$2")"
}
{
    echo '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},"features":['
    feature gt      400000 高新区 "Hi-tech Zone" 250.75 300000 服务 三期; echo ,
    feature between 410000 金牛区 "Jinniu"        80    200000 服务 三期; echo ,
    feature in      420000 新都区 "Xindu"         12.5  100000 制造 二期; echo ,
    feature like    430000 东部新区 ""            3     100000 服务 二期; echo ,
    feature any     440000 郫都区 "Pidu"          7     800000 服务 二期; echo ,
    feature none    450000 温江区 "Wenjiang"      9.95  100000 服务 二期
    echo ']}'
} > districts.geojson
ogr2ogr -f GPKG districts.gpkg districts.geojson -nln districts -a_srs EPSG:32648 2>/dev/null \
    || fail "ogr2ogr"
ogrinfo -so districts.gpkg districts | grep -q 'invest: Real' || fail "invest is not a real field"
ogrinfo -so districts.gpkg districts | grep -q 'pop: Integer' || fail "pop is not an integer field"
ok

cat > map.json <<'EOF_SPEC'
{"title": "按投资着色", "page": {"width_mm": 200, "height_mm": 100, "dpi": 72},
 "legend": false, "scale_bar": false, "north_arrow": false, "crs": "EPSG:32648",
 "layers": [{"name": "districts", "source": "districts.gpkg",
   "style": {"fill": "#bbbbbb", "stroke": "#ffffff", "width": 0.5,
             "label": "{name}（{invest:.1f} 亿元，{pop:,} 人）", "font_size": 6},
   "rules": [
     {"where": {"invest": {"gt": 100}}, "fill": "#d62728"},
     {"where": {"invest": {"between": [50, 100]}}, "fill": "#1f77b4"},
     {"where": {"sector": {"in": ["制造", "物流"]}}, "fill": "#2ca02c"},
     {"where": {"name": {"like": "东_新%"}}, "fill": "#ff7f0e"},
     {"where": {"any": [{"phase": "一期"}, {"pop": {"gte": 500000}}]}, "fill": "#9467bd"}
   ]}]}
EOF_SPEC
"$PLANMAP" render map.json -o map.png --labels-json labels.json || fail "render"
ok

# pixel X Y (UTM metres) → page pixel through the published transform.
pixel() {
    python3 -c 'import json,sys; t=json.load(open("labels.json"))["map_to_page"]; x,y=float(sys.argv[1]),float(sys.argv[2]); print(round(t[0]*x+t[1]), round(t[2]*y+t[3]))' "$1" "$2"
}
# Probe near each square's lower-left corner, clear of its label in the middle.
while read -r x0 want; do
    read -r px py < <(pixel $((x0 + 1500)) 3381500)
    got=$("$PM_IMGCHECK" median map.png "$px" "$py" 1) || fail "($px, $py) is off the picture"
    [ "$got" = "$want" ] || fail "square at x=$x0: pixel ($px, $py) is $got, want $want"
    ok
done <<'EOF_PROBES'
400000 #d62728
410000 #1f77b4
420000 #2ca02c
430000 #ff7f0e
440000 #9467bd
450000 #bbbbbb
EOF_PROBES

# The label template filled in: one decimal, thousands separators.
python3 - <<'PY' || fail "label texts"
import json, sys
texts = {b["text"] for b in json.load(open("labels.json"))["boxes"] if b["kind"] == "label"}
want = {"高新区（250.8 亿元，300,000 人）", "金牛区（80.0 亿元，200,000 人）",
        "新都区（12.5 亿元，100,000 人）", "东部新区（3.0 亿元，100,000 人）",
        "郫都区（7.0 亿元，800,000 人）", "温江区（9.9 亿元，100,000 人）"}
missing = want - texts
if missing:
    sys.exit(f"missing labels {sorted(missing)}; drawn {sorted(texts)}")
PY
ok

# In English each {field} takes field_en where the feature has one.
"$PLANMAP" render map.json -o en.png --lang en --labels-json en.json || fail "render en"
grep -q 'Hi-tech Zone（250.8 亿元，300,000 人）' en.json || fail "English label: $(grep -o '"text": "[^"]*"' en.json)"
grep -q '东部新区（3.0 亿元' en.json || fail "no name_en: the name stays"
ok
# zh+en: the template filled in both, on two lines where they differ.
"$PLANMAP" render map.json -o zhen.png --lang zh+en --labels-json zhen.json || fail "render zh+en"
grep -q '"高新区（250.8 亿元，300,000 人）\\nHi-tech Zone（250.8 亿元，300,000 人）"' zhen.json \
    || fail "zh+en label: $(grep -o '"text": "[^"]*"' zhen.json)"
grep -q '"东部新区（3.0 亿元，100,000 人）"' zhen.json || fail "zh+en: one line without English"
ok

# A bad template and a bad operand fail at the spec, with their JSON paths.
sed 's/{invest:.1f}/{invest:.1x}/' map.json > bad_label.json
expect_fail 4 'bad_label.json: layers\[0\]\.style\.label: label template: a bad number format' -- \
    "$PLANMAP" render bad_label.json -o bad.png
sed 's/"gt": 100/"gt": "100亿"/' map.json > bad_where.json
expect_fail 4 'bad_where.json: layers\[0\]\.rules\[0\]\.where\.invest\.gt: expected a number, got a string' -- \
    "$PLANMAP" render bad_where.json -o bad.png
[ ! -e bad.png ] || fail "a failed render left bad.png"
ok
finish
