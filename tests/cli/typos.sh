#!/usr/bin/env bash
# No silent typos: a field a spec names that its source lacks is a spec error
# (exit 4) naming the JSON path, the source's fields and the nearest one, for
# `where`, rules and labels, on a GeoPackage in CGCS2000 (EPSG:4490) with
# Chinese field names, a streamed layer and a GeoJSON whose features differ.
source "$(dirname "$0")/lib/common.sh"

# districts: 15 polygons (name, category, invest, 类别) in EPSG:4490; mixed: two
# points with different properties; roads: 3 000 lines (kind, grade).
python3 - <<'PY'
import json
feats = []
for i in range(15):
    x, y = 104.0 + (i % 5) * 0.1, 30.5 + (i // 5) * 0.1
    ring = [[x, y], [x + 0.08, y], [x + 0.08, y + 0.08], [x, y + 0.08], [x, y]]
    feats.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                  "properties": {"name": "区%d" % i, "category": ["产业", "生态", "居住"][i % 3],
                                 "invest": 10 * i, "类别": ["甲", "乙"][i % 2]}})
json.dump({"type": "FeatureCollection", "features": feats}, open("d.geojson", "w"), ensure_ascii=False)
# A GeoJSON whose features carry different properties: GDAL's fields are the union.
mixed = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.1, 30.6]},
          "properties": {"name": "甲"}},
         {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.2, 30.7]},
          "properties": {"phase": "一期"}}]
json.dump({"type": "FeatureCollection", "features": mixed}, open("mixed.geojson", "w"), ensure_ascii=False)
# 20 vertices a line: chunks of about 1 600 features, so 3 000 are streamed.
feats = [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[104 + i * 1e-4, 30.5 + k * 0.005] for k in range(20)]},
          "properties": {"kind": "road", "grade": i % 3}} for i in range(3000)]
json.dump({"type": "FeatureCollection", "features": feats}, open("roads.geojson", "w"))
PY
ogr2ogr -f GPKG -a_srs EPSG:4490 -nln districts districts.gpkg d.geojson || fail "ogr2ogr"
ogr2ogr -f GPKG -a_srs EPSG:4490 -nln roads roads.gpkg roads.geojson || fail "ogr2ogr roads"
ogrinfo -so districts.gpkg districts | grep -q 'CGCS 2000\|CGCS2000\|4490' || fail "not in EPSG:4490"

# spec FILE LAYER-JSON: a one-layer map of districts.gpkg.
spec() {
    cat > "$1" <<JSON
{"title": "t", "page": {"width_mm": 140, "height_mm": 100}, "legend": false,
 "scale_bar": false, "north_arrow": false, "layers": [$2]}
JSON
}
D='"name": "d", "source": "districts.gpkg"'
# typo FILE LAYER-JSON REGEX: that map is a spec error matching REGEX, no output.
typo() {
    spec "$1" "$2"
    expect_fail 4 "$3" -- "$PLANMAP" render "$1" -o out.png
    [ ! -e out.png ] || fail "$1: an output after a spec error"
}

typo where.json "{$D, \"where\": {\"catgory\": \"产业\"}}" \
    "^planmap: .*where.json: layers\[0\]\.where\.catgory: the source districts\.gpkg has no field 'catgory' \(fields: name, category, invest, 类别\); did you mean 'category'\?$"

typo rules.json "{$D, \"rules\": [{\"where\": {\"category\": \"产业\"}, \"fill\": \"red\"}, {\"where\": {\"knid\": \"x\"}, \"fill\": \"blue\"}]}" \
    "rules\.json: layers\[0\]\.rules\[1\]\.where\.knid: the source districts\.gpkg has no field 'knid' \(fields: name, category, invest, 类别\)$"

typo label.json "{$D, \"style\": {\"label\": \"nmae\"}}" \
    "layers\[0\]\.style\.label: the source districts\.gpkg has no field 'nmae' .*did you mean 'name'\?$"
# The English twin of a label field (name_en for name) is never required.
spec label_ok.json "{$D, \"style\": {\"label\": \"name\"}}"
"$PLANMAP" render label_ok.json -o ok.png --lang en || fail "a label on name without name_en"
ok

typo rule_label.json "{$D, \"rules\": [{\"label\": \"投资\"}]}" \
    "layers\[0\]\.rules\[0\]\.label: the source districts\.gpkg has no field '投资' \(fields: name, category, invest, 类别\)$"

# Inside an "any", and in a label template.
typo any.json "{$D, \"where\": {\"any\": [{\"name\": \"区1\"}, {\"invest\": {\"gt\": 5}, \"catgory\": \"产业\"}]}}" \
    "layers\[0\]\.where\.any\[1\]\.catgory: .*did you mean 'category'\?$"
typo template.json "{$D, \"style\": {\"label\": \"{name}（{invset} 亿元）\"}}" \
    "layers\[0\]\.style\.label: the source districts\.gpkg has no field 'invset' .*did you mean 'invest'\?$"

# Chinese field names: one code point off is a typo of 类别.
typo zh.json "{$D, \"where\": {\"类型\": \"甲\"}}" \
    "layers\[0\]\.where\.类型: .*did you mean '类别'\?$"

# A typo on the second layer drawing from the same source, and the theme's
# fields (kind, role, name_en) absent from the source are not errors.
typo two.json "{$D}, {\"name\": \"e\", \"source\": \"districts.gpkg\", \"where\": {\"invset\": 10}}" \
    "layers\[1\]\.where\.invset: .*did you mean 'invest'\?$"
spec fine.json "{$D, \"where\": {\"category\": \"产业\"}, \"rules\": [{\"where\": {\"类别\": \"甲\"}, \"label\": \"{name}（{invest} 亿元）\"}]}"
"$PLANMAP" render fine.json -o fine.png || fail "a spec naming only the source's fields"
ok

# A GeoJSON whose features differ: every property of any feature is a field.
spec mixed.json '{"name": "m", "source": "mixed.geojson", "where": {"phase": "一期"}, "style": {"label": "name"}}'
"$PLANMAP" render mixed.json -o mixed.png || fail "a field only some features have"
ok
typo mixed_bad.json '{"name": "m", "source": "mixed.geojson", "where": {"phse": "一期"}}' \
    "the source mixed\.geojson has no field 'phse' \(fields: name, phase\); did you mean 'phase'\?$"

# A streamed layer (large, only drawn, on a driver that reads on demand).
typo streamed.json '{"name": "r", "source": "roads.gpkg", "style": {"label": null}, "rules": [{"where": {"grdae": 1}, "stroke": "red"}]}' \
    "layers\[0\]\.rules\[0\]\.where\.grdae: the source roads\.gpkg has no field 'grdae' \(fields: kind, grade\); did you mean 'grade'\?$"

# When every feature is filtered out, the message says so (not the extent).
spec empty.json "{$D, \"where\": {\"category\": \"产业 \"}}"
expect_fail 5 "empty\.json: every feature was filtered out by where: layers\[0\] 'd' 0 of 15 match \{\"category\": \"产业 \"\}$" \
    -- "$PLANMAP" render empty.json -o out.png

# The inset's `where` against the inset's source.
cat > inset.json <<JSON
{"title": "t", "page": {"width_mm": 140, "height_mm": 100}, "scale_bar": false, "north_arrow": false,
 "inset": {"source": "districts.gpkg", "where": {"naem": "区1"}}, "layers": [{$D}]}
JSON
expect_fail 4 "inset\.json: inset\.where\.naem: the source districts\.gpkg has no field 'naem' .*did you mean 'name'\?$" \
    -- "$PLANMAP" render inset.json -o out.png
finish
