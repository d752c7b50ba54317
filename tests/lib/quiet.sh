#!/usr/bin/env bash
# The library never reads the environment and never prints: settings come
# from the context the program fills (include/planmap/pm_context.h) and
# messages go through its log callback. No library file (core geo layers
# render batch include) calls getenv/secure_getenv or writes to stdout or
# stderr: printf, vprintf, puts, putchar, perror, fprintf/vfprintf/fputs/
# fputc/putc/fwrite/fflush to stdout or stderr, pm_print_line.
# Usage: quiet.sh SOURCE_DIR
set -euo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
for dir in core geo layers render batch include; do
    [ -d "$src/$dir" ] || continue
    find "$src/$dir" -name '*.[ch]' -print0
done | sort -z | while IFS= read -r -d '' f; do
    # Comments and string literals left out, so prose may name the calls.
    perl -0777 -pe 's{/\*.*?\*/}{"\n" x ($& =~ tr/\n//)}gse; s{//[^\n]*}{}g; s{"(?:\\.|[^"\\\n])*"}{""}g' "$f" |
        perl -ne '
            BEGIN { $f = shift @ARGV }
            my $bad = qr/\b(?:secure_getenv|getenv|printf|vprintf|puts|putchar|perror|pm_print_line)\s*\(/x;
            my $std = qr/\b(?:fprintf|vfprintf|fputs|fputc|putc|fwrite|fflush)\s*\([^;]*\b(?:stdout|stderr)\b/x;
            my $raw = qr/\b(?:write|dprintf)\s*\(\s*(?:1|2|STDOUT_FILENO|STDERR_FILENO)\s*,/x;
            print "$f:$.: $_" if /$bad/ || /$std/ || /$raw/;
        ' "${f#$src/}"
done > "$tmp/found"

cp "$tmp/found" "$tmp/new"
if [ -s "$tmp/new" ]; then
    echo "library files that read the environment or print (use the context):"
    cat "$tmp/new"
    status=1
fi
exit $status
