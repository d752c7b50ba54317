#!/usr/bin/env bash
# Every bundled map renders to PNG, SVG and PDF; the three agree when
# rasterised by independent readers (rsvg-convert, pdftoppm); the same input
# gives the same bytes; placed labels do not overlap and stay on the page.
source "$(dirname "$0")/lib/common.sh"
: "${PM_IMGCHECK:?}"
shopt -s nullglob
specs=("$PM_SOURCE_DIR"/data/maps/*.json)
[ ${#specs[@]} -gt 0 ] || fail "no bundled maps in data/maps"

# Expected PNG size from the spec's page (A3/A4/A5/letter, orientation, dpi).
expected_size() {
    python3 - "$1" <<'PY'
import json, sys
page = json.load(open(sys.argv[1])).get("page", {})
if "width_px" in page:
    print(page["width_px"], page["height_px"]); sys.exit()
sizes = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "letter": (215.9, 279.4)}
w, h = sizes[page.get("size", "A4")] if "width_mm" not in page else (page["width_mm"], page["height_mm"])
if page.get("orientation", "landscape") == "landscape":
    w, h = max(w, h), min(w, h)
else:
    w, h = min(w, h), max(w, h)
dpi = page.get("dpi", 150)
print(round(w / 25.4 * dpi), round(h / 25.4 * dpi), dpi)
PY
}

# Label boxes: none overlaps another label, a marker or a project badge, all
# lie on the page. Furniture (panel, scale bar, north arrow, title, note)
# lies on the page and covers no label, marker, badge or other furniture.
# Every numbered badge has its row in the project table and back.
check_boxes() {
    python3 - "$1" <<'PY'
import json, sys, re
d = json.load(open(sys.argv[1]))
W, H = d["width"], d["height"]
labels = [b for b in d["boxes"] if b["kind"] == "label"]
others = [b for b in d["boxes"] if b["kind"] in ("marker", "badge")]
furniture = [b for b in d["boxes"] if b["kind"] in ("legend", "scalebar", "northarrow", "title", "subtitle", "note")]
def overlap(a, b):
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
bad = []
for i, a in enumerate(labels):
    if a["x"] < 0 or a["y"] < 0 or a["x"] + a["w"] > W or a["y"] + a["h"] > H:
        bad.append("off the page: " + a["text"])
    for b in labels[:i] + others:
        if overlap(a, b):
            bad.append("%s overlaps %s" % (a["text"], b["text"] or b["kind"]))
if not labels:
    bad.append("no labels placed")
for i, f in enumerate(furniture):
    if f["x"] < -0.5 or f["y"] < -0.5 or f["x"] + f["w"] > W + 0.5 or f["y"] + f["h"] > H + 0.5:
        bad.append("%s off the page" % f["kind"])
    for b in labels + others + furniture[:i]:
        if overlap(f, b):
            bad.append("%s covers %s %s" % (f["kind"], b["kind"], b["text"]))
num = lambda b: int(re.match(r"\d+", b["text"]).group())
badges = {num(b): b["text"] for b in d["boxes"] if b["kind"] == "badge"}
rows = {num(b): b["text"] for b in d["boxes"] if b["kind"] == "table-row"}
if sorted(badges) != sorted(rows):
    bad.append("badges %s do not match table rows %s" % (sorted(badges), sorted(rows)))
for n, text in badges.items():
    if n in rows and not rows[n].startswith(text[:60]):
        bad.append("badge %r, table row %r" % (text, rows[n]))
if rows and sorted(rows) != list(range(1, len(rows) + 1)):
    bad.append("table numbers are not 1..%d" % len(rows))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

for spec in "${specs[@]}"; do
    name=$(basename "$spec" .json)
    read -r W H DPI < <(expected_size "$spec")
    for fmt in png svg pdf; do
        "$PLANMAP" render "$spec" -o "$name.$fmt" --labels-json "$name.labels.json" \
            || fail "$name.$fmt does not render"
        "$PLANMAP" render "$spec" -o "$name.again.$fmt" || fail "$name.$fmt second render"
        cmp -s "$name.$fmt" "$name.again.$fmt" || fail "$name.$fmt: two renders differ"
        ok
    done
    read -r w h < <("$PM_IMGCHECK" size "$name.png")
    [ $((w - W)) -ge -1 ] && [ $((w - W)) -le 1 ] && [ $((h - H)) -ge -1 ] && [ $((h - H)) -le 1 ] \
        || fail "$name.png is ${w}x$h, expected ${W}x$H"
    ok
    rsvg-convert -w "$w" -h "$h" -b white "$name.svg" -o "$name.svg.png" || fail "$name.svg: rsvg-convert"
    pdftoppm -scale-to-x "$w" -scale-to-y "$h" -png -singlefile "$name.pdf" "$name.pdf" || fail "$name.pdf: pdftoppm"
    for other in svg pdf; do
        read -r mean far < <("$PM_IMGCHECK" compare "$name.png" "$name.$other.png" | tr -d 'a-z=')
        python3 -c "import sys; sys.exit(0 if $mean < 4 and $far < 0.02 else 1)" \
            || fail "$name.$other rasterises differently from the PNG (mean $mean, far $far)"
        ok
    done
    problems=$(check_boxes "$name.labels.json") || fail "$name: $problems"
    ok
done
finish
