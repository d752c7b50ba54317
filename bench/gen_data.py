#!/usr/bin/env python3
"""Synthetic benchmark layers in the plans' region (103.5-104.6E, 30.2-31.0N).

Writes GeoJSON (RFC 7946, WGS84 lon/lat, CCW exterior rings) into the folder
given as argv[1]; bench/run.sh converts them once with ogr2ogr into the formats
the tools read (FlatGeobuf, Shapefile), so all three draw the same features.
Python stdlib only and a fixed seed: the same files on every machine.

  polygons.geojson  100 000 small polygons (4-8 vertices, ~100-300 m across)
  points.geojson    200 000 points
  lines.geojson      20 000 lines of 20-60 vertices (random walks)
  labels.geojson     10 000 points named in Chinese (property "name")
"""
import json
import math
import os
import random
import sys

WEST, EAST, SOUTH, NORTH = 103.5, 104.6, 30.2, 31.0
SEED = 20240606

# Place-name parts: two characters and a suffix give names like 青龙镇, 石桥社区.
FIRST = "青白金石龙凤双新高黄红清安永太平长东西南北上下大小柳桃花竹松梅山水天玉"
SECOND = "龙泉桥湾坝江河溪岭坪林园田塘堰沟口台岗阳城家"
SUFFIX = ["镇", "村", "乡", "街道", "社区", "园区", "站", "场", "寺", "堡"]


def fmt(v):
    return float(f"{v:.6f}")


def write_collection(path, features):
    """One feature per line keeps memory flat while writing 200k features."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection","features":[\n')
        for i, feat in enumerate(features):
            if i:
                out.write(",\n")
            out.write(json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
        out.write("\n]}\n")


# A star-shaped closed ring of k points around (cx, cy), counter-clockwise
# (RFC 7946's outer ring) unless ccw is false (a hole); for the 80 000-polygon
# GeoJSON and labels cases (geojson_reader.py, labels_scale.py).
def ring(rng, cx, cy, r, k, ccw=True):
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(k))
    if not ccw:
        angles.reverse()
    pts = [[round(cx + r * rng.uniform(0.7, 1.0) * math.cos(a), 6),
            round(cy + r * rng.uniform(0.7, 1.0) * math.sin(a), 6)] for a in angles]
    return pts + [pts[0]]


def write_parcels(path, n, seed, vertices, box):
    """n named, overlapping star-shaped parcels (a fifth with a hole) in box
    (west, east, south, north) as GeoJSON, one feature a line: the
    GeoJSON-reader and labels-at-scale cases. `vertices` is the (lo, hi)
    range of an outer ring's vertex count."""
    west, east, south, north = box
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection","features":[\n')
        for i in range(n):
            cx, cy = rng.uniform(west, east), rng.uniform(south, north)
            r = rng.uniform(0.002, 0.012)
            rings = [ring(rng, cx, cy, r, rng.randint(*vertices))]
            if i % 5 == 0:
                rings.append(ring(rng, cx, cy, r * 0.35, 8, ccw=False))
            feat = {"type": "Feature", "properties": {"id": i, "cls": i % 4, "name": f"地块{i}"},
                    "geometry": {"type": "Polygon", "coordinates": rings}}
            out.write(("," if i else "") +
                      json.dumps(feat, ensure_ascii=False, separators=(",", ":")) + "\n")
        out.write("]}\n")


def inside(lon, lat):
    return WEST <= lon <= EAST and SOUTH <= lat <= NORTH


def polygons(rng, n):
    for i in range(n):
        cx = rng.uniform(WEST + 0.01, EAST - 0.01)
        cy = rng.uniform(SOUTH + 0.01, NORTH - 0.01)
        r = rng.uniform(0.0006, 0.0018)
        k = rng.randint(4, 8)
        # Increasing angles give a counter-clockwise (RFC 7946) star-shaped ring.
        angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(k))
        ring = [[fmt(cx + r * rng.uniform(0.6, 1.0) * math.cos(a)),
                 fmt(cy + r * rng.uniform(0.6, 1.0) * math.sin(a))] for a in angles]
        ring.append(ring[0])
        yield {"type": "Feature", "properties": {"id": i, "cls": i % 5},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}


def points(rng, n):
    for i in range(n):
        yield {"type": "Feature", "properties": {"id": i},
               "geometry": {"type": "Point",
                            "coordinates": [fmt(rng.uniform(WEST, EAST)),
                                            fmt(rng.uniform(SOUTH, NORTH))]}}


def lines(rng, n):
    for i in range(n):
        x = rng.uniform(WEST + 0.05, EAST - 0.05)
        y = rng.uniform(SOUTH + 0.05, NORTH - 0.05)
        heading = rng.uniform(0, 2 * math.pi)
        coords = [[fmt(x), fmt(y)]]
        for _ in range(rng.randint(20, 60) - 1):
            heading += rng.uniform(-0.5, 0.5)
            step = rng.uniform(0.0008, 0.0025)
            nx, ny = x + step * math.cos(heading), y + step * math.sin(heading)
            if not inside(nx, ny):  # turn back at the region's edge
                heading += math.pi
                nx, ny = x + step * math.cos(heading), y + step * math.sin(heading)
            x, y = nx, ny
            coords.append([fmt(x), fmt(y)])
        yield {"type": "Feature", "properties": {"id": i},
               "geometry": {"type": "LineString", "coordinates": coords}}


def labels(rng, n):
    for i in range(n):
        name = rng.choice(FIRST) + rng.choice(SECOND) + rng.choice(SUFFIX)
        yield {"type": "Feature", "properties": {"id": i, "name": name},
               "geometry": {"type": "Point",
                            "coordinates": [fmt(rng.uniform(WEST + 0.01, EAST - 0.01)),
                                            fmt(rng.uniform(SOUTH + 0.01, NORTH - 0.01))]}}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    # One generator per layer, each with its own seed, so changing one layer
    # does not change the others.
    for k, (name, gen, n) in enumerate([("polygons", polygons, 100_000),
                                        ("points", points, 200_000),
                                        ("lines", lines, 20_000),
                                        ("labels", labels, 10_000)]):
        write_collection(os.path.join(out, name + ".geojson"), gen(random.Random(SEED + k), n))
        print(f"gen_data: {name}: {n} features")


if __name__ == "__main__":
    main()
