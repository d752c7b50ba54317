#!/usr/bin/env bash
# A layer of points whose markers are several pixels across is drawn in two
# bands on two threads: the PNG is the same file on 1, 2 and 3 threads, and
# the markers are where the world file puts their points, the one at the cut
# between the bands too, with white between them.
source "$(dirname "$0")/lib/common.sh"

# 61 x 51 points, 3111 (a layer of over 2000 is drawn in bands), every
# 1/60 degree; 5-point dots at 150 dpi are 10 pixels across.
python3 - <<'PY'
import json
feats = [{"type": "Feature", "properties": {"id": i * 51 + j},
          "geometry": {"type": "Point", "coordinates": [104 + i / 60, 30 + j / 60]}}
         for i in range(61) for j in range(51)]
json.dump({"type": "FeatureCollection", "features": feats}, open("points.geojson", "w"))
PY
cat > map.json <<'JSON'
{"title": "", "page": {"width_mm": 297, "height_mm": 210, "width_px": 1754, "height_px": 1240},
 "crs": "EPSG:4326", "extent": {"bbox": [103.95, 29.95, 105.05, 30.88]},
 "legend": false, "scale_bar": false, "north_arrow": false,
 "layers": [{"name": "points", "source": "points.geojson", "legend": false,
             "style": {"label": null, "marker": "circle", "marker_size": 5, "fill": "#e6550d", "width": 0}}]}
JSON
for threads in 1 2 3; do
    PLANMAP_PNG_DEFLATE=zlib PLANMAP_THREADS=$threads "$PLANMAP" render map.json -o "t$threads.png" --world-file ||
        fail "render on $threads threads"
done
for threads in 2 3; do
    cmp -s t1.png "t$threads.png" || fail "PLANMAP_THREADS=$threads drew other bytes than one thread"; ok
done
# Each checked point's dot covers a 3-pixel disc at the pixel the world file
# gives its lon/lat (x size, 0, 0, y size, x, y of the upper left pixel's
# centre), and half way to the next point (28 pixels away) is white.
PM_IMGCHECK="$PM_IMGCHECK" python3 - <<'PY' || fail "dots misplaced (above)"
import os, subprocess, sys
sx, _, _, sy, x0, y0 = (float(v) for v in open("t1.pgw").read().split())
check = os.environ["PM_IMGCHECK"]
def px(lon, lat):
    return str(round((lon - x0) / sx)), str(round((lat - y0) / sy))
bad = 0
for i in (0, 17, 30, 44, 60):
    for j in (0, 13, 25, 26, 50):
        lon, lat = 104 + i / 60, 30 + j / 60
        x, y = px(lon, lat)
        share = float(subprocess.check_output([check, "match", "t1.png", x, y, "3", "#e6550d", "8"]))
        gx, gy = px(lon + 1 / 120, lat + 1 / 120)
        gap = subprocess.check_output([check, "pixel", "t1.png", gx, gy]).decode().strip()
        if share < 0.95 or gap != "#ffffff":
            print(f"point {lon:.4f} {lat:.4f}: dot at {x},{y} covers {share}; {gx},{gy} is {gap}", file=sys.stderr)
            bad += 1
sys.exit(bad > 0)
PY
ok
finish
