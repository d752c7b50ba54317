#!/usr/bin/env python3
"""Gazetteer from a curated plan folder, and how well `planmap place` placed a draft.

usage: measure_place.py gazetteer CURATED_DIR OUT.geojson
       measure_place.py measure DRAFT_DIR CURATED_DIR [--json]

gazetteer: every placed feature of the curated folder (areas, lines, points,
projects) as a named feature, once under its name and once under each alias.

measure: a draft feature is *placeable* when its name, folded (NFKC, no blanks
or quotes), is the name or an alias of a placed curated feature. It is *placed
well* when its geometry lies within 1 km of that curated feature's geometry
(the nearest vertex of the placed geometry to the curated geometry: 0 inside a
polygon, else the distance to its nearest segment, on a local equirectangular
plane). Reported: placeable, placed, placed well, and the share placed well.
"""
import json
import math
import re
import sys
import unicodedata

LAYERS = ("areas", "lines", "points", "projects")


def fold(s):
    return re.sub(r"[\s“”‘’\"']", "", unicodedata.normalize("NFKC", s or ""))


def features(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)["features"]
    except FileNotFoundError:
        return []


def curated_placed(curated):
    for layer in LAYERS:
        for f in features("%s/%s.geojson" % (curated, layer)):
            if f.get("geometry"):
                yield f


def parts(geom):
    """Lists of (lon, lat) rings/lines/points, and whether they are polygons."""
    t, c = geom["type"], geom["coordinates"]
    if t == "Point":
        return [[c]], False
    if t in ("MultiPoint", "LineString"):
        return [c], False
    if t == "MultiLineString":
        return c, False
    if t == "Polygon":
        return [c], True
    if t == "MultiPolygon":
        return c, True
    return [], False


def vertices(geom):
    ps, poly = parts(geom)
    if poly:
        return [p for polygon in ps for ring in polygon for p in ring]
    return [p for line in ps for p in line]


def inside(pt, ring):
    x, y = pt
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def seg_km(pt, a, b):
    k = math.cos(math.radians(pt[1]))
    px, py = pt[0] * k * 111.32, pt[1] * 110.57
    ax, ay, bx, by = a[0] * k * 111.32, a[1] * 110.57, b[0] * k * 111.32, b[1] * 110.57
    dx, dy = bx - ax, by - ay
    t = 0 if dx == dy == 0 else max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def km_to(pt, geom):
    ps, poly = parts(geom)
    if poly:
        if any(inside(pt, polygon[0]) and not any(inside(pt, h) for h in polygon[1:]) for polygon in ps):
            return 0.0
        lines = [ring for polygon in ps for ring in polygon]
    else:
        lines = ps
    best = math.inf
    for line in lines:
        if len(line) == 1:
            best = min(best, seg_km(pt, line[0], line[0]))
        for a, b in zip(line, line[1:]):
            best = min(best, seg_km(pt, a, b))
    return best


def gazetteer(curated, out):
    feats = []
    for f in curated_placed(curated):
        p = f["properties"]
        for name in [p.get("name")] + list(p.get("aliases") or []):
            if name:
                feats.append({"type": "Feature", "properties": {"name": name}, "geometry": f["geometry"]})
    with open(out, "w", encoding="utf-8") as o:
        json.dump({"type": "FeatureCollection", "name": "curated", "features": feats}, o, ensure_ascii=False)


def measure(draft, curated):
    by_name = {}
    for f in curated_placed(curated):
        p = f["properties"]
        for name in [p.get("name")] + list(p.get("aliases") or []):
            if name:
                by_name.setdefault(fold(name), f["geometry"])
    placeable = placed = well = 0
    far = []
    approximate = approximate_well = 0
    for layer in LAYERS:
        for f in features("%s/%s.geojson" % (draft, layer)):
            p = f["properties"]
            target = by_name.get(fold(p.get("name")))
            if f.get("geometry") and p.get("confidence") == "medium":
                approximate += 1
            if target is None:
                continue
            placeable += 1
            if not f.get("geometry"):
                continue
            placed += 1
            d = min(km_to(v, target) for v in vertices(f["geometry"]))
            if d <= 1.0:
                well += 1
            else:
                far.append("%s (%.1f km)" % (p.get("name"), d))
    return {"placeable": placeable, "placed": placed, "within_1km": well,
            "share": well / placeable if placeable else None, "far": far,
            "approximate_placed": approximate}


if __name__ == "__main__":
    if sys.argv[1] == "gazetteer":
        gazetteer(sys.argv[2], sys.argv[3])
    else:
        r = measure(sys.argv[2], sys.argv[3])
        print(json.dumps(r, ensure_ascii=False) if "--json" in sys.argv else
              "placeable %d, placed %d, within 1 km %d (%s)" % (
                  r["placeable"], r["placed"], r["within_1km"],
                  "—" if r["share"] is None else "%.1f %%" % (100 * r["share"])))
