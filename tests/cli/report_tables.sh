#!/usr/bin/env bash
# Table pages of the batch report ("tables"): 300 rows of long mixed
# Chinese/English text with null fields, from GeoJSON and from a Shapefile
# (through GDAL), are all in the PDF's text (pdftotext), the column headings
# are on every table page, every page is numbered and has its PNG, the
# contents page names the table's first page and the outline leads there
# (one child per group); with "lang": "en" the headings and the contents are
# English; a wrong table entry is one line naming its JSON path (exit 4).
source "$(dirname "$0")/lib/common.sh"
small_spec small.json

python3 - <<'PY'
import json
features = []
for i in range(300):
    name = f"第{i}号项目 科技创新走廊示范点" * (1 + i % 4) + f" Project {i}: a long English name that wraps"
    geom = {"type": "Point", "coordinates": [104 + i * 0.001, 30.5]} if i % 3 == 0 else None
    features.append({"type": "Feature", "geometry": geom, "properties": {
        "id": f"p{i}", "name": name, "name_en": f"Project {i}",
        "col": None if i % 50 == 7 else f"专栏{i // 40}",
        "src": f"row{i:03d}-cite 第二章第{i}节",
        "note": None if i % 2 else "一段很长的说明 with English words " * (i % 30)}})
json.dump({"type": "FeatureCollection", "features": features}, open("rows.geojson", "w"),
          ensure_ascii=False)

def batch(name, lang, source, extra=None):
    table = {"source": source, "title": "全部项目", "title_en": "All projects", "group_by": "col",
             "columns": [
                 {"field": "@row", "heading": "序号", "heading_en": "No.", "width": 0.5},
                 {"field": "name", "field_en": "name_en", "heading": "项目", "heading_en": "Project", "width": 3},
                 {"field": "col", "heading": "专栏", "heading_en": "Box", "width": 1.2},
                 {"field": "@located", "heading": "定位", "heading_en": "Located", "width": 0.8},
                 {"field": "note", "heading": "说明", "heading_en": "Note", "width": 2.5},
                 {"field": "src", "heading": "出处", "heading_en": "Citation", "width": 1.5}]}
    b = {"report": "r.pdf", "report_title": "图集", "report_title_en": "Atlas",
         "report_png": True, "defaults": {"dpi": 40, "lang": lang},
         "maps": [{"spec": "small.json", "name": "m1"}], "tables": [table]}
    json.dump(b, open(name, "w"), ensure_ascii=False)
batch("zh.json", "zh", "rows.geojson")
batch("en.json", "en", "rows.geojson")
batch("shp.json", "zh", "shp/rows.shp")
PY
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 shp rows.geojson 2> ogr.err ||
    fail "ogr2ogr: $(cat ogr.err)"

# check OUT LANG: the report in OUT is complete and readable.
check() {
    python3 - "$1" "$2" <<'PY' || fail "report in $1 ($2) is wrong"
import os, re, subprocess, sys
out, lang = sys.argv[1], sys.argv[2]
pdf = f"{out}/r.pdf"
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
def text(p):
    return subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
assert pages >= 4, f"{pages} pages"
contents = text(1)
heads = ["No.", "Project", "Box", "Located", "Note", "Citation"] if lang == "en" else \
        ["序号", "项目", "专栏", "定位", "说明", "出处"]
title = "All projects" if lang == "en" else "全部项目"
assert ("Contents" if lang == "en" else "目录") in contents, contents
assert ("Atlas" if lang == "en" else "图集") in contents, contents
m = re.search(r"2\. " + title + r"\s+(\d+)", contents)
assert m and int(m.group(1)) == 3, f"contents: {contents!r}"
seen = set()
for p in range(3, pages + 1):          # page 1 contents, 2 the map, then the table
    t = text(p)
    for h in heads:
        assert h in t, f"page {p}: heading {h} missing"
    assert re.search(rf"—\s*{p}\s*—", t), f"page {p}: no page number"
    seen.update(re.findall(r"row(\d{3})-cite", t))
missing = sorted(set(f"{i:03d}" for i in range(300)) - seen)
assert not missing, f"rows missing from the table: {missing[:10]}"
located = "not located" if lang == "en" else "未定位"
assert located in text(3), "no located column"
# every page has its PNG, and no more
pngs = sorted(os.listdir(f"{out}/r-pages"))
assert pngs == [f"{k:03d}.png" for k in range(1, pages + 1)], pngs[:5]
# outline: the map, the table at page 3, a child per group
xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", pdf],
                     capture_output=True, text=True, check=True).stdout
items = re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)
assert ("2", "t") in items and ("3", title) in items, items[:4]
groups = [name for _, name in items if name.startswith("专栏")]
assert len(groups) == 8, groups
PY
    ok
}

"$PLANMAP" batch zh.json -o out-zh --quiet 2> err || fail "zh: $(cat err)"
check out-zh zh
"$PLANMAP" batch en.json -o out-en --quiet 2> err || fail "en: $(cat err)"
check out-en en
"$PLANMAP" batch shp.json -o out-shp --quiet 2> err || fail "shapefile: $(cat err)"
check out-shp zh
# The summary line counts the table pages and says where the PNGs are.
"$PLANMAP" batch zh.json -o out-zh 2> err || fail "zh: $(cat err)"
grep -Eq "report out-zh/r\.pdf \(1 map pages, [0-9]+ table pages\), a PNG of each page" err ||
    fail "summary: $(cat err)"; ok

# A report rendered again with fewer pages leaves no stale page PNG.
python3 - <<'PY'
import json
b = json.load(open("zh.json"))
b["tables"][0]["where"] = {"col": "专栏0"}
json.dump(b, open("fewer.json", "w"), ensure_ascii=False)
PY
"$PLANMAP" batch fewer.json -o out-zh --quiet 2> err || fail "fewer: $(cat err)"
pages=$(pdfinfo out-zh/r.pdf | sed -n 's/^Pages: *//p')
[ "$(ls out-zh/r-pages | wc -l)" -eq "$pages" ] || fail "stale PNGs: $(ls out-zh/r-pages | wc -l) for $pages pages"; ok

# Wrong entries: one line with the JSON path, exit 4, nothing rendered.
bad() {  # python expression changing b (the zh batch), expected message [, exit code]
    python3 - "$1" <<'PY'
import json, sys
b = json.load(open("zh.json"))
t = b["tables"][0]
exec(sys.argv[1])
json.dump(b, open("bad.json", "w"), ensure_ascii=False)
PY
    expect_fail "${3:-4}" "^planmap: bad\.json: $2\$" -- "$PLANMAP" batch bad.json -o out-bad --quiet
    [ ! -e out-bad/r.pdf ] || fail "a refused batch wrote its report"
}
bad 't["columns"][1]["field"] = "nme"' \
    'tables\[0\]\.columns\[1\]\.field: the layer has no field "nme" \(nor is it "@row", "@located" or "@cited_lines"\)'
bad 't["columns"][1]["field_en"] = "@cited_lines"' \
    'tables\[0\]\.columns\[1\]\.field_en: the layer has no field "@cited_lines" \(nor is it .*\)'
bad 't["group_by_en"] = "col_en"' 'tables\[0\]\.group_by_en: the layer has no field "col_en"'
bad 'del t["group_by"]; t["group_by_en"] = "name_en"' 'tables\[0\]\.group_by_en: needs a group_by, whose English it is'
bad 't["colums"] = t.pop("columns")' 'tables\[0\]\.colums: unknown key.*columns.*'
bad 't["columns"] = []' 'tables\[0\]\.columns: expected a non-empty array of columns, got an empty array'
bad 't["columns"][0]["width"] = 0' 'tables\[0\]\.columns\[0\]\.width: expected a number from 0\.1 to 100, got 0'
bad 't["columns"][2]["heading"] = 3' 'tables\[0\]\.columns\[2\]\.heading: expected a non-empty string, got .*'
bad 'del t["columns"][2]["heading"]' 'tables\[0\]\.columns\[2\]\.heading: required key missing'
bad 'del t["title"]' 'tables\[0\]\.title: required key missing'
bad 't["group_by"] = "@row"' 'tables\[0\]\.group_by: the layer has no field "@row"'
bad 't["where"] = []' 'tables\[0\]\.where: expected an object of field conditions, got an array'
bad 'b["tables"] = []' 'tables: expected a table entry or a non-empty array of them, got an empty array'
bad 'b["tables"] = "x"' 'tables: expected a table entry or an array of them, got a string \("x"\)'
bad 'del b["report"]; b["report_png"] = False' 'tables: belongs to the report: give "report" too'
bad 'b["report_png"] = "yes"' 'report_png: expected .*'
# A source that cannot be read is an input error (3), as an atlas's coverage.
bad 't["source"] = "missing.geojson"' 'tables\[0\]\.source: missing\.geojson: cannot read: .*' 3

# validate reads a batch file as a batch (its tables too), not as a map spec.
"$PLANMAP" validate zh.json > out.txt 2>&1 || fail "validate zh.json: $(cat out.txt)"; ok
bad 't["columns"][1]["field"] = "nme"' 'tables\[0\]\.columns\[1\]\.field: the layer has no field "nme" .*'
rc=0
"$PLANMAP" validate bad.json > out.txt 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q '^bad\.json: tables\[0\]\.columns\[1\]\.field: the layer has no field "nme"' out.txt ||
    fail "validate bad.json: exit $rc: $(cat out.txt)"; ok
finish
