#!/usr/bin/env bash
# What a planner sees on the bundled Chongqing map: at the projected position of
# known features (computed independently: SpatiaLite picks a point inside each
# polygon, cs2cs projects it with the map's CRS) the picture shows the colour
# family of that feature's symbol.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"
spec="$PM_SOURCE_DIR/data/maps/004-chongqing-layout.json"
areas="$PM_SOURCE_DIR/data/plans/004-chongqing-htz/areas.geojson"

"$PLANMAP" render "$spec" -o map.png --labels-json map.json || fail "render"
crs=$(python3 -c 'import json,sys; print(json.load(open("map.json"))["crs"])')

# probe ID: a point 0.002° inside the polygon's edge, away from its label.
probe() {
    ogrinfo -q -dialect SQLite -sql "SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointN(ST_ExteriorRing(ST_Buffer(geometry, -0.002)), 1) AS p FROM areas WHERE id = '$1')" "$areas" \
        | awk '/ x \(Real\)/ {x=$4} / y \(Real\)/ {y=$4} END {if (x == "") exit 1; print x, y}'
}

# to_pixel LON LAT → page pixel, through the map CRS and the renderer's
# published map→page transform.
to_pixel() {
    echo "$1 $2" | cs2cs -f %.3f +proj=longlat +datum=WGS84 +to $crs \
        | python3 -c 'import json,sys; x,y=map(float,sys.stdin.read().split()[:2]); t=json.load(open("map.json"))["map_to_page"]; print(round(t[0]*x+t[1]), round(t[2]*y+t[3]))'
}

# family COLOUR NAME: green, blue, purple, orange dominance tests on #rrggbb.
family() {
    python3 - "$1" "$2" <<'PY'
import sys
c, fam = sys.argv[1], sys.argv[2]
r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))
ok = {"green": g > r + 15 and g > b + 15,
      "blue": b > r + 15 and b >= g,
      "purple": r > g + 10 and b > g + 10,
      "orange": r > g + 15 and g > b + 15,
      "white": min(r, g, b) > 245}[fam]
sys.exit(0 if ok else 1)
PY
}

while read -r id fam; do
    read -r lon lat < <(probe "$id") || fail "no probe point for $id"
    read -r px py < <(to_pixel "$lon" "$lat")
    colour=$("$PM_IMGCHECK" median map.png "$px" "$py" 3) || fail "$id: ($px, $py) is off the picture"
    family "$colour" "$fam" || fail "$id at ($lon, $lat) → pixel ($px, $py) is $colour, not $fam"
    ok
done <<'EOF_PROBES'
kexue-gongyuan green
beibu-yanfa blue
zhongbu-zhuanhua orange
nanbu-zhizao purple
EOF_PROBES

# Outside the map frame, left of it, the page is white.
read -r fx fy fw fh < <(python3 -c 'import json; print(*map(round, json.load(open("map.json"))["map_frame"]))')
family "$("$PM_IMGCHECK" median map.png $((fx / 2)) $((fy + fh / 2)) 3)" white || fail "page margin is not white"; ok
finish
