#!/usr/bin/env python3
"""Before/after timing of two planmap builds on bench/run.sh's cases.

Usage: bench/ab.py WORK BASE NEW [RUNS] [THREADS] [CASES]
  WORK     a work folder run.sh filled (WORK/config, WORK/data), e.g. bench/work
  BASE NEW two planmap programs (e.g. Release builds of two commits)
  RUNS     runs per case and program (default 5)
  THREADS  "all" (default) or a number put in PLANMAP_THREADS
  CASES    comma-separated cases (default: run.sh's single maps, the batch
           and the bundled maps); "atlas" is the 48-page atlas with its PDF
           report over 100 000 parcels (WORK/atlas, made by atlas_gen.py)

The two programs take turns run by run, so a busy spell of the machine hits
both alike. Prints a Markdown table of medians: wall and CPU seconds, peak
RSS, and new/base. The bundled maps (data/maps) are timed too.
"""
import os
import statistics
import subprocess
import sys
import tempfile

work, base, new = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
threads = sys.argv[5] if len(sys.argv) > 5 else "all"
if os.path.realpath(base) == os.path.realpath(new):
    sys.exit("ab.py: BASE and NEW are the same program")
cfg = os.path.join(work, "config")
maps = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "maps")
env = dict(os.environ)
env.pop("PLANMAP_THREADS", None)
if threads != "all":
    env["PLANMAP_THREADS"] = threads
out = tempfile.mkdtemp()


def command(pm, case):
    if case == "batch":
        return [pm, "batch", os.path.join(cfg, "batch", "batch.json"), "-o", os.path.join(out, "b")]
    if case == "atlas":
        return [pm, "batch", os.path.join(work, "atlas", "batch.json"), "-o", os.path.join(out, "a"),
                "-q"]
    spec = case if case.endswith(".json") else os.path.join(cfg, case + ".json")
    return [pm, "render", spec, "-o", os.path.join(out, "x.png")]


def run(pm, case):
    r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + command(pm, case), env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    e, u, s, m = r.stderr.strip().splitlines()[-1].split()
    return float(e), float(u) + float(s), int(m) / 1024


if len(sys.argv) > 6:
    cases = sys.argv[6].split(",")
else:
    cases = ["polygons", "points", "lines", "labels", "all", "all-furniture", "batch"]
    cases += sorted(os.path.join(maps, f) for f in os.listdir(maps) if f.endswith(".json"))
print(f"threads: {threads}, runs: {runs}")
print("| case | base wall s | new wall s | new/base | base CPU s | new CPU s | base MiB | new MiB |")
print("|---|---|---|---|---|---|---|---|")
for case in cases:
    res = {0: [], 1: []}
    for _ in range(runs):
        for i, pm in enumerate((base, new)):
            res[i].append(run(pm, case))
    b, n = ([statistics.median(x[k] for x in res[i]) for k in range(3)] for i in (0, 1))
    name = os.path.basename(case).removesuffix(".json")
    print(f"| {name} | {b[0]:.2f} | {n[0]:.2f} | {n[0] / b[0]:.2f} | {b[1]:.2f} | {n[1]:.2f} "
          f"| {b[2]:.0f} | {n[2]:.0f} |", flush=True)
