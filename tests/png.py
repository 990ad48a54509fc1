"""A small PNG reader for screenshots: 8-bit RGB or RGBA, not interlaced, standard library only."""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from pathlib import Path

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _paeth(left: int, up: int, corner: int) -> int:
    guess = left + up - corner
    to_left, to_up, to_corner = abs(guess - left), abs(guess - up), abs(guess - corner)
    if to_left <= to_up and to_left <= to_corner:
        return left
    return up if to_up <= to_corner else corner


def _unfilter(kind: int, line: bytearray, previous: bytes, step: int) -> None:
    for i in range(len(line)):
        left = line[i - step] if i >= step else 0
        up = previous[i]
        corner = previous[i - step] if i >= step else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            line[i] = (line[i] + _paeth(left, up, corner)) & 0xFF


def read_png(path: Path) -> tuple[int, int, list[tuple[int, int, int]]]:
    """The width, height and RGB pixels (row by row) of a PNG file."""
    data = path.read_bytes()
    assert data.startswith(_SIGNATURE), f"{path} is not a PNG file"
    position, compressed = len(_SIGNATURE), b""
    width = height = depth = colour = interlace = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    assert (depth, interlace) == (8, 0), "only 8-bit PNG files, not interlaced"
    assert colour in {2, 6}, "only RGB and RGBA PNG files"
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(compressed)
    stride = width * step
    pixels: list[tuple[int, int, int]] = []
    previous = bytes(stride)
    for row in range(height):
        start = row * (stride + 1)
        line = bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(raw[start], line, previous, step)
        pixels.extend((line[i], line[i + 1], line[i + 2]) for i in range(0, stride, step))
        previous = bytes(line)
    return width, height, pixels


def colours(pixels: list[tuple[int, int, int]]) -> Counter[tuple[int, int, int]]:
    """How many pixels have each colour."""
    return Counter(pixels)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``"#0072B2"`` as ``(0, 114, 178)``."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def near(
    counts: Counter[tuple[int, int, int]], colour: tuple[int, int, int], slack: int = 3
) -> int:
    """How many pixels are within ``slack`` of ``colour`` in each of red, green and blue."""
    return sum(
        number
        for pixel, number in counts.items()
        if all(abs(a - b) <= slack for a, b in zip(pixel, colour, strict=True))
    )
