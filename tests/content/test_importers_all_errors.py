"""An imported file reports its reader errors and its validation errors together (§5, §6).

A question the GIFT, Aiken or CSV reader cannot read is an error at its own line; the
questions that did read are still validated, so every error of the file comes at once, sorted
by line and column, capped like any set file's, and nothing is converted or loaded.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cogs.sets import check_upload
from content.errors import MAX_REPORTED_ERRORS
from content.importers import convert_file
from content.importers.cli import run_import
from content.loader import SetFileError
from content.offload import UploadChecker

AIKEN_TWO_BROKEN = b"Bad answer?\nA. x\nB. y\nANSWER: C\n\nNo answer?\nA. x\nB. y\n"


def _failure(name: str, data: bytes) -> SetFileError:
    with pytest.raises(SetFileError) as raised:
        convert_file(name, data)
    return raised.value


def _errors(name: str, data: bytes) -> list[str]:
    return [str(error) for error in _failure(name, data).errors]


def test_aiken_reader_error_and_validation_error_of_another_question_together() -> None:
    assert _errors("two.txt", AIKEN_TWO_BROKEN) == [
        "two.txt:4:9: questions[0].answer: 'C' is not one of the options A-B",
        "two.txt:6:1: answer: this question has no 'ANSWER: X' line",
    ]


def test_aiken_question_the_reader_refused_is_not_validated_again() -> None:
    # Q1's options go A, C: its ANSWER C must not also be called "not one of the options";
    # Q2's bad letter is the reader's; Q3 is read and validated.
    data = (
        b"Out of order?\nA. a\nC. c\nANSWER: C\n\n"
        b"Letter?\nA. a\nB. b\nANSWER: one\n\n"
        b"Same?\nA. a\nB. a\nANSWER: A\n"
    )
    assert _errors("mixed.txt", data) == [
        "mixed.txt:3:1: option: expected option 'B' here, not 'C'",
        "mixed.txt:9:9: answer: ANSWER must name one option letter, like 'ANSWER: B'",
        "mixed.txt:13:1: questions[0].options.B: is the same text as option A; each option "
        "must be different",
    ]


def test_gift_unclosed_name_does_not_hide_a_duplicate_option() -> None:
    data = b"Same twice? {=a ~a}\n\n::Broken Which? {=x ~y}\n"
    assert _errors("two.gift", data) == [
        "two.gift:1:17: questions[0].options.B: is the same text as option A; each option "
        "must be different",
        "two.gift:3:1: name: the question name has no closing '::'",
    ]


def test_gift_errors_interleave_by_line_and_column_with_a_skipped_question_between() -> None:
    data = (
        b"Broken {=a ~b\n\n"
        b"Essay {}\n\n"
        b"Empty option? {=a ~}\n\n"
        b"None right? {~a ~b}\n\n"
        b"Fine? {=yes ~no}\n"
    )
    assert _errors("mixed.gift", data) == [
        "mixed.gift:1:8: answers: this '{' has no closing '}' before the question ends (a "
        "blank line ends a question; write \\{ for a literal brace)",
        "mixed.gift:5:19: questions[0].options.B: is empty; expected text",
        "mixed.gift:7:13: answers: no answer is marked right; mark the right one with =",
    ]


def test_csv_row_errors_and_validation_errors_of_other_rows_together() -> None:
    data = (
        b"prompt,A,B,C,answer,difficulty\n"
        b"Same?,x,x,,A,\n"
        b"Too wide?,x,y,,A,,extra\n"
        b'Quote?,"x"y,z,,A,\n'
        b"Level?,x,y,,B,extreme\n"
        b"Gap?,x,,z,A,\n"
    )
    assert _errors("rows.csv", data) == [
        "rows.csv:2:9: questions[0].options.B: is the same text as option A; each option "
        "must be different",
        "rows.csv:3:19: cell: this row has more cells than the header has columns",
        "rows.csv:4:11: cell: text after the closing quote of a cell; inside a quoted cell "
        'write a quote twice ("")',
        "rows.csv:5:15: questions[1].difficulty: 'extreme' is not a difficulty; use easy, "
        "medium, hard, intermediate, advanced, expert",
        "rows.csv:6:8: B: option B is empty but a later option is not; fill options from A on",
    ]


def test_csv_unknown_column_is_reported_with_the_rows_errors() -> None:
    data = b"prompt,A,B,answer,hnit\nOne?,x,y,Q,a hint\n"
    assert _errors("typo.csv", data) == [
        "typo.csv:1:19: header: unknown column 'hnit'; did you mean 'hint'? (columns: `id`, "
        "`prompt`, `A` to `J`, `answer`, `hint`, `explanation`, `difficulty`, `time_limit`, "
        "`attempts`)",
        "typo.csv:2:10: questions[0].answer: 'Q' is not one of the options A-B",
    ]


def test_csv_without_a_required_column_reads_no_row() -> None:
    # every row would repeat "no answer": the header's own error stands for them
    assert _errors("no-answer.csv", b"prompt,A,B\nOne?,x,x\n") == [
        "no-answer.csv:1:1: header: the header row has no 'answer' column",
    ]


def test_a_file_whose_every_question_is_broken_reports_only_the_reader() -> None:
    assert _errors("end.txt", b"Done?\nA. yes\nB. no\n") == [
        "end.txt:1:1: answer: this question has no 'ANSWER: X' line"
    ]


def test_the_cap_lists_the_first_hundred_of_both_kinds_and_counts_the_rest() -> None:
    rows = ["prompt,A,B,answer"]
    for number in range(150):
        rows.append(f"Wide {number}?,x,y,A,extra")  # a reader error
        rows.append(f"Bad {number}?,x,y,Q")  # a validation error
    failure = _failure("many.csv", "\n".join(rows).encode())
    assert len(failure.errors) == MAX_REPORTED_ERRORS
    assert failure.total == 300
    assert [error.line for error in failure.errors] == list(range(2, 102))
    assert {error.where for error in failure.errors[:2]} == {"cell", "questions[0].answer"}
    assert str(failure).splitlines()[-1] == "many.csv: and 200 more errors"


def test_the_cap_counts_validation_errors_past_the_hundredth() -> None:
    rows = ["prompt,A,B,answer", *(f"Bad {number}?,x,y,Q" for number in range(250))]
    failure = _failure("val.csv", "\n".join(rows).encode())
    assert (len(failure.errors), failure.more) == (MAX_REPORTED_ERRORS, 150)


def test_import_prints_all_errors_and_the_count_writes_nothing_and_exits_1(
    tmp_path: Path,
) -> None:
    source = tmp_path / "two.txt"
    source.write_bytes(AIKEN_TWO_BROKEN)
    rows = ["prompt,A,B,answer", *(f"Bad {number}?,x,y,Q" for number in range(120))]
    many = tmp_path / "many.csv"
    many.write_text("\n".join(rows), encoding="utf-8")
    out = io.StringIO()
    code = run_import([str(source), str(many)], out_dir=str(tmp_path / "out"), out=out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[:2] == [
        f"{source}:4:9: questions[0].answer: 'C' is not one of the options A-B",
        f"{source}:6:1: answer: this question has no 'ANSWER: X' line",
    ]
    assert f"{many}: and 20 more errors" in lines
    assert lines[-1] == "0 files converted, 2 files with errors"
    assert not (tmp_path / "out").exists()


async def test_sets_load_gets_the_same_errors_from_the_converter() -> None:
    checker = UploadChecker(1)
    try:
        with pytest.raises(SetFileError) as raised:
            await check_upload(checker, 1, "two.txt", AIKEN_TWO_BROKEN)
    finally:
        await checker.close()
    assert [(error.line, error.column) for error in raised.value.errors] == [(4, 9), (6, 1)]
