#!/usr/bin/env bash
# planmap export DIR / validate DIR on hostile folder trees: many long
# folder names, symbolic link loops of every shape, links out and dangling,
# FIFOs, sockets and devices (every run under `timeout`, so a walk that
# blocks fails instead of hanging), unreadable and too deep folders, names
# equal but for case, and an export into its own folder run twice.
source "$(dirname "$0")/lib/common.sh"
good="$PM_SOURCE_DIR/tests/bad/layers/good.geojson"

run() { timeout 120 "$PLANMAP" "$@"; }

# tables FILE.gpkg: the feature tables, sorted, one per line.
tables() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (t,) in sorted(db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")):
    print(t)
PY
}

# sources FILE.gpkg: the gpkg_contents description of every feature table.
sources() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (d,) in sorted(db.execute("SELECT description FROM gpkg_contents WHERE data_type = 'features'")):
    print(d)
PY
}

# every_source DIR FILE.gpkg: each vector file under DIR became exactly one
# table (ogrinfo reads them all back) whose description is its path.
every_source() {
    local want got n
    want=$(cd "$(dirname "$1")" && find "$(basename "$1")" -name '*.geojson' ! -path '*/.*' | sort)
    got=$(sources "$2")
    [ "$got" = "$want" ] || fail "$2: sources '$got', expected '$want'"
    n=$(ogrinfo -ro -q "$2" | grep -vc layer_styles)
    [ "$n" = "$(printf '%s\n' "$want" | wc -l)" ] || fail "$2: ogrinfo lists $n tables"
    ok
}

no_temp() {
    [ -z "$(find . -name '.*.gpkg*' | head -1)" ] || fail "a temporary GeoPackage was left: $(find . -name '.*.gpkg*')"
    ok
}

# --- 160 folders of long names, each cityNNN/2020/areas.geojson -------------
long=$(printf 'a-very-long-folder-name-%.0s' {1..8})
for i in $(seq -w 1 160); do
    mkdir -p "cities/$long$i/2020"
    cp "$good" "cities/$long$i/2020/areas.geojson"
done
run export cities -o cities.gpkg || fail "export of 160 long folders failed"; ok
every_source cities cities.gpkg
[ "$(tables cities.gpkg | sort -fu | wc -l)" = 160 ] || fail "table names not unique without case"; ok
grep -q '160_2020_areas$' <<< "$(tables cities.gpkg)" || fail "a table name lost its city: $(tables cities.gpkg | tail -1)"; ok

# --- symbolic link loops: to the parent, itself, two up, between two folders
mkdir -p loops/sub loops/a/b loops/m1 loops/m2
for f in sub/s a/b/deep m1/one m2/two top; do cp "$good" "loops/$f.geojson"; done
ln -s .. loops/sub/up
ln -s . loops/self
ln -s ../.. loops/a/b/gp
ln -s ../m2 loops/m1/to2
ln -s ../m1 loops/m2/to1
outside=$PWD/outside.geojson
cp "$good" "$outside"
ln -s "$outside" loops/linked.geojson
ln -s nowhere loops/gone             # dangling, not a vector name: not read
mkfifo loops/pipe                    # a FIFO that is not a vector name: not read
run export loops -o loops.gpkg -v 2> notes.txt || fail "export of a looping folder failed: $(cat notes.txt)"; ok
[ "$(tables loops.gpkg | wc -l)" = 6 ] || fail "loops.gpkg: $(tables loops.gpkg | tr '\n' ' ')"; ok
grep -qx 'loops/linked.geojson' <<< "$(sources loops.gpkg)" || fail "the link to a file outside was not exported"; ok
for l in 'sub/up' 'self' 'a/b/gp' 'to1'; do
    grep -q "$l: a link back to .* (a folder loop): not followed" notes.txt || fail "no note on the loop $l: $(cat notes.txt)"
    ok
done
# validate reads each file once (the copies' ids clash) and says nothing of the loops.
rc=0
out=$(run validate loops 2>&1) || rc=$?
[ "$rc" -le 1 ] && grep -q '^loops: 6 files' <<< "$out" || fail "validate on a looping folder: $out"; ok
! grep -q 'link back' <<< "$out" || fail "validate reports a loop as a problem: $out"; ok

# --- FIFO, socket, device with a vector name: refused at once, nothing left --
odd() {  # name make-command...: export and validate refuse it without blocking
    local name=$1
    shift
    rm -rf odd odd.gpkg && mkdir odd && cp "$good" odd/fine.geojson
    "$@" "odd/$name"
    if [[ $name == *.json ]]; then   # a spec: validate reads it, export does not
        run export odd -o odd.gpkg || fail "export with a FIFO $name (not a vector name)"
    else
        expect_fail 3 "odd/$name: not a regular file but a" -- run export odd -o odd.gpkg
        [ ! -e odd.gpkg ] || fail "a refused export wrote odd.gpkg"
    fi
    ok
    no_temp
    local rc=0
    run validate odd > problems.txt 2>/dev/null || rc=$?
    [ "$rc" = 1 ] || fail "validate with $name: exit $rc, expected 1"; ok
    grep -q "odd/$name: not a regular file but a" problems.txt || fail "validate: $(cat problems.txt)"; ok
}
odd pipe.geojson mkfifo
odd spec.json mkfifo
odd sock.gpkg python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])'
char_device() { mknod -m 644 "$1" c 1 5; }   # like /dev/zero: a read never ends
if [ "$(id -u)" -eq 0 ]; then
    odd zero.geojson char_device
    expect_fail 3 'odd/zero.geojson: not a regular file but a character device' -- run export odd -o odd.gpkg
fi

# --- dangling link with a vector name: an unreadable file -------------------
rm -rf odd && mkdir odd && cp "$good" odd/fine.geojson && ln -s gone.geojson odd/old.geojson
expect_fail 3 'odd/old.geojson: cannot read: No such file or directory' -- run export odd -o odd.gpkg
no_temp

# --- an unreadable folder (root reads any: then run as nobody) --------------
locked=$(mktemp -d /tmp/pm_export_dir.XXXXXX)
chmod 777 "$locked"
mkdir -p "$locked/data/locked" "$locked/data/open"
cp "$good" "$locked/data/locked/x.geojson"
cp "$good" "$locked/data/open/y.geojson"
chmod -R a+rX "$locked/data" && chmod 000 "$locked/data/locked"
as_user=()
[ "$(id -u)" -ne 0 ] || as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
expect_fail 3 'data/locked: cannot read the folder: Permission denied' -- \
    "${as_user[@]}" timeout 120 "$PLANMAP" export "$locked/data" -o "$locked/out.gpkg"
[ -z "$(ls -A "$locked" | grep -v data)" ] || fail "a failed export left $(ls -A "$locked")"; ok
chmod 755 "$locked/data/locked" && rm -rf "$locked"

# --- deep trees -------------------------------------------------------------
d=deep && for i in $(seq 40); do d=$d/d$i; done
mkdir -p "$d" && cp "$good" "$d/bottom.geojson"
expect_fail 3 'folders nested more than 32 levels deep' -- run export deep -o deep.gpkg
no_temp
d=ok-deep && for i in $(seq 32); do d=$d/d$i; done
mkdir -p "$d" && cp "$good" "$d/bottom.geojson"
run export ok-deep -o ok-deep.gpkg || fail "a 32-level tree does not export"; ok
[ "$(tables ok-deep.gpkg)" = d32_bottom ] || fail "ok-deep.gpkg: $(tables ok-deep.gpkg)"; ok

# --- names equal but for case: one table each, each names its source --------
mkdir -p cases/x
for f in Areas areas AREAS; do cp "$good" "cases/x/$f.geojson"; done
ogr2ogr -f GPKG cases/x/areas.gpkg "$good"
run export cases -o cases.gpkg -v 2> notes.txt || fail "export of names equal but for case: $(cat notes.txt)"; ok
[ "$(tables cases.gpkg | wc -l)" = 4 ] || fail "cases.gpkg: $(tables cases.gpkg | tr '\n' ' ')"; ok
[ "$(tables cases.gpkg | sort -fu | wc -l)" = 4 ] || fail "cases.gpkg: tables equal but for case"; ok
for f in Areas.geojson areas.geojson AREAS.geojson areas.gpkg; do
    grep -Eq "^planmap: export: x_[A-Za-z]+(_[0-9])?: .* from cases/x/$f\$" notes.txt || fail "--verbose does not say where $f went: $(cat notes.txt)"
    grep -qx "cases/x/$f" <<< "$(sources cases.gpkg)" || fail "no table from $f"
    ok
done
printf '{"title": "t", "layers": [{"name": "zones", "source": "%s"}, {"name": "ZONES", "source": "%s"}, {"name": "gpkg_contents", "source": "%s"}]}\n' \
    "$good" "$good" "$good" > zones.json
run export zones.json -o zones.gpkg || fail "export of layers zones and ZONES failed"; ok
[ "$(tables zones.gpkg | tr '\n' ' ')" = "ZONES_2 layer_gpkg_contents zones " ] || fail "zones.gpkg: $(tables zones.gpkg | tr '\n' ' ')"; ok
grep -q 'zones.json: layers\[1\] (ZONES): ' <<< "$(sources zones.gpkg)" || fail "no description names layers[1]"; ok

# --- an export into its own folder, twice: the same tables ------------------
mkdir -p self/plans/a self/plans/b
cp "$good" self/plans/a/areas.geojson && cp "$good" self/plans/b/areas.geojson
run export self -o self/all.gpkg || fail "first export into its own folder"; ok
first=$(tables self/all.gpkg)
ln -s all.gpkg self/alias.gpkg       # the output under another name
run export self -o self/all.gpkg -v 2> notes.txt || fail "second export into its own folder"; ok
[ "$(tables self/all.gpkg)" = "$first" ] || fail "second run: '$(tables self/all.gpkg)', first '$first'"; ok
grep -q 'self/all.gpkg: the GeoPackage being written: not read' notes.txt || fail "no note: $(cat notes.txt)"; ok
grep -q 'self/alias.gpkg: the GeoPackage being written: not read' notes.txt || fail "link to the output read"; ok
rm self/all.gpkg self/alias.gpkg
run export self -o self/plans/ALL.GPKG && run export self -o self/plans/ALL.GPKG || fail "export into a subfolder"; ok
[ "$(tables self/plans/ALL.GPKG)" = "$first" ] || fail "ALL.GPKG: $(tables self/plans/ALL.GPKG)"; ok
no_temp
finish
