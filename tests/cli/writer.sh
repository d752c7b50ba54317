# Every output goes through the one atomic writer (core/pm_write.h): for each
# kind of file planmap writes, a symbolic link is followed (the link stays,
# the file it names is replaced), new files honour the umask, a replaced
# file keeps its mode, a 250-byte name works, a pipe is written in place,
# and no temporary is left behind.
. "$(dirname "$0")/lib/common.sh"
spec="$PM_SOURCE_DIR/tests/bad/spec/good.json"
layer="$PM_SOURCE_DIR/tests/bad/layers/good.geojson"

no_temps() {  # folder
    local left
    left=$(find "$1" -name '.*' -mindepth 1)
    [ -z "$left" ] || fail "temporary files left in $1: $left"
    ok
}

mode_of() { stat -c %a "$1"; }

# ---- symbolic links: every format -------------------------------------------
mkdir links real
echo old > old
for f in map.png map.svg map.pdf map.tif out.gpkg labels.json map.pgw map.prj map.png.aux.xml; do
    echo old > "real/$f"
    ln -s "../real/$f" "links/$f"
done
"$PLANMAP" render "$spec" -o links/map.png --world-file --labels-json links/labels.json
for fmt in svg pdf tif; do "$PLANMAP" render "$spec" -o "links/map.$fmt"; done
"$PLANMAP" export "$spec" -o links/out.gpkg
for f in map.png map.svg map.pdf map.tif out.gpkg labels.json map.pgw map.prj map.png.aux.xml; do
    [ -L "links/$f" ] || fail "links/$f: the link was replaced by a regular file"
    ! cmp -s "real/$f" old || fail "real/$f: the file the link names was not written"
done; ok
gdalinfo real/map.tif | grep -q "Coordinate System is" || fail "the GeoTIFF behind the link has no CRS"; ok
no_temps links; no_temps real

# A sidecar (.qml beside a source of a folder export) and the batch report.
mkdir -p side/src side/real
cp "$layer" side/src/zones.geojson
echo old > side/real/zones.qml
ln -s ../real/zones.qml side/src/zones.qml
"$PLANMAP" export side/src -o side/all.gpkg --sidecars
[ -L side/src/zones.qml ] && grep -q "<qgis" side/real/zones.qml || fail "sidecar link not followed"; ok
mkdir -p rep/real rep/out
printf '{"report": "report.pdf", "maps": [{"spec": "%s", "name": "m", "outputs": ["png"]}]}\n' "$spec" > rep/b.json
echo old > rep/real/report.pdf
ln -s ../real/report.pdf rep/out/report.pdf
"$PLANMAP" batch rep/b.json -o rep/out --quiet 2>/dev/null
[ -L rep/out/report.pdf ] && head -c 5 rep/real/report.pdf | grep -q '%PDF' || fail "report link not followed"; ok
no_temps side; no_temps rep

# A dangling link: the file it names is made, the link stays.
mkdir dang
ln -s later.png dang/map.png
"$PLANMAP" render "$spec" -o dang/map.png
[ -L dang/map.png ] && [ -s dang/later.png ] || fail "dangling link: link replaced or target not made"; ok

# ---- modes --------------------------------------------------------------------
mkdir modes
(umask 077; "$PLANMAP" render "$spec" -o modes/a.png --labels-json modes/a.json --world-file
 "$PLANMAP" render "$spec" -o modes/a.tif; "$PLANMAP" export "$spec" -o modes/a.gpkg)
for f in a.png a.json a.pgw a.prj a.png.aux.xml a.tif a.gpkg; do
    [ "$(mode_of "modes/$f")" = 600 ] || fail "modes/$f under umask 077: mode $(mode_of "modes/$f")"
done; ok
(umask 022; "$PLANMAP" render "$spec" -o modes/b.png --labels-json modes/b.json
 "$PLANMAP" render "$spec" -o modes/b.tif; "$PLANMAP" export "$spec" -o modes/b.gpkg)
for f in b.png b.json b.tif b.gpkg; do
    [ "$(mode_of "modes/$f")" = 644 ] || fail "modes/$f under umask 022: mode $(mode_of "modes/$f")"
done; ok
# Replacing keeps the file's mode, whatever the umask.
chmod 600 modes/b.png modes/b.tif modes/b.gpkg modes/b.json
echo x > modes/a.pdf
chmod 640 modes/a.pdf
(umask 022; "$PLANMAP" render "$spec" -o modes/b.png --labels-json modes/b.json
 "$PLANMAP" render "$spec" -o modes/b.tif; "$PLANMAP" export "$spec" -o modes/b.gpkg
 "$PLANMAP" render "$spec" -o modes/a.pdf)
for f in b.png b.json b.tif b.gpkg; do
    [ "$(mode_of "modes/$f")" = 600 ] || fail "modes/$f: re-rendering changed mode 600 to $(mode_of "modes/$f")"
done; ok
[ "$(mode_of modes/a.pdf)" = 640 ] || fail "modes/a.pdf: mode 640 became $(mode_of modes/a.pdf)"; ok
no_temps modes

# ---- long names -----------------------------------------------------------------
mkdir long
stem=$(printf 'n%.0s' $(seq 246))
for ext in png svg pdf tif gpkg; do
    if [ "$ext" = gpkg ]; then
        "$PLANMAP" export "$spec" -o "long/$stem.$ext"
    else
        "$PLANMAP" render "$spec" -o "long/$stem.$ext"
    fi
    [ -s "long/$stem.$ext" ] || fail "a ${#stem}+${#ext}-byte name: no $ext written"
done; ok
"$PLANMAP" render "$spec" -o "long/$stem.png"   # replacing it
"$PLANMAP" render "$spec" -o /dev/null --format png --labels-json "long/$stem.json"
[ -s "long/$stem.json" ] || fail "labels JSON with a long name not written"; ok
no_temps long

# ---- pipes ------------------------------------------------------------------------
"$PLANMAP" render "$spec" -o /dev/stdout --format png | head -c 8 | od -c | grep -q 'P   N   G' ||
    fail "PNG to /dev/stdout into a pipe"; ok
"$PLANMAP" render "$spec" -o /dev/stdout --format svg > piped.svg
grep -q "</svg>" piped.svg || fail "SVG to /dev/stdout redirected to a file"; ok
no_temps .
finish
