#!/usr/bin/env python3
"""sha256 of files as the byte-identity tests compare them: "sha256  name".

A PNG is hashed by what it holds, not by its deflate stream: every chunk but
IDAT as it is, and the image data inflated. The fast PNG deflater (ISA-L's
igzip) has, rarely and only on a loaded machine, written the same pixels as a
different, equally valid, stream; the tests compare what a reader gets. Any
other file is hashed byte for byte.
"""
import hashlib
import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_digest(data):
    if not data.startswith(SIGNATURE):
        return None
    h, idat, pos = hashlib.sha256(), [], len(SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IDAT":
            idat.append(body)
        else:
            if idat and kind == b"IEND":
                h.update(b"IDAT" + zlib.decompress(b"".join(idat)))
            h.update(kind + struct.pack(">I", length) + body)
        pos += 12 + length
    return h.hexdigest()


def digest(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.lower().endswith(".png"):
        d = png_digest(data)
        if d:
            return d
    return hashlib.sha256(data).hexdigest()


def main(argv):
    if len(argv) > 1 and argv[1] == "--same":
        sys.exit(0 if digest(argv[2]) == digest(argv[3]) else 1)
    for path in argv[1:]:
        print("%s  %s" % (digest(path), path))


if __name__ == "__main__":
    main(sys.argv)
