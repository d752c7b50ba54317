"""Where the one box of a kind lies on a map, from its --labels-json:
spot(d, kind) gives the box and "below" or "right" (outside the frame,
under it or beside it), or its third of the frame inside it: "top-left",
"top", "top-right", "middle-left" … "bottom-right" ("middle" at the centre)."""


def spot(d, kind):
    b = [b for b in d["boxes"] if b["kind"] == kind]
    assert len(b) == 1, "%d %s boxes" % (len(b), kind)
    b = b[0]
    x, y, w, h = d["map_frame"]
    if b["y"] >= y + h:
        return b, "below"
    if b["x"] >= x + w:
        return b, "right"
    inside = b["x"] >= x and b["y"] >= y and b["x"] + b["w"] <= x + w and b["y"] + b["h"] <= y + h
    assert inside, "%s %r is neither inside the frame %r nor beside it" % (kind, b, d["map_frame"])
    cx, cy = b["x"] + b["w"] / 2 - x, b["y"] + b["h"] / 2 - y
    vert = "top" if cy < h / 3 else "bottom" if cy > 2 * h / 3 else "middle"
    horiz = "left" if cx < w / 3 else "right" if cx > 2 * w / 3 else "centre"
    return b, vert if horiz == "centre" else vert + "-" + horiz
