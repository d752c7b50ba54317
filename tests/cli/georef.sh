# Georeferenced outputs: world file + .prj beside a PNG, GeoTIFF with CRS and
# geotransform. Expected corners are computed here with cs2cs from the CRS and
# map→page transform that --labels-json reports, and the frame is checked
# against the spec's own lon/lat box.
. "$(dirname "$0")/lib/common.sh"
spec="$PM_SOURCE_DIR/data/maps/004-chongqing-layout.json"   # bbox 106.248,29.408 – 106.442,29.648

"$PLANMAP" render "$spec" -o map.tif --dpi 96 --labels-json tif.json
"$PLANMAP" render "$spec" -o map.png --dpi 96 --labels-json png.json --world-file
[ -s map.pgw ] && [ -s map.prj ] || fail "no map.pgw/map.prj beside map.png"; ok
gdalinfo map.tif | grep -q '^Driver: GTiff' || fail "map.tif is not a GeoTIFF"; ok

# gdalinfo's corners (map units) and lon/lat of the page's top-left and
# bottom-right pixel corners vs cs2cs on the labels-json transform.
python3 - tif.json map.tif <<'PY' || fail "GeoTIFF corners differ from the cs2cs expectation"
import json, subprocess, sys
lab = json.load(open(sys.argv[1]))
info = json.loads(subprocess.check_output(["gdalinfo", "-json", sys.argv[2]]))
sx, tx, sy, ty = lab["map_to_page"]
w, h = lab["width"], lab["height"]
assert info["size"] == [w, h], (info["size"], w, h)
def to_map(px, py):
    return (px - tx) / sx, (py - ty) / sy
corners = {"upperLeft": (0, 0), "lowerRight": (w, h), "upperRight": (w, 0), "lowerLeft": (0, h)}
pts = []
for name, (px, py) in corners.items():
    x, y = to_map(px, py)
    gx, gy = info["cornerCoordinates"][name]
    assert abs(gx - x) < 0.01 and abs(gy - y) < 0.01, (name, gx, gy, x, y)
    pts.append((x, y))
# lon/lat: cs2cs inverse of the expected corners vs gdaltransform on pixel corners.
inp = "".join(f"{x:.4f} {y:.4f}\n" for x, y in pts)
ll = subprocess.run(["cs2cs", "-f", "%.7f", *lab["crs"].split(), "+to", "+proj=longlat", "+datum=WGS84"],
                    input=inp, capture_output=True, text=True, check=True).stdout.split("\n")
pix = "".join(f"{px} {py}\n" for px, py in corners.values())
gl = subprocess.run(["gdaltransform", "-t_srs", "+proj=longlat +datum=WGS84", sys.argv[2]],
                    input=pix, capture_output=True, text=True, check=True).stdout.split("\n")
for a, b in zip(ll, gl):
    if not a.strip():
        continue
    la, lb = [float(v) for v in a.split()[:2]], [float(v) for v in b.split()[:2]]
    assert abs(la[0] - lb[0]) < 1e-6 and abs(la[1] - lb[1]) < 1e-6, (a, b)
PY
ok

# The map frame holds the spec's lon/lat box: its projected corners (cs2cs)
# fall inside the frame, and the box fills it along one axis.
python3 - tif.json map.tif <<'PY' || fail "map frame does not match the spec's extent"
import json, subprocess, sys
lab = json.load(open(sys.argv[1]))
gt = json.loads(subprocess.check_output(["gdalinfo", "-json", sys.argv[2]]))["geoTransform"]
fx, fy, fw, fh = lab["map_frame"]
left, right = gt[0] + fx * gt[1], gt[0] + (fx + fw) * gt[1]
top, bottom = gt[3] + fy * gt[5], gt[3] + (fy + fh) * gt[5]
box = (106.248, 29.408, 106.442, 29.648)
edge = []
for i in range(33):
    t = i / 32
    lon, lat = box[0] + t * (box[2] - box[0]), box[1] + t * (box[3] - box[1])
    edge += [(lon, box[1]), (lon, box[3]), (box[0], lat), (box[2], lat)]
out = subprocess.run(["cs2cs", "-f", "%.4f", "+proj=longlat", "+datum=WGS84", "+to", *lab["crs"].split()],
                     input="".join(f"{a} {b}\n" for a, b in edge), capture_output=True, text=True,
                     check=True).stdout.split("\n")
xy = [tuple(float(v) for v in l.split()[:2]) for l in out if l.strip()]
minx, maxx = min(p[0] for p in xy), max(p[0] for p in xy)
miny, maxy = min(p[1] for p in xy), max(p[1] for p in xy)
px = abs(gt[1]) * 1.5
assert left <= minx + px and right >= maxx - px and bottom <= miny + px and top >= maxy - px, \
    (left, right, bottom, top, minx, maxx, miny, maxy)
assert abs((right - left) - (maxx - minx)) < 2 * px or abs((top - bottom) - (maxy - miny)) < 2 * px
PY
ok

# The PNG's world file gives the same georeferencing as the GeoTIFF, and the
# .prj the same CRS.
python3 - map.png map.tif <<'PY' || fail "world file georeferencing differs from the GeoTIFF"
import json, subprocess, sys
a = json.loads(subprocess.check_output(["gdalinfo", "-json", sys.argv[1]]))
b = json.loads(subprocess.check_output(["gdalinfo", "-json", sys.argv[2]]))
assert "map.pgw" in " ".join(a["files"]), a["files"]
for k in range(6):
    assert abs(a["geoTransform"][k] - b["geoTransform"][k]) < 1e-6, (a["geoTransform"], b["geoTransform"])
PY
ok
[ "$(gdalsrsinfo -o proj4 map.prj)" = "$(gdalsrsinfo -o proj4 map.tif)" ] || fail ".prj CRS differs from the GeoTIFF's"; ok
# The world file names the centre of the top-left pixel.
python3 - map.pgw tif.json <<'PY' || fail "world file values"
import json, sys
v = [float(l) for l in open(sys.argv[1])]
sx, tx, sy, ty = json.load(open(sys.argv[2]))["map_to_page"]
want = [1 / sx, 0, 0, 1 / sy, (0.5 - tx) / sx, (0.5 - ty) / sy]
assert all(abs(a - b) < 1e-4 for a, b in zip(v, want)), (v, want)
PY
ok

# A projected CRS by EPSG code round-trips too.
sed 's|"crs": "auto"|"crs": "EPSG:4545"|' "$spec" > epsg.json
sed -i "s|\"\\.\\./|\"$PM_SOURCE_DIR/data/|g" epsg.json
"$PLANMAP" render epsg.json -o epsg.tif -o epsg.png --world-file --dpi 72
gdalsrsinfo -o proj4 epsg.tif | grep -q '+lon_0=108' || fail "EPSG:4545 GeoTIFF has the wrong CRS"; ok
# CGCS2000's Gauss-Krüger zones name northing first: the GeoTIFF names the
# CRS by its code (no look-alike in the other axis order for QGIS to guess
# at), and its pixels lie where the world file's do.
srs=$(gdalsrsinfo -o epsg epsg.tif | tr -s '\n' ' ')
[ "$srs" = " EPSG:4545 " ] || [ "$srs" = "EPSG:4545 " ] || fail "EPSG:4545 GeoTIFF is not named by its code: $srs"; ok
gt() { gdalinfo -json "$1" | python3 -c 'import json,sys; print(*json.load(sys.stdin)["geoTransform"])'; }
python3 - "$(gt epsg.tif)" "$(gt epsg.png)" <<'PY' || fail "EPSG:4545 GeoTIFF and world file disagree"
import sys
a, b = [list(map(float, v.split())) for v in sys.argv[1:3]]
assert all(abs(x - y) <= 1e-6 * max(1, abs(x)) for x, y in zip(a, b)), (a, b)
PY
ok
# The frame's middle, read back through the GeoTIFF's own CRS, is inside the
# spec's bbox (swapped axes would put it hundreds of kilometres off).
mid=$(gdalinfo -json epsg.tif | python3 -c 'import json,sys; d=json.load(sys.stdin); g=d["geoTransform"]; w,h=d["size"]; print(g[0]+g[1]*w/2, g[3]+g[5]*h/2)')
lonlat=$(echo "$mid" | gdaltransform -s_srs "$(gdalsrsinfo -o wkt2_2019 epsg.tif | tr -d '\n')" -t_srs EPSG:4326 -output_xy)
python3 -c 'import json, sys; lon, lat = map(float, sys.argv[2:4]); b = json.load(open(sys.argv[1]))["extent"]["bbox"]
assert b[0] < lon < b[2] and b[1] < lat < b[3], (lon, lat, b)' epsg.json $lonlat ||
    fail "EPSG:4545 GeoTIFF's middle at $lonlat"; ok

# --format tiff, errors: no partial files.
"$PLANMAP" render "$spec" -o fmt.out --format tiff --dpi 72
gdalinfo fmt.out | grep -q '^Driver: GTiff' || fail "--format tiff did not write a GeoTIFF"; ok
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
    expect_fail 3 'ro/x.tif' -- "$PLANMAP" render "$spec" -o ro/x.tif
fi
expect_fail 3 'nope' -- "$PLANMAP" render nope.json -o x.tif
[ ! -e x.tif ] && [ -z "$(ls -A ro)" ] && [ -z "$(ls -a | grep -E '^\.[^.]')" ] || fail "a failed render left files"; ok
finish
