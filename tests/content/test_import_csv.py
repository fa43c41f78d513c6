"""CSV import: UTF-8 with or without BOM, spreadsheet quoting, header names, errors at the cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.importers import convert_file
from content.importers._source import tidy
from content.loader import SetFileError, load_set_text
from content.model import Difficulty, QuestionSet

FIXTURES = Path(__file__).parent / "import_fixtures"


def _loaded(name: str, data: bytes | None = None) -> QuestionSet:
    conversion = convert_file(name, (FIXTURES / name).read_bytes() if data is None else data)
    assert conversion.source_format == "CSV"
    return load_set_text(conversion.yaml_text, f"{conversion.set_id}.yaml")


def _errors(name: str, data: bytes | None = None) -> list[str]:
    with pytest.raises(SetFileError) as raised:
        convert_file(name, (FIXTURES / name).read_bytes() if data is None else data)
    return [str(error) for error in raised.value.errors]


def test_spreadsheet_file_with_bom_crlf_and_quoting() -> None:
    question_set = _loaded("spreadsheet.csv")
    assert (question_set.id, question_set.title) == ("spreadsheet", "Spreadsheet")
    first, second, third = question_set.questions
    assert first.id == "asgi-ws"
    assert first.prompt == 'Which interface supports "WebSockets"?'
    assert (first.options, first.answer) == (("WSGI", "ASGI", "CGI"), 1)
    assert first.hint == "Think async"
    assert first.solution is not None
    assert [(step.title, step.text) for step in first.solution.steps] == [
        ("Explanation", "ASGI keeps connections open.\nWSGI handles one request at a time.")
    ]
    assert (first.difficulty, first.time_limit, first.attempts) == (Difficulty.EASY, 90, 3)
    assert second.id == "q2"
    assert second.prompt == "A prompt\nover two lines"
    assert (second.options, second.answer) == (("NULL", "yes", "3.10", "2024-01-01"), 0)
    assert third.prompt == 'Commas, quotes " and ; stay'
    assert third.options == ("x", "y, z")
    assert (third.difficulty, third.time_limit, third.attempts) == (Difficulty.HARD, 45, 1)


def test_the_same_file_without_bom_gives_the_same_set() -> None:
    data = (FIXTURES / "spreadsheet.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert _loaded("spreadsheet.csv", data[3:]) == _loaded("spreadsheet.csv", data)


def test_semicolons_when_the_header_only_splits_at_them() -> None:
    question = _loaded("semicolon.csv").questions[0]
    assert question.prompt == "Decimal commas: 3,5 or 3.5?"
    assert question.options == ("3,5", "3.5")


def test_excel_sep_line_names_the_delimiter() -> None:
    question = _loaded("excel-semicolon.csv").questions[0]
    assert (question.prompt, question.options) == (
        "Does Excel in French write semicolons?",
        ("Oui", "Non"),
    )


def test_header_names_ignore_case_blanks_and_order_and_rows_may_be_short() -> None:
    data = b" ANSWER ,b, Prompt,A,Time limit\nA,no,Is it?,yes\n"
    question = _loaded("upper.csv", data).questions[0]
    assert (question.prompt, question.options, question.answer) == ("Is it?", ("yes", "no"), 0)


def test_fewer_options_in_a_row_than_option_columns() -> None:
    data = b"prompt,A,B,C,D,answer\nTwo only?,x,y,,,B\n"
    assert _loaded("short.csv", data).questions[0].options == ("x", "y")


def test_broken_cells_are_reported_at_their_line_and_column() -> None:
    name = "broken-cells.csv"
    assert _errors(name) == [
        f"{name}:3:14: cell: text after the closing quote of a cell; inside a quoted cell "
        'write a quote twice ("")',
        f"{name}:4:8: B: option B is empty but a later option is not; fill options from A on",
        f"{name}:5:18: cell: this row has more cells than the header has columns",
        f"{name}:6:10: cell: this quoted cell is never closed by a '\"'",
    ]


def test_broken_header_is_reported_at_its_cells() -> None:
    name = "broken-header.csv"
    columns = (
        "(columns: `id`, `prompt`, `A` to `J`, `answer`, `hint`, `explanation`, `difficulty`, "
        "`time_limit`, `attempts`)"
    )
    assert _errors(name) == [
        f"{name}:1:1: header: unknown column 'Question' {columns}",
        f"{name}:1:1: header: the header row has no 'prompt' column",
        f"{name}:1:1: header: option columns go A, B, C... without gaps; 'B' is missing",
        f"{name}:1:14: header: unknown column 'Answr'; did you mean 'answer'? {columns}",
        f"{name}:1:27: header: the column 'answer' appears twice",
    ]


def test_validator_errors_point_at_the_cell() -> None:
    name = "validator-errors.csv"
    assert _errors(name) == [
        f"{name}:3:1: questions[1].id: question id 'same' is already used by questions[0] "
        "on line 2; ids must be unique in a set",
        f"{name}:3:18: questions[1].answer: 'C' is not one of the options A-B",
        f"{name}:3:20: questions[1].attempts: must be a whole number from 1 to 10, not the "
        "text 'many'",
        f"{name}:4:13: questions[2].options.B: is the same text as option A; each option "
        "must be different",
    ]


def test_an_empty_file_and_a_header_alone() -> None:
    assert _errors("empty.csv", b"\xef\xbb\xbf\r\n") == [
        "empty.csv:1:1: header: the file is empty; the first row names the columns"
    ]
    assert _errors("header.csv", b"prompt,A,B,answer\n") == [
        "header.csv:1:1: (file): the file holds no questions"
    ]


def test_a_cell_too_long_points_at_that_cell() -> None:
    data = ("prompt,A,B,answer\nOK?,x," + "y" * 301 + ",A\n").encode()
    assert _errors("long.csv", data) == [
        "long.csv:2:7: questions[0].options.B: is 301 characters long, 1 over the limit of 300"
    ]


_PIECES = [*"ab :#'\"\\,;-\n\t{}~=*_é\u00a0\u2028", "🎖️", "NULL", "yes", "3.10", "- ", "? "]
_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join).map(tidy)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(prompt=_TEXT, options=st.lists(_TEXT, min_size=2, max_size=4, unique=True))
def test_any_text_a_spreadsheet_writes_comes_back_unchanged(
    prompt: str, options: list[str]
) -> None:
    if not prompt or not all(options):
        return
    letters = "ABCD"[: len(options)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["prompt", *letters, "answer"])
    writer.writerow([prompt, *options, "A"])
    data = ("\ufeff" + buffer.getvalue()).encode()
    conversion = convert_file("random.csv", data)
    question = load_set_text(conversion.yaml_text, "random.yaml").questions[0]
    assert (question.prompt, question.options) == (prompt, tuple(options))


def test_round_trip_the_yaml_loads_again_to_the_same_set() -> None:
    data = (FIXTURES / "spreadsheet.csv").read_bytes()
    conversion = convert_file("spreadsheet.csv", data)
    first = load_set_text(conversion.yaml_text, "a.yaml")
    assert convert_file("spreadsheet.csv", data).yaml_text == conversion.yaml_text
    assert load_set_text(conversion.yaml_text.encode(), "exported.yaml") == first
