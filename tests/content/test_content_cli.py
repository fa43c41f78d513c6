"""``quiz-tutor validate``: one line per problem or per valid set, and the right exit code."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from bot.cli import main
from content.cli import run_validate

BROKEN = Path(__file__).parent / "broken"

SET_TEMPLATE = """\
id: {set_id}
title: {title}
questions:
  - {{id: q1, prompt: P?, difficulty: easy, options: {{A: x, B: y}}, answer: A}}
  - {{id: q2, prompt: P?, difficulty: expert, modes: [test], options: {{A: x, B: y}}, answer: B}}
  - {{id: q3, prompt: P?, modes: [practice, test], options: {{A: x, B: y}}, answer: B}}
"""


def _write_set(path: Path, set_id: str, title: str = "A set") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SET_TEMPLATE.format(set_id=set_id, title=title), encoding="utf-8")
    return path


def _validate(paths: list[str]) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_validate(paths, out)
    return code, out.getvalue().splitlines()


def test_valid_file_prints_a_summary_and_exits_0(tmp_path: Path) -> None:
    path = _write_set(tmp_path / "letters.yaml", "letters", "Greek letters")
    code, lines = _validate([str(path)])
    assert code == 0
    assert lines == [
        'ok  letters  "Greek letters"  3 questions '
        "(practice 2, challenge 1, test 3; easy 1, medium 1, expert 1)",
        "1 set valid",
    ]


def test_broken_file_prints_every_error_and_exits_1() -> None:
    path = str(BROKEN / "time-limits.yaml")
    code, lines = _validate([path])
    assert code == 1
    assert len(lines) == 7
    assert lines[0] == (
        f"{path}:4:15: defaults.time_limit: '1:75' is not a valid time; "
        "the seconds must be 00 to 59"
    )
    assert all(line.startswith(f"{path}:") for line in lines[:6])
    assert lines[-1] == "0 sets valid, 1 file with 6 errors"


def test_folder_is_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    _write_set(tmp_path / "b.yaml", "bravo")
    _write_set(tmp_path / "nested" / "a.yml", "alpha")
    (tmp_path / "notes.txt").write_text("not a set", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("id: broken\n", encoding="utf-8")
    code, lines = _validate([str(tmp_path)])
    assert code == 1
    assert lines == [
        f"{tmp_path / 'a.yaml'}:1:1: (file): missing required key 'title'",
        f"{tmp_path / 'a.yaml'}:1:1: (file): missing required key 'questions'",
        lines[2],
        lines[3],
        "2 sets valid, 1 file with 2 errors",
    ]
    assert lines[2].startswith("ok  bravo  ")
    assert lines[3].startswith("ok  alpha  ")


def test_file_names_are_shown_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "empty.yaml").write_text("", encoding="utf-8")
    code, lines = _validate(["sets/empty.yaml", "sets"])
    assert code == 1
    expected = "the file is empty; a set needs at least id, title and questions"
    assert lines == [
        f"sets/empty.yaml:1:1: (file): {expected}",
        "0 sets valid, 1 file with 1 error",
    ]


def test_missing_path_and_empty_folder_are_errors(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    empty = tmp_path / "empty"
    empty.mkdir()
    valid = _write_set(tmp_path / "valid.yaml", "valid")
    code, lines = _validate([missing, str(empty), str(valid)])
    assert code == 1
    assert lines[0] == f"{missing}:1:1: (file): no such file or folder"
    assert lines[1] == f"{empty}:1:1: (file): the folder holds no set files (*.yaml or *.yml)"
    assert lines[2].startswith("ok  valid  ")
    assert lines[3] == "1 set valid, 2 files with 2 errors"


def test_duplicate_set_ids_across_files_are_errors(tmp_path: Path) -> None:
    first = _write_set(tmp_path / "one.yaml", "same")
    second = _write_set(tmp_path / "two.yaml", "same")
    code, lines = _validate([str(tmp_path)])
    assert code == 1
    assert lines[1] == (
        f"{second}:1:5: id: set id 'same' is already used by {first}; each set needs its own id"
    )
    assert lines[2] == "1 set valid, 1 file with 1 error"


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    path = _write_set(tmp_path / "one.yaml", "one")
    code, lines = _validate(
        [str(path), str(tmp_path), os.path.join(str(tmp_path), ".", "one.yaml")]
    )
    assert code == 0
    assert lines[-1] == "1 set valid"


def test_quiz_tutor_validate_command_uses_run_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_set(tmp_path / "one.yaml", "one")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 set valid"
    assert main(["validate", str(BROKEN / "empty.yaml")]) == 1


def test_the_summary_counts_difficulties_on_the_one_scale(tmp_path: Path) -> None:
    path = tmp_path / "scale.yaml"
    path.write_text(
        "id: scale-words\ntitle: Scale words\nquestions:\n"
        "  - {id: q1, prompt: P?, difficulty: intermediate, options: {A: x, B: y}, answer: A}\n"
        "  - {id: q2, prompt: Q?, difficulty: advanced, options: {A: x, B: y}, answer: B}\n"
        "  - {id: q3, prompt: R?, difficulty: medium, options: {A: x, B: y}, answer: B}\n",
        encoding="utf-8",
    )
    code, lines = _validate([str(path)])
    assert code == 0
    assert lines[0].endswith("(practice 3, challenge 3, test 3; medium 2, hard 1)")
