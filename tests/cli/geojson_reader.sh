#!/usr/bin/env bash
# planmap reads a GeoJSON FeatureCollection itself (geo/geojson.c), once per
# render, and draws and describes exactly what GDAL's reading gives: the same
# file named .txt (which planmap's reader leaves to GDAL's driver) renders to
# the same bytes and `info` says the same, on all cores and on one.
source "$(dirname "$0")/lib/common.sh"

python3 - <<'PY'
import json, math
feats = []
for i in range(6000):
    cx, cy = 104.0 + (i % 80) * 0.004, 30.5 + (i // 80) * 0.004
    ring = [[round(cx + 0.003 * math.cos(a / 8 * 2 * math.pi), 6),
             round(cy + 0.003 * math.sin(a / 8 * 2 * math.pi), 6)] for a in range(8)]
    ring.append(ring[0])
    rings = [ring]
    if i % 5 == 0:
        rings.append([[cx - 0.001, cy - 0.001], [cx - 0.001, cy + 0.001],
                      [cx + 0.001, cy + 0.001], [cx - 0.001, cy - 0.001]])
    geom = {"type": "Polygon", "coordinates": rings}
    if i % 7 == 0:
        geom = {"type": "MultiPolygon", "coordinates": [rings, [[[cx, cy], [cx + 0.001, cy],
                                                                  [cx, cy + 0.001], [cx, cy]]]]}
    props = {"id": "p%d" % i, "cls": i % 4, "area": i * 0.25, "name": "地块%d" % i if i % 50 == 0 else None}
    feats.append({"type": "Feature", "properties": props, "geometry": geom})
with open("parcels.geojson", "w") as f:
    json.dump({"type": "FeatureCollection", "name": "parcels", "features": feats}, f,
              ensure_ascii=False)
for src in ("parcels.geojson", "parcels.txt"):
    spec = {"title": "", "crs": "EPSG:4326", "legend": False, "scale_bar": False,
            "north_arrow": False, "page": {"width_px": 600, "height_px": 450},
            "layers": [{"name": "parcels", "source": src, "style": {"label": "name"},
                        "rules": [{"where": {"cls": c}, "fill": col} for c, col in
                                  enumerate(["#4e79a7", "#f28e2b", "#59a14f", "#e15759"])]}]}
    with open(src + ".json", "w") as f:
        json.dump(spec, f, ensure_ascii=False)
PY
cp parcels.geojson parcels.txt

for threads in all 1; do
    for src in parcels.geojson parcels.txt; do
        PLANMAP_THREADS=${threads/all/2} \
            "$PLANMAP" render "$src.json" -o "$src.$threads.png" ||
            fail "render from $src with PLANMAP_THREADS=$threads"
    done
    cmp -s parcels.geojson.$threads.png parcels.txt.$threads.png ||
        fail "PLANMAP_THREADS=$threads: the map from planmap's GeoJSON reader differs from GDAL's"; ok
done

# One read of the file per render (it used to be opened three times).
# LeakSanitizer cannot run under ptrace: no leak check in the traced run.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
strace -f -qq -e trace=open,openat -o trace.txt "$PLANMAP" render parcels.geojson.json -o traced.png ||
    fail "render under strace"
opens=$(grep -Ec '["/]parcels.geojson"' trace.txt || true)
[ "$opens" = 1 ] || fail "parcels.geojson opened $opens times in one render: $(grep parcels.geojson trace.txt)"; ok

# Without labels the layer is only drawn: streamed from the reader's chunks
# of text (not held), through the one open of the index made with the map,
# (test_render_stream checks that it is streamed and drawn as when held).
python3 - <<'PY'
import json
spec = json.load(open("parcels.geojson.json"))
spec["layers"][0]["style"]["label"] = None
json.dump(spec, open("drawn.json", "w"), ensure_ascii=False)
PY
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
strace -f -qq -e trace=open,openat -o drawn.trace "$PLANMAP" render drawn.json -o drawn.png 2> drawn.err ||
    fail "render of the drawn-only layer under strace: $(cat drawn.err)"
opens=$(grep -Ec '["/]parcels.geojson"' drawn.trace || true)
[ "$opens" = 1 ] || fail "streamed parcels.geojson opened $opens times in one render"; ok

# A GeoJSON left to GDAL's driver, large enough to be read in ranges if the
# driver allowed it: GDAL parses the whole file when it opens it, so two
# threads read it through one open, as one thread does, not one each.
python3 - <<'PY'
import json
feats = [{"type": "Feature", "properties": {"id": i},
          "geometry": {"type": "Point", "coordinates": [104.0 + (i % 200) * 0.001, 30.5 + (i // 200) * 0.001]}}
         for i in range(24000)]
with open("many.txt", "w") as f:
    json.dump({"type": "FeatureCollection", "features": feats}, f)
with open("many.json", "w") as f:
    json.dump({"title": "", "crs": "EPSG:4326", "legend": False, "scale_bar": False,
               "north_arrow": False, "page": {"width_px": 300, "height_px": 200},
               "layers": [{"name": "many", "source": "many.txt", "style": {"marker_size": 2}}]}, f)
PY
for threads in 1 2; do
    PLANMAP_THREADS=$threads ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -qq -e trace=open,openat -o many.$threads.trace "$PLANMAP" render many.json -o many.$threads.png ||
        fail "render of many.txt under strace, PLANMAP_THREADS=$threads"
done
one=$(grep -Ec '["/]many.txt"' many.1.trace || true)
two=$(grep -Ec '["/]many.txt"' many.2.trace || true)
[ "$one" -ge 1 ] && [ "$two" = "$one" ] ||
    fail "many.txt opened $two times on two threads, $one on one"; ok
cmp -s many.1.png many.2.png || fail "many.txt: the map differs between one thread and two"; ok

"$PLANMAP" info parcels.geojson | grep -v '^source:' > info.own || fail "info on the GeoJSON"
"$PLANMAP" info parcels.txt | grep -v '^source:' > info.gdal || fail "info through GDAL"
diff info.own info.gdal || fail "info differs between planmap's reader and GDAL's"; ok
grep -q '6000 features' info.own || fail "info: count: $(cat info.own)"; ok

# info describes what planmap's reader takes from that reading alone (no
# GDAL open): every kind of geometry in the order met, a null one first,
# the one type declared when all agree, booleans, 64-bit integers and
# fields only ever null typed as GDAL types them.
python3 - <<'PY'
import json
def feat(geom, **props):
    return {"type": "Feature", "properties": props, "geometry": geom}
line = {"type": "LineString", "coordinates": [[104.0, 30.5], [104.1, 30.6]]}
point = {"type": "Point", "coordinates": [104.05, 30.55]}
multi = {"type": "MultiPoint", "coordinates": [[104.02, 30.52], [104.2, 30.7]]}
mixed = [feat(None, ok=True, big=5000000000, nothing=None), feat(line, ok=False, big=1),
         feat(point, ok=True, big=2), feat(multi, ok=False, big=3), feat(point, ok=True, big=4)]
same = [feat(line, n=i, x=i / 2) for i in range(3)] + [feat(None, n=9, x=1.5)]
for name, feats in (("mixed", mixed), ("same", same)):
    with open(name + ".geojson", "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f)
PY
for f in mixed same; do
    cp $f.geojson $f.txt
    "$PLANMAP" info $f.geojson | grep -v '^source:' > $f.own || fail "info on $f.geojson"
    "$PLANMAP" info $f.txt | grep -v '^source:' > $f.gdal || fail "info on $f.txt"
    diff $f.own $f.gdal || fail "info on $f.geojson differs from GDAL's"; ok
done
grep -q 'Unknown (any) declared; Line String x1, Point x2, Multi Point x1, none x1' mixed.own ||
    fail "info: mixed kinds: $(cat mixed.own)"; ok
grep -q 'Line String declared; Line String x3, none x1' same.own || fail "info: one kind: $(cat same.own)"; ok
grep -q 'big: Integer64' mixed.own && grep -q 'ok: Integer (Boolean)' mixed.own &&
    grep -q 'nothing: String' mixed.own || fail "info: field types: $(cat mixed.own)"; ok
# One open of the file, by planmap's reader: GDAL does not parse it.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
strace -f -qq -e trace=open,openat -o info.trace "$PLANMAP" info parcels.geojson > /dev/null ||
    fail "info under strace"
opens=$(grep -Ec '["/]parcels.geojson"' info.trace || true)
[ "$opens" = 1 ] || fail "info opened parcels.geojson $opens times"; ok
finish
