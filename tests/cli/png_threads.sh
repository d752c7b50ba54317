#!/usr/bin/env bash
# A PNG's bytes do not depend on how many threads wrote it: the same map
# rendered with PLANMAP_THREADS=1, 2 and 3 is the same file, byte for byte,
# through zlib, which cuts a large image into bands of a fixed size, whichever
# threads deflate them. ISA-L deflates one stream: its files are held to the
# same pixels (same_output), as its stream has been seen, rarely and under
# load, to differ for the same pixels. A batch worker of a smaller share gets
# more threads and must still write what a whole machine's run writes.
source "$(dirname "$0")/lib/common.sh"

map="$PM_SOURCE_DIR/data/maps/000-chengdu-htz-city-centre.json"
for deflate in zlib isal; do
    for threads in 1 2 3; do
        PLANMAP_PNG_DEFLATE=$deflate PLANMAP_THREADS=$threads \
            "$PLANMAP" render "$map" -o "$deflate-$threads.png" ||
            fail "render with PLANMAP_PNG_DEFLATE=$deflate PLANMAP_THREADS=$threads"
    done
    # Large enough for zlib to cut it into several bands (its 6.5 MB of rows in 7).
    size=$("$PM_IMGCHECK" size "$deflate-1.png")
    [ "${size%% *}" -ge 1000 ] || fail "$deflate-1.png is only $size"; ok
    for threads in 2 3; do
        if [ $deflate = zlib ]; then same=(cmp -s); else same=(same_output); fi
        "${same[@]}" "$deflate-1.png" "$deflate-$threads.png" ||
            fail "PLANMAP_PNG_DEFLATE=$deflate: PLANMAP_THREADS=$threads wrote other bytes than one thread"; ok
    done
done
[ "$("$PM_IMGCHECK" compare zlib-1.png isal-1.png)" = "mean=0.000 far=0.00000" ] ||
    fail "the two deflaters' PNGs hold other pixels"; ok
finish
