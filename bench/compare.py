#!/usr/bin/env python3
"""Check that the three tools drew the same map for a case.

Usage: compare.py OUT_DIR CASE [TOOL...]   (tools default: planmap mapserver mapnik)

Reads OUT_DIR/CASE-TOOL.png and prints, for each tool, the share of inked
(non-white) pixels and, against planmap, the share of 8x8 blocks whose mean
colour differs by more than 24 levels (anti-aliasing and glyph rasterising
differ between Cairo and AGG; a misplaced layer or a wrong extent does not
hide in 8x8 means). Writes OUT_DIR/side-CASE.png: the same 300x225 crop of
each image side by side, scaled 2x, for looking at.
Needs python3-gdal and numpy (GDAL's Python bindings).
"""
import sys

import numpy as np
from osgeo import gdal

CROP = (1000, 700, 300, 225)  # x, y, w, h in the 2000x1500 page
BLOCK = 8


def load(path):
    ds = gdal.Open(path)
    if ds is None:
        sys.exit(f"compare.py: {path}: cannot open")
    return np.stack([ds.GetRasterBand(i + 1).ReadAsArray() for i in range(3)], -1).astype(np.int16)


def block_means(img):
    h, w = img.shape[0] // BLOCK * BLOCK, img.shape[1] // BLOCK * BLOCK
    b = img[:h, :w].reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK, 3)
    return b.mean(axis=(1, 3))


def write_png(path, img):
    mem = gdal.GetDriverByName("MEM").Create("", img.shape[1], img.shape[0], 3, gdal.GDT_Byte)
    for i in range(3):
        mem.GetRasterBand(i + 1).WriteArray(img[:, :, i])
    gdal.GetDriverByName("PNG").CreateCopy(path, mem)


def main(argv):
    out, case = argv[1], argv[2]
    tools = argv[3:] or ["planmap", "mapserver", "mapnik"]
    imgs = {t: load(f"{out}/{case}-{t}.png") for t in tools}
    ref = block_means(imgs[tools[0]])
    for t in tools:
        ink = (imgs[t].min(axis=2) < 250).mean()
        line = f"{case:9s} {t:10s} ink {100 * ink:5.1f}%"
        if t != tools[0]:
            diff = np.abs(block_means(imgs[t]) - ref).max(axis=2)
            line += f"  blocks differing from {tools[0]}: {100 * (diff > 24).mean():5.1f}%"
        print(line)
    x, y, w, h = CROP
    sep = np.zeros((h, 4, 3), np.int16)
    tiles = []
    for t in tools:
        tiles += [imgs[t][y:y + h, x:x + w], sep]
    side = np.concatenate(tiles[:-1], axis=1).repeat(2, 0).repeat(2, 1).astype(np.uint8)
    write_png(f"{out}/side-{case}.png", side)


if __name__ == "__main__":
    main(sys.argv)
