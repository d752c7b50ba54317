#!/usr/bin/python3
"""QGIS's atlas export, the peer of `planmap batch` in the atlas case.

Usage: QT_QPA_PLATFORM=offscreen qgis_atlas.py PROJECT.qgz OUT_DIR DPI

PROJECT is `planmap export batch.json -o PROJECT.qgz` (the same frame,
projection, furniture and pages as planmap's atlas). Writes one PNG per page
(QgsLayoutExporter.exportToImage over the atlas) and one multi-page PDF
(exportToPdf over the atlas, single file), as `planmap batch` writes its
PNGs and its report. Exits 1 when a page is missing.
"""
import glob
import os
import sys

from qgis.core import QgsApplication, QgsLayoutExporter, QgsProject


def main():
    project_path, out_dir, dpi = sys.argv[1], sys.argv[2], float(sys.argv[3])
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    if not project.read(project_path):
        sys.exit(f"qgis_atlas.py: QGIS cannot read {project_path}")
    layout = project.layoutManager().layoutByName("planmap")
    atlas = layout.atlas()
    os.makedirs(out_dir, exist_ok=True)
    image = QgsLayoutExporter.ImageExportSettings()
    image.dpi = dpi
    result, error = QgsLayoutExporter.exportToImage(atlas, os.path.join(out_dir, "page"), "png",
                                                    image)
    if result != QgsLayoutExporter.Success:
        sys.exit(f"qgis_atlas.py: PNG export failed: {result} {error}")
    pdf = QgsLayoutExporter.PdfExportSettings()
    pdf.dpi = dpi
    pdf.rasterizeWholeImage = False
    result, error = QgsLayoutExporter.exportToPdf(atlas, os.path.join(out_dir, "atlas.pdf"), pdf)
    if result != QgsLayoutExporter.Success:
        sys.exit(f"qgis_atlas.py: PDF export failed: {result} {error}")
    # Page names are planmap's ("pages/D01"): QGIS writes them in subfolders.
    pngs = glob.glob(os.path.join(out_dir, "**", "*.png"), recursive=True)
    if len(pngs) != atlas.count():
        sys.exit(f"qgis_atlas.py: {len(pngs)} PNGs for {atlas.count()} pages")
    app.exitQgis()


if __name__ == "__main__":
    main()
