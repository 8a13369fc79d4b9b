#!/usr/bin/env python3
"""Counts the pixels of given colours in a PNG (8-bit RGB or RGBA, no interlace), with the standard library only.
Usage: png-colors.py FILE RRGGBB [RRGGBB ...]  ->  prints "WIDTH HEIGHT COUNT1 COUNT2 ..." (a colour matches within 8
per channel, since a browser blends edges)."""
import struct, sys, zlib

def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG layout"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * step
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - step] if x >= step else 0
            b = previous[x]
            c = previous[x - step] if x >= step else 0
            if kind == 1: line[x] = (line[x] + a) & 255
            elif kind == 2: line[x] = (line[x] + b) & 255
            elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
        rows.append(line); previous = line
    return width, height, step, rows

width, height, step, rows = pixels(sys.argv[1])
targets = [tuple(int(h[k:k + 2], 16) for k in (0, 2, 4)) for h in sys.argv[2:]]
counts = [0] * len(targets)
for line in rows:
    for x in range(0, len(line), step):
        r, g, b = line[x], line[x + 1], line[x + 2]
        for n, (tr, tg, tb) in enumerate(targets):
            if abs(r - tr) <= 8 and abs(g - tg) <= 8 and abs(b - tb) <= 8:
                counts[n] += 1
print(width, height, *counts)
