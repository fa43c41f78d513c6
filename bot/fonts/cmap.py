"""Which characters a font has: read from its ``cmap`` table (Pillow does not say).

Reads TrueType and OpenType files and collections (``.ttc``): the Unicode subtable of format
12 (all planes) when there is one, else of format 4 (the basic plane). A character counts when
it maps to a glyph other than 0 (``.notdef``, the empty box).
"""

from __future__ import annotations

import struct
from pathlib import Path

UNICODE_SUBTABLES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
"""(platform, encoding) of the Unicode subtables, the full-repertoire ones first."""


class FontFileError(ValueError):
    """The file is not a font this module can read."""


def coverage(path: Path, index: int = 0) -> frozenset[int]:
    """Return the code points that face ``index`` of the font file ``path`` has glyphs for."""
    data = path.read_bytes()
    try:
        return _coverage(data, index)
    except (struct.error, IndexError) as error:
        raise FontFileError(f"{path}: truncated font ({error})") from error


def _coverage(data: bytes, index: int) -> frozenset[int]:
    """Return the code points of face ``index`` of the font ``data``."""
    start = 0
    if data[:4] == b"ttcf":
        (faces,) = struct.unpack_from(">I", data, 8)
        if not 0 <= index < faces:
            raise FontFileError(f"no face {index} in a collection of {faces}")
        (start,) = struct.unpack_from(">I", data, 12 + 4 * index)
    elif index != 0:
        raise FontFileError(f"no face {index} in a single font")
    (tables,) = struct.unpack_from(">H", data, start + 4)
    for entry in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, start + 12 + 16 * entry)
        if tag == b"cmap":
            return _cmap(data, offset)
    raise FontFileError("no cmap table")


def _cmap(data: bytes, cmap: int) -> frozenset[int]:
    """Return the code points of the best Unicode subtable of the ``cmap`` at that offset."""
    (subtables,) = struct.unpack_from(">H", data, cmap + 2)
    found: dict[tuple[int, int], int] = {}
    for entry in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * entry)
        found.setdefault((platform, encoding), cmap + offset)
    for key in UNICODE_SUBTABLES:
        if key in found:
            (form,) = struct.unpack_from(">H", data, found[key])
            if form == 12:
                return _format12(data, found[key])
            if form == 4:
                return _format4(data, found[key])
    raise FontFileError("no Unicode cmap subtable of format 4 or 12")


def _format12(data: bytes, at: int) -> frozenset[int]:
    """Return the mapped code points of a format 12 subtable (segmented coverage)."""
    (groups,) = struct.unpack_from(">I", data, at + 12)
    points: set[int] = set()
    for group in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, at + 16 + 12 * group)
        points.update(range(first + (glyph == 0), last + 1))
    return frozenset(points)


def _format4(data: bytes, at: int) -> frozenset[int]:
    """Return the mapped code points of a format 4 subtable (segment mapping to deltas)."""
    (segments_x2,) = struct.unpack_from(">H", data, at + 6)
    segments = segments_x2 // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + segments_x2)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 2 * segments_x2)
    range_at = at + 16 + 3 * segments_x2
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    points: set[int] = set()
    for segment, (first, last, delta, offset) in enumerate(
        zip(starts, ends, deltas, offsets, strict=True)
    ):
        if first == 0xFFFF:
            continue
        if offset == 0:
            points.update(c for c in range(first, last + 1) if (c + delta) & 0xFFFF)
            continue
        glyphs_at = range_at + 2 * segment + offset
        for code in range(first, last + 1):
            (glyph,) = struct.unpack_from(">H", data, glyphs_at + 2 * (code - first))
            if glyph and (glyph + delta) & 0xFFFF:
                points.add(code)
    return frozenset(points)
