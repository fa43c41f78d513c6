"""CONTRACT §1/§6 through the real `quiz-tutor import` entry point: GIFT, Aiken and CSV."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tests.contract_surface.cli import quiz_tutor

ERROR_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<where>[^:]+): (?P<what>.+)$"
)

GIFT = """\
// a comment before everything
$CATEGORY: $course$/top/Python Basics

::Add:: What is 2+2? {=4 #right ~3 #too small ~5}

// a comment between questions
::Sky:: The sky is blue. {T}

::Dry:: Water is dry. {FALSE#it is wet}

::Escapes:: Braces \\{ \\} and \\= \\~ \\# \\: kept? {=yes\\~no ~no\\=yes ~a\\#b}

::Essay:: Write about it. {}

::Pi:: Pi? {#3.14:0.01}

::Capital:: Capital of France? {=Paris}

::Pairs:: Match {=a -> 1 =b -> 2 =c -> 3}

::Partial:: Two right {~%50%a ~%50%b ~%-100%c}
"""


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_gift_converts_every_feature_and_lists_each_skip_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "quiz.gift").write_text(GIFT, encoding="utf-8")
    done = quiz_tutor("import", "quiz.gift", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    converted = _load(tmp_path / "out" / "python-basics.yaml")
    assert (converted["id"], converted["title"]) == ("python-basics", "Python Basics")
    questions = {q["id"]: q for q in converted["questions"]}
    assert list(questions) == ["add", "sky", "dry", "escapes"]
    add = questions["add"]
    assert (add["options"], add["answer"]) == ({"A": "4", "B": "3", "C": "5"}, "A")
    assert add["feedback"] == {"B": "too small"}
    assert (questions["sky"]["options"], questions["sky"]["answer"]) == (
        {"A": "True", "B": "False"},
        "A",
    )
    assert questions["dry"]["answer"] == "B"
    escapes = questions["escapes"]
    assert escapes["prompt"] == "Braces { } and = ~ # : kept?"
    assert escapes["options"] == {"A": "yes~no", "B": "no=yes", "C": "a#b"}
    for line in (13, 15, 17, 19, 21):
        assert any(f"line {line}:" in said for said in done.stdout.splitlines()), line
    assert "skipped 5" in done.stdout
    check = quiz_tutor("validate", "out", cwd=tmp_path)
    assert check.returncode == 0, check.stdout


def test_aiken_with_both_option_styles(tmp_path: Path) -> None:
    (tmp_path / "Unit One.txt").write_text(
        "What is 1+1?\nA. 1\nB) 2\nC. 3\nANSWER: B\n\nSecond?\nA) yes\nB) no\nANSWER: A\n",
        encoding="utf-8",
    )
    done = quiz_tutor("import", "Unit One.txt", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    (written,) = (tmp_path / "out").iterdir()
    converted = _load(written)
    assert converted["id"] == "unit-one"
    assert converted["title"] == "Unit One"
    assert [q["options"] for q in converted["questions"]] == [
        {"A": "1", "B": "2", "C": "3"},
        {"A": "yes", "B": "no"},
    ]
    assert [q["answer"] for q in converted["questions"]] == ["B", "A"]
    assert quiz_tutor("validate", "out", cwd=tmp_path).returncode == 0


def test_csv_with_a_bom_every_optional_column_and_texts_kept(tmp_path: Path) -> None:
    rows = (
        "\ufeffid,prompt,A,B,C,answer,hint,explanation,difficulty,time_limit,attempts\r\n"
        'first,"Pick, one",yes,NULL,3.10,B,a hint,because,hard,1:30,3\r\n'
        ",Second,~,2024-01-01,,A,,,,45,\r\n"
    )
    (tmp_path / "sheet.csv").write_bytes(rows.encode("utf-8"))
    done = quiz_tutor("import", "sheet.csv", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    converted = _load(tmp_path / "out" / "sheet.yaml")
    first, second = converted["questions"]
    assert first["id"] == "first"
    assert first["options"] == {"A": "yes", "B": "NULL", "C": "3.10"}
    assert (first["hint"], first["difficulty"], first["attempts"]) == ("a hint", "hard", 3)
    assert "because" in yaml.safe_dump(first["solution"])
    assert str(first["time_limit"]) in {"1:30", "90"}
    assert second["options"] == {"A": "~", "B": "2024-01-01"}
    assert quiz_tutor("validate", "out", cwd=tmp_path).returncode == 0


def test_csv_without_a_required_column_points_at_the_header(tmp_path: Path) -> None:
    (tmp_path / "no-answer.csv").write_text("prompt,A,B\nWhich?,x,y\n", encoding="utf-8")
    done = quiz_tutor("import", "no-answer.csv", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    first = ERROR_LINE.match(done.stdout.splitlines()[0])
    assert first is not None
    assert (first["file"], first["line"]) == ("no-answer.csv", "1")
    assert not (tmp_path / "out").exists()


def test_errors_point_at_the_source_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "sheet.csv").write_text("prompt,A,B,answer\nOne?,x,y,A\nTwo?,x,y,C\n", "utf-8")
    done = quiz_tutor("import", "sheet.csv", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    first = ERROR_LINE.match(done.stdout.splitlines()[0])
    assert first is not None
    assert (first["file"], first["line"], first["column"]) == ("sheet.csv", "3", "10")


def test_all_errors_of_an_imported_file_at_once(tmp_path: Path) -> None:
    """A converted set 'is then validated like any YAML set', and a YAML set reports all
    errors of a file at once. An Aiken file with one question whose ANSWER names no option
    (found by validation) and one without an ANSWER line (found by the reader) should get
    both reported, not only the reader's."""
    (tmp_path / "two.txt").write_text(
        "Bad answer?\nA. x\nB. y\nANSWER: C\n\nNo answer?\nA. x\nB. y\n", encoding="utf-8"
    )
    done = quiz_tutor("import", "two.txt", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    lines = {int(m["line"]) for m in map(ERROR_LINE.match, done.stdout.splitlines()) if m}
    assert lines == {4, 6}, done.stdout


def test_all_errors_of_a_gift_file_at_once(tmp_path: Path) -> None:
    """The same for GIFT: an unclosed name (reader) and a duplicate option (validation)."""
    (tmp_path / "two.gift").write_text(
        "Same twice? {=a ~a}\n\n::Broken Which? {=x ~y}\n", encoding="utf-8"
    )
    done = quiz_tutor("import", "two.gift", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    lines = {int(m["line"]) for m in map(ERROR_LINE.match, done.stdout.splitlines()) if m}
    assert lines == {1, 3}, done.stdout


def test_out_folder_is_created_and_default_is_the_working_folder(tmp_path: Path) -> None:
    (tmp_path / "q.gift").write_text("Who? {=me ~you}\n", encoding="utf-8")
    assert quiz_tutor("import", "q.gift", "--out", "a/b/c", cwd=tmp_path).returncode == 0
    assert (tmp_path / "a" / "b" / "c" / "q.yaml").is_file()
    assert quiz_tutor("import", "q.gift", cwd=tmp_path).returncode == 0
    assert (tmp_path / "q.yaml").is_file()


AIKEN_TWO = "What is 2+2?\nA. 3\nB. 4\nANSWER: B\n\nWhat is 3+3?\nA. 6\nB. 5\nANSWER: A\n"


def test_an_existing_set_file_is_kept_unless_force_is_given(tmp_path: Path) -> None:
    (tmp_path / "maths.txt").write_text(AIKEN_TWO, encoding="utf-8")
    (tmp_path / "out").mkdir()
    edited = tmp_path / "out" / "maths.yaml"
    edited.write_text("# my edits\n", encoding="utf-8")

    refused = quiz_tutor("import", "maths.txt", "--out", "out", cwd=tmp_path)
    assert refused.returncode == 1
    assert "out/maths.yaml already exists and was left as it is; add --force" in refused.stdout
    assert edited.read_text(encoding="utf-8") == "# my edits\n"

    forced = quiz_tutor("import", "maths.txt", "--out", "out", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stdout
    assert len(_load(edited)["questions"]) == 2


def test_a_lower_case_file_name_makes_a_title_and_csv_numbers_are_numbers(
    tmp_path: Path,
) -> None:
    (tmp_path / "arithmetic_drill-week2.csv").write_text(
        "prompt,A,B,answer,time_limit,attempts\nWhat is 1+1?,1,2,B,45,2\n", encoding="utf-8"
    )
    (tmp_path / "My Quiz.txt").write_text(AIKEN_TWO, encoding="utf-8")
    done = quiz_tutor("import", "arithmetic_drill-week2.csv", "My Quiz.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    drill = _load(tmp_path / "arithmetic-drill-week2.yaml")
    assert drill["title"] == "Arithmetic drill week2"
    question = drill["questions"][0]
    assert (question["time_limit"], question["attempts"]) == (45, 2)
    assert "time_limit: 45\n" in (tmp_path / "arithmetic-drill-week2.yaml").read_text("utf-8")
    assert _load(tmp_path / "my-quiz.yaml")["title"] == "My Quiz"  # the author's capitals
