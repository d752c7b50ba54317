#!/usr/bin/env python3
"""Do planmap's atlas pages and QGIS's agree? The atlas case's PNGs side by side.

Usage: atlas_compare.py PLANMAP_OUT QGIS_OUT

For every page PNG under PLANMAP_OUT (`planmap batch`) and the page of the
same name under QGIS_OUT (qgis_atlas.py): the map frame each draws (the box
of the long dark lines: columns and rows more than half dark between the
frame's corners), how far apart they are in pixels, and the share of 8x8
blocks whose mean colour differs by more than 24 levels inside the frame
(compare.py's measure; the label engines place different labels, so text
differs by design) and outside it (the furniture and the margins).
Writes QGIS_OUT/side-PAGE.png for the first page: a crop of each, side by side.
Needs python3-gdal and numpy.
"""
import glob
import os
import sys

import numpy as np

from compare import block_means, load, write_png

DARK = 120


def frame(img):
    """The frame box (x0, y0, x1, y1): the outermost columns and rows whose
    pixels are dark over more than half the page's height or width."""
    dark = img.max(axis=2) < DARK
    cols = np.nonzero(dark.mean(axis=0) > 0.5)[0]
    rows = np.nonzero(dark.mean(axis=1) > 0.5)[0]
    if len(cols) < 2 or len(rows) < 2:
        return None
    return cols[0], rows[0], cols[-1], rows[-1]


def differing(a, b):
    d = np.abs(block_means(a) - block_means(b)).max(axis=2)
    return 100 * (d > 24).mean()


def main(argv):
    pm_dir, q_dir = argv[1], argv[2]
    offs, inside, outside, side = [], [], [], None
    for p in sorted(glob.glob(os.path.join(pm_dir, "**", "*.png"), recursive=True)):
        name = os.path.relpath(p, pm_dir)
        q = os.path.join(q_dir, name)
        if not os.path.exists(q):
            continue
        a, b = load(p), load(q)
        h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
        a, b = a[:h, :w], b[:h, :w]
        fa, fb = frame(a), frame(b)
        if fa is None or fb is None:
            print(f"{name}: no frame found (planmap {fa}, QGIS {fb})")
            continue
        off = max(abs(int(u) - int(v)) for u, v in zip(fa, fb))
        x0, y0, x1, y1 = fa
        mask_in = (slice(y0 + 2, y1 - 1), slice(x0 + 2, x1 - 1))
        din = differing(a[mask_in], b[mask_in])
        outa, outb = a.copy(), b.copy()
        outa[mask_in] = 255
        outb[mask_in] = 255
        dout = differing(outa, outb)
        offs.append(off)
        inside.append(din)
        outside.append(dout)
        print(f"{name}: frame planmap {tuple(map(int, fa))} QGIS {tuple(map(int, fb))} "
              f"({off} px apart); blocks differing inside {din:.1f} %, outside {dout:.1f} %")
        if side is None:
            side = name
            cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
            crop = (slice(cy - 150, cy + 150), slice(cx - 200, cx + 200))
            sep = np.zeros((300, 4, 3), np.int16)
            write_png(os.path.join(q_dir, "side-" + name.replace("/", "-")),
                      np.concatenate([a[crop], sep, b[crop]], axis=1).astype(np.uint8))
    if offs:
        print(f"pages {len(offs)}: frames at most {max(offs)} px apart; blocks differing "
              f"inside the frame median {np.median(inside):.1f} % (max {max(inside):.1f}), "
              f"outside median {np.median(outside):.1f} % (max {max(outside):.1f})")


if __name__ == "__main__":
    main(sys.argv)
