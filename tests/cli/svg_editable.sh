#!/usr/bin/env bash
# An SVG a planner can finish in Inkscape or Illustrator: every word is a
# <text> (font, size, fill, the halo as a stroke painted first) at the
# place the PNG prints it, with &, <, quotes and Chinese escaped; one
# Inkscape layer per data layer and per part of the page, in drawing order;
# and rsvg-convert draws it like the PNG. Read by xmllint and rsvg-convert.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"
command -v xmllint >/dev/null && command -v rsvg-convert >/dev/null || { echo "no xmllint/rsvg-convert"; exit 77; }

cat > places.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "A & B <C>", "kind": "town"}, "geometry": {"type": "Point", "coordinates": [104.02, 30.02]}},
{"type": "Feature", "properties": {"name": "\"Quoted\" 'single'", "kind": "town"}, "geometry": {"type": "Point", "coordinates": [104.08, 30.02]}},
{"type": "Feature", "properties": {"name": "成都 天府", "name_en": "Tianfu & Co", "kind": "town"}, "geometry": {"type": "Point", "coordinates": [104.05, 30.07]}}
]}
EOF
cat > zones.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "绿地", "kind": "park"}, "geometry": {"type": "Polygon", "coordinates": [[[104.0, 30.0], [104.1, 30.0], [104.1, 30.1], [104.0, 30.1], [104.0, 30.0]]]}}
]}
EOF
# 72 dpi: one PNG pixel is one SVG point.
cat > map.json <<'EOF'
{"title": "标题 Title & <more>", "subtitle": "副标题", "lang": "zh+en", "notes": ["注 & note"],
 "page": {"width_mm": 254, "height_mm": 177.8, "dpi": 72},
 "scale_bar": false, "north_arrow": false,
 "layers": [
  {"name": "绿地 zones", "source": "zones.geojson", "style": {"fill": "#c7e9c0", "stroke": "#238b45", "label": null},
   "rules": [{"where": {"kind": "park"}, "legend": "公园 <parks> & \"green\"", "legend_en": "Parks"}]},
  {"name": "places", "source": "places.geojson",
   "rules": [{"where": {"kind": "town"}, "legend": "城镇"}],
   "style": {"marker": "circle", "marker_size": 5, "fill": "#cc0000", "label": "name", "font_size": 14,
             "text_color": "#0000cc", "halo": "#ffff00", "halo_width": 2}}]}
EOF
"$PLANMAP" render map.json -o map.png --labels-json png.json || fail "render png"
"$PLANMAP" render map.json -o map.svg --labels-json svg.json || fail "render svg"
xmllint --noout map.svg || fail "the SVG is not well-formed XML"; ok

X() { xmllint --xpath "$1" map.svg 2>/dev/null; }
ns='//*[local-name()="text"]'

# One <text> for every word placed: labels, title, subtitle, legend.
texts=$(X "count($ns)")
expected=$(python3 -c '
import json
b = json.load(open("svg.json"))["boxes"]
print(sum(1 for x in b if x["kind"] in ("label", "title", "subtitle", "legend-title", "legend-item", "note")))')
[ "$texts" -eq "$expected" ] && [ "$texts" -ge 7 ] || fail "$texts <text> elements, $expected words placed"; ok
[ "$(X 'count(//*[local-name()="path" and contains(@style, "fill-opacity:0.0123")])')" -eq 0 ] \
    || fail "a marker was left in the SVG"; ok

# Layers: one Inkscape layer per data layer and page part, in drawing order.
ids=$(X '//*[local-name()="g" and @*[local-name()="groupmode"]="layer"]/@id' | sed 's/ id="\([^"]*\)"/\1 /g' | tr -s ' \n' ' ')
want="background layer-1-_zones layer-2-places labels frame furniture panel legend title notes "
[ "$ids" = "$want" ] || fail "layer groups: '$ids', expected '$want'"; ok
[ "$(X 'string(//*[@id="layer-1-_zones"]/@*[local-name()="label"])')" = "绿地 zones" ] || fail "layer label"; ok
grep -q 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"' map.svg || fail "no inkscape namespace"; ok
# The data are drawn inside their layer: the zone's fill colour is there.
X '//*[@id="layer-1-_zones"]//*[local-name()="path"]/@style' | grep -q 'fill:rgb(78.039216%,91.372549%,75.294118%)' \
    || fail "the zone is not in its layer"; ok

# Escaping: the words come back exactly through an XML reader (a wrapped
# label's lines joined).
for w in 'A & B <C>' "\"Quoted\" 'single'" '成都 天府' 'Tianfu & Co' '标题 Title & <more>' \
         '公园 <parks> & "green"' '注 & note'; do
    python3 - "$w" <<'PY' || fail "'$w' is not the words of a <text>"
import sys, xml.etree.ElementTree as ET
T = "{http://www.w3.org/2000/svg}"
texts = [" ".join(s.text or "" for s in t.iter(T + "tspan")) for t in ET.parse("map.svg").iter(T + "text")]
lines = [l for t in ET.parse("map.svg").iter(T + "text") for l in (s.text for s in t.iter(T + "tspan"))]
assert sys.argv[1] in texts or sys.argv[1] in lines, texts
PY
    ok
done
# zh+en: the two lines of a label are one <text> with two <tspan>s.
[ "$(X "count($ns[*[local-name()=\"tspan\"]=\"成都 天府\"]/*[local-name()=\"tspan\"])")" -eq 2 ] \
    || fail "the two-line label is not one <text> with two <tspan>s"; ok

# Font, size, fill and halo as the spec says.
label='//*[local-name()="text"][*[local-name()="tspan"]="A & B <C>"]'
[ "$(X "string($label/@font-family)")" = "Noto Sans CJK SC" ] || fail "font-family"; ok
[ "$(X "string($label/@font-size)")" = "14" ] || fail "font-size: $(X "string($label/@font-size)")"; ok
[ "$(X "string($label/@fill)")" = "#0000cc" ] || fail "fill"; ok
[ "$(X "string($label/@stroke)")" = "#ffff00" ] && [ "$(X "string($label/@stroke-width)")" = "4" ] &&
    [ "$(X "string($label/@paint-order)")" = "stroke" ] || fail "halo: $(X "$label")"; ok

# Same words at the same places as in the PNG: each label's first line
# starts at its box's left edge, its baseline inside the box.
python3 - <<'PY' || fail "labels are not where the PNG has them"
import json, re, html
png = [b for b in json.load(open("png.json"))["boxes"] if b["kind"] == "label"]
svg = open("map.svg", encoding="utf-8").read()
texts = re.findall(r'<text [^>]*>(.*?)</text>', svg)
spans = []
for t in texts:
    s = re.findall(r'<tspan x="([-0-9.]+)" y="([-0-9.]+)"[^>]*>(.*?)</tspan>', t)
    spans.append([(float(x), float(y), html.unescape(w)) for x, y, w in s])
assert len(png) == 3, png
for b in png:
    first = b["text"].split("\n")[0]
    hit = [s for s in spans if s and first.startswith(s[0][2])]
    assert len(hit) == 1, (b, hit)
    x, y, _ = hit[0][0]
    assert abs(x - b["x"]) < 0.6 or b["x"] < x < b["x"] + b["w"], (b, x)
    assert b["y"] < y < b["y"] + b["h"], (b, y)
PY
ok

# rsvg-convert draws it as the PNG is drawn, words included.
size=$("$PM_IMGCHECK" size map.png)
rsvg-convert -w "${size% *}" -h "${size#* }" -b white map.svg -o svg.png || fail "rsvg-convert"
read -r mean far <<<"$("$PM_IMGCHECK" compare map.png svg.png | sed 's/mean=//; s/far=//')"
python3 -c "import sys; sys.exit(not ($mean < 4 and $far < 0.01))" || fail "the SVG draws unlike the PNG: mean=$mean far=$far"; ok
python3 - > places.txt <<'PY'
import json
for b in json.load(open("png.json"))["boxes"]:
    if b["kind"] in ("label", "title"):
        print(round(b["x"] + b["w"] / 2), round(b["y"] + b["h"] / 2), round(min(b["w"], b["h"]) / 2), b["kind"])
PY
while read -r x y r kind; do
    colour='#0000cc'; [ "$kind" = title ] && colour='#000000'
    for img in map.png svg.png; do
        f=$("$PM_IMGCHECK" match "$img" "$x" "$y" "$r" "$colour" 90)
        python3 -c "import sys; sys.exit(not $f > 0.04)" || fail "$img: no $kind ink ($colour) near $x,$y: $f"
    done
    ok
done < places.txt
echo "svg_editable: $checks checks"
