"""The chart's fonts: every script the bot speaks drawn with real glyphs, never an empty box."""

from __future__ import annotations

import tomllib
import unicodedata
from fnmatch import fnmatch
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.fonts import BUNDLED, DATA, MISSING, FontChain, clusters, default_chain
from bot.fonts.cmap import FontFileError, coverage

ROOT = Path(__file__).resolve().parents[2]
LATIN, JAPANESE = BUNDLED
NOWHERE = "\U0010fffd"
"""A private-use character of plane 16: no font has it."""
TITLES = [
    "日本語の練習問題（上級）",  # kanji, kana, full-width brackets
    "カタカナとひらがな・ー々〆",
    "Алгебра и геометрия: ЁЖЩЪЫЬЭЮЯ ёжщъыэюя",  # Russian
    "Ґанок, Єва, Їжак, Іван — ґєїі ʼ",  # Ukrainian
    "Ça déçoit où ĂÂÎȘȚ œ æ",  # French (and some)
    "Größe Übung ß ÄÖÜ äöü",  # German
    "Ação, lição, pão, avó, àá éê í óôõ ú ü",  # Portuguese
    "Señor, ¿qué año? ¡Olé!",  # Spanish
    "Perché è così: àèéìíîòóùú",  # Italian
    "Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ",  # Polish
]


def _notdef_like(font: ImageFont.FreeTypeFont, char: str) -> bool:
    """Tell whether FreeType draws ``char`` exactly as it draws a character the font lacks."""
    return _bitmap(font, char) == _bitmap(font, NOWHERE)


def _bitmap(font: ImageFont.FreeTypeFont, text: str) -> tuple[tuple[int, int, int, int], bytes]:
    """Return where and what ``font`` inks for ``text``."""
    image = Image.new("L", (200, 200))
    ImageDraw.Draw(image).text((50, 50), text, font=font, fill=255)
    box = image.getbbox() or (0, 0, 0, 0)
    return box, image.crop(box).tobytes()


def test_the_comparison_sees_an_empty_box() -> None:
    """The check the tests below rely on: a character a font lacks is drawn as its box."""
    font = default_chain().font(0, 24)
    assert _bitmap(font, NOWHERE)[1], "the missing glyph draws a visible box"
    assert _notdef_like(font, "日")  # Noto Sans has no kanji: FreeType draws the box
    assert not _notdef_like(font, "A")


@pytest.mark.parametrize("title", TITLES)
def test_titles_in_the_bots_scripts_are_drawn_with_glyphs(title: str) -> None:
    chain = FontChain(BUNDLED)  # the bundled fonts alone: what a fresh pip install has
    assert chain.shown(title) == unicodedata.normalize("NFC", title)  # no "?"
    for face, run in chain.runs(title):
        font = chain.font(face, 24)
        for char in run:
            if not char.isspace():
                assert not _notdef_like(font, char), (char, chain.faces[face].path.name)


def test_the_bundled_fonts_cover_the_languages_alphabets() -> None:
    latin = coverage(*LATIN)
    japanese = coverage(*JAPANESE)
    letters = "".join(TITLES[2:])
    assert {ord(c) for c in letters if c.isalpha()} <= latin
    assert (
        set(range(0x0410, 0x0450)) | {0x0401, 0x0451, 0x0404, 0x0454} <= latin
    )  # the Russian alphabet, with Ukrainian's ie
    assert {0x0406, 0x0456, 0x0407, 0x0457, 0x0490, 0x0491} <= latin  # Ukrainian's i, yi, ghe
    hiragana, katakana = set(range(0x3041, 0x3097)), set(range(0x30A1, 0x30FB))
    assert hiragana | katakana | {0x30FC, 0x3005, 0x3006, 0x3001, 0x3002} <= japanese
    level_1 = set()
    for row in range(0xB0, 0xD0):  # JIS X 0208 level 1 kanji: rows 16 to 47, in EUC-JP
        for cell in range(0xA1, 0xFF):
            try:
                level_1.add(ord(bytes((row, cell)).decode("euc_jp")))
            except UnicodeDecodeError:
                continue
    assert len(level_1) == 2965
    assert level_1 <= japanese
    assert {ord(c) for c in "𠮟塡剝頰"} <= japanese  # jōyō kanji outside JIS X 0208


def test_a_character_no_font_has_is_a_question_mark() -> None:
    chain = FontChain(BUNDLED)
    assert chain.runs(f"a{NOWHERE}b") == ((0, f"a{MISSING}b"),)
    assert chain.shown("한국어 🎉") == "??? ?"  # Hangul and emoji are in neither bundled font
    assert default_chain().shown(NOWHERE) == MISSING  # system fallbacks change nothing here
    font = chain.font(0, 24)
    assert not _notdef_like(font, MISSING)


def test_each_character_comes_from_the_first_font_having_it() -> None:
    chain = FontChain(BUNDLED)
    assert chain.runs("Tokyo 東京 Москва") == ((0, "Tokyo "), (1, "東京"), (0, " Москва"))
    # A full-width comma is Japanese; the ASCII one stays in the Latin font.
    assert chain.runs("a、b,c") == ((0, "a"), (1, "、"), (0, "b,c"))


def test_a_later_font_is_a_fallback_and_a_missing_file_is_skipped(tmp_path: Path) -> None:
    chain = FontChain([LATIN, (tmp_path / "absent.ttf", 0), JAPANESE])
    assert [face.path for face in chain.faces] == [LATIN[0], JAPANESE[0]]
    assert chain.runs("x日") == ((0, "x"), (1, "日"))
    with pytest.raises(FontFileError):
        FontChain([(tmp_path / "absent.ttf", 0)])


def test_invisible_characters_and_marks() -> None:
    # Decomposed accents are composed; joiners, direction marks and variation selectors draw
    # nothing; a control character is a space; a mark stays on its character.
    assert clusters("e\u0301\u200db\u200f\ufe0f\tq\u0303") == ["é", "b", " ", "q\u0303"]
    chain = FontChain(BUNDLED)
    assert chain.shown("q\u0303") == "q\u0303"  # Noto Sans has the combining tilde
    assert chain.shown("日\u0303") == "日"  # no font has both: the mark is dropped
    for space in ("\u00a0", "\u202f", "\u3000", "\u2008"):  # numbers' and CJK spaces
        assert chain.shown(f"1{space}000") in (f"1{space}000", "1 000")


def test_fit_measures_with_the_fonts_it_draws_with() -> None:
    chain = FontChain(BUNDLED)
    long = "化学元素と周期表の練習問題集（上級編）とその解説"
    cut = chain.fit(long, 13, 120)
    assert cut.endswith("…")
    assert long.startswith(cut[:-1])
    assert chain.length(cut, 13) <= 120 < chain.length(cut[:-1] + long[len(cut) - 1] + "…", 13)
    assert chain.fit("Алгебра", 13, 120) == "Алгебра"
    assert chain.fit(long, 13, 5) == "…"


def test_anchors_place_mixed_text_on_one_baseline() -> None:
    chain = FontChain(BUNDLED)
    image = Image.new("L", (400, 100))
    chain.draw(ImageDraw.Draw(image), (200, 50), "Ab 日本 Жж", 24, "white", anchor="mm")
    left, top, right, bottom = image.getbbox() or (0, 0, 0, 0)
    assert abs((left + right) / 2 - 200) <= 2
    assert abs((top + bottom) / 2 - 50) <= 4
    width = chain.length("Ab 日本 Жж", 24)
    assert abs((right - left) - width) <= 3


def test_the_fonts_and_their_licence_are_package_data() -> None:
    """A non-editable install has the fonts: pyproject lists every file of bot/fonts/data."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["bot.fonts"]
    files = sorted(path.name for path in DATA.iterdir())
    assert {"OFL.txt", LATIN[0].name, JAPANESE[0].name} <= set(files)
    for name in files:
        assert any(fnmatch(f"data/{name}", pattern) for pattern in patterns), name
    assert "SIL OPEN FONT LICENSE Version 1.1" in (DATA / "OFL.txt").read_text(encoding="utf-8")
