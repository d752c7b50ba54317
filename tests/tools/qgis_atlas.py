#!/usr/bin/python3
"""Open a planmap atlas project in QGIS (headless) and compare it with `planmap batch`.

usage: qgis_atlas.py PROJECT BATCH_OUT_DIR EXT OUT_DIR [TITLE_TEMPLATE [MARGIN]]

BATCH_OUT_DIR holds `planmap batch` of the same batch file with SVG outputs
(the page NAME is BATCH_OUT_DIR/NAME.svg, its title a <text> of it). The check:
- the layout's atlas is enabled, on the coverage layer, with as many features
  as planmap drew pages;
- the atlas exported to PNGs (QgsLayoutExporter.exportToImage with the atlas):
  one file per page;
- each page: its name is a page planmap wrote, the map item's extent contains
  the page's coverage feature, and the title QGIS shows is text of planmap's
  page (white space aside: planmap wraps long titles) and, given
  TITLE_TEMPLATE, that template filled from the page's feature; given MARGIN
  (the atlas's), that the map shows the feature's box plus MARGIN of its size
  on each side, grown in one direction to the frame's shape (within 3 %:
  planmap adds the margin in lon/lat);
- where planmap batch also wrote the page as a PNG with its world file
  (BATCH_OUT_DIR/NAME.png, NAME.pgw): the map item is planmap's map frame
  (its edges lie on the frame's lines in planmap's PNG) and shows what
  planmap's frame shows (its extent is the world file's transform of the
  item's box, within half a pixel);
- the scale bar and the north arrow lie on the page, on every page.
Prints one line ("qgis-atlas: ...") and exits 1 on a failure.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

from qgis_headless import fail, failures  # first: Qt offscreen for qgis.core
from qgis.core import (QgsApplication, QgsLayoutExporter, QgsLayoutItemLabel,  # noqa: E402
                       QgsLayoutItemMap, QgsLayoutItemPicture, QgsLayoutItemScaleBar,
                       QgsProject)
from qgis.PyQt.QtGui import QImage  # noqa: E402

def squeeze(text):
    return re.sub(r"\s+", "", text)


def svg_words(path):
    """The words of an SVG page in document order, without white space (a
    title planmap wraps, or shows in two languages, is several <text>s)."""
    root = ET.parse(path).getroot()
    return "".join(squeeze("".join(el.itertext())) for el in root.iter()
                   if el.tag.endswith("}text") or el.tag == "text")


def world_file(path):
    """The six numbers of an ESRI world file (x size, two rotations, y size,
    the centre of the top-left pixel)."""
    with open(path) as f:
        return [float(v) for v in f.read().split()]


def value(img, x, y):
    """The brightest channel of a pixel (255 off the image)."""
    if not (0 <= x < img.width() and 0 <= y < img.height()):
        return 255
    c = img.pixelColor(x, y)
    return max(c.red(), c.green(), c.blue())


def on_frame(img, x0, y0, x1, y1):
    """Share of 20 points along each edge of the box (pixels) where a line
    is: a pixel within 2 pixels across the edge clearly darker than the page
    4 pixels outside it (the frame's line, anti-aliased at a low dpi, over
    whatever data meets it)."""
    hits = total = 0
    for k in range(1, 21):
        t = k / 21
        x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        for px, py, dx, dy in ((x0, y, -1, 0), (x1, y, 1, 0), (x, y0, 0, -1), (x, y1, 0, 1)):
            total += 1
            line = min(value(img, round(px + d * dx), round(py + d * dy)) for d in range(-2, 3))
            hits += line < value(img, round(px + 4 * dx), round(py + 4 * dy)) - 50
    return hits / total


def check_frame(name, item, batch_dir, dpi):
    """The map item against planmap's PNG page and its world file."""
    pgw = os.path.join(batch_dir, name + ".pgw")
    if not os.path.exists(pgw):
        return None
    a, _, _, e, c, f = world_file(pgw)
    pos, size = item.pagePositionWithUnits(), item.sizeWithUnits()
    px = dpi / 25.4
    x0, y0 = pos.x() * px, pos.y() * px
    x1, y1 = x0 + size.width() * px, y0 + size.height() * px
    # The world file names pixel centres: the page's corner is half a pixel off.
    want = (c - a / 2 + x0 * a, f - e / 2 + y1 * e, c - a / 2 + x1 * a, f - e / 2 + y0 * e)
    got = item.extent()
    off = max(abs(g - w) for g, w in zip((got.xMinimum(), got.yMinimum(), got.xMaximum(),
                                          got.yMaximum()), want)) / abs(a)
    ok = True
    if off > 0.5:
        fail("page %s: the map item shows %s, planmap's frame there %s (%.1f pixels off)"
             % (name, got.toString(), want, off))
        ok = False
    img = QImage(os.path.join(batch_dir, name + ".png"))
    share = on_frame(img, x0, y0, x1, y1)
    if img.isNull() or share < 0.9:
        fail("page %s: the map item's edges are not planmap's frame (%.0f%% on its lines)"
             % (name, 100 * share))
        ok = False
    return ok


def on_page(layout, name):
    """The scale bar and north arrow inside the page."""
    page = layout.pageCollection().page(0).rect()
    for item in layout.items():
        if isinstance(item, (QgsLayoutItemScaleBar, QgsLayoutItemPicture)):
            r = item.sceneBoundingRect()
            if not page.contains(r):
                fail("page %s: the %s (%.1f, %.1f to %.1f, %.1f mm) runs off the page "
                     "(%.0f x %.0f mm)" % (name, item.id() or "picture", r.left(), r.top(),
                                           r.right(), r.bottom(), page.width(), page.height()))
                return False
    return True


def main():
    # --layout=NAME (default planmap), --coverage=NAME (atlas_coverage),
    # --under=FOLDER (the pages planmap wrote there only), --dpi=N (the
    # layout's export resolution).
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--"))
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    project_path, batch_dir, ext, out_dir = args[0:4]
    template = args[4] if len(args) > 4 else None
    margin = float(args[5]) if len(args) > 5 else None
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    if not project.read(project_path):
        fail("QGIS cannot read %s" % project_path)
        return
    layout = project.layoutManager().layoutByName(opts.get("layout", "planmap"))
    if layout is None:
        fail("no layout %r: %s" % (opts.get("layout", "planmap"),
                                   [lo.name() for lo in project.layoutManager().layouts()]))
        return
    if "dpi" in opts and abs(layout.renderContext().dpi() - float(opts["dpi"])) > 0.01:
        fail("the layout exports at %g dpi, the atlas's is %s"
             % (layout.renderContext().dpi(), opts["dpi"]))
    atlas = layout.atlas()
    under = os.path.join(batch_dir, opts.get("under", ""))
    pages = sorted(os.path.relpath(p, batch_dir)[:-len(ext) - 1]
                   for p in glob.glob(os.path.join(under, "**", "*." + ext), recursive=True))
    if not atlas.enabled():
        fail("the layout's atlas is not enabled")
    cov = atlas.coverageLayer()
    want_cov = opts.get("coverage", "atlas_coverage")
    if cov is None or cov.name() != want_cov or not cov.isValid():
        fail("the atlas's coverage layer is not %s: %r" % (want_cov, cov and cov.name()))
        return
    if not atlas.beginRender():
        fail("the atlas does not render")
    n = atlas.count()
    if n != len(pages):
        fail("QGIS's atlas has %d pages, planmap batch wrote %d" % (n, len(pages)))
    # The map follows the atlas: driven by it, or its place and extent
    # data-defined page by page.
    maps = [i for i in layout.items() if isinstance(i, QgsLayoutItemMap) and i.id() == "map"]
    titles = [i for i in layout.items() if isinstance(i, QgsLayoutItemLabel) and i.id() == "title"]
    if len(maps) != 1 or len(titles) != 1:
        fail("expected one map item and one title, got %d and %d"
             % (len(maps), len(titles)))
        return
    names, contained, titled, framed, placed = [], 0, 0, 0, 0
    dpi = layout.renderContext().dpi()
    for k in range(n):
        atlas.seekTo(k)
        name = atlas.nameForPage(k)
        names.append(name)
        feature = atlas.layout().reportContext().feature()
        box = feature.geometry().boundingBox()
        extent = maps[0].extent()
        grown = min(extent.width() / box.width(), extent.height() / box.height())
        if margin is not None and abs(grown - (1 + 2 * margin)) > 0.03 * (1 + 2 * margin):
            fail("page %s: the map shows its feature's box grown %.3f times, not %.3f (margin %g)"
                 % (name, grown, 1 + 2 * margin, margin))
        if extent.contains(box):
            contained += 1
        else:
            fail("page %s: the map's extent %s does not contain its feature %s"
                 % (name, extent.toString(), box.toString()))
        framed += check_frame(name, maps[0], batch_dir, dpi) is True
        placed += on_page(layout, name)
        title = titles[0].currentText()
        svg = os.path.join(batch_dir, name + "." + ext)
        if not os.path.exists(svg):
            fail("page %r: planmap batch wrote no %s" % (name, svg))
        elif not title.strip() or squeeze(title) not in svg_words(svg):
            fail("page %s: QGIS's title %r is not a text of planmap's page" % (name, title))
        elif template and title != re.sub(r"\{([^{}]+)\}",
                                          lambda m: str(feature[m.group(1)] or ""), template):
            fail("page %s: QGIS's title %r is not %r filled" % (name, title, template))
        else:
            titled += 1
    atlas.endRender()
    if sorted(names) != pages:
        fail("page names differ: QGIS %s, planmap %s" % (sorted(names), pages))
    os.makedirs(out_dir, exist_ok=True)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 48
    result, error = QgsLayoutExporter.exportToImage(atlas, os.path.join(out_dir, "page"), "png",
                                                    settings)
    pngs = glob.glob(os.path.join(out_dir, "**", "*.png"), recursive=True)
    if result != QgsLayoutExporter.Success or len(pngs) != n:
        fail("the atlas export wrote %d PNGs of %d (%s %s)" % (len(pngs), n, result, error))
    print("qgis-atlas: %s: pages %d planmap %d, extents containing their feature %d, titles as "
          "planmap's %d, frames as planmap's %d, furniture on the page %d, PNGs %d, %g dpi"
          % (layout.name(), n, len(pages), contained, titled, framed, placed, len(pngs), dpi))
    app.exitQgis()


if __name__ == "__main__":
    main()
    sys.exit(1 if failures else 0)
