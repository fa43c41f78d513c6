"""CONTRACT §5: every text field keeps its exact text; every level says "did you mean"."""

from __future__ import annotations

import pytest

from content.loader import SetFileError, load_set_text
from content.model import Difficulty, Mode

WORDS = ("NULL", "yes", "3.10", "~", "2024-01-01", "off", "0x1F", ".inf", "1e3", "007", "12:30")

EVERY_TEXT_FIELD = """\
id: texts
title: {w}
topic: {w}
description: {w}
badge: {{name: {w}, emoji: "🎖️", description: {w}}}
questions:
  - id: q1
    prompt: {w}
    context: {w}
    code: {{language: python, source: {w}}}
    options: {{A: {w}, B: other}}
    answer: A
    hint: {w}
    solution:
      steps:
        - {{title: {w}, text: {w}}}
      quick_check: {w}
    takeaway: {w}
    common_mistakes: [{w}]
    feedback: {{B: {w}}}
"""


@pytest.mark.parametrize("word", WORDS)
def test_every_text_field_keeps_exactly_the_text_written(word: str) -> None:
    qset = load_set_text(EVERY_TEXT_FIELD.format(w=word), "t.yaml")
    question = qset.questions[0]
    assert qset.title == qset.topic == qset.description == word
    assert qset.badge is not None
    assert qset.badge.name == qset.badge.description == word
    assert question.prompt == question.context == question.hint == question.takeaway == word
    assert question.code is not None
    assert question.code.source == word
    assert question.options[0] == word
    assert question.common_mistakes == (word,)
    assert question.solution is not None
    assert question.solution.quick_check == word
    assert (question.solution.steps[0].title, question.solution.steps[0].text) == (word, word)
    assert question.feedback[1] == word


BASE = """\
id: s
title: T
questions:
  - id: q1
    prompt: P
    options: {A: x, B: y}
    answer: A
"""


@pytest.mark.parametrize(
    ("edit", "where", "suggested"),
    [
        (("title: T", "title: T\ntopc: x"), "topc", "topic"),
        (("title: T", "title: T\ndefaults: {atempts: 2}"), "defaults.atempts", "attempts"),
        (("title: T", "title: T\nbadge: {name: n, emoji: x, descripton: d}"),
         "badge.descripton", "description"),
        (("    answer: A", "    answer: A\n    promt: p"), "questions[0].promt", "prompt"),
        (("    answer: A", "    answer: A\n    code: {languge: python, source: x}"),
         "questions[0].code.languge", "language"),
        (("    answer: A", "    answer: A\n    solution: {quick_chek: x}"),
         "questions[0].solution.quick_chek", "quick_check"),
        (("    answer: A", "    answer: A\n    solution: {steps: [{title: a, text: b, txt: c}]}"),
         "questions[0].solution.steps[0].txt", "text"),
    ],
)  # fmt: skip
def test_unknown_keys_at_every_level_suggest_the_right_one(
    edit: tuple[str, str], where: str, suggested: str
) -> None:
    with pytest.raises(SetFileError) as raised:
        load_set_text(BASE.replace(*edit), "s.yaml")
    said = [str(error) for error in raised.value.errors]
    assert any(f": {where}: " in line and f"did you mean '{suggested}'" in line for line in said), (
        said
    )


@pytest.mark.parametrize(
    "difficulty", ["easy", "medium", "hard", "intermediate", "advanced", "expert"]
)
def test_each_listed_difficulty(difficulty: str) -> None:
    text = BASE.replace("id: q1\n", f"id: q1\n    difficulty: {difficulty}\n")
    assert load_set_text(text, "s.yaml").questions[0].difficulty == Difficulty(difficulty)


def test_modes_default_to_all_three_and_take_any_subset() -> None:
    assert set(load_set_text(BASE, "s.yaml").questions[0].modes) == set(Mode)
    text = BASE.replace("id: q1\n", "id: q1\n    modes: [test, practice]\n")
    assert set(load_set_text(text, "s.yaml").questions[0].modes) == {Mode.TEST, Mode.PRACTICE}


@pytest.mark.parametrize(
    ("written", "seconds"), [("90", 90), ('"1:30"', 90), ("1:30", 90), ('"0:45"', 45)]
)
def test_time_limit_as_number_or_minutes_seconds_in_defaults_and_question(
    written: str, seconds: int
) -> None:
    text = BASE.replace("title: T", f"title: T\ndefaults: {{time_limit: {written}}}")
    assert load_set_text(text, "s.yaml").questions[0].time_limit == seconds
    text = BASE.replace("id: q1\n", f"id: q1\n    time_limit: {written}\n")
    assert load_set_text(text, "s.yaml").questions[0].time_limit == seconds


def test_ten_options_a_to_j_load_and_eleven_or_a_gap_do_not() -> None:
    ten = "{" + ", ".join(f"{c}: t{c}" for c in "ABCDEFGHIJ") + "}"
    question = load_set_text(
        BASE.replace("{A: x, B: y}", ten).replace("answer: A", "answer: J"), "s"
    )
    assert (len(question.questions[0].options), question.questions[0].answer) == (10, 9)
    eleven = "{" + ", ".join(f"{c}: t{c}" for c in "ABCDEFGHIJK") + "}"
    for options in (eleven, "{A: x}", "{A: x, C: y}", "{B: x, A: y}"):
        with pytest.raises(SetFileError):
            load_set_text(BASE.replace("{A: x, B: y}", options), "s.yaml")
