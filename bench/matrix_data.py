#!/usr/bin/env python3
"""Data of the benchmark matrix (matrix.py), in every format it reads.

Usage: matrix_data.py DATA_DIR
       matrix_data.py --scale DATA_DIR N     N points as FlatGeobuf (scale curve)

gen_data.py's layers (polygons, points, lines) plus two of this file's:
  holes  2 000 large polygons, 80-240 vertices, one to three holes each,
         overlapping one another (up to ~8 km across)
  named  20 000 small polygons with a Chinese `name` and no `kind`: the plan
         theme's default style and labels
Each layer is written as GeoJSON and converted by ogr2ogr to GeoPackage,
Shapefile (with MapServer's .qix and Mapnik's .index) and FlatGeobuf (with
its spatial index). The scale layers are written as CSV and converted to
FlatGeobuf, the CSV removed: 10^7 points are ~0.5 GB, not several.
Python stdlib; fixed seeds.
"""
import math
import os
import random
import subprocess
import sys

import gen_data
from gen_data import EAST, NORTH, SOUTH, WEST, fmt, write_collection

FORMATS = {"geojson": ".geojson", "gpkg": ".gpkg", "shp": ".shp", "fgb": ".fgb"}
LAYERS = ("polygons", "holes", "lines", "points", "named")
SEED = 20261207


def ring(rng, cx, cy, r, k, ccw):
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(k))
    if not ccw:
        angles.reverse()
    pts = [[fmt(cx + r * rng.uniform(0.85, 1.0) * math.cos(a)),
            fmt(cy + 0.85 * r * rng.uniform(0.85, 1.0) * math.sin(a))] for a in angles]
    return pts + [pts[0]]


def holes(rng, n):
    for i in range(n):
        cx = rng.uniform(WEST + 0.05, EAST - 0.05)
        cy = rng.uniform(SOUTH + 0.05, NORTH - 0.05)
        r = rng.uniform(0.01, 0.04)
        rings = [ring(rng, cx, cy, r, rng.randint(80, 240), True)]
        for h in range(rng.randint(1, 3)):
            a = rng.uniform(0, 2 * math.pi)
            # Holes on a circle of radius r/2, each r/6 across: inside the
            # ring and apart from one another.
            hx, hy = cx + 0.5 * r * math.cos(a + h * 2.1), cy + 0.4 * r * math.sin(a + h * 2.1)
            rings.append(ring(rng, hx, hy, r / 6, rng.randint(12, 40), False))
        yield {"type": "Feature", "properties": {"id": i, "cls": i % 4},
               "geometry": {"type": "Polygon", "coordinates": rings}}


def named(rng, n):
    for feat in gen_data.polygons(rng, n):
        i = feat["properties"]["id"]
        name = (rng.choice(gen_data.FIRST) + rng.choice(gen_data.SECOND) +
                rng.choice(gen_data.SUFFIX))
        feat["properties"] = {"id": i, "name": name}
        yield feat


def convert(data, name):
    src = os.path.join(data, name + ".geojson")
    for fmt_name, ext in FORMATS.items():
        dst = os.path.join(data, name + ext)
        # A Shapefile is done once Mapnik's index, written last, is there.
        done = os.path.join(data, name + ".index") if fmt_name == "shp" else dst
        if fmt_name == "geojson" or os.path.exists(done):
            continue
        if fmt_name == "shp":
            for e in (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix"):
                if os.path.exists(os.path.join(data, name + e)):
                    os.remove(os.path.join(data, name + e))
        args = ["ogr2ogr", "-f", {"gpkg": "GPKG", "shp": "ESRI Shapefile",
                                  "fgb": "FlatGeobuf"}[fmt_name], dst, src, "-nln", name]
        if fmt_name == "shp":
            args[4:4] = ["-lco", "ENCODING=UTF-8"]
        subprocess.run(args, check=True)
        if fmt_name == "shp":
            subprocess.run(["shptree", dst], check=True, stdout=subprocess.DEVNULL)
            subprocess.run(["shapeindex", dst], check=True, stdout=subprocess.DEVNULL)


def make_all(data):
    os.makedirs(data, exist_ok=True)
    made = {"polygons": (gen_data.polygons, 100_000, 0), "points": (gen_data.points, 200_000, 1),
            "lines": (gen_data.lines, 20_000, 2), "holes": (holes, 2_000, 10),
            "named": (named, 20_000, 11)}
    for name, (gen, n, k) in made.items():
        path = os.path.join(data, name + ".geojson")
        if not os.path.exists(path):
            # gen_data's seeds for its own layers: the same features as run.sh's.
            seed = (gen_data.SEED if k < 10 else SEED) + k
            write_collection(path, gen(random.Random(seed), n))
            print(f"matrix_data: {name}: {n} features", flush=True)
        convert(data, name)


def make_scale(data, n):
    """n points over the region as FlatGeobuf, through a CSV streamed out
    (memory flat while writing) and removed after."""
    dst = os.path.join(data, f"scale-{n}.fgb")
    if os.path.exists(dst):
        return dst
    csv = os.path.join(data, f"scale-{n}.csv")
    rng = random.Random(SEED + n)
    with open(csv, "w", encoding="utf-8") as f:
        f.write("id,x,y\n")
        for i in range(n):
            f.write(f"{i},{rng.uniform(WEST, EAST):.6f},{rng.uniform(SOUTH, NORTH):.6f}\n")
    subprocess.run(["ogr2ogr", "-f", "FlatGeobuf", dst, csv, "-nln", "scale", "-a_srs", "EPSG:4326",
                    "-oo", "X_POSSIBLE_NAMES=x", "-oo", "Y_POSSIBLE_NAMES=y",
                    "-oo", "KEEP_GEOM_COLUMNS=NO"], check=True)
    os.remove(csv)
    return dst


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--scale":
        print(make_scale(sys.argv[2], int(sys.argv[3])))
    elif len(sys.argv) == 2:
        make_all(sys.argv[1])
    else:
        sys.exit(__doc__)
