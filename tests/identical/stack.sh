#!/usr/bin/env bash
# The software that decides the bytes of a map besides planmap's own code:
# the Debian package and version of the shared libraries PLANMAP loads that
# draw, encode, project, read or shape (not, say, the TLS library GDAL links),
# of the fonts, and the C compiler; one per line, sorted.
#   stack.sh PLANMAP
set -euo pipefail
planmap=$1
{
    ldd "$planmap" | awk '$3 ~ /^\// {print $3}'
    fc-match -f '%{file}\n' 'Noto Sans CJK SC'
    fc-match -f '%{file}\n' 'Noto Sans CJK SC:bold'
} | while read -r file; do
    real=$(readlink -f "$file")
    pkg=$(dpkg -S "$real" 2>/dev/null | head -1 | cut -d: -f1) || true
    [ -n "$pkg" ] || pkg=$(dpkg -S "$file" 2>/dev/null | head -1 | cut -d: -f1) || true
    if [ -n "$pkg" ]; then
        echo "$pkg $(dpkg-query -W -f '${Version}' "$pkg")"
    else
        echo "unpackaged $(basename "$real")"
    fi
done | grep -E '^(libc6|[^ ]*(cairo|pixman|pango|harfbuzz|freetype|fontconfig|fribidi|gdal|proj|geos|zlib|isal|json-c|png|tiff|glib|sqlite)[^ ]*|fonts-[^ ]*) ' | LC_ALL=C sort -u
echo "compiler $(${CC:-cc} -dumpfullversion 2>/dev/null || echo unknown)"
