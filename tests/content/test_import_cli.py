"""``quiz-tutor import FILE... [--out DIR]``: one YAML set per file, the report, exit codes."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from bot.cli import main
from content.cli import run_validate
from content.importers.cli import run_import
from content.loader import MAX_FILE_BYTES, load_set_file

FIXTURES = Path(__file__).parent / "import_fixtures"


def _import(files: list[str], out_dir: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_import(files, out_dir=str(out_dir), out=out)
    return code, out.getvalue().splitlines()


def test_each_file_becomes_a_set_named_by_its_id(tmp_path: Path) -> None:
    files = [str(FIXTURES / name) for name in ("moodle-style.gift", "spreadsheet.csv")]
    code, lines = _import(files, tmp_path / "sets")
    assert code == 0
    assert lines == [
        f"{files[0]} -> {tmp_path / 'sets' / 'django-basics.yaml'}: converted 19 questions "
        "from GIFT",
        f"{files[1]} -> {tmp_path / 'sets' / 'spreadsheet.yaml'}: converted 3 questions from CSV",
        "2 files converted",
    ]
    assert sorted(path.name for path in (tmp_path / "sets").iterdir()) == [
        "django-basics.yaml",
        "spreadsheet.yaml",
    ]
    assert len(load_set_file(tmp_path / "sets" / "django-basics.yaml").questions) == 19
    assert run_validate([str(tmp_path / "sets")], io.StringIO()) == 0


def test_skipped_questions_are_listed_under_their_file(tmp_path: Path) -> None:
    path = str(FIXTURES / "skipped-types.gift")
    code, lines = _import([path], tmp_path)
    assert code == 0
    assert lines[0].endswith(
        "converted 2 questions from GIFT, skipped 10 (1 essay, 1 matching question, "
        "2 numerical questions, 2 short-answer questions, 1 partial-credit question, "
        "2 multiple-answer questions, 1 description)"
    )
    assert lines[1] == (
        "  line 6: skipped essay question: an essay question ({}) is answered in free text"
    )
    assert len(lines) == 12


def test_a_broken_file_prints_its_errors_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    broken = str(FIXTURES / "broken.gift")
    good = str(FIXTURES / "questions.aiken.txt")
    code, lines = _import([broken, good], tmp_path)
    assert code == 1
    assert lines[0] == f"{broken}:3:1: name: the question name has no closing '::'"
    assert len([line for line in lines if line.startswith(f"{broken}:")]) == 7
    assert lines[-1] == "1 file converted, 1 file with errors"
    assert [path.name for path in tmp_path.iterdir()] == ["questions-aiken.yaml"]


def test_missing_files_directories_and_fifos_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.gift"
    os.mkfifo(fifo)
    missing = str(tmp_path / "missing.gift")
    code, lines = _import([missing, str(tmp_path), str(fifo)], tmp_path / "out")
    assert code == 1
    assert lines == [
        f"{missing}:1:1: (file): cannot read the file: No such file or directory",
        f"{tmp_path}:1:1: (file): is not a regular file",
        f"{fifo}:1:1: (file): is not a regular file",
        "0 files converted, 3 files with errors",
    ]
    assert not (tmp_path / "out").exists()


def test_a_file_over_1_mib_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.gift"
    big.write_bytes(b"A?{=a ~b}\n\n" * (MAX_FILE_BYTES // 11 + 1))
    code, lines = _import([str(big)], tmp_path / "out")
    assert code == 1
    assert lines[0] == (
        f"{big}:1:1: (file): the file is 1,048,577 bytes; a file to import may be at most "
        "1 MiB (1,048,576 bytes), so split it into several"
    )


def test_two_files_converting_to_the_same_set_id(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "quiz.gift", tmp_path / "b" / "quiz.txt"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text("Who?{=me ~you}\n", encoding="utf-8")
    code, lines = _import([str(first), str(second)], tmp_path / "out")
    assert code == 1
    assert lines[1] == (
        f"{second}:1:1: (file): its set id 'quiz' is the one {first} was converted to; give "
        "it another $CATEGORY or file name"
    )
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["quiz.yaml"]


def test_the_quiz_tutor_command_runs_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(FIXTURES / "questions.aiken.txt")
    assert main(["import", source, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "converted 3 questions from Aiken" in out
    assert (tmp_path / "questions-aiken.yaml").is_file()
