"""What the headless QGIS checks (qgis_atlas.py, qgis_check.py,
qgis_project.py) share: Qt without a display, imported before qgis.core so
it applies, and the failures a check collects, each printed as found; the
check exits 1 when there are any."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)
