#!/usr/bin/env bash
# Classes from data and proportional symbols as a user sees them, on data
# made here and stored in EPSG:3857 (a GeoPackage written by ogr2ogr):
# polygons of known Jenks classes drawn in their class colours, markers
# sized by area ∝ value (--labels-json marker boxes), legend texts with
# formatted ranges in Chinese and English (both in zh+en, in the PDF's
# text too), the size legend as nested circles on one baseline, and the
# errors for bad keys.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"
command -v ogr2ogr >/dev/null || { echo "ogr2ogr missing"; exit 77; }

# Six squares with invest 1 2 3 10 11 12 and one without; points at three of
# their centres with n 4 16 64.
python3 - <<'PY'
import json
vals = [1, 2, 3, 10, 11, 12, None]
polys, pts = [], []
for i, v in enumerate(vals):
    x, y = 104.0 + 0.1 * (i % 4), 30.0 + 0.1 * (i // 4)
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    polys.append({"type": "Feature", "properties": {"name": "z%d" % i, "invest": v},
                  "geometry": {"type": "Polygon", "coordinates": [ring]}})
for i, n in [(0, 4), (1, 16), (2, 64)]:
    x, y = 104.05 + 0.1 * i, 30.05
    pts.append({"type": "Feature", "properties": {"name": "p%d" % i, "n": n},
                "geometry": {"type": "Point", "coordinates": [x, y]}})
for name, feats in (("zones", polys), ("pts", pts)):
    json.dump({"type": "FeatureCollection", "features": feats}, open(name + ".geojson", "w"))
PY
ogr2ogr -f GPKG -t_srs EPSG:3857 d.gpkg zones.geojson -nln zones
ogr2ogr -f GPKG -t_srs EPSG:3857 -update d.gpkg pts.geojson -nln pts

cat > map.json <<'EOF'
{"title": "分级", "title_en": "Classes", "page": {"width_mm": 200, "height_mm": 120, "dpi": 96},
 "scale_bar": false, "north_arrow": false,
 "layers": [
  {"name": "zones", "source": "d.gpkg", "layer": "zones", "style": {"label": null, "opacity": 1},
   "classify": {"field": "invest", "method": "jenks", "classes": 2, "palette": ["#d7191c", "#2b83ba"],
                "legend": "{lo}–{hi} 亿元", "legend_en": "{lo}–{hi} bn yuan"}},
  {"name": "pts", "source": "d.gpkg", "layer": "pts",
   "style": {"label": null, "marker": "circle", "fill": "#1a9641", "width": 0},
   "size_by": {"field": "n", "max": 20, "min": 1, "legend": "{value} 项", "legend_en": "{value} projects"}}
 ]}
EOF
"$PLANMAP" render map.json -o map.png --labels-json labels.json || fail "render"
"$PLANMAP" render map.json -o en.png --lang en --labels-json en.json || fail "render en"

# Pixel colour at the projected centre of square i (+0.03° north of the
# point there, so the marker is not in the way).
colour_at() {
    python3 - "$1" <<'PY' > lonlat.txt
import sys
i = int(sys.argv[1])
print(104.05 + 0.1 * (i % 4), 30.08 + 0.1 * (i // 4))
PY
    crs=$(python3 -c 'import json; print(json.load(open("labels.json"))["crs"])')
    read -r px py < <(cs2cs -f %.3f +proj=longlat +datum=WGS84 +to $crs < lonlat.txt \
        | python3 -c 'import json,sys; x,y=map(float,sys.stdin.read().split()[:2]); t=json.load(open("labels.json"))["map_to_page"]; print(round(t[0]*x+t[1]), round(t[2]*y+t[3]))')
    "$PM_IMGCHECK" median map.png "$px" "$py" 2
}
for i in 0 1 2; do
    [ "$(colour_at $i)" = "#d7191c" ] || fail "square $i (invest ≤ 3): $(colour_at $i), not the first class's #d7191c"
    ok
done
for i in 3 4 5; do
    [ "$(colour_at $i)" = "#2b83ba" ] || fail "square $i (invest ≥ 10): $(colour_at $i), not the second class's #2b83ba"
    ok
done
c6=$(colour_at 6)
[ "$c6" != "#d7191c" ] && [ "$c6" != "#2b83ba" ] || fail "square 6 (no value) drawn in a class colour ($c6)"
ok

# Marker diameters: area ∝ value, the largest 20 pt (96 dpi: px = pt · 96/72).
python3 - <<'PY' || fail "marker sizes"
import json, math
boxes = {b["text"]: b for b in json.load(open("labels.json"))["boxes"] if b["kind"] == "marker"}
for name, n in (("p0", 4), ("p1", 16), ("p2", 64)):
    want = 20 * math.sqrt(n / 64) * 96 / 72
    got = boxes[name]["w"]
    assert abs(got - want) < 0.05, (name, got, want)
PY
ok

# Legend: the classes' ranges, "no data", then the size references as one
# entry (nested symbols, their values one a line, largest first); in zh+en
# every entry in both languages.
legend() { python3 -c 'import json,sys; print("|".join(b["text"].replace("\n", "/") for b in json.load(open(sys.argv[1]))["boxes"] if b["kind"] == "legend-item"))' "$1"; }
[ "$(legend labels.json)" = "1–3 亿元|10–12 亿元|无数据|64 项/20 项/4 项" ] || fail "legend: $(legend labels.json)"
ok
[ "$(legend en.json)" = "1–3 bn yuan|10–12 bn yuan|No data|64 projects/20 projects/4 projects" ] || fail "English legend: $(legend en.json)"
ok
"$PLANMAP" render map.json -o both.pdf --lang zh+en --labels-json both.json || fail "render zh+en"
[ "$(legend both.json)" = "1–3 亿元/1–3 bn yuan|10–12 亿元/10–12 bn yuan|无数据/No data|64 项/20 项/4 项/64 projects/20 projects/4 projects" ] \
    || fail "zh+en legend: $(legend both.json)"
ok
# What a reader of the PDF finds: each value in both languages.
pdftotext both.pdf both.txt || fail "pdftotext"
for word in "10–12 亿元" "10–12 bn yuan" "无数据" "No data" "64 项" "64 projects" "4 projects"; do
    grep -qF "$word" both.txt || fail "zh+en PDF: no \"$word\" in its text"
done
ok

# The size legend as drawn: down the symbols' centre line, the outlines of
# three nested circles that share the baseline (the largest at the back, a
# smaller one's outline inside it): four dark runs between green fill, the
# tops at 1, √(20/64) and √(4/64) of the largest diameter above the base.
python3 - "$PM_IMGCHECK" <<'PY' || fail "nested size legend"
import json, math, subprocess, sys
d = json.load(open("labels.json"))
b = [b for b in d["boxes"] if b["kind"] == "legend-item" and b["text"].startswith("64 ")][0]
x = round(b["x"] + 11 * 96 / 72)   # 1 pt margin, then half the 20 pt circle
def kind(y):
    c = subprocess.run([sys.argv[1], "pixel", "map.png", str(x), str(y)], capture_output=True,
                       text=True, check=True).stdout.strip()
    r, g, bl = (int(c[i:i + 2], 16) for i in (1, 3, 5))
    return "g" if g > r + 60 and g > bl + 40 else "d" if r + g + bl < 330 else "w"
col = "".join(kind(y) for y in range(int(b["y"]), int(b["y"] + b["h"]) + 1))
runs = [i for i in range(len(col)) if col[i] == "d" and (i == 0 or col[i - 1] != "d")]
assert len(runs) == 4, ("dark runs", col)
inside = col[runs[0]:runs[-1]].replace("d", "")
assert inside and set(inside) == {"g"}, ("not filled between the outlines", col)
base = runs[-1]
tops = [base - r for r in runs[:3]]
for got, want in zip(tops, (1, math.sqrt(20 / 64), math.sqrt(4 / 64))):
    assert abs(got / tops[0] - want) < 0.08, ("circle heights", tops)
PY
ok

# Categories from a named palette; too many for it is a data error.
sed 's/"method": "jenks", "classes": 2, "palette": \["#d7191c", "#2b83ba"\]/"method": "categories", "palette": "Set1"/' map.json > cat.json
"$PLANMAP" render cat.json -o cat.png --labels-json cat.labels.json || fail "categories"
[ "$(legend cat.labels.json | cut -d'|' -f1-3)" = "1 亿元|2 亿元|3 亿元" ] || fail "category legend: $(legend cat.labels.json)"
ok
sed 's/"Set1"/["red", "blue"]/' cat.json > few.json
expect_fail 5 'zones: classify: 6 classes of "invest" but 2 colours' -- "$PLANMAP" render few.json -o few.png
sed 's/"Set1"/"Set9"/' cat.json > bad.json
expect_fail 4 'layers\[0\]\.classify\.palette: unknown palette "Set9"' -- "$PLANMAP" render bad.json -o bad.png
[ ! -e few.png ] && [ ! -e bad.png ] || fail "an output was left after an error"
ok
finish
