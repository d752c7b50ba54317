#!/usr/bin/env bash
# The parsers alone on one GeoJSON file (bench/RESULTS.md, "GeoJSON reader"):
# simdjson's DOM (planmap's GeoJSON reader, geo/geojson_doc.cpp), json-c
# (what core/'s JSON reader, pm_json, parses with) and GDAL's GeoJSON driver
# (`ogrinfo -so -al`: open, parse, count). CPU time (user + system, the
# measure that holds on a shared machine); in-process times exclude reading
# the file; best of 5.
#   bench/geojson_parsers.sh FILE.geojson
set -euo pipefail
file=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/simd.cpp" <<'CPP'
#include <simdjson.h>
#include <algorithm>
#include <ctime>
#include <cstdio>
int main(int argc, char **argv)
{
    simdjson::padded_string text;
    if (simdjson::padded_string::load(argv[1]).get(text))
        return 1;
    simdjson::dom::parser parser;
    double best = 1e9;
    for (int i = 0; i < 5; i++) {
        std::clock_t t = std::clock();
        simdjson::dom::element doc;
        if (parser.parse(text).get(doc))
            return 1;
        best = std::min(best, double(std::clock() - t) / CLOCKS_PER_SEC);
    }
    std::printf("simdjson DOM parse      %6.3f s  %5.0f MB/s\n", best, text.size() / best / 1e6);
}
CPP
cat > "$tmp/jsonc.c" <<'C'
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int main(int argc, char **argv)
{
    FILE *f = fopen(argv[1], "rb");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = malloc((size_t)n);
    if (fread(text, 1, (size_t)n, f) != (size_t)n)
        return 1;
    double best = 1e9;
    for (int i = 0; i < 5; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
        json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
        json_object *doc = json_tokener_parse_ex(tok, text, (int)n);
        if (!doc)
            return 1;
        json_object_put(doc);
        json_tokener_free(tok);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
        double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        best = s < best ? s : best;
    }
    printf("json-c parse (pm_json)  %6.3f s  %5.0f MB/s\n", best, (double)n / best / 1e6);
    return 0;
}
C
g++ -O2 -o "$tmp/simd" "$tmp/simd.cpp" $(pkg-config --cflags --libs simdjson)
cc -O2 -o "$tmp/jsonc" "$tmp/jsonc.c" $(pkg-config --cflags --libs json-c)
"$tmp/simd" "$file"
"$tmp/jsonc" "$file"
best=1e9
for _ in 1 2 3 4 5; do
    s=$( { /usr/bin/time -f "%U + %S" ogrinfo -so -al "$file" > /dev/null; } 2>&1 )
    best=$(python3 -c "print(min($best, $s))")
done
printf 'GDAL GeoJSON (ogrinfo)  %6.3f s  %5.0f MB/s\n' "$best" \
    "$(python3 -c "print($(stat -c %s "$file") / $best / 1e6)")"
