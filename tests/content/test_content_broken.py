"""Every broken file in tests/content/broken/ fails with exactly the errors listed here.

Each expected error reads ``LINE:COLUMN: where: message``; the file name in front is left out
because it depends on where the tests run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from content import _compose
from content.errors import SetError, SetFileError
from content.limits import MAX_FILE_BYTES
from content.loader import load_set_file, load_set_text

BROKEN = Path(__file__).parent / "broken"

EXPECTED: dict[str, list[str]] = {
    "anchors-and-aliases.yaml": [
        (
            "6:14: questions[0].options: anchors like '&greek' are not allowed in set files; "
            "write each value out in full"
        ),
        (
            "12:14: questions[1].options: aliases like '*greek' are not allowed in set files; "
            "write the value out in full"
        ),
    ],
    "answer-not-an-option.yaml": [
        "11:13: questions[0].answer: 'E' is not one of the options A-D",
    ],
    "answer-yes.yaml": [
        "9:13: questions[0].answer: 'yes' is not one of the options A-B",
        (
            "13:13: questions[1].answer: 'b' is not one of the options A-B; write the letter in "
            "capitals: 'B'"
        ),
    ],
    "attempts.yaml": [
        "4:13: defaults.attempts: must be a whole number from 1 to 10, not 0",
        "8:15: questions[0].attempts: must be a whole number from 1 to 10, not 11",
        "13:15: questions[1].attempts: must be a whole number from 1 to 10, not the text '2'",
    ],
    "bad-badge.yaml": [
        "4:3: badge: missing required key 'name'",
        "4:10: badge.emoji: '🎖️ 🎖️' must be a single emoji, without spaces",
        "5:3: badge.descripton: unknown key 'descripton'; did you mean 'description'?",
    ],
    "bad-code.yaml": [
        (
            "7:17: questions[0].code.language: 'Python 3' is not a valid code language; use "
            "lowercase letters, digits and '+', '#', '.', '-', like 'python' or 'c++'"
        ),
        "8:15: questions[0].code.source: has 41 lines, 1 over the limit of 40",
    ],
    "bad-common-mistakes.yaml": [
        "9:7: questions[0].common_mistakes: has 9 items, 1 over the limit of 8",
        "23:9: questions[1].common_mistakes[0]: is 201 characters long, 1 over the limit of 200",
    ],
    "bad-difficulty.yaml": [
        (
            "6:17: questions[0].difficulty: 'Easy' is not a difficulty (did you mean 'easy'?); "
            "use easy, medium, hard, intermediate, advanced, expert"
        ),
        (
            "11:17: questions[1].difficulty: 'impossible' is not a difficulty; use easy, medium, "
            "hard, intermediate, advanced, expert"
        ),
    ],
    "bad-ids.yaml": [
        (
            "1:5: id: 'Greek_Letters' is not a valid id; use lowercase letters, digits and '-', "
            "starting with a letter or digit"
        ),
        (
            "4:9: questions[0].id: '-first' is not a valid id; use lowercase letters, digits and "
            "'-', starting with a letter or digit"
        ),
        "8:9: questions[1].id: is 69 characters long, 5 over the limit of 64",
    ],
    "bad-modes.yaml": [
        "6:23: questions[0].modes[1]: 'exam' is not a mode; use `practice`, `challenge` or `test`",
        "6:29: questions[0].modes[2]: 'practice' is listed twice",
        (
            "11:12: questions[1].modes: is an empty list; expected a list of modes, like "
            "`[practice, challenge]`"
        ),
    ],
    "bad-solution.yaml": [
        "10:9: questions[0].solution.steps: has 9 steps, 1 over the limit of 8",
        "25:11: questions[1].solution.steps[0]: missing required key 'text'",
        "31:15: questions[2].solution: is empty; give steps, a quick_check, or both",
    ],
    "comments-only.yaml": [
        "1:1: (file): the file is empty; a set needs at least id, title and questions",
    ],
    "control-character.yaml": [
        (
            "2:15: (file): the file holds the control character U+0007, which YAML does not "
            "allow; remove it"
        ),
    ],
    "custom-tag.yaml": [
        (
            "5:13: questions[0].prompt: YAML tags like '!include' are not allowed in set files; "
            "write plain text, numbers, lists and mappings only"
        ),
        (
            "6:28: questions[0].options.B: YAML tags like '!!str' are not allowed in set files; "
            "write plain text, numbers, lists and mappings only"
        ),
    ],
    "duplicate-key.yaml": [
        (
            "10:1: title: duplicate key 'title', already set on line 2; YAML would silently keep "
            "only the last one"
        ),
    ],
    "duplicate-question-ids.yaml": [
        (
            "8:9: questions[1].id: question id 'letters' is already used by questions[0] on line "
            "4; ids must be unique in a set"
        ),
    ],
    "eleven-options.yaml": [
        "17:7: questions[0].options: has 11 options; a question can have at most 10 (A to J)",
    ],
    "empty-questions.yaml": [
        "3:12: questions: is an empty list; expected a list of questions",
    ],
    "empty-values.yaml": [
        "2:8: title: is empty; expected text",
        "5:13: questions[0].prompt: is empty; expected text",
        "6:10: questions[0].hint: is empty; expected text",
    ],
    "empty.yaml": [
        "1:1: (file): the file is empty; a set needs at least id, title and questions",
    ],
    "missing-key.yaml": [
        "4:5: questions[0]: missing required key 'answer'",
    ],
    "not-utf8.yaml": [
        (
            "5:29: (file): the file is not UTF-8 text: byte 0xE9 cannot be decoded here; save "
            "the file with UTF-8 encoding"
        ),
    ],
    "one-option.yaml": [
        "7:7: questions[0].options: has only 1 option; a question needs 2 to 10 (A, B, ...)",
    ],
    "options-out-of-order.yaml": [
        (
            "8:7: questions[0].options.C: option keys must be A, B, C... in order; expected 'B' "
            "here, not 'C'"
        ),
    ],
    "python-tag.yaml": [
        (
            "2:8: title: YAML tags like '!!python/object/apply:os.system' are not allowed in set "
            "files; write plain text, numbers, lists and mappings only"
        ),
    ],
    "question-too-long.yaml": [
        (
            "4:5: questions[0]: the question is too long for one Discord message: its prompt, "
            "context, code and options come to 3,995 characters once rendered, 195 over the "
            "limit of 3,800"
        ),
    ],
    "questions-not-a-list.yaml": [
        "3:12: questions: must be a list of questions, not the text 'What is the first letter?'",
    ],
    "reveal-too-long.yaml": [
        (
            "4:5: questions[0]: the answer reveal is too long for one Discord message: the "
            "answer, solution, quick check, takeaway and common mistakes come to 5,655 "
            "characters once rendered, 655 over the limit of 5,000"
        ),
    ],
    "several-problems.yaml": [
        "3:20: estimated_minutes: must be a whole number of minutes above 0, not 0",
        (
            "7:11: questions[0].kind: 'conceptual!' is not a valid kind; use letters, digits, "
            "'_', '-' and spaces, like 'conceptual' or 'state_output'"
        ),
        (
            "10:10: questions[0].options.B: is the same text as option A; each option must be "
            "different"
        ),
        "11:13: questions[0].answer: 'C' is not one of the options A-B",
        (
            "12:22: questions[0].common_mistakes: must be a list of texts, not the text "
            "'Thinking of Beta'"
        ),
        "13:5: questions[1]: missing required key 'id'",
        "16:15: questions[1].takeaway: must be text, not a list",
    ],
    "syntax-error.yaml": [
        (
            "7:12: (file): the YAML is not well-formed: did not find expected ',' or ']' (while "
            "parsing a flow sequence that starts at line 6, column 12)"
        ),
    ],
    "tab-indent.yaml": [
        (
            "5:1: (file): the YAML is not well-formed: found a tab character that violates "
            "indentation (while scanning a plain scalar that starts at line 4, column 9)"
        ),
    ],
    "time-limits.yaml": [
        "4:15: defaults.time_limit: '1:75' is not a valid time; the seconds must be 00 to 59",
        "8:17: questions[0].time_limit: must be more than 0 seconds, not 0",
        "13:17: questions[1].time_limit: must be more than 0 seconds, not -30",
        "18:17: questions[2].time_limit: 901 seconds is over the maximum of 900 seconds (15:00)",
        (
            "23:17: questions[3].time_limit: 'abc' is not a time limit; write seconds as a "
            'number (90) or minutes and seconds as "M:SS" ("1:30")'
        ),
        (
            "28:17: questions[4].time_limit: '16:00' (960 seconds) is over the maximum of 900 "
            "seconds (15:00)"
        ),
    ],
    "too-long-text.yaml": [
        "5:13: questions[0].prompt: is 501 characters long, 1 over the limit of 500",
    ],
    "top-level-list.yaml": [
        (
            "1:1: (file): the top level of a set file must be a mapping with id, title and "
            "questions, not a list"
        ),
    ],
    "two-documents.yaml": [
        (
            "8:1: (file): a second YAML document starts here; a set file holds exactly one set, "
            "so remove the '---' line or move this set to its own file"
        ),
    ],
    "unknown-key-no-suggestion.yaml": [
        (
            "3:1: author: unknown key 'author'; the keys allowed here are id, language, title, "
            "topic, description, estimated_minutes, badge, defaults, questions"
        ),
    ],
    "unknown-key-suggestion.yaml": [
        "10:5: questions[0].hnt: unknown key 'hnt'; did you mean 'hint'?",
    ],
    "wrong-types.yaml": [
        "2:8: title: must be text, not a list",
        (
            "6:12: questions[0].modes: must be a list of modes, like `[practice, challenge]`, not "
            "the text 'challenge'"
        ),
        (
            "8:7: questions[0].options: must be a mapping of letters to answers (A: ..., B: "
            "...), not a list"
        ),
    ],
}


def _located(errors: tuple[SetError, ...]) -> list[str]:
    return [f"{error.line}:{error.column}: {error.where}: {error.message}" for error in errors]


def test_every_broken_file_has_expectations() -> None:
    assert sorted(path.name for path in BROKEN.iterdir()) == sorted(EXPECTED)


def test_the_corpus_is_big_enough() -> None:
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_exactly_its_errors(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(SetFileError) as caught:
        load_set_file(path)
    assert _located(caught.value.errors) == EXPECTED[name]
    assert all(error.file == str(path) for error in caught.value.errors)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_text_and_file_loading_agree(name: str) -> None:
    data = (BROKEN / name).read_bytes()
    with pytest.raises(SetFileError) as caught:
        load_set_text(data, name)
    assert _located(caught.value.errors) == EXPECTED[name]


def test_errors_are_sorted_by_position() -> None:
    for name, expected in EXPECTED.items():
        positions = [tuple(int(part) for part in line.split(":")[:2]) for line in expected]
        assert positions == sorted(positions), name


def _padded_set(size: int) -> bytes:
    head = (
        b"id: big\ntitle: Big\nquestions:\n- {id: a, prompt: P, options: {A: x, B: y}, answer: A}\n"
    )
    return head + b"#" * (size - len(head) - 1) + b"\n"


def test_file_over_one_mebibyte_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)

    def refuse_to_read(self: Path) -> bytes:
        raise AssertionError(f"{self} was read although it is too big")

    monkeypatch.setattr(Path, "read_bytes", refuse_to_read)
    with pytest.raises(SetFileError) as caught:
        load_set_file(path)
    assert _located(caught.value.errors) == [
        "1:1: (file): the file is 1,048,577 bytes; a set file may be at most 1 MiB "
        "(1,048,576 bytes), so split it into several sets"
    ]


def test_text_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    data = _padded_set(MAX_FILE_BYTES + 1)
    with pytest.raises(SetFileError) as caught:
        load_set_text(data, "big.yaml")
    assert [error.message for error in caught.value.errors] == [
        "the file is 1,048,577 bytes; a set file may be at most 1 MiB (1,048,576 bytes), "
        "so split it into several sets"
    ]
    with pytest.raises(SetFileError):
        load_set_text(data.decode(), "big.yaml")


def test_file_of_exactly_one_mebibyte_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(_padded_set(MAX_FILE_BYTES))
    assert load_set_file(path).id == "big"


def test_missing_file_is_a_set_file_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(SetFileError) as caught:
        load_set_file(path)
    assert (
        str(caught.value) == f"{path}:1:1: (file): cannot read the file: No such file or directory"
    )


def test_text_with_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(SetFileError) as caught:
        load_set_text("id: x\ntitle: \ud800\n", "odd.yaml")
    assert _located(caught.value.errors) == [
        "2:8: (file): the text holds a character that is not valid Unicode"
    ]


def test_undefined_alias_is_reported_as_an_alias() -> None:
    with pytest.raises(SetFileError) as caught:
        load_set_text("id: x\ntitle: *nowhere\nquestions: []\n", "alias.yaml")
    assert _located(caught.value.errors) == [
        "2:8: title: aliases like '*nowhere' are not allowed in set files; "
        "write the value out in full"
    ]


def test_nothing_is_ever_executed(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    text = f"id: x\ntitle: !!python/object/apply:os.system ['touch {marker}']\nquestions: []\n"
    with pytest.raises(SetFileError):
        load_set_text(text, "evil.yaml")
    assert not marker.exists()


def test_error_formats_as_file_line_column_where_message() -> None:
    error = SetError(
        "sets/asgi.yaml", 41, 13, "questions[2].answer", "'E' is not one of the options A-D"
    )
    assert (
        str(error) == "sets/asgi.yaml:41:13: questions[2].answer: 'E' is not one of the options A-D"
    )
    other = SetError("sets/asgi.yaml", 1, 1, "(file)", "the file is empty")
    assert str(SetFileError([error, other])) == f"{error}\n{other}"
    assert SetFileError([error]).errors == (error,)


@pytest.mark.parametrize(
    "text",
    [
        "id: &a x\n",
        "title: [&a x]\n",
        "title: {k: &a x}\n",
        "title: [a,&a x]\n",
        '{"id":&a x}\n',
        "&a\nid: x\n",
        "--- &a\nid: x\n",
        "--- !!map\nid: x\n",
        "? &a id\n: x\n",
        "id: !!str x\n",
        "id: ! x\n",
        "id:\t!!int 5\n",
        "id: x\ntitle: *a\n",
        "questions:\n- !!python/object:os.system\n  id: x\n",
    ],
)
def test_every_anchor_alias_and_tag_is_refused(text: str) -> None:
    with pytest.raises(SetFileError) as caught:
        load_set_text(text, "props.yaml")
    assert all("are not allowed in set files" in e.message for e in caught.value.errors)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pure_python_parser_finds_the_same_errors(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PyYAML without libyaml words syntax errors its own way; positions and the rest agree.
    monkeypatch.setattr(_compose, "EventParser", _compose.PythonParser)
    with pytest.raises(SetFileError) as caught:
        load_set_file(BROKEN / name)
    found = _located(caught.value.errors)
    if "not well-formed" in EXPECTED[name][0]:
        assert [line.split(": ")[0:2] for line in found] == [
            line.split(": ")[0:2] for line in EXPECTED[name]
        ]
    else:
        assert found == EXPECTED[name]


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 200_000 + "]" * 200_000,
        "{a: " * 100_000 + "}" * 100_000,
        "\n" + "".join(f"{'  ' * level}- \n" for level in range(30)),
        "\n" + "- " * 300_000 + "x",
    ],
    ids=["flow-lists", "flow-mappings", "block-lists", "compact-lists"],
)
def test_deep_nesting_is_refused_without_crashing(nested: str) -> None:
    # yaml.compose with libyaml recurses in C per level and kills the process on these.
    with pytest.raises(SetFileError) as caught:
        load_set_text(f"id: deep\ntitle: {nested}\n", "deep.yaml")
    [error] = caught.value.errors
    assert error.where.startswith("title")
    assert error.message == (
        "lists and mappings are nested more than 20 levels deep here; "
        "a set file needs no more than 6"
    )


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "id: deep\ntitle: " + "[" * 19 + "]" * 19 + "\nquestions: []\n"
    with pytest.raises(SetFileError) as caught:
        load_set_text(text, "deep.yaml")
    assert _located(caught.value.errors) == [
        "2:8: title: must be text, not a list",
        "3:12: questions: is an empty list; expected a list of questions",
    ]
