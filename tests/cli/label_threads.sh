#!/usr/bin/env bash
# Labels are searched on several threads, and the map is the one a single
# thread makes: 3 000 named parcels (the theme's area labels, most refused,
# many on leaders) in the order of a walk across the map (each label's
# neighbour comes next: the searches ahead of it collide) and shuffled, with
# named points and a labelled river, rendered with PLANMAP_THREADS=1, 2 and
# 3: the same PNG bytes (zlib), the same label boxes, and the same labels
# dropped under --verbose. At 150 dpi the halos are 3 px wide, spread by the
# distance transform: with threads their masks are made on the workers and
# the labels drawn later, in placing order, the river's in between. "roomy"
# is the walk on a page twice as large: most searches ahead find a place its
# neighbour takes first, and are done again in turn. The walk as SVG (every
# label drawn at once) is the same file on 1, 2 and 3 threads too.
source "$(dirname "$0")/lib/common.sh"

python3 - <<'PY'
import json, random
def parcel(i, x, y):
    s = 0.004 + 0.003 * ((i * 7) % 5) / 4
    ring = [[x, y], [x + s, y], [x + s, y + s * 0.8], [x, y + s * 0.8], [x, y]]
    return {"type": "Feature", "properties": {"name": "地块%d" % i, "kind": "zone" if i % 9 == 0 else "other"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}
walk = []
for r in range(50):
    for c in (range(60) if r % 2 == 0 else range(59, -1, -1)):   # row by row, back and forth
        walk.append(parcel(len(walk), 104.0 + 0.0042 * c, 30.0 + 0.0045 * r))
shuffled = walk[:]
random.Random(20).shuffle(shuffled)
for name, feats in (("walk", walk), ("shuffled", shuffled)):
    json.dump({"type": "FeatureCollection", "features": feats}, open(name + ".geojson", "w"), ensure_ascii=False)
points = [{"type": "Feature", "properties": {"name": "Town %d" % i},
           "geometry": {"type": "Point", "coordinates": [104.01 + 0.023 * (i % 10), 30.01 + 0.04 * (i // 10)]}}
          for i in range(60)]
json.dump({"type": "FeatureCollection", "features": points}, open("points.geojson", "w"))
river = [{"type": "Feature", "properties": {"name": "Jin River", "kind": "river"},
          "geometry": {"type": "LineString", "coordinates": [[104.0, 30.05], [104.12, 30.11], [104.25, 30.2]]}}]
json.dump({"type": "FeatureCollection", "features": river}, open("river.geojson", "w"))
for order, source, k in (("walk", "walk", 1), ("shuffled", "shuffled", 1), ("roomy", "walk", 2)):
    json.dump({"title": order, "theme": "plan", "page": {"width_mm": 240 * k, "height_mm": 180 * k, "dpi": 150},
               "legend": False, "scale_bar": False, "north_arrow": False,
               "layers": [{"name": "parcels", "source": source + ".geojson"},
                          {"name": "river", "source": "river.geojson",
                           "style": {"stroke": "#3182bd", "width": 2, "label": "name"}},
                          {"name": "towns", "source": "points.geojson",
                           "style": {"marker": "circle", "marker_size": 4, "label": "name", "font_size": 8}}]},
              open(order + ".json", "w"))
PY
for order in walk shuffled roomy; do
    for threads in 1 2 3; do
        PLANMAP_PNG_DEFLATE=zlib PLANMAP_THREADS=$threads "$PLANMAP" render $order.json -o $order-$threads.png \
            --labels-json $order-$threads.labels.json --verbose 2> $order-$threads.log ||
            fail "render $order with PLANMAP_THREADS=$threads: $(cat $order-$threads.log)"
    done
    for threads in 1 2 3; do grep dropped $order-$threads.log > $order-$threads.dropped; done
    placed=$(grep -c '"kind":"label"' $order-1.labels.json)
    leaders=$(grep -c '"kind":"leader"' $order-1.labels.json)
    dropped=$(wc -l < $order-1.dropped)
    # A crowded map: many placed, many on leaders, most refused.
    [ "$placed" -ge 100 ] && [ "$leaders" -ge 50 ] && [ "$dropped" -ge 1000 ] ||
        fail "$order: $placed labels, $leaders leaders, $dropped dropped: not the crowded map this test needs"
    ok
    for threads in 2 3; do
        cmp -s $order-1.png $order-$threads.png ||
            fail "$order: PLANMAP_THREADS=$threads drew other pixels than one thread"; ok
        cmp -s $order-1.labels.json $order-$threads.labels.json ||
            fail "$order: PLANMAP_THREADS=$threads placed other labels than one thread"; ok
        cmp -s $order-1.dropped $order-$threads.dropped ||
            fail "$order: PLANMAP_THREADS=$threads dropped other labels than one thread"; ok
    done
done
for threads in 1 2 3; do
    PLANMAP_THREADS=$threads "$PLANMAP" render walk.json -o walk-$threads.svg ||
        fail "render walk.svg with PLANMAP_THREADS=$threads"
done
for threads in 2 3; do
    cmp -s walk-1.svg walk-$threads.svg || fail "walk.svg: PLANMAP_THREADS=$threads wrote another file"; ok
done
finish
