#!/usr/bin/env bash
# The theme in the open: without "theme" (or with "none") a `kind=river`
# polygon is drawn neutral and nothing is labelled unasked; with "plan" it is
# blue and named, and lines and points are named by the same rule.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"

# One large river polygon, a named road and a named point, in EPSG:4490.
python3 - <<'PY'
import json
river = [[104.0, 30.5], [104.2, 30.5], [104.2, 30.7], [104.0, 30.7], [104.0, 30.5]]
feats = [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [river]},
          "properties": {"name": "锦江", "kind": "river", "名称": "锦江"}},
         {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[104.12, 30.52], [104.18, 30.6]]},
          "properties": {"name": "天府大道", "kind": "road", "名称": "天府大道"}},
         {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.15, 30.66]},
          "properties": {"name": "孵化园", "kind": "facility", "名称": "孵化园"}}]
json.dump({"type": "FeatureCollection", "features": feats}, open("w.geojson", "w"), ensure_ascii=False)
PY
ogr2ogr -f GPKG -a_srs EPSG:4490 -nln water water.gpkg w.geojson || fail "ogr2ogr"

# map FILE [THEME-KEY]: the three features, no furniture.
map() {
    cat > "$1" <<JSON
{"title": "t", $2 "page": {"width_mm": 160, "height_mm": 120, "dpi": 96}, "legend": false,
 "scale_bar": false, "north_arrow": false, "layers": [{"name": "w", "source": "water.gpkg"}]}
JSON
}
map none.json ''
map none2.json '"theme": "none",'
map plan.json '"theme": "plan",'

# probe PNG LABELS-JSON: the colour 0.02° inside the river's south-west corner.
probe() {
    local crs px
    crs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["crs"])' "$2")
    px=$(echo "104.02 30.52" | cs2cs -f %.6f +proj=longlat +datum=WGS84 +to $crs |
        python3 -c 'import json,sys; x,y=map(float,sys.stdin.read().split()[:2]); t=json.load(open(sys.argv[1]))["map_to_page"]; print(round(t[0]*x+t[1]), round(t[2]*y+t[3]))' "$2")
    "$PM_IMGCHECK" median "$1" $px 2
}
labels() {
    python3 -c 'import json,sys; print(" ".join(sorted(b["text"] for b in json.load(open(sys.argv[1]))["boxes"] if b["kind"].startswith("label"))))' "$1"
}
blue() {
    python3 -c 'import sys; c=sys.argv[1]; r,g,b=(int(c[i:i+2],16) for i in (1,3,5)); sys.exit(0 if b > r + 40 and b > g else 1)' "$1"
}

for t in none none2 plan; do
    "$PLANMAP" render $t.json -o $t.png --labels-json $t.labels.json || fail "render $t"
done
c=$(probe none.png none.labels.json)
! blue "$c" || fail "kind=river drawn blue ($c) without a theme"; ok
[ "$(labels none.labels.json)" = "" ] || fail "labels without a theme: $(labels none.labels.json)"; ok
cmp -s none.png none2.png || fail "no theme key differs from \"theme\": \"none\""; ok
c=$(probe plan.png plan.labels.json)
blue "$c" || fail "kind=river is not blue ($c) with the plan theme"; ok
# One labelling rule: the area, the line and the point are all named.
[ "$(labels plan.labels.json)" = "天府大道 孵化园 锦江" ] || fail "plan labels: $(labels plan.labels.json)"; ok

# Without a theme, labels only where asked (a Chinese field too).
cat > asked.json <<JSON
{"title": "t", "legend": false, "scale_bar": false, "north_arrow": false,
 "layers": [{"name": "w", "source": "water.gpkg", "rules": [{"where": {"kind": "facility"}, "label": "名称"}]}]}
JSON
"$PLANMAP" render asked.json -o asked.png --labels-json asked.labels.json || fail "render asked"
[ "$(labels asked.labels.json)" = "孵化园" ] || fail "asked labels: $(labels asked.labels.json)"; ok

# "label": null keeps a plan layer unnamed.
sed 's/"source": "water.gpkg"/"source": "water.gpkg", "style": {"label": null}/' plan.json > unnamed.json
"$PLANMAP" render unnamed.json -o unnamed.png --labels-json unnamed.labels.json || fail "render unnamed"
[ "$(labels unnamed.labels.json)" = "" ] || fail "label null: $(labels unnamed.labels.json)"; ok

sed 's/"theme": "plan"/"theme": "plane"/' plan.json > bad.json
expect_fail 4 'bad\.json: theme: expected "none" or "plan", got a string \("plane"\)$' -- "$PLANMAP" render bad.json -o bad.png
finish
