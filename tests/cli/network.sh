#!/usr/bin/env bash
# No network access unless asked for: sources that name a URL, a network /vsi
# file system (alone or inside /vsizip/), a WFS: connection, and data files
# that point at the network (a GeoJSON "crs" link, an OGR VRT naming
# /vsicurl/) are refused with one line, and a loopback listener sees no
# request; with --allow-network (or PLANMAP_ALLOW_NETWORK=1) the source is
# read from the listener. Only 127.0.0.1 is ever contacted.
source "$(dirname "$0")/lib/common.sh"
good="$PM_SOURCE_DIR/tests/bad/layers/good.geojson"
mkdir www
cp "$good" www/good.geojson
(cd www && python3 -c 'import zipfile; zipfile.ZipFile("g.zip", "w").write("good.geojson")')
echo '+proj=longlat +datum=WGS84 +no_defs' > www/crs.txt

# The listener: any free loopback port, one line per request in requests.log.
python3 - www requests.log port <<'PY' &
import http.server, os, socketserver, sys
root, log, portfile = sys.argv[1:4]
class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)
    def log_message(self, fmt, *args):
        with open(log, "a") as f:
            f.write("%s %s\n" % (self.command, self.path))
socketserver.ThreadingTCPServer.allow_reuse_address = True
with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler) as server:
    with open(portfile + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    server.timeout = 1
    for _ in range(600):   # stops by itself after at most ten minutes
        server.handle_request()
PY
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
[ -s port ] || fail "the loopback listener did not start"
url="http://127.0.0.1:$(cat port)"

spec() {  # NAME SOURCE
    printf '{"title": "t", "layers": [{"name": "a", "source": "%s"}]}\n' "$2" > "$1"
}
refused() {  # WHAT CODE PATTERN COMMAND...: one line, no request
    local what=$1 code=$2 pattern=$3
    shift 3
    rm -f requests.log
    expect_fail "$code" "$pattern" -- timeout 60 "$@"
    [ ! -e requests.log ] || fail "$what: the listener was contacted: $(cat requests.log)"; ok
}
allowed() {  # WHAT COMMAND...: the listener is asked (and the map is drawn)
    local what=$1
    shift
    rm -f requests.log out.png
    timeout 60 "$@" 2>err.txt || fail "$what: failed with the network allowed: $(cat err.txt)"
    [ -s requests.log ] || fail "$what: the listener saw no request"
    [ -s out.png ] || fail "$what: no map"; ok
}
off='network access is off \(planmap --allow-network allows it\)$'

# Sources naming the network: refused by name, before GDAL sees them.
i=0
for src in "$url/good.geojson" "/vsicurl/$url/good.geojson" "/vsicurl?url=$url/good.geojson" \
           "/vsizip//vsicurl/$url/g.zip/good.geojson" "/vsicurl_streaming/$url/good.geojson"; do
    i=$((i + 1))
    spec "s$i.json" "$src"
    refused "$src" 3 "^planmap: s$i\\.json: layers\\[0\\] \\(a\\): .*reading it needs the network: $off" \
        "$PLANMAP" render "s$i.json" -o out.png
    allowed "$src" "$PLANMAP" render "s$i.json" -o out.png --allow-network
done
rm -f requests.log
PLANMAP_ALLOW_NETWORK=1 "$PLANMAP" render s1.json -o out.png || fail "PLANMAP_ALLOW_NETWORK=1 does not allow it"
[ -s requests.log ] || fail "PLANMAP_ALLOW_NETWORK=1: no request"; ok
refused "PLANMAP_ALLOW_NETWORK=0" 3 "$off" env PLANMAP_ALLOW_NETWORK=0 "$PLANMAP" render s1.json -o out.png
expect_fail 2 "^planmap: PLANMAP_ALLOW_NETWORK: expected 0 or 1, got 'yes'$" -- \
    env PLANMAP_ALLOW_NETWORK=yes "$PLANMAP" render s1.json -o out.png

# WFS: the server is no WFS, but with the network allowed it is asked.
spec wfs.json "WFS:$url/wfs"
refused "WFS:" 3 "wfs\\.json: layers\\[0\\] \\(a\\): WFS:.*reading it needs the network: $off" \
    "$PLANMAP" render wfs.json -o out.png
rm -f requests.log
"$PLANMAP" render wfs.json -o out.png --allow-network 2>/dev/null || true
grep -q 'GET /wfs?' requests.log || fail "WFS with the network allowed: no request"; ok

# A data file alone: a GeoJSON crs link, and a VRT naming /vsicurl/.
python3 - "$good" "$url/crs.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["crs"] = {"type": "link", "properties": {"href": sys.argv[2], "type": "proj4"}}
json.dump(d, open("linked.geojson", "w"))
PY
spec crs.json linked.geojson
refused "crs link" 5 "^planmap: crs\\.json: layers\\[0\\] \\(a\\): linked\\.geojson: .*$off" \
    "$PLANMAP" render crs.json -o out.png
allowed "crs link" "$PLANMAP" render crs.json -o out.png --allow-network
printf '<OGRVRTDataSource><OGRVRTLayer name="good"><SrcDataSource>/vsicurl/%s/good.geojson</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n' \
    "$url" > remote.vrt
spec vrt.json remote.vrt
refused "VRT" 5 "remote\\.vrt: .*$off" "$PLANMAP" render vrt.json -o out.png
allowed "VRT" "$PLANMAP" render vrt.json -o out.png --allow-network

# Every command that reads sources.
refused "info" 3 "$off" "$PLANMAP" info "$url/good.geojson"
refused "info /vsis3/" 3 "$off" "$PLANMAP" info /vsis3/bucket/good.geojson
refused "export" 3 "$off" "$PLANMAP" export s2.json -o out.gpkg
spec pg.json "PG:host=127.0.0.1 port=$(cat port) dbname=x"
refused "PG:" 3 "PG:host=127\\.0\\.0\\.1.*$off" "$PLANMAP" render pg.json -o out.png
spec base.json "$good"
printf '{"atlas": {"spec": "base.json", "coverage": "%s/good.geojson", "name": "{id}"}}\n' "$url" > atlas.json
rm -f requests.log
rc=0; timeout 60 "$PLANMAP" batch atlas.json -o maps 2>err.txt || rc=$?
[ "$rc" -eq 3 ] && grep -Eq "$off" err.txt || fail "batch coverage over the network: exit $rc: $(cat err.txt)"
[ ! -e requests.log ] || fail "batch: the listener was contacted"; ok
timeout 60 "$PLANMAP" batch atlas.json -o maps --allow-network 2>err.txt \
    || fail "batch --allow-network: $(cat err.txt)"
[ -s maps/west.png ] || fail "batch --allow-network drew no map"; ok
rm -f requests.log
rc=0; "$PLANMAP" validate s2.json > problems.txt 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] && [ ! -e requests.log ] || fail "validate reached the network (exit $rc)"; ok
finish
