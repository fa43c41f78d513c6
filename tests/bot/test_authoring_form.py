"""The question form's texts as a question of a set file, and a set's YAML as data (plain)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.authoring import document
from bot.authoring.checking import Checked, on_form
from bot.authoring.drafts import FORMS_PER_MODERATOR, FORMS_PER_SERVER, Draft, Drafts
from bot.authoring.form import (
    FIELD_MAX,
    Built,
    FormProblem,
    FormText,
    build,
    question_id,
    shown_form,
)
from content.errors import SetFileError
from content.limits import CODE_SOURCE_MAX, HINT_MAX, PROMPT_MAX
from content.loader import load_set_bytes, load_set_text
from content.model import QuestionSet
from tests.bot.conftest import MINI_SET

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "sets"


async def check(
    validate: Callable[[str, str], Awaitable[QuestionSet]],
    doc: document.Document,
    index: int,
    built: Built,
    set_id: str,
) -> Checked | list[FormProblem]:
    """The form's check of a set holding question ``index`` as built (what the workers run)."""
    yaml_text = document.dump(doc)
    try:
        qset = await validate(yaml_text, set_id)
    except SetFileError as error:
        return on_form(error, index, built)
    return list(built.problems) or Checked(qset, yaml_text)


async def in_process(yaml_text: str, set_id: str) -> QuestionSet:
    """The form's check without the upload workers: the same validator, in this process."""
    return load_set_bytes(yaml_text.encode(), f"{set_id}.yaml")


def checked(form: FormText, doc: document.Document | None = None) -> Checked | list:
    doc = doc or document.new_document("s", "S")
    built = build(form, original=None, shown=None)
    built.mapping = {"id": document.Word(question_id(form.prompt, set())), **built.mapping}
    document.questions(doc).append(built.mapping)
    return asyncio.run(check(in_process, doc, len(document.questions(doc)) - 1, built, "s"))


def test_a_set_read_as_data_and_written_back_loads_the_same_shipped_sets_too() -> None:
    texts = [MINI_SET] + [p.read_text("utf-8") for p in sorted(SHIPPED.glob("*.yaml"))]
    assert len(texts) > 1
    for text in texts:
        again = document.dump(document.read(text))
        assert load_set_text(again, "a.yaml") == load_set_text(text, "a.yaml")


def test_unquoted_words_stay_texts_and_numbers_stay_numbers() -> None:
    text = MINI_SET.replace("A: Alpha", "A: yes").replace("C: Charlie", "C: ~")
    again = document.dump(document.read(text))
    question = load_set_text(again, "a.yaml").questions[0]
    assert question.options == ("yes", "Bravo", "~")
    assert "attempts: 2" in again


def test_options_labels_feedback_and_a_code_block() -> None:
    form = FormText(
        prompt="What does it print?\n```python\nprint('a | b')\n```",
        options="A) a | b |\nB. b | Not that one\nC: c\n\nd | Nope",
        answer="a)",
        hint="Look at the quotes.",
        explanation="Read it\nThe pipe is in the text.\n\nOne paragraph alone.",
    )
    result = checked(form)
    assert isinstance(result, Checked), result
    [question] = result.qset.questions
    assert question.id == "what-does-it-print"
    assert question.prompt == "What does it print?"
    assert question.code is not None
    assert question.code.language == "python"
    assert question.code.source == "print('a | b')"
    assert question.options == ("a | b", "b", "c", "d")
    assert question.feedback_for(1) == "Not that one"
    assert question.feedback_for(3) == "Nope"
    assert question.answer == 0
    assert question.solution is not None
    titles = [(s.title, s.text) for s in question.solution.steps]
    assert titles == [
        ("Read it", "The pipe is in the text."),
        ("Explanation", "One paragraph alone."),
    ]


def test_the_form_shown_for_a_question_builds_the_same_question() -> None:
    sets = [load_set_text(MINI_SET, "m.yaml")]
    sets += [load_set_text(p.read_text("utf-8"), p.name) for p in sorted(SHIPPED.glob("*.yaml"))]
    for qset in sets:
        for question in qset.questions:
            if "\n" in "".join(question.options) or any(
                "\n\n" in s.text or "\n" in s.title
                for s in (question.solution.steps if question.solution else ())
            ):
                continue  # more than a form line holds: kept as stored while unchanged
            form = shown_form(question)
            doc = document.new_document("s", "S")
            built = build(form, original=None, shown=None)
            built.mapping = {"id": document.Word(question.id), **built.mapping}
            document.questions(doc).append(built.mapping)
            result = asyncio.run(check(in_process, doc, 0, built, "s"))
            assert isinstance(result, Checked), (question.id, result)
            again = result.qset.questions[0]
            assert again.prompt == question.prompt
            assert again.code == question.code
            assert again.options == question.options
            assert again.answer == question.answer
            assert again.hint == question.hint
            assert again.feedback == question.feedback
            steps = question.solution.steps if question.solution else ()
            assert (again.solution.steps if again.solution else ()) == steps


def test_unchanged_fields_keep_every_stored_part() -> None:
    doc = document.read(MINI_SET)
    original = document.questions(doc)[0]
    qset = load_set_text(MINI_SET, "m.yaml")
    shown = shown_form(qset.questions[0])
    typed = FormText(**(shown.as_dict() | {"hint": "A new hint."}))
    built = build(typed, original=original, shown=shown)
    document.questions(doc)[0] = built.mapping
    result = asyncio.run(check(in_process, doc, 0, built, "mini"))
    assert isinstance(result, Checked)
    before, after = qset.questions[0], result.qset.questions[0]
    assert after.hint == "A new hint."
    assert after.common_mistakes == before.common_mistakes
    assert after.takeaway == before.takeaway
    assert after.solution == before.solution  # quick check included
    assert after.kind == before.kind
    assert after.difficulty == before.difficulty
    assert after.id == before.id


def test_errors_name_the_field_and_line_that_wrote_them() -> None:
    form = FormText(
        prompt="Pick one\n```python\nx = 1",
        options="A) same\nC) same | why\nB) other",
        answer="Z",
        explanation="\n\n".join(f"Step {n}" for n in range(9)),
    )
    problems = checked(form)
    assert isinstance(problems, list)
    found = {(p.field, p.line) for p in problems}
    assert ("prompt", 2) in found  # the code block is never closed
    assert ("options", 2) in found  # labelled C on the second line
    messages = " ".join(p.message for p in problems)
    assert "9 steps" in messages
    assert ("answer", None) in found
    assert ("explanation", None) in found or any(p.field == "explanation" for p in problems)


def test_question_ids_come_from_the_prompt_and_stay_unique() -> None:
    taken = {"why-asgi"}
    assert question_id("Why ASGI?", taken) == "why-asgi-2"
    assert question_id("Why ASGI?", taken | {"why-asgi-2"}) == "why-asgi-3"
    assert question_id("¿¡!?", set()) == "question"


def test_the_fields_take_what_the_validator_takes() -> None:
    assert FIELD_MAX["hint"] == HINT_MAX
    assert PROMPT_MAX + CODE_SOURCE_MAX < FIELD_MAX["prompt"] <= 4000
    assert max(FIELD_MAX.values()) <= 4000


def test_what_the_form_cannot_show_is_kept_while_its_field_is_unchanged() -> None:
    text = MINI_SET.replace("      A: Alpha\n", "      A: |-\n        Alpha\n        and more\n")
    doc = document.read(text)
    qset = load_set_text(text, "m.yaml")
    shown = shown_form(qset.questions[0])
    typed = FormText(**(shown.as_dict() | {"answer": "C"}))
    built = build(typed, original=document.questions(doc)[0], shown=shown)
    document.questions(doc)[0] = built.mapping
    result = asyncio.run(check(in_process, doc, 0, built, "mini"))
    assert isinstance(result, Checked)
    assert result.qset.questions[0].options[0] == "Alpha\nand more"  # the options field unchanged
    assert result.qset.questions[0].answer_letter == "C"
    changed = FormText(**(shown.as_dict() | {"options": "A) Alpha\nB) Bravo\nC) Charlie"}))
    built = build(changed, original=document.questions(document.read(text))[0], shown=shown)
    assert built.mapping["options"] == {"A": "Alpha", "B": "Bravo", "C": "Charlie"}


def test_typed_words_stay_texts_and_a_missing_part_names_its_field() -> None:
    result = checked(
        FormText(prompt="Which?", options="A) yes\nB) ~\nC) 3.10\nD) NULL", answer="D")
    )
    assert isinstance(result, Checked), result
    assert result.qset.questions[0].options == ("yes", "~", "3.10", "NULL")
    problems = checked(FormText(prompt="```python\nx = 1\n```", options="A) a\nB) b", answer=")"))
    assert isinstance(problems, list)
    assert {(p.field, p.message) for p in problems} == {
        ("prompt", "holds only a code block: write the question above it"),  # said once
        ("answer", "is empty; fill it in"),
    }
    eleven = "\n".join(f"option {n}" for n in range(11))
    problems = checked(FormText(prompt="Many?", options=eleven, answer="A"))
    assert isinstance(problems, list)
    assert [(p.field, p.message[:14]) for p in problems] == [("options", "has 11 options")]


def test_open_forms_are_kept_per_moderator_and_per_server() -> None:
    forms = Drafts()
    opened = [forms.add(Draft(1, user, "s", None)) for user in range(30) for _ in range(6)]
    kept = [d for d in opened if forms.get(d.key) is not None]
    assert len(kept) == FORMS_PER_SERVER  # 30 moderators of one server: 25 forms, not 150
    assert {d.user_id for d in kept} == set(range(25, 30))  # the newest ones
    assert all(sum(d.user_id == u for d in kept) == FORMS_PER_MODERATOR for u in range(25, 30))
    other = forms.add(Draft(2, 99, "s", None))  # another server keeps its own
    assert forms.get(other.key) is other
    assert sum(forms.get(d.key) is not None for d in opened) == FORMS_PER_SERVER
