#!/usr/bin/env bash
# Feature properties of any size: values around the feature store's block
# sizes (64 KiB doubling to 1 MiB, own blocks over 256 KiB) up to 3 MB, and
# "b" + 100 000 combining accents (U+0301), made here at test time. Render
# (PNG, SVG, PDF), export to GeoPackage (the values arrive whole) and a batch
# whose atlas coverage carries them must all work; a label of such a value
# must be drawn or refused on one line, never crash.
source "$(dirname "$0")/lib/common.sh"

python3 - <<'PY'
import json
sizes = [64 * 1024 - 17, 64 * 1024, 64 * 1024 + 1, 100 * 1000, 128 * 1024 + 1, 200 * 1000,
         256 * 1024 - 1, 256 * 1024 + 1, 1024 * 1024 + 15, 3 * 1000 * 1000]
values = ["长" * (n // 3) + "x" * (n % 3) for n in sizes] + ["b" + "\u0301" * 100000]
def square(i):
    x, y = 106.30 + 0.03 * (i % 4), 29.60 + 0.03 * (i // 4)
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 0.02, y], [x + 0.02, y + 0.02],
                                               [x, y + 0.02], [x, y]]]}
def collection(vals):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": f"f{i}", "name": v, "note": v[:50000], "kind": "zone"},
         "geometry": square(i)} for i, v in enumerate(vals)]}
def dump(name, obj):
    with open(name, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)
dump("long.geojson", collection(values))
# Each value alone too: then it is the first request of a fresh store.
for i, v in enumerate(values):
    dump(f"one{i}.geojson", collection([v]))
dump("map.json", {"title": "long properties",
                  "layers": [{"name": "long", "source": "long.geojson", "style": {"label": "id"}}]})
dump("labelled.json", {"title": "long label",
                       "layers": [{"name": "long", "source": "one7.geojson", "style": {"label": "name"}}]})
dump("batch.json", {"output_dir": "atlas-out", "report": "atlas.pdf",
                    "atlas": {"spec": "map.json", "coverage": "long.geojson", "name": "{id}",
                              "dpi": 36, "outputs": ["png"]}})
print(len(values))
PY
n=$(python3 -c 'import json; print(len(json.load(open("long.geojson"))["features"]))')

for fmt in png svg pdf; do
    "$PLANMAP" render map.json -o "map.$fmt" --dpi 72 2> err || fail "render .$fmt: $(head -c 300 err)"
    [ -s "map.$fmt" ] || fail "render .$fmt wrote nothing"
    ok
done
for ((i = 0; i < n; i++)); do
    sed "s/long.geojson/one$i.geojson/" map.json > one.json
    "$PLANMAP" render one.json -o one.png --dpi 36 2> err || fail "render one$i.geojson: $(head -c 300 err)"
done; ok

# Export: every value arrives whole in the GeoPackage.
"$PLANMAP" export map.json -o long.gpkg 2> err || fail "export: $(head -c 300 err)"; ok
python3 - <<'PY' || fail "the GeoPackage does not hold the long values whole"
import json, sqlite3
want = {f["properties"]["id"]: f["properties"]["name"]
        for f in json.load(open("long.geojson", encoding="utf-8"))["features"]}
db = sqlite3.connect("long.gpkg")
table = db.execute("select table_name from gpkg_contents where data_type='features'").fetchone()[0]
got = dict(db.execute(f'select id, name from "{table}"'))
assert got == want, sorted((k, len(v)) for k, v in got.items())
PY
ok

# A batch whose atlas coverage carries them: one page per feature.
"$PLANMAP" batch batch.json --quiet 2> err || fail "atlas batch: $(head -c 300 err)"
[ "$(find atlas-out -name '*.png' | wc -l)" -eq "$n" ] || fail "atlas: not one PNG per feature"; ok
[ "$(pdfinfo atlas-out/atlas.pdf | sed -n 's/^Pages: *//p')" -eq $((n + 1)) ] || fail "atlas report pages"; ok

# A 256 KiB label: drawn, or refused on one line (a documented length bound).
rc=0
timeout 300 "$PLANMAP" render labelled.json -o labelled.png --dpi 36 2> err || rc=$?
[ "$rc" -lt 124 ] || fail "labelled render crashed or hung (exit $rc): $(head -c 300 err)"
[ "$rc" -eq 0 ] || [ "$(wc -l < err)" -eq 1 ] || fail "labelled render: exit $rc with: $(head -c 300 err)"
[ "$rc" -eq 0 ] || [ ! -e labelled.png ] || fail "labelled render failed but left labelled.png"
ok
finish
