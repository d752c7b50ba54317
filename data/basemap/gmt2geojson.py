#!/usr/bin/env python3
"""Convert GMT multisegment dumps (DCW provinces, GSHHG/WDBII rivers) to GeoJSON.

Called by extract.sh; pure Python 3 (no GDAL bindings) so it runs wherever GMT runs.
  gmt2geojson.py provinces RAWDIR OUT.geojson
  gmt2geojson.py rivers RAWDIR SEEDS.csv NAMED.geojson MINOR.geojson
The outputs are unsimplified; extract.sh simplifies them with ogr2ogr.
"""
import csv, heapq, json, math, os, sys

PROVINCES = [  # DCW code, id, Chinese name, English name
    ("SC", "sichuan", "四川省", "Sichuan"), ("CQ", "chongqing", "重庆市", "Chongqing"),
    ("GZ", "guizhou", "贵州省", "Guizhou"), ("YN", "yunnan", "云南省", "Yunnan"),
    ("SN", "shaanxi", "陕西省", "Shaanxi"), ("GS", "gansu", "甘肃省", "Gansu"),
    ("QH", "qinghai", "青海省", "Qinghai"), ("XZ", "xizang", "西藏自治区", "Tibet (Xizang)"),
    ("HB", "hubei", "湖北省", "Hubei"), ("HN", "hunan", "湖南省", "Hunan"),
]
ALIASES = {"jinjiang": ["府南河", "府河", "南河"]}  # names the plans use for the Jin River
ATTRIB_DCW = "DCW-GMT 2.1.1 (GMT Team, LGPL-3+), derived from the Digital Chart of the World"
ATTRIB_GSHHG = "GSHHG 2.3.7 WDBII rivers (Wessel & Smith, LGPL-3+)"


def read_segments(path):
    """Yield (header, [(lon, lat), ...]) for each '>'-separated segment."""
    head, pts = None, []
    with open(path) as f:
        for line in f:
            if line.startswith(">"):
                if pts:
                    yield head, pts
                head, pts = line[1:].strip(), []
            elif line.strip():
                x, y = line.split()[:2]
                pts.append((float(x), float(y)))
    if pts:
        yield head, pts


def signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def inside(pt, ring):
    x, y, hit = pt[0], pt[1], False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def close(ring, ccw):
    ring = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if (signed_area(ring) > 0) != ccw:
        ring.reverse()
    return ring + ring[:1]


def provinces(raw, out):
    feats = []
    for code, pid, zh, en in PROVINCES:
        rings = [p for _, p in read_segments(os.path.join(raw, f"dcw_CN.{code}.txt"))]
        rings.sort(key=lambda r: -abs(signed_area(r)))
        polys = []  # a ring inside an earlier outer ring is a hole, otherwise a new part
        for r in rings:
            host = next((p for p in polys if inside(r[0], p[0])), None)
            if host:
                host.append(close(r, False))
            else:
                polys.append([close(r, True)])
        geom = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                else {"type": "MultiPolygon", "coordinates": polys})
        feats.append({"type": "Feature", "geometry": geom, "properties": {
            "id": pid, "name": zh, "name_en": en, "kind": "boundary", "level": "province",
            "source": ATTRIB_DCW}})
    write(out, feats)


def write(path, feats):
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False)


class Network:
    """River vertices as a graph: consecutive points are linked, and segment ends are
    joined to the nearest vertex of another segment (bin edges, confluences)."""
    JOIN = 0.004  # degrees, ~400 m

    def __init__(self, raw):
        self.segs = []  # (level, [node keys])
        self.pos, self.adj, self.grid = {}, {}, {}
        for level in (1, 2, 3, 4):
            for _, pts in read_segments(os.path.join(raw, f"rivers_L{level}.txt")):
                keys = [self.node(p) for p in pts]
                keys = [k for i, k in enumerate(keys) if i == 0 or k != keys[i - 1]]
                if len(keys) > 1:
                    self.segs.append((level, keys))
                    for a, b in zip(keys, keys[1:]):
                        self.link(a, b)
        for si, (_, keys) in enumerate(self.segs):
            for end in (keys[0], keys[-1]):
                near = self.nearest(self.pos[end], exclude=set(keys), limit=self.JOIN)
                if near:
                    self.link(end, near)

    def node(self, p):
        k = (round(p[0], 6), round(p[1], 6))
        if k not in self.pos:
            self.pos[k] = k
            self.adj[k] = {}
            self.grid.setdefault((int(k[0] * 20), int(k[1] * 20)), []).append(k)
        return k

    def dist(self, a, b):
        c = math.cos(math.radians((a[1] + b[1]) / 2))
        return math.hypot((a[0] - b[0]) * c, a[1] - b[1]) * 111.2

    def link(self, a, b):
        d = self.dist(a, b)
        self.adj[a][b] = self.adj[b][a] = d

    def nearest(self, p, exclude=(), limit=None):
        best, bd = None, float("inf")
        gx, gy = int(p[0] * 20), int(p[1] * 20)
        for r in range(0, 40):
            for ix in range(gx - r, gx + r + 1):
                for iy in range(gy - r, gy + r + 1):
                    if max(abs(ix - gx), abs(iy - gy)) != r:
                        continue
                    for k in self.grid.get((ix, iy), ()):
                        if k not in exclude:
                            d = self.dist(p, k)
                            if d < bd:
                                best, bd = k, d
            if best and bd < r * 0.05 * 111.2 * 0.85:
                break
            if limit is not None and r > 0:
                break
        if limit is not None and (best is None or bd > limit * 111.2):
            return None
        return best

    def path(self, a, b):
        dist, prev, heap = {a: 0}, {}, [(0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                break
            if d > dist[u]:
                continue
            for v, w in self.adj[u].items():
                if d + w < dist.get(v, float("inf")):
                    dist[v], prev[v] = d + w, u
                    heapq.heappush(heap, (d + w, v))
        if b not in dist:
            raise SystemExit(f"gmt2geojson.py: no river path from {a} to {b}")
        out = [b]
        while out[-1] != a:
            out.append(prev[out[-1]])
        return out[::-1]


def rivers(raw, seeds_csv, named_out, minor_out):
    net = Network(raw)
    level_of = {}
    for level, keys in net.segs:
        for k in keys:
            level_of.setdefault(k, level)
    seeds = {}
    with open(seeds_csv) as f:
        for row in csv.reader(l for l in f if not l.startswith("#")):
            seeds.setdefault(row[0], {"name": row[1], "name_en": row[2], "pts": []})
            if row[0] in ALIASES:
                seeds[row[0]]["aliases"] = ALIASES[row[0]]
            seeds[row[0]]["pts"].append((float(row[3]), float(row[4])))
    used, feats = set(), []
    for rid, s in seeds.items():
        snapped = [net.nearest(p) for p in s["pts"]]
        for p, k in zip(s["pts"], snapped):
            d = net.dist(p, k)
            print(f"  {rid}: seed {p} snapped {d:.2f} km", file=sys.stderr)
        line = [snapped[0]]
        for a, b in zip(snapped, snapped[1:]):
            line += net.path(a, b)[1:]
        used.update(line)
        length = {}
        for a, b in zip(line, line[1:]):
            lv = max(level_of[a], level_of[b])
            length[lv] = length.get(lv, 0) + net.dist(a, b)
        feats.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
                      "properties": {"id": rid, "name": s["name"], "name_en": s["name_en"],
                                     "aliases": s.get("aliases", []),
                                     "kind": "river", "level": max(length, key=length.get),
                                     "length_km": round(sum(length.values())),
                                     "source": ATTRIB_GSHHG + "; named by seed points (river-seeds.csv)"}})
    write(named_out, feats)
    minor = []
    for level, keys in net.segs:
        if level > 2 or sum(k in used for k in keys) > len(keys) / 2:
            continue
        minor.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": keys},
                      "properties": {"id": f"river-l{level}-{len(minor) + 1}", "name": "未命名河流",
                                     "name_en": "unnamed river", "kind": "river", "level": level,
                                     "source": ATTRIB_GSHHG}})
    write(minor_out, minor)


if __name__ == "__main__":
    if sys.argv[1:2] == ["provinces"] and len(sys.argv) == 4:
        provinces(*sys.argv[2:])
    elif sys.argv[1:2] == ["rivers"] and len(sys.argv) == 6:
        rivers(*sys.argv[2:])
    else:
        raise SystemExit(__doc__)
