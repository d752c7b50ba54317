#!/usr/bin/env bash
# A PDF is a GeoPDF: GDAL (an independent reader) finds the map's CRS and
# places the map frame's corners where the map has them, within a pixel,
# for a bundled map in its own transverse Mercator and a spec in EPSG:3857.
# The georeferencing is an incremental update of Cairo's file: pdfinfo and
# pdftoppm still read it, and the page draws exactly as the PDF without it.
source "$(dirname "$0")/lib/common.sh"
command -v gdalinfo >/dev/null && command -v pdftoppm >/dev/null && command -v pdfinfo >/dev/null \
    || { echo "no gdalinfo/pdftoppm/pdfinfo"; exit 77; }
gdalinfo --formats | grep -q '^ *PDF ' || { echo "GDAL has no PDF driver"; exit 77; }

cat > web.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "区"}, "geometry": {"type": "Polygon", "coordinates": [[[106.3, 29.5], [106.7, 29.5], [106.7, 29.8], [106.3, 29.8], [106.3, 29.5]]]}}
]}
EOF
cat > web.json <<'EOF'
{"title": "Web Mercator", "crs": "EPSG:3857", "page": {"width_mm": 200, "height_mm": 150},
 "layers": [{"name": "zones", "source": "web.geojson", "style": {"fill": "#9ecae1"}}]}
EOF

# check NAME SPEC CRS-WORD: render, then compare GDAL's view with the map's.
check() {
    local name=$1 spec=$2 word=$3
    "$PLANMAP" render "$spec" -o "$name.pdf" --labels-json "$name.labels.json" || fail "$name: render"
    gdalinfo "$name.pdf" > "$name.info" 2>&1 || fail "$name: gdalinfo cannot open it: $(cat "$name.info")"
    grep -q "Coordinate System is:" "$name.info" && grep -q "$word" "$name.info" \
        || fail "$name: gdalinfo reports no $word CRS: $(head -20 "$name.info")"
    ok
    grep -E '^(Upper|Lower) (Left|Right)' "$name.info" | sed "s/^/$name: /"
    gdalinfo -json "$name.pdf" > "$name.info.json" || fail "$name: gdalinfo -json"
    python3 - "$name" <<'PY' || fail "$name: GDAL places the frame elsewhere"
import json, re, sys
name = sys.argv[1]
info = json.load(open(name + ".info.json"))
mine = json.load(open(name + ".labels.json"))
gt = info["geoTransform"]
fx, fy, fw, fh = mine["map_frame"]            # PDF: points
sx, tx, sy, ty = mine["map_to_page"]
dpi = info["size"][0] / mine["width"] * 72     # GDAL's raster of the page
px = abs(gt[1])                               # its pixel, in map units
for cx, cy in ((fx, fy), (fx + fw, fy), (fx, fy + fh), (fx + fw, fy + fh)):
    want = ((cx - tx) / sx, (cy - ty) / sy)    # the corner in map units
    col, row = cx * dpi / 72, cy * dpi / 72
    got = (gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5])
    assert abs(got[0] - want[0]) < px and abs(got[1] - want[1]) < px, (got, want, px)
# GDAL's neat line is the frame, in map units.
nums = [float(v) for v in re.findall(r"-?[0-9.]+", info["metadata"][""]["NEATLINE"])]
xs, ys = nums[0::2], nums[1::2]
want_x = sorted(((fx - tx) / sx, (fx + fw - tx) / sx))
want_y = sorted(((fy - ty) / sy, (fy + fh - ty) / sy))
assert abs(min(xs) - want_x[0]) < px and abs(max(xs) - want_x[1]) < px, (xs, want_x)
assert abs(min(ys) - want_y[0]) < px and abs(max(ys) - want_y[1]) < px, (ys, want_y)
PY
    ok
    # Poppler reads it without complaint, and draws the same page as the
    # file Cairo wrote (everything up to the first end of file).
    pdfinfo "$name.pdf" > /dev/null 2> "$name.pdfinfo.err" || fail "$name: pdfinfo"
    [ ! -s "$name.pdfinfo.err" ] || fail "$name: pdfinfo complains: $(cat "$name.pdfinfo.err")"
    ok
    python3 - "$name" <<'PY' || fail "$name: no incremental update"
import sys
d = open(sys.argv[1] + ".pdf", "rb").read()
end = d.index(b"%%EOF") + len(b"%%EOF\n")
assert end < len(d) and b"/Prev" in d[end:] and b"/VP" in d[end:] and b"/VP" not in d[:end]
open(sys.argv[1] + ".cairo.pdf", "wb").write(d[:end])
PY
    ok
    pdftoppm -r 72 -png -singlefile "$name.pdf" "$name.geo" 2>/dev/null || fail "$name: pdftoppm"
    pdftoppm -r 72 -png -singlefile "$name.cairo.pdf" "$name.plain" || fail "$name: pdftoppm (Cairo's)"
    cmp -s "$name.geo.png" "$name.plain.png" || fail "$name: the georeferenced PDF draws differently"
    ok
}

check tmerc "$PM_SOURCE_DIR/data/maps/001-park-city-structure.json" "Transverse Mercator"
check web web.json "Pseudo-Mercator"
echo "geopdf: $checks checks"
