"""Hostile and odd set files: bounded reports, a time budget, exact positions, exact texts.

The linear-time rule is measured by ``python bench/content.py`` (a figure, not a timed test).
"""

from __future__ import annotations

import asyncio
import io
import itertools
import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from content import _compose, loader
from content.cli import run_validate
from content.errors import MAX_REPORTED_ERRORS, ErrorList, SetError, SetFileError
from content.limits import MAX_FILE_BYTES
from content.loader import load_set_bytes, load_set_file, load_set_text
from content.offload import UploadChecker, UploadsBusy

QUESTION = "- {id: q, prompt: P?, options: {A: x, B: y}, answer: A}\n"
VALID = "id: ok\ntitle: A set\nquestions:\n" + QUESTION


def _errors(text: str | bytes, name: str = "set.yaml") -> SetFileError:
    with pytest.raises(SetFileError) as caught:
        load_set_text(text, name)
    return caught.value


def _located(error: SetFileError) -> list[str]:
    return [f"{e.line}:{e.column}: {e.where}: {e.message}" for e in error.errors]


def _many_questions(count: int) -> str:
    lines = [
        f"- {{id: q{n}, prompt: P?, options: {{A: x, B: y}}, answer: A}}" for n in range(count)
    ]
    return "id: big\ntitle: Big\nquestions:\n" + "\n".join(lines) + "\n"


# §1: every key is remembered, so a duplicate names its first line without a search.


def test_duplicates_of_allowed_and_unknown_keys_name_the_first_line() -> None:
    error = _errors("k: 1\nk: 2\ntopic: a\ntopic: b\n")
    assert _located(error)[:4] == [
        "1:1: k: unknown key 'k'; the keys allowed here are id, language, title, topic, "
        "description, estimated_minutes, badge, defaults, questions",
        "1:1: (file): missing required key 'id'",
        "1:1: (file): missing required key 'title'",
        "1:1: (file): missing required key 'questions'",
    ]
    assert _located(error)[4:] == [
        "2:1: k: duplicate key 'k', already set on line 1; YAML would silently keep only the "
        "last one",
        "4:1: topic: duplicate key 'topic', already set on line 3; YAML would silently keep only "
        "the last one",
    ]


def test_repeated_feedback_letter_names_its_first_line() -> None:
    text = VALID.replace("answer: A}", "answer: A, feedback: {Z: z, B: one,\n  B: two}}")
    assert _located(_errors(text)) == [
        "4:68: questions[0].feedback.Z: 'Z' is not one of the options A-B",
        "5:3: questions[0].feedback.B: duplicate key 'B', already set on line 4; YAML would "
        "silently keep only the last one",
    ]


# §1: a time budget, looked at while parsing and while reading.


def _ticking_clock() -> tuple[itertools.count[int], Callable[[], int]]:
    ticks = itertools.count()
    return ticks, lambda: next(ticks)


def test_a_file_over_its_time_budget_is_refused_with_one_sentence() -> None:
    _, clock = _ticking_clock()  # each look at the clock is one second later
    with pytest.raises(SetFileError) as caught:
        load_set_bytes(_many_questions(2000).encode(), "big.yaml", deadline=5, clock=clock)
    assert [str(error) for error in caught.value.errors] == [
        "big.yaml:1:1: (file): the file took longer than 5 seconds to check; "
        "split it into smaller sets"
    ]


def test_the_budget_is_also_looked_at_while_reading_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compose, "EVENTS_PER_CHECK", 10**9)  # the parse never looks
    ticks, clock = _ticking_clock()
    with pytest.raises(SetFileError) as caught:
        load_set_text(_many_questions(2000), "big.yaml", deadline=2, clock=clock)
    assert "took longer than 2 seconds" in caught.value.errors[0].message
    assert next(ticks) == 4  # the start, then three looks while reading 8,000 keys


def test_a_file_checked_in_time_loads() -> None:
    _, clock = _ticking_clock()
    loaded = load_set_text(_many_questions(20), "small.yaml", deadline=5, clock=clock)
    assert len(loaded.questions) == 20


async def test_an_upload_is_checked_in_another_process() -> None:
    checker = UploadChecker(1)
    try:
        loaded = await checker.validate(1, VALID.encode(), "ok.yaml")
        [worker] = checker.pool.pids()
    finally:
        await checker.close()
    assert loaded.id == "ok"
    assert worker != os.getpid()
    assert not multiprocessing.active_children()


async def test_an_upload_over_its_seconds_is_refused() -> None:
    checker = UploadChecker(1, seconds=0)
    try:
        with pytest.raises(SetFileError) as caught:
            await checker.validate(1, _many_questions(3000).encode(), "big.yaml")
    finally:
        await checker.close()
    [error] = caught.value.errors
    assert error.message.startswith("the file took longer than 0 seconds to check")


async def test_a_job_that_overruns_gets_its_worker_killed_and_replaced() -> None:
    """A check that never looks at its budget (here a sleep) is stopped from outside."""
    checker = UploadChecker(1, seconds=0.2)
    try:
        with pytest.raises(SetFileError) as caught:
            await checker._check(1, "stuck.yaml", time.sleep, 60)
        [stuck] = checker.pool.pids() or [None]
        loaded = await checker.validate(1, VALID.encode(), "ok.yaml")
        [fresh] = checker.pool.pids()
    finally:
        await checker.close()
    assert caught.value.errors[0].message.startswith("the file took longer than 0.2 seconds")
    assert stuck is None  # killed at once, not left running
    assert loaded.id == "ok"
    assert fresh != os.getpid()
    assert checker.pool.started == 2
    assert not multiprocessing.active_children()


async def test_one_server_cannot_hold_every_worker_nor_queue_without_end() -> None:
    checker = UploadChecker(2, seconds=60)
    stuck = [
        asyncio.ensure_future(checker._check(1, "stuck.yaml", time.sleep, 60)) for _ in range(3)
    ]
    try:
        for _ in range(1_000_000):
            if checker.pool.pids():
                break
            await asyncio.sleep(0)
        with pytest.raises(UploadsBusy) as busy:
            await checker.validate(1, VALID.encode(), "fourth.yaml")
        other = await checker.validate(2, VALID.encode(), "ok.yaml")
        assert not any(task.done() for task in stuck)
    finally:
        await checker.close()
    outcomes = await asyncio.gather(*stuck, return_exceptions=True)
    assert "already has 3 uploads waiting" in str(busy.value)
    assert other.id == "ok"  # another server's upload was answered while the first was stuck
    assert all(isinstance(outcome, SetFileError | UploadsBusy) for outcome in outcomes)
    assert not multiprocessing.active_children()


async def test_a_file_needing_too_much_memory_is_refused_with_a_sentence() -> None:
    checker = UploadChecker(1, memory=256 * 1024 * 1024)
    try:
        with pytest.raises(SetFileError) as caught:
            await checker._check(1, "big.yaml", bytearray, 1024 * 1024 * 1024)
    finally:
        await checker.close()
    assert "more memory than an upload may use" in caught.value.errors[0].message


# §2: at most 100 errors listed, the others counted; reports stay small.


def test_an_error_flood_lists_the_first_hundred_and_counts_the_rest() -> None:
    text = "id: x\ntitle: t\nquestions:\n" + "".join(f"- *a{n}\n" for n in range(1000))
    error = _errors(text, "flood.yaml")
    assert len(error.errors) == MAX_REPORTED_ERRORS
    assert (error.more, error.total) == (900, 1000)
    assert [e.line for e in error.errors] == list(range(4, 104))
    assert str(error).splitlines()[-1] == "flood.yaml: and 900 more errors"


def test_the_errors_kept_are_the_first_by_position_whatever_order_they_come_in() -> None:
    errors = ErrorList("f.yaml")
    for line in range(300, 0, -1):
        errors.add(line, 1, "x", f"line {line}")
    errors.add(50, 1, "x", "second at line 50")
    failure = errors.failure()
    assert [e.line for e in failure.errors] == [*range(1, 51), 50, *range(51, 100)]
    assert [e.message for e in failure.errors[49:51]] == ["line 50", "second at line 50"]
    assert failure.more == 201


def test_a_mebibyte_of_long_keys_gives_a_small_report() -> None:
    key = "k" * 10_000
    text = "".join(f'? "{key}{n}"\n: x\n' for n in range(100))
    assert len(text) <= MAX_FILE_BYTES
    report = str(_errors(text))
    assert len(report.encode()) < 50_000
    assert "unknown key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'" in report


# §3: positions count only the file's own newlines.


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_yaml_line_separators_do_not_shift_line_numbers(separator: str) -> None:
    text = (
        "id: x\n"
        f"title: 'one{separator}two'\n"
        f'topic: "a{separator}b"  # note\n'
        f"# a comment{separator}\n"
        "questions:\n"
        "- {id: q, prompt: P?, options: {A: x, B: y}, answer: E}\n"
    )
    assert _located(_errors(text)) == [
        "6:54: questions[0].answer: 'E' is not one of the options A-B"
    ]


def test_cr_only_files_report_control_characters_at_their_line() -> None:
    error = _errors("id: x\rtitle: ok\rtopic: a\x07b\r")
    assert _located(error) == [
        "3:9: (file): the file holds the control character U+0007, which YAML does not allow; "
        "remove it"
    ]


def test_cr_only_files_report_encoding_errors_at_their_line() -> None:
    error = _errors(b"id: x\rtitle: ok\rtopic: caf\xe9\r")
    assert _located(error) == [
        "3:11: (file): the file is not UTF-8 text: byte 0xE9 cannot be decoded here; save the "
        "file with UTF-8 encoding"
    ]


def test_cr_lf_and_cr_count_as_one_line_each() -> None:
    error = _errors("id: x\r\ntitle: t\rquestions:\n- {id: q, prompt: P?, options: {A: x, B: y}}\n")
    assert _located(error) == ["4:3: questions[0]: missing required key 'answer'"]


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\0", 0), ("\\a", 7), ("\\e", 0x1B), ("\\b", 8), ("\\x01", 1), ("\\u009B", 0x9B)],
)
def test_escapes_that_write_control_characters_are_refused(escape: str, code: int) -> None:
    error = _errors(f'id: x\ntitle: "ok {escape} there"\nquestions: [{QUESTION[2:-1]}]\n')
    assert _located(error) == [
        f"2:12: title: the text holds the control character U+{code:04X} (written '{escape}'), "
        "which a set file may not hold; remove it"
    ]


def test_escapes_of_ordinary_characters_are_texts() -> None:
    text = 'id: x\ntitle: "tab\\there \\\\0 \\u00e9 \\N."\nquestions:\n' + QUESTION
    assert load_set_text(text, "ok.yaml").title == "tab\there \\0 é \x85."


def test_an_empty_first_document_is_not_an_empty_file() -> None:
    assert _located(_errors("---\n---\n" + VALID)) == [
        "2:1: (file): a second YAML document starts here; a set file holds exactly one set, "
        "so remove the '---' line or move this set to its own file"
    ]


def test_only_empty_documents_make_an_empty_file() -> None:
    assert _located(_errors("---\n---\n# nothing\n")) == [
        "1:1: (file): the file is empty; a set needs at least id, title and questions"
    ]


HUGE = "1" + "0" * 5000


@pytest.mark.parametrize(
    ("field", "line", "expected"),
    [
        ("estimated_minutes", f"estimated_minutes: {HUGE}", "a whole number of minutes"),
        ("defaults.attempts", f"defaults: {{attempts: {HUGE}}}", "a whole number from 1 to 10"),
        ("defaults.attempts", f"defaults: {{attempts: -{HUGE}}}", "a whole number from 1 to 10"),
    ],
)
def test_integers_too_long_to_convert_are_errors(field: str, line: str, expected: str) -> None:
    [error] = _errors(f"{line}\n{VALID}").errors
    assert (error.line, error.where) == (1, field)
    assert error.message == f"is a number of 5,001 digits; expected {expected}"


@pytest.mark.parametrize("written", [HUGE, f"-{HUGE}", f"{HUGE}:00", f"'{HUGE}'"])
def test_time_limits_too_long_to_convert_are_errors(written: str) -> None:
    [error] = _errors(f"defaults: {{time_limit: {written}}}\n{VALID}").errors
    assert (error.line, error.column, error.where) == (1, 24, "defaults.time_limit")
    assert "00000000000000000000000000000000000..." in error.message
    assert len(error.message) < 200


def test_validate_reports_huge_integers_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(f"estimated_minutes: {HUGE}\n{VALID}", encoding="utf-8")
    out = io.StringIO()
    assert run_validate([str(path)], out) == 1
    assert "is a number of 5,001 digits" in out.getvalue()


# Issue 12 §4 and §5: a text is exactly what is written; numbers are bounded.

WORDS = ["NULL", "Null", "null", "~", "yes", "off", "3.10", "1e3", "0x1F", ".inf", "2024-01-01"]


@pytest.mark.parametrize("word", WORDS)
def test_unquoted_words_yaml_would_convert_stay_texts(word: str) -> None:
    text = (
        f"id: words\ntitle: {word}\nquestions:\n"
        f"- {{id: q, prompt: {word}, hint: {word}, options: {{A: {word}, B: other}}, answer: A}}\n"
    )
    loaded = load_set_text(text, "words.yaml")
    question = loaded.questions[0]
    assert (loaded.title, question.prompt, question.hint, question.options[0]) == (word,) * 4


def test_the_contract_example_of_exact_texts() -> None:
    text = "id: x\ntitle: t\nquestions:\n- id: q\n  prompt: P?\n  options:\n"
    text += "    A: yes\n    B: 3.10\n    C: NULL\n    D: ~\n    E: 2024-01-01\n  answer: C\n"
    options = load_set_text(text, "x.yaml").questions[0].options
    assert options == ("yes", "3.10", "NULL", "~", "2024-01-01")


def test_only_a_value_with_nothing_written_is_empty() -> None:
    text = "id: x\ntitle:\nquestions:\n"
    text += "- {id: q, prompt: P?, hint: , options: {A: x, B: y}, answer: A}\n"
    assert _located(_errors(text)) == [
        "2:7: title: is empty; expected text",
        "4:29: questions[0].hint: is empty; expected text",
    ]


@pytest.mark.parametrize(("written", "shown"), [("~", "the text '~'"), ("yes", "'yes'")])
def test_number_fields_take_numbers_only(written: str, shown: str) -> None:
    [error] = _errors(f"defaults: {{attempts: {written}}}\n{VALID}").errors
    assert error.message.startswith("must be a whole number from 1 to 10, not ")
    assert shown in error.message


def test_estimated_minutes_is_bounded() -> None:
    assert load_set_text(f"estimated_minutes: 600\n{VALID}", "x.yaml").estimated_minutes == 600
    [error] = _errors(f"estimated_minutes: 601\n{VALID}").errors
    assert error.message == "must be at most 600 minutes (10 hours), not 601"


# §7: the CLI reads regular files only, at most one byte past the limit, and escapes output.


def _validate(*paths: str) -> tuple[int, str]:
    out = io.StringIO()
    code = run_validate(list(paths), out)
    return code, out.getvalue()


def test_validate_refuses_a_fifo_without_waiting_for_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, output = _validate(str(fifo))
    assert code == 1
    assert output.splitlines()[0] == (
        f"{fifo}:1:1: (file): this is a pipe (FIFO), not a set file; "
        "give a .yaml file or a folder of them"
    )


def test_validate_refuses_a_fifo_found_in_a_folder(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "ok.yaml").write_text(VALID, encoding="utf-8")
    code, output = _validate(str(tmp_path))
    assert code == 1
    assert "pipe.yaml:1:1: (file): this is a pipe (FIFO)" in output
    assert output.splitlines()[-1] == "1 set valid, 1 file with 1 error"


def test_validate_refuses_a_device() -> None:
    code, output = _validate("/dev/zero")
    assert code == 1
    assert output.splitlines()[0].startswith("/dev/zero:1:1: (file): this is a device, not a set")


def test_reading_stops_one_byte_past_the_limit_whatever_the_size_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grown.yaml"
    path.write_bytes(b"#" * (3 * MAX_FILE_BYTES))
    real_fstat, real_read = os.fstat, os.read
    read_sizes: list[int] = []

    def small_fstat(descriptor: int) -> os.stat_result:
        status = list(real_fstat(descriptor))
        status[6] = 10  # st_size: the file says it is 10 bytes long
        return os.stat_result(status)

    def counting_read(descriptor: int, size: int) -> bytes:
        data = real_read(descriptor, size)
        read_sizes.append(len(data))
        return data

    monkeypatch.setattr(loader.os, "fstat", small_fstat)
    monkeypatch.setattr(loader.os, "read", counting_read)
    with pytest.raises(SetFileError) as caught:
        load_set_file(path)
    assert sum(read_sizes) == MAX_FILE_BYTES + 1
    assert [e.message for e in caught.value.errors] == [
        "the file is more than 1,048,576 bytes; a set file may be at most 1 MiB "
        "(1,048,576 bytes), so split it into several sets"
    ]


def test_validate_prints_control_characters_escaped(tmp_path: Path) -> None:
    path = tmp_path / "ansi\x1b[2J.yaml"
    path.write_text('"\\e[31mred": x\n' + VALID, encoding="utf-8")
    other = tmp_path / "bidi.yaml"
    other.write_text("\u202eevil: y\n" + VALID, encoding="utf-8")
    code, output = _validate(str(path), str(other))
    assert code == 1
    assert "\x1b" not in output
    assert "\u202e" not in output
    assert "ansi\\x1b[2J.yaml:1:2: \\x1b[31mred: the text holds the control character U+001B" in (
        output
    )
    assert "unknown key '\\u202eevil'" in output


def test_a_set_error_prints_escaped() -> None:
    error = SetError("f\x07.yaml", 1, 2, "k\x1b", "bad \u2028 text")
    assert str(error) == "f\\x07.yaml:1:2: k\\x1b: bad \\u2028 text"
