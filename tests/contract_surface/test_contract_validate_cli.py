"""CONTRACT §1/§5 through the real `quiz-tutor validate` entry point: exit codes, error lines."""

from __future__ import annotations

import re
from pathlib import Path

from tests.contract_surface.cli import quiz_tutor

ERROR_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<where>[^:]+): (?P<what>.+)$"
)

GOOD = """\
id: {set_id}
title: Good set
questions:
  - id: q1
    prompt: Which?
    options: {{A: one, B: two}}
    answer: A
"""

# Five independent problems, on lines 1, 4, 9, 12 and 14.
BROKEN = """\
id: Bad_Id
title: Broken
questions:
  - id: q1
    prompt: Which?
    options: {A: one, B: two}
    answer: C
    time_limit: "1:75"
  - id: q1
    prompt: Again?
    options: {A: one, B: two}
    difficulty: simple
    answer: B
    hnit: typo
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_files_and_folders_exit_0(tmp_path: Path) -> None:
    _write(tmp_path / "sets" / "a.yaml", GOOD.format(set_id="a"))
    _write(tmp_path / "sets" / "deep" / "b.yml", GOOD.format(set_id="b"))
    _write(tmp_path / "c.yaml", GOOD.format(set_id="c"))
    done = quiz_tutor("validate", "sets", "c.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_one_bad_file_among_good_ones_exits_1(tmp_path: Path) -> None:
    _write(tmp_path / "sets" / "a.yaml", GOOD.format(set_id="a"))
    _write(tmp_path / "sets" / "z.yaml", BROKEN)
    done = quiz_tutor("validate", "sets", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr


def test_every_error_of_a_file_at_once_each_as_file_line_column_where_what(
    tmp_path: Path,
) -> None:
    _write(tmp_path / "broken.yaml", BROKEN)
    done = quiz_tutor("validate", "broken.yaml", cwd=tmp_path)
    assert done.returncode == 1
    errors = [ERROR_LINE.match(line) for line in done.stdout.splitlines()]
    found = [(m["file"], int(m["line"]), m["where"]) for m in errors if m is not None]
    assert ("broken.yaml", 1, "id") in found
    assert ("broken.yaml", 7, "questions[0].answer") in found
    assert ("broken.yaml", 8, "questions[0].time_limit") in found
    assert ("broken.yaml", 9, "questions[1].id") in found
    assert ("broken.yaml", 12, "questions[1].difficulty") in found
    assert ("broken.yaml", 14, "questions[1].hnit") in found
    hnit = next(m for m in errors if m is not None and m["where"] == "questions[1].hnit")
    assert "did you mean 'hint'" in hnit["what"]
    answer = next(m for m in errors if m is not None and m["where"] == "questions[0].answer")
    assert (int(answer["column"]), "'C'" in answer["what"]) == (13, True)


def test_a_file_that_is_not_utf8_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes(
        GOOD.format(set_id="x").replace("Good", "Caf\xe9").encode("latin-1")
    )
    done = quiz_tutor("validate", "latin.yaml", cwd=tmp_path)
    assert done.returncode == 1
    first = ERROR_LINE.match(done.stdout.splitlines()[0])
    assert first is not None
    assert (first["file"], first["line"]) == ("latin.yaml", "2")
    assert "UTF-8" in first["what"]


def test_a_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    padding = "# " + "x" * 1000 + "\n"
    text = GOOD.format(set_id="big") + padding * 1100
    assert len(text.encode()) > 1024 * 1024
    (tmp_path / "big.yaml").write_text(text, encoding="utf-8")
    done = quiz_tutor("validate", "big.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert ERROR_LINE.match(done.stdout.splitlines()[0]) is not None
    assert "Traceback" not in done.stderr


def test_a_missing_path_exits_1_with_an_error_line(tmp_path: Path) -> None:
    done = quiz_tutor("validate", "nowhere.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("nowhere.yaml:1:1: ")


def test_gift_aiken_and_csv_files_are_validated_through_the_importer(tmp_path: Path) -> None:
    (tmp_path / "sky.gift").write_text("::Sky:: Sky colour? {=blue ~red ~green}\n", "utf-8")
    (tmp_path / "maths.txt").write_text("What is 2+2?\nA. 3\nB. 4\nANSWER: B\n", "utf-8")
    (tmp_path / "drill.csv").write_text("prompt,A,B,answer\nOne plus one?,1,2,B\n", "utf-8")
    (tmp_path / "bad.csv").write_text("prompt,A,B,answer\nOne plus one?,1,2,Z\n", "utf-8")
    done = quiz_tutor("validate", "sky.gift", "maths.txt", "drill.csv", "bad.csv", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith('ok  sky  "Sky"  1 question')
    assert (
        lines[1] == "    converted from GIFT: `quiz-tutor import sky.gift` writes it as a YAML set"
    )
    assert lines[2].startswith('ok  maths  "Maths"  1 question')
    assert "converted from Aiken" in lines[3]
    assert lines[4].startswith('ok  drill  "Drill"  1 question')
    assert "converted from CSV" in lines[5]
    assert ERROR_LINE.match(lines[6]), lines[6]
    assert lines[6].startswith("bad.csv:2:")
    assert "yaml" not in "\n".join(lines[6:-1]).lower()
    assert lines[-1] == "3 sets valid, 1 file with 1 error"
