#!/usr/bin/env bash
# Many projects: a projects layer of 50, 500 and 5000 points renders on A4
# (and 500 on A5 portrait, in English too) instead of failing with "no room
# for the map". The table keeps the rows that fit and says how many it left
# out; checked from --labels-json: rows + left out = projects, rows and the
# panel on the page and apart, the map frame a sane share of the page.
source "$(dirname "$0")/lib/common.sh"

python3 - <<'PY'
import json, math
for n in (50, 500, 5000):
    side = math.ceil(math.sqrt(n))
    feats = [{"type": "Feature",
              "properties": {"id": "p%d" % i, "name": "项目%d 科技创新中心" % i,
                             "name_en": "Project %d" % i, "category": "类别%d" % (i % 7),
                             "column": "专栏%d 重点工程" % (i % 12)},
              "geometry": {"type": "Point", "coordinates": [106.2 + (i % side) * 0.3 / side,
                                                            29.5 + (i // side) * 0.25 / side]}}
             for i in range(n)]
    json.dump({"type": "FeatureCollection", "features": feats},
              open("p%d.geojson" % n, "w"), ensure_ascii=False)
    for page, tag in (({}, ""), ({"size": "A5", "orientation": "portrait"}, "-a5")):
        json.dump({"title": "%d projects" % n, "page": page,
                   "layers": [{"name": "p", "source": "p%d.geojson" % n, "projects": True}]},
                  open("p%d%s.json" % (n, tag), "w"), ensure_ascii=False)
PY

check() {  # labels.json projects
    python3 - "$1" "$2" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1])); n = int(sys.argv[2])
W, H = d["width"], d["height"]
rows = [b for b in d["boxes"] if b["kind"] == "table-row"]
more = [b for b in d["boxes"] if b["kind"] == "table-more"]
left = 0
if more:
    m = re.search(r"(\d+) (?:项未列出|more)", more[0]["text"])
    assert m, more[0]["text"]
    left = int(m.group(1))
assert len(rows) + left == n, "%d rows + %d left out != %d projects" % (len(rows), left, n)
assert len(rows) >= min(n, 40), "only %d rows listed" % len(rows)
assert any(b["kind"] == "badge" for b in d["boxes"]), "no badge on the map"
x, y, w, h = d["map_frame"]
assert w * h >= 0.08 * W * H, "map frame %r on %dx%d" % (d["map_frame"], W, H)
panel = [b for b in d["boxes"] if b["kind"] == "legend"]
for b in rows + more + panel:
    assert b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= W + 0.5 and b["y"] + b["h"] <= H + 0.5, \
        "%s off the page: %r" % (b["kind"], b)
boxes = sorted(rows + more, key=lambda b: (b["x"], b["y"]))
for a, b in zip(boxes, boxes[1:]):
    if abs(a["x"] - b["x"]) < 0.5:
        assert b["y"] >= a["y"] + a["h"] - 0.5, "rows overlap: %r %r" % (a, b)
PY
}

for n in 50 500 5000; do
    "$PLANMAP" render "p$n.json" -o "p$n.png" --labels-json "p$n.labels.json" 2> err ||
        fail "$n projects: $(head -c 300 err)"
    check "p$n.labels.json" "$n" 2> err || fail "$n projects: $(tail -1 err)"; ok
done
"$PLANMAP" render p500-a5.json -o p500-a5.pdf --labels-json a5.labels.json --lang en 2> err ||
    fail "500 projects on A5: $(head -c 300 err)"
check a5.labels.json 500 2> err || fail "500 projects on A5: $(tail -1 err)"; ok
grep -q '"table-more"' a5.labels.json || fail "500 projects on A5: no '… and N more' line"; ok
grep -q '"table-more"' p50.labels.json && fail "50 projects on A4 were cut"; ok

# A column named otherwise than "专栏N" is shown by its first word, cut to 40
# bytes: never inside a UTF-8 character (no U+FFFD in the row's text), and marked.
cat > cut.geojson <<'EOF'
{"type": "FeatureCollection", "features": [{"type": "Feature",
 "geometry": {"type": "Point", "coordinates": [104.05, 30.6]},
 "properties": {"id": "a", "name": "西部国际博览城", "column": "（十五）34．加快建设“三城三都”"}}]}
EOF
printf '{"title": "t", "layers": [{"name": "p", "source": "cut.geojson", "projects": true}]}' > cut.json
"$PLANMAP" render cut.json -o cut.png --labels-json cut.labels.json || fail "cut column"
python3 - <<'PY' || fail "a cut column is not whole UTF-8 characters"
import json
rows = [b["text"] for b in json.load(open("cut.labels.json"))["boxes"] if "博览城（" in b.get("text", "")]
assert rows and all("\ufffd" not in r for r in rows), rows
assert rows[0].endswith("加快建设“三城…）"), rows
PY
ok

# A table column whose first word is long (a plan section, not a 专栏 number)
# is cut at a whole character and marked "…"; a short one is shown whole. In
# English a column that is not a 专栏 is left out, so only the 专栏 one shows.
python3 - <<'PY'
import json
cols = ["§34加快建设三城三都打造世界文化名城", "专栏12重点项目与重大工程一览表之二十一",
        "§7" + "é" * 30, "§3 short"]
feats = [{"type": "Feature", "properties": {"id": "c%d" % i, "name": "项目%d" % i,
          "name_en": "Project %d" % i, "category": "文化", "column": c},
          "geometry": {"type": "Point", "coordinates": [104.0 + i * 0.01, 30.6]}}
         for i, c in enumerate(cols)]
json.dump({"type": "FeatureCollection", "features": feats}, open("cols.geojson", "w"),
          ensure_ascii=False)
json.dump({"title": "columns", "layers": [{"name": "p", "source": "cols.geojson", "projects": True}]},
          open("cols.json", "w"), ensure_ascii=False)
PY
for lang in zh en zh+en; do
    "$PLANMAP" render cols.json --lang "$lang" -o cols.png --labels-json cols.labels.json 2> err ||
        fail "long columns ($lang): $(head -c 300 err)"
    python3 - "$lang" 2> err <<'PY' || fail "long columns ($lang): $(tail -1 err)"; ok
import json, sys
rows = [b["text"] for b in json.load(open("cols.labels.json"))["boxes"] if b["kind"] == "table-row"]
assert len(rows) == 4, rows
assert not any("\ufffd" in t for t in rows), "a character cut in half: %r" % rows
en = sys.argv[1] == "en"
assert sum("…" in t for t in rows) == (1 if en else 3), "long columns not marked cut: %r" % rows
assert en or [t for t in rows if "§3" in t and "…" not in t], "the short column is not whole: %r" % rows
PY
done
finish
