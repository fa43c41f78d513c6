"""Hostile import files: linear time and memory, and a FILE:LINE:COLUMN sentence, never a crash.

The shapes that took tens of seconds before (quadratic patterns) run here with a budget that
never runs out, so they finish at once only when the reading is linear; real times are
measured in bench/content.py, not asserted here.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest

from content.errors import SetFileError
from content.importers import convert_file, csv_format
from content.importers._source import ReadLimits, SourceErrors
from content.importers.cli import run_import
from content.importers.gift import looks_like_gift

BUDGET = {"deadline": 10.0**9}  # a budget that never runs out


def refused(name: str, data: bytes) -> list[str]:
    with pytest.raises(SetFileError) as caught:
        convert_file(name, data, **BUDGET)
    return [str(error) for error in caught.value.errors]


def test_the_html_hint_is_searched_in_linear_time() -> None:
    # quadratic before: 16 to 22 s for 200 KB, about 7 s for these 120 KB
    [error] = refused("hint.gift", b"<p" * 60_000 + b"{=a ~b}")
    assert error.startswith("hint.gift:1:1: questions[0].prompt: is 120,000 characters long")


def test_sniffing_a_txt_file_is_linear() -> None:
    # quadratic before: 28 to 37 s for these 100 KB
    assert looks_like_gift("{x}\n" + " \n" * 50_000)
    assert not looks_like_gift("Q?\nA. x\n  ANSWER: A\n{x}\n")


def test_a_long_unclosed_html_tag_run_reads_in_linear_time() -> None:
    # html.parser is quadratic on '<a b<a b...': 31 to 40 s for 64 KB before
    [error] = refused("tags.gift", b"[html]" + b"<a b" * 16_000 + b"{=a ~b}")
    assert error.startswith("tags.gift:1:1: questions[0].prompt: is 64,000 characters")


def test_an_html_text_with_a_marked_section_gets_a_sentence_at_its_position() -> None:
    [error] = refused("section.gift", b"// note\n\n  [html]x <![ y> z{=a ~b}\n")
    assert error == (
        "section.gift:3:3: html: the HTML has a '<![' section that cannot be read; "
        "write &lt; for a '<' meant as text"
    )


def test_an_attempts_cell_of_5000_digits_gets_a_sentence_at_the_cell() -> None:
    data = ("prompt,A,B,answer,attempts\np,a,b,A," + "9" * 5000 + "\n").encode()
    [error] = refused("long.csv", data)
    assert error.startswith("long.csv:2:9: questions[0].attempts: is a number of 5,000 digits")


def test_a_header_of_half_a_million_columns_is_refused_at_once() -> None:
    [error] = refused("wide.csv", (",".join(["x"] * 500_000) + "\nq\n").encode())
    assert error.startswith("wide.csv:1:1: header: the header row has 500,000 cells")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cr.csv", b"prompt,A,B,answer\rp,a,b,A\rq,\xff,b,A\r"),
        ("cr.txt", b"Q?\rA. x\rB. \xffy\rANSWER: A\r"),
        ("crlf.txt", b"Q?\r\nA. x\r\nB. \xffy\r\nANSWER: A\r\n"),
    ],
)
def test_a_bad_byte_is_placed_on_its_line_whatever_the_line_ends(name: str, data: bytes) -> None:
    [error] = refused(name, data)
    assert error.split(": (file)")[0] in (f"{name}:3:3", f"{name}:3:4")


def test_the_import_command_prints_sentences_not_tracebacks(tmp_path: Path) -> None:
    section = tmp_path / "section.gift"
    section.write_bytes(b"[html]x <![ y> z{=a ~b}\n")
    digits = tmp_path / "digits.csv"
    digits.write_bytes(("prompt,A,B,answer,attempts\np,a,b,A," + "9" * 5000 + "\n").encode())
    out = io.StringIO()
    code = run_import([str(section), str(digits)], out_dir=str(tmp_path / "out"), out=out)
    text = out.getvalue()
    assert code == 1
    assert "Traceback" not in text
    assert f"{section}:1:1: html:" in text
    assert f"{digits}:2:9: questions[0].attempts:" in text


def test_a_gift_question_of_a_mebibyte_is_refused_before_it_is_scanned() -> None:
    # the scanner keeps a token per character: one 1 MiB question took +200 MiB before
    [error] = refused("one.gift", b"Q{=a ~" + b"b" * (1024 * 1024 - 10) + b"}")
    assert error.startswith("one.gift:1:1: question: this question is 1,048,574 characters")


def test_a_csv_is_read_no_further_than_one_row_past_the_most_questions() -> None:
    rows = b"prompt,A,B,answer\n" + b"p,a,b,A\n" * 100 + b"q,\xff"  # a bad byte far after
    with pytest.raises(SetFileError) as caught:
        convert_file("rows.csv", rows.replace(b"\xff", b"x"), max_questions=10, **BUDGET)
    assert "more than 10 questions" in str(caught.value)
    records = csv_format._records(
        rows.decode("utf-8", "replace"), ",", 1, SourceErrors("x"), ReadLimits(10)
    )
    assert len(records) == 12  # the header, ten questions and the one past the most


def test_a_csv_over_its_budget_is_refused_on_a_clock_the_test_moves() -> None:
    """The budget logic, without wall-clock time: each look at the clock is a second later."""
    ticks = itertools.count()
    rows = b"prompt,A,B,answer\n" + b"p,a,b,A\n" * 3000
    with pytest.raises(SetFileError) as caught:
        convert_file("rows.csv", rows, deadline=3, clock=lambda: next(ticks))
    assert [str(error) for error in caught.value.errors] == [
        "rows.csv:1:1: (file): the file took longer than 3 seconds to check; "
        "split it into smaller sets"
    ]
    assert next(ticks) == 5  # the start, then one look per row until the fourth second


def test_a_csv_within_its_budget_converts_on_the_same_clock() -> None:
    ticks = itertools.count()
    rows = b"prompt,A,B,answer\n" + b"p,a,b,A\n" * 3
    conversion = convert_file("rows.csv", rows, deadline=100, clock=lambda: next(ticks))
    assert conversion.converted == 3
