#!/usr/bin/env python3
"""Data for the byte-identity check (tests/cli/identical.sh), written into
argv[1]. Python stdlib and a fixed seed: the same bytes on every machine.

The bundled maps take the ordinary paths; these take the others: a layer
large enough to be streamed chunk by chunk (no plan or precision field), one
large enough to be drawn in two bands on two threads (it has a `plan` field,
so it is loaded whole), lines, and labelled points.
"""
import json
import math
import random
import sys

WEST, EAST, SOUTH, NORTH = 103.9, 104.2, 30.5, 30.8


def fc(features):
    return {"type": "FeatureCollection", "features": features}


def feature(props, geom):
    return {"type": "Feature", "properties": props, "geometry": geom}


def star(rng, r):
    cx, cy = rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH)
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(rng.randint(4, 8)))
    ring = [[round(cx + r * rng.uniform(0.6, 1) * math.cos(a), 6),
             round(cy + r * rng.uniform(0.6, 1) * math.sin(a), 6)] for a in angles]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def main(out):
    rng = random.Random(20261206)
    layers = {
        "stream": [feature({"cls": i % 4}, star(rng, 0.0015)) for i in range(30000)],
        "band": [feature({"plan": "x", "cls": i % 3}, star(rng, 0.003)) for i in range(4000)],
        "lines": [],
        "points": [],
    }
    for i in range(1500):
        x, y = rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH)
        pts = []
        for _ in range(rng.randint(5, 30)):
            x += rng.uniform(-0.004, 0.004)
            y += rng.uniform(-0.004, 0.004)
            pts.append([round(x, 6), round(y, 6)])
        layers["lines"].append(feature({"kind": i % 2}, {"type": "LineString", "coordinates": pts}))
    names = "青白金石龙凤双新高黄红清安永太平长东西南北"
    for i in range(300):
        name = names[i % 21] + names[(i * 7) % 21] + "镇"
        geom = {"type": "Point", "coordinates": [round(rng.uniform(WEST, EAST), 6),
                                                 round(rng.uniform(SOUTH, NORTH), 6)]}
        layers["points"].append(feature({"name": name}, geom))
    for name, feats in layers.items():
        with open(f"{out}/{name}.geojson", "w", encoding="utf-8") as f:
            json.dump(fc(feats), f, ensure_ascii=False, separators=(",", ":"))
    spec = {
        "title": "合成图层", "subtitle": "分块读取、分带绘制、线与注记",
        "page": {"size": "A4", "orientation": "landscape", "dpi": 200},
        "layers": [
            {"name": "stream", "source": "stream.geojson",
             "style": {"fill": "#9ecae1", "stroke": "#08519c", "width": 0.3},
             "rules": [{"where": {"cls": 0}, "fill": "#fdae6b"}]},
            {"name": "band", "source": "band.geojson",
             "style": {"fill": "rgba(49,163,84,0.4)", "stroke": "#006d2c", "width": 0.4},
             "rules": [{"where": {"cls": [1, 2]}, "fill": "rgba(117,107,177,0.5)", "legend": "乙类"},
                       {"legend": "甲类"}]},
            {"name": "lines", "source": "lines.geojson",
             "style": {"stroke": "#de2d26", "width": 0.6, "dash": [3, 2]}},
            {"name": "points", "source": "points.geojson",
             "style": {"label": "name", "font_size": 7, "halo": "white"}},
        ],
    }
    with open(f"{out}/synthetic.json", "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
