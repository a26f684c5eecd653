"""pngread.py: a small reader for the 8-bit RGB/RGBA PNG files nabij-view writes, so that the
shell tests can check pixels without extra Python packages. Usage as a module:
read(path) -> (width, height, rows) with rows[y][x] = 0xRRGGBB."""
import struct
import zlib


def read(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG file"
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), f"{path}: unsupported PNG type {ctype}"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append([line[x * bpp] << 16 | line[x * bpp + 1] << 8 | line[x * bpp + 2]
                     for x in range(w)])
        prev = line
    return w, h, rows


def share(rows, x0, y0, w, h, rgb):
    """Share of the pixels of the rectangle that have colour rgb."""
    n = k = 0
    for y in range(y0, y0 + h):
        for x in range(x0, x0 + w):
            n += 1
            k += rows[y][x] == rgb
    return k / n
