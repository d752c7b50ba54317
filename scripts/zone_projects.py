#!/usr/bin/env python3
"""Count, for each place of a plan, the projects the text ties to it.

A project in projects.geojson names the place it belongs to in `zone` (the id
of an area, line or point of the same plan) when the plan text says where it
is, whether or not the project itself can be placed. This script counts those
projects per place and writes the count as `zone_projects` on the place's
feature in areas.geojson, lines.geojson and points.geojson (only on places
with at least one; the property is removed where the count is none). The
files keep one feature per line, so only the changed lines change.

  scripts/zone_projects.py data/plans/004-chongqing-htz            # write
  scripts/zone_projects.py --check data/plans/004-chongqing-htz    # exit 1 if stale

The graduated map data/maps/004-chongqing-project-counts.json draws these counts.
"""
import collections
import json
import os
import sys

PLACE_FILES = ("areas.geojson", "lines.geojson", "points.geojson")
FIELD = "zone_projects"


def counts(folder):
    with open(os.path.join(folder, "projects.geojson"), encoding="utf-8") as f:
        projects = json.load(f)["features"]
    return collections.Counter(p["properties"]["zone"] for p in projects
                               if p["properties"].get("kind") == "project" and p["properties"].get("zone"))


def rewrite(path, n):
    """The file's text with every feature line's count set; the ids seen."""
    out, seen = [], set()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for line in text.split("\n"):
        if line.startswith('{"type": "Feature"'):
            comma = "," if line.endswith(",") else ""
            feature = json.loads(line[:len(line) - len(comma)])
            props = feature["properties"]
            props.pop(FIELD, None)
            if n.get(props.get("id"), 0) > 0:
                props[FIELD] = n[props["id"]]
                seen.add(props["id"])
            line = json.dumps(feature, ensure_ascii=False) + comma
        out.append(line)
    return "\n".join(out), text, seen


def main(argv):
    check = "--check" in argv
    folders = [a for a in argv if a != "--check"]
    if len(folders) != 1:
        sys.exit(__doc__)
    folder = folders[0]
    n = counts(folder)
    stale, placed = [], set()
    for name in PLACE_FILES:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        new, old, seen = rewrite(path, n)
        placed |= seen
        if new != old:
            stale.append(path)
            if not check:
                with open(path + ".tmp", "w", encoding="utf-8") as f:
                    f.write(new)
                os.replace(path + ".tmp", path)
    unknown = sorted(set(n) - placed)
    if unknown:
        sys.exit("zone ids that name no place: " + ", ".join(unknown))
    if check and stale:
        sys.exit("stale %s counts (run scripts/zone_projects.py %s): %s" % (FIELD, folder, ", ".join(stale)))


if __name__ == "__main__":
    main(sys.argv[1:])
