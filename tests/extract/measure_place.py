#!/usr/bin/env python3
"""Gazetteer from a curated plan folder, and how well `planmap place` placed a draft.

usage: measure_place.py gazetteer CURATED_DIR OUT.geojson
       measure_place.py measure DRAFT_DIR CURATED_DIR [GAZETTEER.geojson ...] [--json]
       measure_place.py curated PLANMAP CURATED_DIR [GAZETTEER.geojson ...] [--json]

gazetteer: every placed feature of the curated folder (areas, lines, points,
projects) as a named feature, once under its name and once under each alias.

measure: a draft feature is *placeable* when its name, folded (NFKC, no blanks
or quotes), is the name or an alias of a placed curated feature. It is *placed
well* when its geometry lies within 1 km of that curated feature's geometry
(the nearest vertex of the placed geometry to the curated geometry: 0 inside a
polygon, else the distance to its nearest segment, on a local equirectangular
plane). Reported: placeable, placed, placed well, and the share placed well.

It also measures the features put on a place by a place word (confidence
medium): how far each is from the curated feature of the same project where
the curated folder places one (on_place), and how wide the place it was put
on is (the diagonal of its box, looked up by name in the GAZETTEER files
given: the bound on how far the point can be from a project inside it).

curated: how far `planmap place` puts a feature from where it is, measured on
the curated folder itself (leave one out). Every placed curated feature whose
name holds the name of another placed feature or of a GAZETTEER feature (a
place: 金凤实验室 holds 金凤), or whose `place` names one, is drafted again
without its geometry (its name and place only) and placed by PLANMAP from
the curated features less its own names, then the GAZETTEER files; the
distance from the point it is given to its curated geometry is its error.
Features are placed in groups none of whose members holds another's name, so
each is placed as it would be alone.
"""
import json
import math
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import features, match  # noqa: E402  (a layer's features; the box projects' rule)

LAYERS = ("areas", "lines", "points", "projects")


def fold(s):
    return re.sub(r"[\s“”‘’\"']", "", unicodedata.normalize("NFKC", s or ""))


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


PLACE = re.compile(r"on '([^']*)' of the gazetteer")


def width_km(geom):
    vs = vertices(geom)
    xs, ys = [v[0] for v in vs], [v[1] for v in vs]
    k = math.cos(math.radians(0.5 * (min(ys) + max(ys))))
    return math.hypot((max(xs) - min(xs)) * k * 111.32, (max(ys) - min(ys)) * 110.57)


def place_widths(gazetteers):
    widths = {}
    for path in gazetteers:
        for f in features(path):
            name = f["properties"].get("name")
            if name and f.get("geometry"):
                # a point names a place of unknown size (a town's marker)
                point = f["geometry"]["type"] in ("Point", "MultiPoint")
                widths.setdefault(name, None if point else width_km(f["geometry"]))
    return widths


def on_place(draft, curated):
    """Features put on a place (confidence medium) against the curated
    feature of the same project: its name matches (measure.py's rule: one
    holds the other, the shorter with 2+ Han characters) and the shorter is
    at least 60 % of the longer (新川之心公园二期工程 is not 新川, the place);
    never the place it was put on. The longest such curated name wins."""
    named = []
    for f in curated_placed(curated):
        p = f["properties"]
        for name in [p.get("name")] + list(p.get("aliases") or []):
            if name:
                named.append((name, f["geometry"]))
    rows = []
    for layer in LAYERS:
        for f in features("%s/%s.geojson" % (draft, layer)):
            p = f["properties"]
            if not f.get("geometry") or p.get("confidence") != "medium":
                continue
            m = PLACE.search(p.get("note") or "")
            put_on = fold(m.group(1)) if m else None
            mine = fold(p.get("name"))
            hits = [(name, g) for name, g in named
                    if fold(name) != put_on and match(name, p.get("name")) and
                    min(len(fold(name)), len(mine)) >= 0.6 * max(len(fold(name)), len(mine))]
            if not hits:
                rows.append({"name": p.get("name"), "place": m and m.group(1), "curated": None})
                continue
            name, g = max(hits, key=lambda h: len(fold(h[0])))
            d = min(km_to(v, g) for v in vertices(f["geometry"]))
            rows.append({"name": p.get("name"), "place": m and m.group(1), "curated": name,
                         "km": round(d, 2)})
    return rows


def measure(draft, curated, gazetteers=()):
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
    rows = on_place(draft, curated)
    dist = sorted(r["km"] for r in rows if r["curated"])
    widths = place_widths(gazetteers)
    for r in rows:
        w = widths.get(r["place"])
        r["place_km"] = None if w is None else round(w, 1)
    wide = [r["place_km"] for r in rows if r["place_km"] is not None]
    return {"placeable": placeable, "placed": placed, "within_1km": well,
            "share": well / placeable if placeable else None, "far": far,
            "approximate_placed": approximate,
            "on_place": len(rows), "on_place_matched": len(dist),
            "on_place_within_1km": sum(d <= 1.0 for d in dist),
            "on_place_within_5km": sum(d <= 5.0 for d in dist),
            "on_place_median_km": dist[len(dist) // 2] if dist else None,
            "on_point": sum(r["place"] in widths and widths[r["place"]] is None for r in rows),
            "place_within_1km": sum(w <= 1 for w in wide),
            "place_within_5km": sum(w <= 5 for w in wide),
            "place_widest_km": max(wide) if wide else None,
            "on_place_rows": rows}


def held(name, other):
    """`name` holds the place `other` as `planmap place` looks for one:
    shorter, 2+ Han characters, not cutting a number or a Latin word."""
    a, b = fold(name), fold(other)
    if len(b) >= len(a) or sum("\u4e00" <= c <= "\u9fff" for c in b) < 2:
        return False
    for m in re.finditer(re.escape(b), a):
        i, j = m.start(), m.end()
        if not (i and a[i - 1].isascii() and a[i - 1].isalnum() and b[0].isascii() and b[0].isalnum()) \
                and not (j < len(a) and a[j].isascii() and a[j].isalnum() and b[-1].isascii() and b[-1].isalnum()):
            return True
    return False


def own_names(p):
    return {fold(n) for n in [p.get("name")] + list(p.get("aliases") or []) if n}


def leave_one_out(planmap, curated, gazetteers):
    import subprocess
    import tempfile
    feats = list(curated_placed(curated))
    places = [n for f in feats for n in own_names(f["properties"])]
    for path in gazetteers:
        places += [fold(f["properties"].get("name")) for f in features(path)
                   if f.get("geometry") and f["properties"].get("name")]
    cases = []
    for f in feats:
        p = f["properties"]
        mine = own_names(p)
        if (p.get("place") and fold(p["place"]) not in mine and fold(p["place"]) in places) or \
                any(n not in mine and held(p["name"], n) for n in places):
            cases.append(f)
    # groups whose members neither hold one another's names, share one, nor
    # hold a place in common: each is placed as if drafted alone (the
    # features holding its place, which tell a region, all stay)
    def holds_of(f):
        return {n for n in places if held(f["properties"]["name"], n)} | \
            ({fold(f["properties"]["place"])} if f["properties"].get("place") else set())
    groups = []
    for f in cases:
        names, mine = own_names(f["properties"]), holds_of(f)
        for g in groups:
            if all(not (names & own_names(o["properties"])) and not (mine & holds_of(o)) and
                   not any(held(a, b) or held(b, a) for a in names for b in own_names(o["properties"]))
                   for o in g):
                g.append(f)
                break
        else:
            groups.append([f])
    rows = []
    for g in groups:
        drop = set().union(*(own_names(f["properties"]) for f in g))
        with tempfile.TemporaryDirectory() as tmp:
            gaz = [{"type": "Feature", "properties": {"name": n}, "geometry": c["geometry"]}
                   for c in feats for n in [c["properties"].get("name")] + list(c["properties"].get("aliases") or [])
                   if n and fold(n) not in drop]
            with open(tmp + "/gazetteer.geojson", "w", encoding="utf-8") as o:
                json.dump({"type": "FeatureCollection", "features": gaz}, o, ensure_ascii=False)
            os.mkdir(tmp + "/draft")
            draft = [{"type": "Feature", "geometry": None,
                      "properties": {"name": f["properties"]["name"], "place": f["properties"].get("place")}}
                     for f in g]
            with open(tmp + "/draft/projects.geojson", "w", encoding="utf-8") as o:
                json.dump({"type": "FeatureCollection", "name": "projects", "features": draft}, o,
                          ensure_ascii=False)
            args = [planmap, "place", "-q", tmp + "/draft", "-g", tmp + "/gazetteer.geojson"]
            for path in gazetteers:
                args += ["-g", path]
            subprocess.run(args, check=True)
            placed = features(tmp + "/draft/projects.geojson")
        for f, d in zip(g, placed):
            row = {"name": f["properties"]["name"], "layer_geometry": f["geometry"]["type"]}
            if d.get("geometry") and d["properties"].get("confidence") == "medium":
                m = PLACE.search(d["properties"].get("note") or "")
                row["place"] = m and m.group(1)
                row["km"] = round(min(km_to(v, f["geometry"]) for v in vertices(d["geometry"])), 2)
            elif d.get("geometry"):
                row["by_name"] = True
            rows.append(row)
    dist = sorted(r["km"] for r in rows if "km" in r)
    return {"cases": len(rows), "placed": len(dist),
            "within_1km": sum(d <= 1 for d in dist), "within_2km": sum(d <= 2 for d in dist),
            "within_5km": sum(d <= 5 for d in dist),
            "median_km": dist[len(dist) // 2] if dist else None,
            "unplaced": sum("km" not in r and not r.get("by_name") for r in rows),
            "rows": rows}


if __name__ == "__main__":
    if sys.argv[1] == "curated":
        r = leave_one_out(sys.argv[2], sys.argv[3], [a for a in sys.argv[4:] if a != "--json"])
        if "--json" in sys.argv:
            print(json.dumps(r, ensure_ascii=False))
        else:
            print("cases %d, placed on a place %d: within 1 km %d, 2 km %d, 5 km %d, median %s km" % (
                r["cases"], r["placed"], r["within_1km"], r["within_2km"], r["within_5km"], r["median_km"]))
            for row in r["rows"]:
                print("  ", row)
        sys.exit(0)
    if sys.argv[1] == "gazetteer":
        gazetteer(sys.argv[2], sys.argv[3])
    else:
        r = measure(sys.argv[2], sys.argv[3], [a for a in sys.argv[4:] if a != "--json"])
        print(json.dumps(r, ensure_ascii=False) if "--json" in sys.argv else
              "placeable %d, placed %d, within 1 km %d (%s)" % (
                  r["placeable"], r["placed"], r["within_1km"],
                  "—" if r["share"] is None else "%.1f %%" % (100 * r["share"])))
