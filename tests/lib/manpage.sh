#!/usr/bin/env bash
# docs/planmap.1 documents every command and option that `planmap --help`
# and `planmap COMMAND --help` list.
# Usage: manpage.sh PLANMAP SOURCE_DIR
set -euo pipefail
planmap=$1 man=$2/docs/planmap.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The page as text words: roff's \- is a plain hyphen.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$man" > "$tmp/page"

# Commands: the indented first words of the "Commands:" block.
"$planmap" --help > "$tmp/help"
commands=$(awk '/^Commands:/ { on = 1; next } on && /^$/ { on = 0 } on { print $1 }' "$tmp/help")
[ -n "$commands" ] || { echo "manpage: no commands in planmap --help" >&2; exit 1; }

missing=0
check() {   # check WHERE WORD: WORD appears in the page as a whole word
    if ! grep -qE -- "(^|[^a-zA-Z0-9-])$2([^a-zA-Z0-9-]|\$)" "$tmp/page"; then
        echo "manpage: $1 lists $2, docs/planmap.1 does not" >&2
        missing=$((missing + 1))
    fi
}
options() {   # the options (-x, --long) a help text lists
    grep -oE -- '(^|[[ ,(|])--?[a-zA-Z][a-zA-Z0-9-]*' "$1" | sed -E 's/^[[ ,(|]//' | sort -u
}

for opt in $(options "$tmp/help"); do check "planmap --help" "$opt"; done
n=0
for cmd in $commands; do
    check "planmap --help" "$cmd"
    grep -qE "^\.SS $cmd( |\$)" "$man" ||
        { echo "manpage: no section (.SS) for the command $cmd" >&2; missing=$((missing + 1)); }
    "$planmap" "$cmd" --help > "$tmp/$cmd" 2>&1 || true
    for opt in $(options "$tmp/$cmd"); do check "planmap $cmd --help" "$opt"; n=$((n + 1)); done
done
[ $n -gt 10 ] || { echo "manpage: only $n options found in the commands' help" >&2; exit 1; }
[ $missing -eq 0 ] || exit 1
echo "manpage: $(echo $commands | wc -w) commands and their $n options are documented"
