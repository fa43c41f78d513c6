"""Aiken import: options ``A.`` or ``A)``, ``ANSWER: X``, blank lines, errors at the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.importers import convert_file
from content.loader import SetFileError, load_set_text
from content.model import QuestionSet

FIXTURES = Path(__file__).parent / "import_fixtures"


def _aiken(text: str, name: str = "quiz.txt") -> QuestionSet:
    conversion = convert_file(name, text.encode())
    assert conversion.source_format == "Aiken"
    return load_set_text(conversion.yaml_text, "quiz.yaml")


def _errors(name: str, data: bytes) -> list[str]:
    with pytest.raises(SetFileError) as raised:
        convert_file(name, data)
    return [str(error) for error in raised.value.errors]


def test_moodle_style_aiken_file_converts() -> None:
    data = (FIXTURES / "questions.aiken.txt").read_bytes()
    conversion = convert_file("questions.aiken.txt", data)
    assert conversion.report() == "converted 3 questions from Aiken"
    assert (conversion.set_id, conversion.title) == ("questions-aiken", "Questions.aiken")
    question_set = load_set_text(conversion.yaml_text, "questions-aiken.yaml")
    assert [(q.id, q.options, q.answer) for q in question_set.questions] == [
        (
            "q1",
            ("Is it this one?", "Maybe this answer?", "Possibly this one?", "Must be this one!"),
            3,
        ),
        ("q2", ("Moodle", "ATutor", "Claroline", "Blackboard", "WebCT", "Ilias"), 0),
        ("q3", ("WSGI", "ASGI", "CGI"), 1),
    ]
    assert question_set.questions[0].prompt == "What is the correct answer to this question?"


def test_question_text_over_several_lines_and_blank_lines_between_options() -> None:
    question = _aiken(
        "Which one\nkeeps sockets open?\n\nA) WSGI\n\nB) ASGI\nANSWER: B\n"
    ).questions[0]
    assert question.prompt == "Which one\nkeeps sockets open?"
    assert (question.options, question.answer) == (("WSGI", "ASGI"), 1)


def test_questions_need_no_blank_line_after_answer() -> None:
    question_set = _aiken("One?\nA. x\nB. y\nANSWER: A\nTwo?\nA. x\nB. y\nANSWER: B\n")
    assert [q.answer for q in question_set.questions] == [0, 1]


def test_answer_letter_in_lower_case_and_texts_yaml_would_misread() -> None:
    question = _aiken("Which is text?\nA. NULL\nB. yes\nC. ~\nANSWER: c\n").questions[0]
    assert (question.options, question.answer) == (("NULL", "yes", "~"), 2)


def test_a_txt_file_with_braces_in_an_aiken_question_is_still_aiken() -> None:
    question = _aiken("What is {} in Python?\nA. a dict\nB. a set\nANSWER: A\n").questions[0]
    assert question.prompt == "What is {} in Python?"


def test_broken_file_errors_at_each_line() -> None:
    name = "broken.aiken.txt"
    assert _errors(name, (FIXTURES / name).read_bytes()) == [
        f"{name}:1:1: option: an option before any question text",
        f"{name}:2:1: answer: an ANSWER line before any option ('A. ...' or 'A) ...')",
        f"{name}:6:1: option: expected option 'B' here, not 'C'",
        f"{name}:13:1: answer: expected option 'C. ...' or the 'ANSWER: X' line of the "
        "question on line 9",
        f"{name}:16:9: answer: ANSWER must name one option letter, like 'ANSWER: B'",
    ]


def test_a_question_without_answer_at_the_end_of_the_file() -> None:
    assert _errors("end.txt", b"Done?\nA. yes\nB. no\n") == [
        "end.txt:1:1: answer: this question has no 'ANSWER: X' line"
    ]


def test_validator_errors_point_at_the_aiken_line() -> None:
    options = "".join(f"{letter}. option {letter}\n" for letter in "ABCDEFGHIJK")
    data = (
        f"Which?\nA. x\nB. y\nANSWER: E\n\nToo many?\n{options}ANSWER: A\n\n"
        "Same?\n  A. same\n  B. same\nANSWER: A\n"
    ).encode()
    assert _errors("limits.txt", data) == [
        "limits.txt:4:9: questions[0].answer: 'E' is not one of the options A-B",
        "limits.txt:7:1: questions[1].options: has 11 options; a question can have at most "
        "10 (A to J)",
        "limits.txt:22:3: questions[2].options.B: is the same text as option A; each option "
        "must be different",
    ]


def test_round_trip_the_yaml_loads_again_to_the_same_set() -> None:
    data = (FIXTURES / "questions.aiken.txt").read_bytes()
    conversion = convert_file("questions.aiken.txt", data)
    first = load_set_text(conversion.yaml_text, "a.yaml")
    assert convert_file("questions.aiken.txt", data).yaml_text == conversion.yaml_text
    assert load_set_text(conversion.yaml_text.encode(), "exported.yaml") == first
