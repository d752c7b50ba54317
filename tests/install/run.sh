#!/usr/bin/env bash
# The installed library works for a program outside the tree: install the
# built tree into a temporary prefix, then build tests/install/example.c
# against it with pkg-config (shared and --static) and with the CMake package
# (find_package(planmap)), run each on a bundled map and check the PNG: the
# right size, not blank, and the same bytes `planmap render` writes. Every
# public header compiles on its own with only `pkg-config --cflags planmap`,
# and the installed program, man page and bash completion are in place.
# Usage: run.sh BUILD_DIR SOURCE_DIR PM_IMGCHECK [EXTRA_CFLAGS]
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) imgcheck=$3 extra=${4:-}
work=$build/install-test
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
fail() { echo "install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" > "$work/install.log" ||
    fail "cmake --install failed (see $work/install.log)"

pc=$(find "$prefix" -name planmap.pc)
[ -n "$pc" ] || fail "no planmap.pc installed"
libdir=$(cd "$(dirname "$pc")/.." && pwd)
export PKG_CONFIG_PATH=$(dirname "$pc")
unset LD_LIBRARY_PATH
for f in "$libdir/libplanmap.a" "$libdir/libplanmap.so" "$prefix/bin/planmap" \
         "$prefix/include/planmap/planmap.h" "$prefix/share/man/man1/planmap.1" \
         "$prefix/share/bash-completion/completions/planmap" \
         "$libdir/cmake/planmap/planmapConfig.cmake" \
         "$libdir/cmake/planmap/planmapConfigVersion.cmake"; do
    [ -e "$f" ] || fail "not installed: ${f#"$prefix"/}"
done
for f in "$prefix"/include/planmap/*_internal.h; do
    [ -e "$f" ] && fail "an internal header is installed: $f"
done

version=$("$prefix/bin/planmap" --version) || fail "$prefix/bin/planmap --version failed"
[ "$version" = "planmap $(pkg-config --modversion planmap)" ] ||
    fail "planmap --version says '$version', planmap.pc $(pkg-config --modversion planmap)"

# Each public header on its own, with only the pkg-config flags.
cc=${CC:-cc}
read -r -a cflags <<< "$(pkg-config --cflags planmap) $extra"
for h in "$prefix"/include/planmap/*.h; do
    printf '#include <planmap/%s>\n' "$(basename "$h")" |
        "$cc" -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes -fsyntax-only \
            "${cflags[@]}" -x c - || fail "$(basename "$h") does not compile on its own"
done

spec=$src/data/maps/001-park-city-structure.json
"$prefix/bin/planmap" render "$spec" -o "$work/reference.png" >/dev/null

check_png() {   # check_png NAME PNG
    local size w h white
    cmp -s "$2" "$work/reference.png" || fail "$1: the PNG differs from planmap render's"
    size=$("$imgcheck" size "$2")
    read -r w h <<< "$size"
    [ "$w" -gt 100 ] && [ "$h" -gt 100 ] || fail "$1: the PNG is $size"
    white=$("$imgcheck" match "$2" $((w / 2)) $((h / 2)) $((h / 3)) '#ffffff' 8)
    awk -v f="$white" 'BEGIN { exit !(f < 0.9) }' ||
        fail "$1: the PNG is blank ($white of its middle is white)"
    echo "install: $1: $w x $h, as planmap render draws it"
}

read -r -a libs <<< "$(pkg-config --libs planmap)"
"$cc" -std=c11 -Wall -Wextra -Werror "${cflags[@]}" "$src/tests/install/example.c" \
    -o "$work/example-shared" "${libs[@]}" -Wl,-rpath,"$libdir" $extra
readelf -d "$work/example-shared" | grep -q 'NEEDED.*libplanmap\.so' ||
    fail "example-shared does not use libplanmap.so"
"$work/example-shared" "$spec" "$work/shared.png" > "$work/shared.txt"
check_png "pkg-config (shared)" "$work/shared.png"
# What the opaque spec handle told the example: the spec's title and layers.
want=$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print("%s: %s, %d layers" % (sys.argv[1], s["title"], len(s["layers"])))' "$spec")
[ "$(head -n 1 "$work/shared.txt")" = "$want" ] ||
    fail "the example read '$(head -n 1 "$work/shared.txt")' from the spec, not '$want'"

# --static: libplanmap.a and every private dependency's flags.
read -r -a libs <<< "$(pkg-config --static --libs planmap | sed 's/-lplanmap\b/-l:libplanmap.a/')"
"$cc" -std=c11 -Wall -Wextra -Werror "${cflags[@]}" "$src/tests/install/example.c" \
    -o "$work/example-static" "${libs[@]}" $extra
readelf -d "$work/example-static" | grep -q 'NEEDED.*libplanmap' &&
    fail "example-static still needs libplanmap.so"
"$work/example-static" "$spec" "$work/static.png" >/dev/null
check_png "pkg-config --static" "$work/static.png"

cmake -S "$src/tests/install" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_FLAGS="$extra" -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$work/cmake.log" 2>&1 ||
    fail "find_package(planmap) failed (see $work/cmake.log)"
cmake --build "$work/cmake" >> "$work/cmake.log" 2>&1 || fail "the CMake example does not build (see $work/cmake.log)"
"$work/cmake/example" "$spec" "$work/cmake.png" >/dev/null
check_png "find_package(planmap)" "$work/cmake.png"
rm -rf "$work"
