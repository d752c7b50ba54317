#!/usr/bin/env bash
# libplanmap.so exports exactly the functions declared with PM_API in the
# public headers (include/planmap/): no internal helper leaks into the ABI,
# and no public function is missing from it.
# Usage: symbols.sh LIBPLANMAP_SO SOURCE_DIR
set -euo pipefail
lib=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Defined dynamic symbols, without the linker's own section markers.
nm -D --defined-only "$lib" | awk '{ print $3 }' |
    grep -Ev '^(_edata|_end|__bss_start|_init|_fini)$' | sort -u > "$tmp/exported"
# Every "PM_API <type> name(" in the public headers (comments left out).
for h in "$src"/include/planmap/*.h; do
    [ "$(basename "$h")" = pm_api.h ] || cat "$h"
done | perl -0777 -pe 's{/\*.*?\*/}{}gs' |
    perl -0777 -ne 'print "$1\n" while /\bPM_API\b[^;(]*?\b(pm_\w+)\s*\(/g' |
    sort -u > "$tmp/declared"

status=0
# Every function a public header declares carries PM_API.
for h in "$src"/include/planmap/*.h; do
    [ "$(basename "$h")" = pm_api.h ] || cat "$h"
done | perl -0777 -pe 's{/\*.*?\*/}{}gs; s{^\s*#.*$}{}mg' |
    perl -0777 -ne 'for (split /[;{}]/) { s/\s+/ /g; s/^ //;
        next if /^typedef/ || /\(\s*\*/ || !/\b(pm_\w+)\s*\(/;
        print "$1\n" unless /\bPM_API\b/ }' > "$tmp/unmarked"
if [ -s "$tmp/unmarked" ]; then
    echo "symbols: public headers declare functions without PM_API:" >&2
    sed 's/^/  /' "$tmp/unmarked" >&2
    status=1
fi
if [ ! -s "$tmp/declared" ]; then
    echo "symbols: no PM_API declaration found under $src/include/planmap" >&2
    exit 1
fi
if grep -v '^pm_' "$tmp/exported" > "$tmp/bad"; then
    echo "symbols: $lib exports names without the pm_ prefix:" >&2
    sed 's/^/  /' "$tmp/bad" >&2
    status=1
fi
if comm -23 "$tmp/exported" "$tmp/declared" > "$tmp/extra" && [ -s "$tmp/extra" ]; then
    echo "symbols: $lib exports functions that no public header declares with PM_API:" >&2
    sed 's/^/  /' "$tmp/extra" >&2
    status=1
fi
if comm -13 "$tmp/exported" "$tmp/declared" > "$tmp/missing" && [ -s "$tmp/missing" ]; then
    echo "symbols: public functions missing from $lib:" >&2
    sed 's/^/  /' "$tmp/missing" >&2
    status=1
fi
[ $status -eq 0 ] && echo "symbols: $(wc -l < "$tmp/exported") functions exported, all public"
exit $status
