"""A valid set file becomes exactly the QuestionSet it describes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from content.loader import load_set_file, load_set_text
from content.model import (
    DEFAULT_ATTEMPTS,
    DEFAULT_TIME_LIMIT,
    Badge,
    Code,
    Difficulty,
    Mode,
    Question,
    QuestionSet,
    Solution,
    SolutionStep,
)

CONTRACT_EXAMPLE = """\
id: asgi-vs-wsgi                 # required; lowercase letters, digits and '-'
title: ASGI vs WSGI in Django     # required
topic: Django framework
description: How Django talks to web servers.
estimated_minutes: 20
badge:
  name: ASGI vs WSGI Master
  emoji: "🎖️"
  description: Get all challenges correct to earn this badge!
defaults:
  time_limit: "1:30"
  attempts: 2
questions:
  - id: main-difference
    prompt: What is the main difference between ASGI and WSGI?
    context: Choose the option that best describes the key difference.
    kind: conceptual
    difficulty: intermediate
    modes: [challenge]
    time_limit: 90
    attempts: 2
    code:
      language: python
      source: |
        from django.core.asgi import get_asgi_application
        application = ???
    options:
      A: ASGI and WSGI both support asynchronous communication.
      B: WSGI supports WebSockets, ASGI only synchronous HTTP.
      C: ASGI supports asynchronous communication and WebSockets; WSGI only synchronous HTTP.
      D: WSGI is for mobile apps, ASGI for desktop web apps.
    answer: C
    hint: Which interface can hold many connections open at once?
    solution:
      steps:
        - title: Understand WSGI's role
          text: WSGI handles one synchronous request per worker at a time.
      quick_check: WSGI = synchronous, ASGI = asynchronous
    takeaway: "Remember: ASGI = async and real-time support"
    common_mistakes:
      - Thinking WSGI supports WebSocket
"""


def _one_question(**fields: str) -> str:
    lines = ["id: one", "title: One question", "questions:", "  - id: q", "    prompt: P?"]
    lines += [f"    {key}: {value}" for key, value in fields.items()]
    lines += ["    options: {A: x, B: y}", "    answer: A"]
    return "\n".join(lines) + "\n"


def test_contract_example_loads_into_the_model(tmp_path: Path) -> None:
    path = tmp_path / "asgi.yaml"
    path.write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    loaded = load_set_file(path)
    assert loaded == QuestionSet(
        id="asgi-vs-wsgi",
        title="ASGI vs WSGI in Django",
        topic="Django framework",
        description="How Django talks to web servers.",
        estimated_minutes=20,
        badge=Badge(
            name="ASGI vs WSGI Master",
            emoji="🎖️",
            description="Get all challenges correct to earn this badge!",
        ),
        questions=(
            Question(
                id="main-difference",
                prompt="What is the main difference between ASGI and WSGI?",
                context="Choose the option that best describes the key difference.",
                kind="conceptual",
                difficulty=Difficulty.INTERMEDIATE,
                modes=frozenset({Mode.CHALLENGE}),
                time_limit=90,
                attempts=2,
                code=Code(
                    language="python",
                    source="from django.core.asgi import get_asgi_application\napplication = ???",
                ),
                options=(
                    "ASGI and WSGI both support asynchronous communication.",
                    "WSGI supports WebSockets, ASGI only synchronous HTTP.",
                    "ASGI supports asynchronous communication and WebSockets; "
                    "WSGI only synchronous HTTP.",
                    "WSGI is for mobile apps, ASGI for desktop web apps.",
                ),
                answer=2,
                hint="Which interface can hold many connections open at once?",
                solution=Solution(
                    steps=(
                        SolutionStep(
                            title="Understand WSGI's role",
                            text="WSGI handles one synchronous request per worker at a time.",
                        ),
                    ),
                    quick_check="WSGI = synchronous, ASGI = asynchronous",
                ),
                takeaway="Remember: ASGI = async and real-time support",
                common_mistakes=("Thinking WSGI supports WebSocket",),
            ),
        ),
    )
    assert loaded.questions[0].answer_letter == "C"
    assert loaded.question("main-difference") is loaded.questions[0]


def test_model_defaults_apply_without_defaults_block() -> None:
    question = load_set_text(_one_question(), "one.yaml").questions[0]
    assert question.time_limit == DEFAULT_TIME_LIMIT
    assert question.attempts == DEFAULT_ATTEMPTS
    assert question.difficulty is Difficulty.MEDIUM
    assert question.modes == frozenset(Mode)
    assert question.context is None
    assert question.code is None
    assert question.solution is None
    assert question.common_mistakes == ()


def test_set_defaults_apply_to_questions_that_set_nothing() -> None:
    text = """\
id: defaults
title: Defaults
defaults: {time_limit: "2:05", attempts: 3}
questions:
  - {id: plain, prompt: P?, options: {A: x, B: y}, answer: B}
  - {id: own, prompt: P?, time_limit: 30, attempts: 1, options: {A: x, B: y}, answer: A}
"""
    plain, own = load_set_text(text, "defaults.yaml").questions
    assert (plain.time_limit, plain.attempts, plain.answer) == (125, 3, 1)
    assert (own.time_limit, own.attempts, own.answer) == (30, 1, 0)


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("90", 90),
        ("1", 1),
        ("900", 900),
        ('"90"', 90),
        ('"0:30"', 30),
        ('"1:30"', 90),
        ('"1:05"', 65),
        ('"15:00"', 900),
        ("1:30", 90),  # unquoted, YAML 1.1 would read this as 90 in base 60 too
        ("'10:59'", 659),
    ],
)
def test_time_limit_is_seconds_or_minutes_and_seconds(written: str, seconds: int) -> None:
    question = load_set_text(_one_question(time_limit=written), "t.yaml").questions[0]
    assert question.time_limit == seconds


@pytest.mark.parametrize(
    ("modes", "expected"),
    [
        ("[practice]", {Mode.PRACTICE}),
        ("[test, challenge]", {Mode.TEST, Mode.CHALLENGE}),
        ("[practice, challenge, test]", set(Mode)),
    ],
)
def test_modes_are_read_as_a_set(modes: str, expected: set[Mode]) -> None:
    question = load_set_text(_one_question(modes=modes), "m.yaml").questions[0]
    assert question.modes == frozenset(expected)


@pytest.mark.parametrize("difficulty", list(Difficulty))
def test_every_difficulty_is_accepted(difficulty: Difficulty) -> None:
    text = _one_question(difficulty=difficulty.value)
    assert load_set_text(text, "d.yaml").questions[0].difficulty is difficulty


def test_answer_becomes_an_index_into_ten_options() -> None:
    options = "\n".join(f"      {letter}: option {letter}" for letter in "ABCDEFGHIJ")
    text = (
        "id: ten\ntitle: Ten\nquestions:\n  - id: q\n    prompt: P?\n"
        f"    options:\n{options}\n    answer: J\n"
    )
    question = load_set_text(text, "ten.yaml").questions[0]
    assert question.answer == 9
    assert question.letters == "ABCDEFGHIJ"
    assert question.options[question.answer] == "option J"


def test_unquoted_values_are_kept_as_written() -> None:
    text = """\
id: 2024
title: 3.10
questions:
  - id: q
    prompt: Which of these is the octal literal?
    options: {A: 010, B: yes, C: 1.50, D: ~x, E: null-ish}
    answer: A
"""
    loaded = load_set_text(text, "n.yaml")
    assert (loaded.id, loaded.title) == ("2024", "3.10")
    assert loaded.questions[0].options == ("010", "yes", "1.50", "~x", "null-ish")


def test_trailing_blanks_are_stripped_and_inner_indentation_kept() -> None:
    text = """\
id: blanks
title: "Blanks   "
questions:
  - id: q
    prompt: |
      Line one

    code:
      language: python
      source: |
        def f():
            return 1

    options:
      A: >
        folded
        text
      B: y
    answer: A
"""
    loaded = load_set_text(text, "b.yaml")
    question = loaded.questions[0]
    assert loaded.title == "Blanks"
    assert question.prompt == "Line one"
    assert question.code == Code(language="python", source="def f():\n    return 1")
    assert question.options == ("folded text", "y")


def test_bytes_str_and_byte_order_mark_load_the_same() -> None:
    text = _one_question()
    expected = load_set_text(text, "a.yaml")
    assert load_set_text(text.encode(), "a.yaml") == expected
    assert load_set_text(b"\xef\xbb\xbf" + text.encode(), "a.yaml") == expected
    assert load_set_text("\ufeff" + text, "a.yaml") == expected


def test_explicit_document_markers_are_fine() -> None:
    assert load_set_text("---\n" + _one_question() + "...\n", "a.yaml").id == "one"


def test_texts_at_their_limits_are_accepted() -> None:
    text = _one_question(prompt="x" * 500, hint="h" * 500, kind="State output_2")
    text = text.replace("    prompt: P?\n", "")
    question = load_set_text(text, "limits.yaml").questions[0]
    assert len(question.prompt) == 500
    assert question.kind == "State output_2"


_texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "" and text == text.rstrip())


@settings(max_examples=60, deadline=None)
@given(
    title=_texts,
    prompt=_texts,
    options=st.lists(_texts, min_size=2, max_size=10, unique=True),
    data=st.data(),
)
def test_any_text_yaml_writes_comes_back_unchanged(
    title: str, prompt: str, options: list[str], data: st.DataObject
) -> None:
    answer = data.draw(st.integers(0, len(options) - 1))
    document = {
        "id": "roundtrip",
        "title": title,
        "questions": [
            {
                "id": "q",
                "prompt": prompt,
                "options": {"ABCDEFGHIJ"[i]: text for i, text in enumerate(options)},
                "answer": "ABCDEFGHIJ"[answer],
            }
        ],
    }
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    loaded = load_set_text(text, "roundtrip.yaml")
    assert loaded.title == title
    assert loaded.questions[0].prompt == prompt
    assert loaded.questions[0].options == tuple(options)
    assert loaded.questions[0].answer == answer
