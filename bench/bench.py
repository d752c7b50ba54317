#!/usr/bin/env python3
"""Timing harness for bench/run.sh (python3 stdlib only).

  bench.py time RESULTS.jsonl CASE TOOL RUNS -- COMMAND...
      run COMMAND RUNS times under /usr/bin/time; append one JSON line with
      every wall time (perf_counter around the process), CPU time (user +
      system, less disturbed by other work on the machine) and peak RSS.
      Lines of the same case and tool add up, so run.sh can interleave the
      tools run by run. A failed run stops the suite: a broken config must
      not pass as fast.
  bench.py report RESULTS.jsonl
      print one Markdown table per case: median wall and CPU time, min-max
      wall, peak RSS, and planmap's ratio to each peer (time and memory).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PEERS = ("mapserver", "mapnik")


def time_cmd(results, case, tool, runs, cmd):
    walls, cpus, rss = [], [], []
    with tempfile.NamedTemporaryFile(prefix="bench-rss-") as rss_file:
        for _ in range(runs):
            t0 = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file.name] + cmd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            wall = time.perf_counter() - t0
            if p.returncode != 0:
                sys.exit(f"bench.py: {case}/{tool}: exit {p.returncode}: {' '.join(cmd)}\n"
                         f"{p.stderr.strip()[-2000:]}")
            with open(rss_file.name, encoding="utf-8") as f:
                kb, user, system = f.read().split()[-3:]
            rss.append(int(kb))
            cpus.append(float(user) + float(system))
            walls.append(wall)
    rec = {"case": case, "tool": tool, "runs": runs, "wall_s": walls, "cpu_s": cpus,
           "rss_kb": rss}
    with open(results, "a", encoding="utf-8") as f:
        f.write(json.dumps(rec) + "\n")
    print(f"  {case:10s} {tool:34s} wall {statistics.median(walls):8.3f} s"
          f"  cpu {statistics.median(cpus):8.3f} s  RSS {max(rss) / 1024:7.1f} MiB", flush=True)


def load(results):
    recs = {}
    with open(results, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            tools = recs.setdefault(r["case"], {})
            if r["tool"] in tools:
                old = tools[r["tool"]]
                old["runs"] += r["runs"]
                for k in ("wall_s", "cpu_s", "rss_kb"):
                    old[k] += r[k]
            else:
                tools[r["tool"]] = r
    return recs


def fmt_ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def report(results):
    for case, tools in load(results).items():
        print(f"\n### {case}\n")
        print("| tool | runs | median wall (s) | min–max wall (s) | median CPU (s) "
              "| peak RSS (MiB) | planmap/tool wall | planmap/tool CPU | planmap/tool RSS |")
        print("|---|---|---|---|---|---|---|---|---|")
        base = tools.get("planmap")
        for tool, r in tools.items():
            med = statistics.median(r["wall_s"])
            cpu = statistics.median(r["cpu_s"])
            rss = max(r["rss_kb"]) / 1024
            tr = cr = rr = ""
            if base and not tool.startswith("planmap"):
                tr = fmt_ratio(statistics.median(base["wall_s"]), med)
                cr = fmt_ratio(statistics.median(base["cpu_s"]), cpu)
                rr = fmt_ratio(max(base["rss_kb"]) / 1024, rss)
            print(f"| {tool} | {r['runs']} | {med:.3f} | {min(r['wall_s']):.3f}–"
                  f"{max(r['wall_s']):.3f} | {cpu:.3f} | {rss:.1f} | {tr} | {cr} | {rr} |")


def main(argv):
    if len(argv) >= 7 and argv[1] == "time" and argv[6] == "--":
        time_cmd(argv[2], argv[3], argv[4], int(argv[5]), argv[7:])
    elif len(argv) == 3 and argv[1] == "report":
        report(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
