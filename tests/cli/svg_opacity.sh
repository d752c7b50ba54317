#!/usr/bin/env bash
# Layers drawn with an opacity come out of the SVG as plain translucent
# groups, <g opacity="…"> around their own paths, where an editor can pick
# them, not as a masked <use> of a definition (a clone behind a mask). And
# rsvg-convert draws them as the PNG does: the colours at known places
# (one layer over white, two translucent features over each other, a
# translucent line over a translucent fill) match the PNG's.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"
command -v xmllint >/dev/null && command -v rsvg-convert >/dev/null || { echo "no xmllint/rsvg-convert"; exit 77; }

# Two squares overlapping in 104.04..104.06, a line across both, a point.
geojson zones.geojson \
    "$(feature a Polygon '[[[104.0, 30.0], [104.06, 30.0], [104.06, 30.06], [104.0, 30.06], [104.0, 30.0]]]')" \
    "$(feature b Polygon '[[[104.04, 30.04], [104.1, 30.04], [104.1, 30.1], [104.04, 30.1], [104.04, 30.04]]]')"
geojson roads.geojson "$(feature r LineString '[[103.99, 30.02], [104.11, 30.02]]')"
geojson places.geojson "$(feature p Point '[104.08, 30.08]')"
# 72 dpi: one PNG pixel is one SVG point.
cat > map.json <<'EOF'
{"title": "t", "crs": "EPSG:4326", "page": {"width_mm": 200, "height_mm": 200, "dpi": 72},
 "legend": false, "scale_bar": false, "north_arrow": false,
 "layers": [
  {"name": "zones", "source": "zones.geojson",
   "style": {"fill": "#2050c0", "stroke": "#102060", "width": 1, "opacity": 0.5, "label": null}},
  {"name": "roads", "source": "roads.geojson",
   "style": {"stroke": "#c02020", "width": 8, "opacity": 0.4, "label": null}},
  {"name": "places", "source": "places.geojson",
   "style": {"marker": "square", "marker_size": 16, "fill": "#20a020", "opacity": 0.6, "label": null}}]}
EOF
"$PLANMAP" render map.json -o map.png -o map.svg --labels-json map.json.out || fail "render"
xmllint --noout map.svg || fail "the SVG is not well-formed XML"; ok

X() { xmllint --xpath "$1" map.svg 2>/dev/null; }
N() { X "count($1)"; }
[ "$(N '//*[local-name()="mask"]')" = 0 ] || fail "masks left in the SVG"; ok
[ "$(N '//*[local-name()="use"]')" = 0 ] || fail "<use> left in the SVG"; ok
for layer in zones roads places; do
    # each layer's translucent groups sit in its own Inkscape layer, with paths inside
    g=$(N "//*[local-name()='g'][@*[local-name()='label']='$layer']//*[local-name()='g'][@opacity]//*[local-name()='path']")
    [ "$g" -ge 1 ] || fail "layer $layer: no path inside a <g opacity>"; ok
done
X "//*[local-name()='g'][@opacity]/@opacity" | tr ' ' '\n' | grep -o '[0-9.]*' | sort -u > opacities
[ "$(tr '\n' ' ' < opacities)" = "0.4 0.5 0.6 " ] || fail "opacities $(tr '\n' ' ' < opacities)"; ok

read -r w h <<< "$("$PM_IMGCHECK" size map.png)"
rsvg-convert -w "$w" -h "$h" map.svg -o rsvg.png || fail "rsvg-convert cannot draw the SVG"
[ "$("$PM_IMGCHECK" size rsvg.png)" = "$("$PM_IMGCHECK" size map.png)" ] ||
    fail "rsvg draws $("$PM_IMGCHECK" size rsvg.png), the PNG is $("$PM_IMGCHECK" size map.png)"; ok

# lon lat what: the colour there in the PNG and in rsvg's drawing of the SVG
python3 - map.json.out <<'EOF' > spots
import json, sys
d = json.load(open(sys.argv[1]))
sx, tx, sy, ty = d["map_to_page"]
for lon, lat, what in ((104.01, 30.05, "one-zone"), (104.05, 30.05, "two-zones"),
                       (104.01, 30.02, "road-over-zone"), (104.08, 30.08, "marker-over-zone"),
                       (104.08, 30.02, "road-alone")):
    print(round(sx * lon + tx), round(sy * lat + ty), what)
EOF
close() {   # close "#rrggbb" "#rrggbb": each channel within 3
    python3 -c 'import sys; a, b = (bytes.fromhex(c[1:]) for c in sys.argv[1:]); sys.exit(max(abs(x - y) for x, y in zip(a, b)) > 3)' "$1" "$2"
}
while read -r x y what; do
    png=$("$PM_IMGCHECK" median map.png "$x" "$y" 2)
    svg=$("$PM_IMGCHECK" median rsvg.png "$x" "$y" 2)
    [ "$png" != "#ffffff" ] || fail "$what ($x,$y): white in the PNG: the spot is off the map"
    close "$png" "$svg" || fail "$what ($x,$y): the PNG has $png, rsvg draws $svg"; ok
done < spots
# the overlap is darker than one zone alone: the two groups each keep their opacity
[ "$(sed -n 1p spots | { read -r x y _; "$PM_IMGCHECK" median rsvg.png "$x" "$y" 2; })" != \
  "$(sed -n 2p spots | { read -r x y _; "$PM_IMGCHECK" median rsvg.png "$x" "$y" 2; })" ] ||
    fail "the overlap of two translucent zones is drawn as one"; ok

echo "svg_opacity: $checks checks passed"
