"""The bundled report's batch file on stdout, its paths made absolute (so it
runs from a test's own folder), without its output_dir, at DPI dots per
inch: python3 bundled_batch.py BATCH.json DPI > atlas.json"""
import json, os, sys

path, dpi = sys.argv[1], float(sys.argv[2])
here = os.path.dirname(path)
b = json.load(open(path))
absolute = lambda p: os.path.normpath(os.path.join(here, p))
for m in b["maps"] + b["atlas"]:
    m["spec"] = absolute(m["spec"])
for a in b["atlas"]:
    a["coverage"]["source"] = absolute(a["coverage"]["source"])
for t in b["tables"]:
    t["source"] = absolute(t["source"])
del b["output_dir"]
b["defaults"]["dpi"] = dpi
print(json.dumps(b, ensure_ascii=False))
