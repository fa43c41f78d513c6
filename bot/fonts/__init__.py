"""Text in any of the bot's scripts on a Pillow image, with per-character font fallback.

The bot ships two OFL fonts in ``bot/fonts/data`` (see the README there): Noto Sans (Latin
with every accent, Greek, Cyrillic) and a Japanese subset of Noto Sans CJK JP (kana, the
kanji of JIS X 0208 and the jōyō list, CJK punctuation, symbols). A :class:`FontChain` draws
each character with the first font that has it (then with an installed system font from
``SYSTEM_FALLBACKS``, if any) and writes "?" for a character none has, so no text is ever an
empty box. Lengths are measured with the same fonts, so what is cut to fit does fit.

Fonts, their coverage and split texts are cached: the first text costs a few milliseconds
(reading the fonts' character maps), later ones nothing more. Never imports discord.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

from .cmap import FontFileError, coverage

DATA = Path(__file__).resolve().parent / "data"
BUNDLED: tuple[tuple[Path, int], ...] = (
    (DATA / "NotoSans-Regular.subset.ttf", 0),
    (DATA / "NotoSansCJKjp-Regular.subset.otf", 0),
)
"""The fonts shipped with the bot, in the order they are tried: (file, face in the file)."""
SYSTEM_FALLBACKS: tuple[tuple[Path, int], ...] = (
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 0),  # fonts-noto-cjk
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), 0),  # fonts-dejavu-core
)
"""System fonts tried after the bundled ones when installed (the whole of Noto Sans CJK, with
Chinese and Korean; DejaVu Sans, with Armenian, Georgian, Hebrew, Arabic)."""
MISSING = "?"
"""Written for a character no font has (every font has it)."""
ELLIPSIS = "…"

Anchor = str
"""Pillow's two-letter anchor: l, m or r, then a (ascender), m (middle), s (baseline) or d."""


@dataclass(frozen=True, slots=True)
class Face:
    """One font of a chain: its file, face number and the characters it has."""

    path: Path
    index: int
    characters: frozenset[int]


class FontChain:
    """Fonts tried in order, character by character; the first one is the primary font."""

    def __init__(self, faces: Sequence[tuple[Path, int]]) -> None:
        """Read the character maps of ``faces`` (a missing or unreadable file is skipped)."""
        loaded = []
        for path, index in faces:
            try:
                loaded.append(Face(path, index, coverage(path, index)))
            except (OSError, FontFileError):
                continue
        if not loaded or ord(MISSING) not in loaded[0].characters:
            raise FontFileError(f"the primary font of {faces!r} is missing or has no {MISSING!r}")
        self.faces: tuple[Face, ...] = tuple(loaded)
        self.font = lru_cache(maxsize=64)(self._load)
        self.runs = lru_cache(maxsize=4096)(self._split)

    def _load(self, face: int, size: int) -> ImageFont.FreeTypeFont:
        """Return face number ``face`` of the chain at ``size`` pixels."""
        found = self.faces[face]
        # The basic layout draws the same on every machine (Raqm needs FriBiDi installed) and
        # is enough for texts shaped character by character: precomposed after NFC.
        return ImageFont.truetype(
            str(found.path), size, index=found.index, layout_engine=ImageFont.Layout.BASIC
        )

    def _pick(self, cluster: str) -> tuple[int, str]:
        """Return the first face having ``cluster`` (a character and its marks), and what to draw.

        A cluster no face has whole is drawn without its marks when a face has the base
        character; a space is drawn as a plain space; anything else is written ``MISSING``.
        """
        points = [ord(char) for char in cluster]
        for number, face in enumerate(self.faces):
            if all(point in face.characters for point in points):
                return number, cluster
        base = cluster[0]
        for number, face in enumerate(self.faces):
            if points[0] in face.characters:
                return number, base
        if unicodedata.category(base) == "Zs":
            return 0, " "
        return 0, MISSING

    def _split(self, text: str) -> tuple[tuple[int, str], ...]:
        """Return ``text`` as (face number, text) runs, each drawable with its face."""
        runs: list[tuple[int, str]] = []
        for cluster in clusters(text):
            face, shown = self._pick(cluster)
            if runs and runs[-1][0] == face:
                runs[-1] = (face, runs[-1][1] + shown)
            else:
                runs.append((face, shown))
        return tuple(runs)

    def shown(self, text: str) -> str:
        """Return ``text`` as it is drawn (missing characters replaced)."""
        return "".join(run for _, run in self.runs(text))

    def length(self, text: str, size: int) -> float:
        """Return the width of ``text`` at ``size`` pixels, in pixels."""
        return sum(self.font(face, size).getlength(run) for face, run in self.runs(text))

    def fit(self, text: str, size: int, width: float) -> str:
        """Return ``text``, or its longest start followed by "…" that fits ``width`` pixels."""
        if self.length(text, size) <= width:
            return text
        parts = clusters(text)
        low, high = 0, len(parts)  # the first ``low`` clusters fit, ``high`` do not
        while high - low > 1:
            middle = (low + high) // 2
            if self.length("".join(parts[:middle]).rstrip() + ELLIPSIS, size) <= width:
                low = middle
            else:
                high = middle
        return "".join(parts[:low]).rstrip() + ELLIPSIS

    def draw(
        self,
        draw: ImageDraw.ImageDraw,
        xy: tuple[float, float],
        text: str,
        size: int,
        fill: str,
        *,
        anchor: Anchor = "la",
    ) -> None:
        """Write ``text`` at ``xy``, placed by ``anchor`` on the primary font's lines."""
        horizontal, vertical = anchor[0], anchor[1]
        x, y = xy
        if horizontal != "l":
            width = self.length(text, size)
            x -= width / 2 if horizontal == "m" else width
        ascent, descent = self.font(0, size).getmetrics()
        baselines = {"a": y + ascent, "m": y + (ascent - descent) / 2, "s": y, "d": y - descent}
        if vertical not in baselines:
            raise ValueError(f"vertical anchor {vertical!r}: use a, m, s or d")
        y = baselines[vertical]
        for face, run in self.runs(text):
            font = self.font(face, size)
            draw.text((x, y), run, font=font, fill=fill, anchor="ls")
            x += font.getlength(run)


def clusters(text: str) -> list[str]:
    """Return ``text`` (NFC) as characters with their combining marks; controls as spaces.

    Format characters (zero-width joiners, direction marks) and variation selectors are
    dropped: they draw nothing.
    """
    parts: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category == "Cc":
            parts.append(" ")
        elif category == "Cf" or _is_variation_selector(char):
            continue
        elif category in ("Mn", "Mc", "Me") and parts:
            parts[-1] += char
        else:
            parts.append(char)
    return parts


def _is_variation_selector(char: str) -> bool:
    """Tell whether ``char`` only selects how the character before it looks."""
    point = ord(char)
    return 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF


@lru_cache(maxsize=1)
def default_chain() -> FontChain:
    """Return the bundled fonts followed by the installed system fallbacks (loaded once)."""
    return FontChain(BUNDLED + SYSTEM_FALLBACKS)
