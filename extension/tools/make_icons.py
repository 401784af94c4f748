"""Draw the readmode toolbar icons (icons/icon-{16,32,48,128}.png) without any image library.

The glyph is a geometric "R" in cream on an ink-blue rounded square, described as a union of
simple shapes in unit coordinates and rasterised with 8x8 supersampling per pixel, then written
as a PNG with the standard library's zlib. Run from the repository root:

    python extension/tools/make_icons.py
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
SAMPLES = 8  # per axis, per pixel
BACKGROUND = (31, 58, 95)  # ink blue
GLYPH = (253, 246, 227)  # paper cream
ICONS_DIR = Path(__file__).resolve().parent.parent / "icons"


def inside_rounded_square(x: float, y: float, radius: float = 0.2) -> bool:
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def inside_capsule(
    x: float, y: float, a: tuple[float, float], b: tuple[float, float], r: float
) -> bool:
    """Within distance r of the segment a-b."""
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= r


def inside_glyph(x: float, y: float) -> bool:
    """The letter R: stem, two bars, a half-ring bowl and a diagonal leg."""
    top, bottom, stroke = 0.22, 0.78, 0.11
    stem_left, bowl_x = 0.30, 0.50
    bowl_cy, bowl_r = 0.39, 0.17
    if stem_left <= x <= stem_left + stroke and top <= y <= bottom:
        return True
    if stem_left <= x <= bowl_x and (top <= y <= top + stroke or 0.45 <= y <= 0.45 + stroke):
        return True
    distance = math.hypot(x - bowl_x, y - bowl_cy)
    if x >= bowl_x and bowl_r - stroke <= distance <= bowl_r:
        return True
    return y <= bottom and inside_capsule(x, y, (0.50, 0.52), (0.69, bottom - 0.02), stroke / 2)


def render(size: int) -> bytes:
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 (none) for this scanline
        for px in range(size):
            shape = glyph = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) / size
                    y = (py + (sy + 0.5) / SAMPLES) / size
                    if inside_rounded_square(x, y):
                        shape += 1
                        glyph += inside_glyph(x, y)
            total = SAMPLES * SAMPLES
            mix = glyph / shape if shape else 0.0
            color = [round(b + (g - b) * mix) for b, g in zip(BACKGROUND, GLYPH, strict=True)]
            row.extend([*color, round(255 * shape / total)])
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    ICONS_DIR.mkdir(exist_ok=True)
    for size in SIZES:
        path = ICONS_DIR / f"icon-{size}.png"
        path.write_bytes(render(size))
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
