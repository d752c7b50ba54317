#!/usr/bin/env bash
# The include rules of the source tree (README, "Source layout"):
#  - modules flow core → geo → layers → render → batch → cli, and a file
#    includes only headers of its own module and of modules below it;
#  - a module's internal headers (<module>/internal/, *_internal.h) are its
#    own: no other module includes them;
#  - the public headers (include/planmap/) include only each other and
#    system or dependency headers (<...>);
#  - render/ draws only: it includes no GDAL/OGR/CPL header, and calls no
#    loader (pm_geo_init*, pm_layer_load*, pm_layer_stream_*,
#    pm_map_stream_*): the map hands it the inset's layer and its layers'
#    features (layers/pm_features.h); GeoTIFF is written in geo/.
# Usage: include_rules.sh [SOURCE_DIR]   (exit 1 and one line per broken rule)
set -uo pipefail
src=${1:-$(dirname "$0")/../..}
cd "$src" || exit 2

modules=(core geo layers render batch cli)
rank() {
    local i
    for i in "${!modules[@]}"; do
        [ "${modules[$i]}" = "$1" ] && { echo "$i"; return; }
    done
    echo -1
}

# Where a quoted header lives: "public", "<module>" or "<module>/internal".
home_of() {
    local name=$1 m
    if [ -f "include/planmap/$name" ]; then echo public; return; fi
    for m in "${modules[@]}"; do
        if [ -f "$m/$name" ]; then echo "$m"; return; fi
        if [ -f "$m/internal/$name" ]; then echo "$m/internal"; return; fi
    done
    echo unknown
}

broken=0
fail() { echo "include rules: $*" >&2; broken=$((broken + 1)); }

# Quoted includes of every module file.
for m in "${modules[@]}"; do
    [ -d "$m" ] || continue
    r=$(rank "$m")
    while IFS=: read -r file line text; do
        name=$(printf '%s' "$text" | sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/')
        home=$(home_of "$name")
        case $home in
            public) ;;
            unknown) fail "$file:$line: \"$name\" is not a header of the tree" ;;
            */internal)
                [ "${home%/internal}" = "$m" ] ||
                    fail "$file:$line: $m/ includes $home/$name, internal to ${home%/internal}/" ;;
            *)
                if [ "$home" != "$m" ] && [ "$(rank "$home")" -gt "$r" ]; then
                    fail "$file:$line: $m/ includes $home/$name from a module above it"
                fi
                case $name in
                    *_internal.h) [ "$home" = "$m" ] ||
                        fail "$file:$line: $m/ includes $home/$name, internal to $home/" ;;
                esac ;;
        esac
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' \
                 $(find "$m" -name '*.[ch]' | sort) /dev/null)
done

# Public headers: only each other (quoted) and system/dependency headers.
while IFS=: read -r file line text; do
    name=$(printf '%s' "$text" | sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/')
    [ -f "include/planmap/$name" ] ||
        fail "$file:$line: public header includes \"$name\", not a public header"
done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' include/planmap/*.h /dev/null)
while IFS=: read -r file line text; do
    case $text in
        *'<planmap/'*) ;;
        *) name=$(printf '%s' "$text" | sed -E 's/.*<([^>]+)>.*/\1/')
           for m in "${modules[@]}"; do
               [ -e "$m/$name" ] && fail "$file:$line: public header includes <$name> from $m/"
           done ;;
    esac
done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' include/planmap/*.h /dev/null)

# render/ is GDAL-free.
if [ -d render ]; then
    while IFS=: read -r file line text; do
        fail "$file:$line: render/ includes a GDAL/OGR/CPL header: $text"
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](gdal|ogr|cpl|ogrsf)[^>"]*[>"]' \
                 $(find render -name '*.[ch]' | sort) /dev/null)
fi

# render/ loads nothing. Comments are stripped first, so one may name what
# the code must not call.
loader='\b(pm_geo_init(_lean)?|pm_layer_load[a-z_]*|pm_layer_stream_[a-z_]+|pm_map_stream_[a-z_]+)[[:space:]]*\('
if [ -d render ]; then
    for file in $(find render -name '*.[ch]' | sort); do
        while IFS=: read -r line text; do
            fail "$file:$line: render/ loads data or starts GDAL: $text"
        done < <(perl -0777 -pe 's{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g' "$file" | grep -nE "$loader")
    done
fi

if [ $broken -gt 0 ]; then
    echo "include rules: $broken broken" >&2
    exit 1
fi
echo "include rules: all hold"
