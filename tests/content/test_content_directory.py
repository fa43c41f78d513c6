"""``load_directory``: every valid set under a folder, and the problems of the others."""

from __future__ import annotations

from pathlib import Path

from content.errors import SetError
from content.loader import load_directory

SET_TEXT = """\
id: {set_id}
title: Set {set_id}
questions:
  - {{id: q, prompt: P?, options: {{A: x, B: y}}, answer: A}}
"""


def _write_set(path: Path, set_id: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SET_TEXT.format(set_id=set_id), encoding="utf-8")
    return path


def test_sets_are_found_recursively_in_sorted_order(tmp_path: Path) -> None:
    _write_set(tmp_path / "b.yaml", "bravo")
    _write_set(tmp_path / "a" / "z.yml", "zulu")
    _write_set(tmp_path / "a.yaml", "alpha")
    (tmp_path / "README.md").write_text("# not a set", encoding="utf-8")
    (tmp_path / "set.json").write_text("{}", encoding="utf-8")
    sets, errors = load_directory(tmp_path)
    assert errors == []
    assert [s.id for s in sets] == ["zulu", "alpha", "bravo"]


def test_duplicate_set_ids_across_files_keep_the_first(tmp_path: Path) -> None:
    first = _write_set(tmp_path / "1-first.yaml", "same")
    second = _write_set(tmp_path / "2-second.yaml", "same")
    _write_set(tmp_path / "3-other.yaml", "other")
    sets, errors = load_directory(tmp_path)
    assert [s.id for s in sets] == ["same", "other"]
    assert errors == [
        SetError(
            str(second),
            1,
            5,
            "id",
            f"set id 'same' is already used by {first}; each set needs its own id",
        )
    ]


def test_broken_files_are_reported_and_valid_ones_still_load(tmp_path: Path) -> None:
    _write_set(tmp_path / "good.yaml", "good")
    broken = tmp_path / "broken.yaml"
    broken.write_text(SET_TEXT.format(set_id="Bad Id"), encoding="utf-8")
    sets, errors = load_directory(tmp_path)
    assert [s.id for s in sets] == ["good"]
    assert [str(error) for error in errors] == [
        f"{broken}:1:5: id: 'Bad Id' is not a valid id; use lowercase letters, digits and '-', "
        "starting with a letter or digit"
    ]


def test_a_broken_file_does_not_claim_its_set_id(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: same\ntitle: Broken\nquestions: []\n", encoding="utf-8")
    _write_set(tmp_path / "b.yaml", "same")
    sets, errors = load_directory(tmp_path)
    assert [s.id for s in sets] == ["same"]
    assert [error.where for error in errors] == ["questions"]


def test_empty_folder_has_no_sets_and_no_errors(tmp_path: Path) -> None:
    assert load_directory(tmp_path) == ([], [])


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert load_directory(missing) == (
        [],
        [SetError(str(missing), 1, 1, "(file)", "no such folder")],
    )
