"""The demo's feedback screenshots: small PNG images (a phone screen's proportions, a
title bar, a highlighted band where the tester saw the problem), made with zlib only."""

from __future__ import annotations

import functools
import struct
import zlib

from .seeding import rng

WIDTH, HEIGHT = 195, 422
"""Half of an iPhone's 390 by 844 points: small to serve, the right shape."""


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@functools.lru_cache(maxsize=64)
def screenshot_png(submission_id: str, number: int) -> bytes:
    r = rng("screenshot", submission_id, number)
    background = bytes((r.randint(225, 250), r.randint(225, 250), r.randint(225, 250)))
    bar = bytes((r.randint(20, 90), r.randint(60, 140), r.randint(150, 230)))
    mark = bytes((235, 64, 52))
    band = r.randint(90, HEIGHT - 60)
    rows = []
    for y in range(HEIGHT):
        colour = bar if y < 44 else mark if band <= y < band + 24 else background
        rows.append(b"\x00" + colour * WIDTH)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)),
            _chunk(b"IEND", b""),
        )
    )
