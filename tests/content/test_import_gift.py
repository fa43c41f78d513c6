"""Moodle GIFT import: every construct of Moodle's documentation, skipped types, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.importers import Conversion, Skipped, convert_file
from content.importers.gift import BLANK
from content.loader import SetFileError, load_set_text
from content.model import Question, QuestionSet

FIXTURES = Path(__file__).parent / "import_fixtures"


def _convert(name: str) -> Conversion:
    return convert_file(name, (FIXTURES / name).read_bytes())


def _errors(name: str, data: bytes | None = None) -> list[str]:
    with pytest.raises(SetFileError) as raised:
        convert_file(name, (FIXTURES / name).read_bytes() if data is None else data)
    return [str(error) for error in raised.value.errors]


def _loaded(conversion: Conversion) -> QuestionSet:
    return load_set_text(conversion.yaml_text, f"{conversion.set_id}.yaml")


def _by_id(question_set: QuestionSet, question_id: str) -> Question:
    question = question_set.question(question_id)
    assert question is not None, [q.id for q in question_set.questions]
    return question


def _gift(text: str, name: str = "inline.gift") -> QuestionSet:
    return _loaded(convert_file(name, text.encode()))


def test_category_names_the_set_and_every_question_converts() -> None:
    conversion = _convert("moodle-style.gift")
    assert (conversion.set_id, conversion.title) == ("django-basics", "Django basics")
    assert (conversion.converted, conversion.skipped) == (19, ())
    assert conversion.report() == "converted 19 questions from GIFT"
    assert len(_loaded(conversion).questions) == 19


def test_multiple_choice_with_answers_on_one_line_or_several() -> None:
    question_set = _loaded(_convert("moodle-style.gift"))
    first = _by_id(question_set, "q1")
    assert first.prompt == "Who's buried in Grant's tomb?"
    assert first.options == ("Grant", "Jefferson", "no one")
    assert first.answer == 2
    japan = _by_id(question_set, "kanji-origins")
    assert japan.prompt == "Japanese characters originally\ncame from what country?"
    assert japan.options == ("India", "China", "Korea", "Egypt")
    assert japan.answer == 1


def test_answers_in_the_middle_leave_a_blank_in_the_sentence() -> None:
    question_set = _loaded(_convert("moodle-style.gift"))
    assert _by_id(question_set, "q2").prompt == f"Grant is {BLANK} in Grant's tomb."
    assert _by_id(question_set, "q3").prompt == (
        f"The American holiday of Thanksgiving is celebrated on the {BLANK} Thursday of November."
    )
    assert BLANK == r"\_\_\_\_\_"


def test_wrong_answer_feedback_becomes_option_feedback_and_right_feedback_the_solution() -> None:
    question = _by_id(_loaded(_convert("moodle-style.gift")), "grant-s-tomb")
    assert question.feedback_for(0) == "No one is buried there."
    assert question.feedback_for(1) is None
    assert question.feedback_for(2) == "We hope not!"
    assert question.solution is not None
    assert [(step.title, step.text) for step in question.solution.steps] == [
        ("The right answer", "Right answer!")
    ]


def test_general_feedback_becomes_the_solution() -> None:
    question = _by_id(_loaded(_convert("moodle-style.gift")), "django-request")
    assert question.options == ("HttpRequest", "HttpResponse", "QuerySet")
    assert question.feedback_for(1) == "A view returns this one."
    assert question.solution is not None
    assert [(step.title, step.text) for step in question.solution.steps] == [
        ("Explanation", "Every view takes the request as its first argument.")
    ]


@pytest.mark.parametrize(
    ("question_id", "answer"), [("q8", 1), ("q9", 0), ("q10", 1), ("tf-with-both-feedbacks", 0)]
)
def test_true_false_becomes_two_options(question_id: str, answer: int) -> None:
    question = _by_id(_loaded(_convert("moodle-style.gift")), question_id)
    assert question.options == ("True", "False")
    assert question.answer == answer


def test_true_false_feedback_goes_to_the_wrong_option_then_the_solution() -> None:
    question_set = _loaded(_convert("moodle-style.gift"))
    false_answer = _by_id(question_set, "q10")
    assert false_answer.feedback_for(0) == "No one is buried in Grant's tomb."
    both = _by_id(question_set, "tf-with-both-feedbacks")
    assert both.feedback_for(1) == "It is written in Python."
    assert both.solution is not None
    assert both.solution.steps[0].text == "Yes, it is."


@pytest.mark.parametrize(("written", "answer"), [("T", 0), ("TRUE", 0), ("F", 1), ("FALSE", 1)])
def test_every_spelling_of_true_and_false(written: str, answer: int) -> None:
    question = _gift(f"Paris is in France.{{{written}}}\n").questions[0]
    assert (question.options, question.answer) == (("True", "False"), answer)


def test_escapes_keep_control_characters_as_text() -> None:
    question_set = _loaded(_convert("moodle-style.gift"))
    equals = _by_id(question_set, "q12")
    assert equals.options == ("= 2 + 2", "= 2 + 3", "= 2 + 4")
    controls = _by_id(question_set, "gift-control-characters")
    assert controls.options == ("~", "=", "#", "{", "}", "\\")
    assert controls.answer == 5
    assert controls.feedback_for(3) == "{ is a control character."
    assert controls.solution is not None
    assert controls.solution.steps[0].text == (
        "Correct! \\ (backslash) is not a control character. BUT,\n"
        "it is used to escape the control characters."
    )
    colons = _by_id(question_set, "colons-and-new-lines")
    assert colons.prompt == "Ratio 1:2 means\none part to two."


def test_format_tags_html_markdown_plain_moodle() -> None:
    question_set = _loaded(_convert("moodle-style.gift"))
    html = _by_id(question_set, "q15")
    assert html.prompt == "Which tag makes **bold** text & which makes *italics*?"
    assert html.options == ("<b> and <i>", "<u> and <s>", "**neither**")
    assert _by_id(question_set, "q16").prompt == "Who's buried in **Grant's tomb**?"
    assert _by_id(question_set, "q17").prompt == "Is 2 < 3 and 3 > 2?"
    assert _by_id(question_set, "q18").prompt == "Pick the *asynchronous* one."


def test_html_paragraphs_breaks_lists_images_and_scripts() -> None:
    question = _gift(
        "[html]<p>First&nbsp;line<br>second   line</p><ul><li>one</li><li>two</li></ul>"
        '<img src="x.png" alt="a diagram"><script>alert(1)</script>'
        '<a href="https://example.org/doc">the docs</a>{=yes ~no}\n'
    ).questions[0]
    assert question.prompt == (
        "First\xa0line\nsecond line\n\n- one\n- two\n[image: a diagram]the docs "
        "(<https://example.org/doc>)"
    )


def test_texts_yaml_would_misread_stay_text() -> None:
    question = _by_id(_loaded(_convert("moodle-style.gift")), "texts-yaml-would-misread")
    assert question.options == ("NULL", "yes", "3.10", "2024-01-01")


def test_comment_lines_anywhere_and_blank_lines_between_questions() -> None:
    question_set = _gift(
        "// a heading\n"
        "::One:: First?{\n"
        "// a comment between answers\n"
        "  =a\n"
        "  ~b // not a comment: it is not at the start of the line\n"
        "}\n"
        "\n\n   \n"
        "Second? {=c ~d}\n"
    )
    assert [q.id for q in question_set.questions] == ["one", "q2"]
    assert question_set.questions[0].options == (
        "a",
        "b // not a comment: it is not at the start of the line",
    )


def test_question_ids_come_from_names_made_unique_else_numbers() -> None:
    question_set = _gift(
        "::Same name::A?{=a ~b}\n\n::Same name::B?{=a ~b}\n\n::日本::C?{=a ~b}\n\n"
        "::q3::D?{=a ~b}\n\nE?{=a ~b}\n"
    )
    assert [q.id for q in question_set.questions] == [
        "same-name",
        "same-name-2",
        "q3",
        "q3-2",
        "q5",
    ]


def test_category_path_takes_its_last_part_and_file_name_is_the_fallback() -> None:
    with_category = convert_file("x.gift", b"$CATEGORY: $course$/top/Week 1//2\n\nA?{=a ~b}\n")
    assert (with_category.set_id, with_category.title) == ("week-1-2", "Week 1/2")
    without = convert_file("folder/My Quiz_v2.gift", b"A?{=a ~b}\n")
    assert (without.set_id, without.title) == ("my-quiz-v2", "My Quiz_v2")


def test_windows_line_endings_and_a_byte_order_mark() -> None:
    data = "\ufeff// comment\r\n::Win::Which?{\r\n=yes\r\n~no}\r\n\r\nNext?{T}\r\n".encode()
    question_set = _loaded(convert_file("win.gift", data))
    assert [(q.id, q.options) for q in question_set.questions] == [
        ("win", ("yes", "no")),
        ("q2", ("True", "False")),
    ]


def test_a_txt_file_with_answer_blocks_is_gift() -> None:
    conversion = convert_file("quiz.txt", b"Who?{=me ~you}\n")
    assert conversion.report() == "converted 1 question from GIFT"


def test_skipped_types_are_listed_with_their_line_and_counted_by_type() -> None:
    conversion = _convert("skipped-types.gift")
    assert conversion.converted == 2
    assert [(s.line, s.kind) for s in conversion.skipped] == [
        (6, "essay"),
        (9, "matching"),
        (17, "numerical"),
        (19, "numerical"),
        (22, "short answer"),
        (24, "short answer"),
        (27, "partial credit"),
        (30, "multiple answers"),
        (36, "multiple answers"),
        (39, "description"),
    ]
    report = conversion.report().splitlines()
    assert report[0] == (
        "converted 2 questions from GIFT, skipped 10 (1 essay, 1 matching question, "
        "2 numerical questions, 2 short-answer questions, 1 partial-credit question, "
        "2 multiple-answer questions, 1 description)"
    )
    assert (
        report[1]
        == "line 6: skipped essay question: an essay question ({}) is answered in free text"
    )
    assert "true/false is written {T}, {TRUE}, {F} or {FALSE} in capitals" in report[6]
    assert "more than one answer is marked right" in report[9]
    assert [q.id for q in _loaded(conversion).questions] == ["good-one", "q2"]


def test_a_file_of_only_skipped_questions_is_an_error_that_lists_them() -> None:
    data = b"Essay?{}\n\nWhen?{#1822}\n"
    assert _errors("only-skipped.gift", data) == [
        "only-skipped.gift:1:1: (file): no question could be converted: all 2 are of types "
        "quiz-tutor does not ask",
        "only-skipped.gift:1:1: essay: skipped: an essay question ({}) is answered in free text",
        "only-skipped.gift:3:1: numerical: skipped: a numerical question ({#...}) is answered "
        "with a number",
    ]


def test_broken_questions_are_reported_at_their_line_and_column() -> None:
    name = "broken.gift"
    assert _errors(name) == [
        f"{name}:3:1: name: the question name has no closing '::'",
        f"{name}:5:30: answers: this '{{' has no closing '}}' before the question ends "
        "(a blank line ends a question; write \\{ for a literal brace)",
        f"{name}:7:48: answers: this '}}' closes no '{{' (write \\}} for a literal brace)",
        f"{name}:9:16: answers: no answer is marked right; mark the right one with =",
        f"{name}:11:17: answers: text before the first answer; start every answer with ~ "
        "(wrong) or = (right)",
        f"{name}:13:24: answers: a second '{{' after the answer block; a question has one "
        "answer block (write \\{ for a literal brace)",
        f"{name}:16:1: category: a question starts right after $CATEGORY; leave a blank line "
        "after the $CATEGORY line",
    ]


def test_validator_errors_point_at_the_source_question() -> None:
    name = "validator-errors.gift"
    assert _errors(name) == [
        f"{name}:3:16: questions[0].prompt: is 609 characters long, 109 over the limit of 500",
        f"{name}:7:5: questions[1].options.B: is empty; expected text",
        f"{name}:10:32: questions[2].options.B: is the same text as option A; each option "
        "must be different",
        f"{name}:12:20: questions[3].options: has 11 options; a question can have at most 10 "
        "(A to J)",
    ]


def test_a_category_too_long_for_a_title_points_at_the_category_line() -> None:
    # the set id, its slug, is cut to 64 characters; the title is kept whole and refused
    data = ("// heading\n$CATEGORY: " + "x" * 250 + "\n\nA?{=a ~b}\n").encode()
    assert _errors("long.gift", data) == [
        "long.gift:2:1: title: is 250 characters long, 50 over the limit of 200",
    ]


def test_a_file_that_is_not_utf8_is_refused_at_the_byte() -> None:
    assert _errors("latin.gift", b"A?{=caf\xe9 ~tea}\n") == [
        "latin.gift:1:8: (file): the file is not UTF-8 text: byte 0xE9 cannot be decoded "
        "here; save the file with UTF-8 encoding (in a spreadsheet: 'CSV UTF-8')"
    ]


def test_yaml_and_unknown_extensions_are_not_converted() -> None:
    assert _errors("set.yaml", b"id: x\n") == [
        "set.yaml:1:1: (file): a YAML set is loaded as it is; only other formats convert"
    ]
    assert "cannot tell the format of a '.docx' file" in _errors("quiz.docx", b"x")[0]


def test_round_trip_the_yaml_loads_again_to_the_same_set() -> None:
    conversion = _convert("moodle-style.gift")
    first = _loaded(conversion)
    again = _convert("moodle-style.gift")
    assert again.yaml_text == conversion.yaml_text
    assert load_set_text(conversion.yaml_text.encode(), "exported.yaml") == first


def test_skipped_is_a_value_with_a_readable_line() -> None:
    skipped = Skipped(40, "essay", "an essay question ({}) is answered in free text")
    assert str(skipped) == (
        "line 40: skipped essay question: an essay question ({}) is answered in free text"
    )
