#!/usr/bin/env bash
# Bad input: every mistake gives one line naming the file, the place and the
# reason, a non-zero exit, and no output file.
source "$(dirname "$0")/lib/common.sh"
data="$PM_SOURCE_DIR/tests/data/cli"

spec() {  # spec NAME JSON → writes NAME.json
    printf '%s\n' "$2" > "$1.json"
}
layer='"layers": [{"name": "a", "source": "'"$data"'/squares.geojson"}]'

spec broken '{"title": "x", "layers": [ }'
expect_fail 4 '^planmap: broken\.json:1:[0-9]+: invalid JSON' -- "$PLANMAP" render broken.json -o broken.png
spec wrongtype '{"title": 12, '"$layer"'}'
expect_fail 4 '^planmap: wrongtype\.json: title: expected a string, got 12' -- "$PLANMAP" render wrongtype.json -o wrongtype.png
spec badcolour '{"title": "x", "layers": [{"name": "a", "source": "s.geojson", "rules": [{"stroke": 12}]}]}'
expect_fail 4 'badcolour\.json: layers\[0\]\.rules\[0\]\.stroke: expected a colour' -- "$PLANMAP" render badcolour.json -o badcolour.png
spec unknownkey '{"title": "x", "titel": "y", '"$layer"'}'
expect_fail 4 'unknownkey\.json: titel: unknown key' -- "$PLANMAP" render unknownkey.json -o unknownkey.png
spec nolayers '{"title": "x"}'
expect_fail 4 'nolayers\.json: layers: ' -- "$PLANMAP" render nolayers.json -o nolayers.png
spec missing '{"title": "x", "layers": [{"name": "a", "source": "nowhere.geojson"}]}'
expect_fail 3 'missing\.json: layers\[0\] \(a\): .*nowhere\.geojson' -- "$PLANMAP" render missing.json -o missing.png
spec badcrs '{"title": "x", "crs": "EPSG:999999", '"$layer"'}'
expect_fail 5 'badcrs\.json.*EPSG:999999' -- "$PLANMAP" render badcrs.json -o badcrs.png
expect_fail 3 'nosuch\.json' -- "$PLANMAP" render nosuch.json -o nosuch.png
mkdir adir.json
expect_fail 3 'adir\.json' -- "$PLANMAP" render adir.json -o adir.png

spec good '{"title": "x", '"$layer"'}'
expect_fail 3 '/no/such/folder/out\.png' -- "$PLANMAP" render good.json -o /no/such/folder/out.png
mkdir locked && chmod 0555 locked
if [ "$(id -u)" -ne 0 ]; then   # root writes anywhere; the check needs a user
    expect_fail 3 'locked/out\.png' -- "$PLANMAP" render good.json -o locked/out.png
fi
expect_fail 3 'nothing\.geojson' -- "$PLANMAP" info nothing.geojson
printf 'not a vector file\n' > plain.txt
expect_fail 3 'plain\.txt' -- "$PLANMAP" info plain.txt

leftovers=$(ls -A | grep -Ev '^(broken|wrongtype|badcolour|unknownkey|nolayers|missing|badcrs|good)\.json$|^(adir\.json|locked|plain\.txt)$' || true)
[ -z "$leftovers" ] || fail "failed runs left files behind: $leftovers"; ok

# The good spec does render, so the failures above are the inputs' fault.
"$PLANMAP" render good.json -o good.png && [ -s good.png ] || fail "good spec does not render"; ok
finish
