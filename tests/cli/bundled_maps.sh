#!/usr/bin/env bash
# Every bundled map renders to PNG, SVG and PDF; the three agree when
# rasterised by independent readers (rsvg-convert, pdftoppm); the same input
# gives the same bytes; placed labels do not overlap and stay on the page, in
# Chinese and in the longer English and bilingual label sets too.
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
# lie on the page; leader lines reach their label and cross no other label
# nor another leader, in every language. Furniture (panel, scale bar, north
# arrow, title, note) lies on the page and covers no label, marker, badge or
# other furniture. Every numbered badge has its row in the project table and
# back.
check_boxes() {
    python3 - "$1" <<'PY'
import json, sys, re
d = json.load(open(sys.argv[1]))
W, H = d["width"], d["height"]
# A label that follows a curved line is one box per glyph ("label-glyph");
# the turned glyphs' boxes of one label overlap each other, no other label.
labels = [b for b in d["boxes"] if b["kind"] in ("label", "label-glyph")]
leaders = [b for b in d["boxes"] if b["kind"] == "leader"]
others = [b for b in d["boxes"] if b["kind"] in ("marker", "badge")]
furniture = [b for b in d["boxes"] if b["kind"] in ("legend", "scalebar", "northarrow", "title", "subtitle", "note")]
# Boxes that only touch (a label set tangent to its marker, to rounding) do
# not overlap.
def overlap(a, b, e=1e-6):
    return a["x"] + e < b["x"] + b["w"] and b["x"] + e < a["x"] + a["w"] and \
        a["y"] + e < b["y"] + b["h"] and b["y"] + e < a["y"] + a["h"]
bad = []
for i, a in enumerate(labels):
    if a["x"] < 0 or a["y"] < 0 or a["x"] + a["w"] > W or a["y"] + a["h"] > H:
        bad.append("off the page: " + a["text"])
    for b in labels[:i] + others:
        same = a["kind"] == b["kind"] == "label-glyph" and a["text"] == b["text"]
        if overlap(a, b) and not same:
            bad.append("%s overlaps %s" % (a["text"], b["text"] or b["kind"]))
if not labels:
    bad.append("no labels placed")
# A leader line runs from its feature to its label's box (one end on the box
# edge) and crosses no other label.
def on_edge(x, y, b, e=0.05):
    inx = b["x"] - e <= x <= b["x"] + b["w"] + e
    iny = b["y"] - e <= y <= b["y"] + b["h"] + e
    return (inx and (abs(y - b["y"]) < e or abs(y - b["y"] - b["h"]) < e)) or \
           (iny and (abs(x - b["x"]) < e or abs(x - b["x"] - b["w"]) < e))
def crosses(x0, y0, x1, y1, b, shrink=0.5):
    t0, t1 = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - b["x"] - shrink), (dx, b["x"] + b["w"] - shrink - x0),
                 (-dy, y0 - b["y"] - shrink), (dy, b["y"] + b["h"] - shrink - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True
segs = []
for l in leaders:
    own = [b for b in labels if b["text"] == l["text"]]
    x0, y0, x1, y1 = l["x"], l["y"], l["x"] + l["w"], l["y"] + l["h"]
    seg = None
    # The leader points at its label's centre: of the box's diagonals (either
    # way round) take the one that ends on the label's edge in line with it.
    for a, b_, c, e in ((x0, y0, x1, y1), (x1, y1, x0, y0), (x1, y0, x0, y1), (x0, y1, x1, y0)):
        for o in own:
            cx, cy = o["x"] + o["w"] / 2, o["y"] + o["h"] / 2
            L = ((c - a) ** 2 + (e - b_) ** 2) ** 0.5 or 1
            off_line = abs((c - a) * (cy - b_) - (e - b_) * (cx - a)) / L
            ahead = (c - a) * (cx - a) + (e - b_) * (cy - b_) > 0
            if on_edge(c, e, o) and off_line < 1 and ahead:
                seg = (a, b_, c, e)
        if seg:
            break
    if seg is None:
        bad.append("leader of %s does not reach its label" % l["text"])
        continue
    segs.append((l["text"], seg))
    L = ((seg[2] - seg[0]) ** 2 + (seg[3] - seg[1]) ** 2) ** 0.5 or 1
    ux, uy = (seg[2] - seg[0]) / L, (seg[3] - seg[1]) / L
    for b in labels:
        if b["text"] != l["text"] and crosses(seg[0] + ux, seg[1] + uy, seg[2] - ux, seg[3] - uy, b):
            bad.append("leader of %s crosses %s" % (l["text"], b["text"]))
# Two leaders cross when each one's ends lie strictly on either side of the
# other (leaders that only meet at an end, from one cluster, do not).
def side(ax, ay, bx, by, px, py):
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax)
for i, (ta, a) in enumerate(segs):
    for tb, b in segs[:i]:
        if side(*b, a[0], a[1]) * side(*b, a[2], a[3]) < 0 and side(*a, b[0], b[1]) * side(*a, b[2], b[3]) < 0:
            bad.append("leader of %s crosses the leader of %s" % (ta, tb))
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
        python3 "$PM_SOURCE_DIR/tests/tools/pngsum.py" --same "$name.$fmt" "$name.again.$fmt" ||
            fail "$name.$fmt: two renders differ"
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
    for lang in en zh+en; do
        "$PLANMAP" render "$spec" --lang "$lang" -o "$name.$lang.png" --labels-json "$name.$lang.labels.json" \
            || fail "$name --lang $lang does not render"
        problems=$(check_boxes "$name.$lang.labels.json") || fail "$name --lang $lang: $problems"
        ok
    done
done
finish
