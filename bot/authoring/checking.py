"""Validate a set with one question written in the form, exactly as a set file is validated.

The validator names what is wrong by its place in the file (``questions[3].options.B``);
each error is pointed back at the form's field, and the line of it, that wrote that part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.authoring import document
from bot.authoring.changing import Change, Changed, change_set
from bot.authoring.form import Built, FormProblem
from bot.commands.errors import UserFacingError
from content.errors import SetFileError
from content.model import QuestionSet
from content.offload import UploadChecker, UploadsBusy
from i18n import N_, _, format_number, ngettext

FIELD_LABELS = {
    "prompt": N_("Question"),
    "options": N_("Options"),
    "answer": N_("Right answer"),
    "hint": N_("Hint"),
    "explanation": N_("Explanation"),
    "question": N_("The whole question"),
    "set": N_("The set"),
}
"""The form's fields as the form names them (the labels of its inputs)."""

FORM_FIELDS = ("prompt", "options", "answer", "hint", "explanation")
_FIELD_OF_PART = {
    "id": "prompt",
    "prompt": "prompt",
    "code": "prompt",
    "options": "options",
    "feedback": "options",
    "answer": "answer",
    "hint": "hint",
    "solution": "explanation",
}
EMPTY = N_("is empty; fill it in")
_QUESTION_PATH = re.compile(r"questions\[(\d+)\]\.?(.*)")
_MISSING = re.compile(r"missing required key '([a-z_]+)'")
_PART = re.compile(r"([a-z_]+)(?:\.steps\[(?P<step>\d+)\]|\.(?P<key>[A-Za-z#0-9]+)|\[\d+\])?")


@dataclass(frozen=True, slots=True)
class Checked:
    """A set that validated, with the YAML it is stored as."""

    qset: QuestionSet
    yaml_text: str


async def change_in_workers(
    uploads: UploadChecker,
    guild_id: int,
    stored: str | None,
    *,
    set_id: str,
    title: str | None,
    change: Change,
) -> tuple[Changed, Checked | list[FormProblem]]:
    """Return the stored set with the form's change, made and checked in the upload workers
    (one job a server, under the upload limits), and the set or every problem by field."""
    try:
        changed: Changed = await in_worker(
            uploads, guild_id, f"{set_id}.yaml", change_set, stored, set_id, title, change
        )
    except SetFileError as refused:  # past the upload budget or memory: no change was made
        return Changed(found=True), on_form(refused, -1, Built({}, [], {}))
    if not changed.found:
        return changed, []
    assert changed.built is not None
    if changed.error is not None:
        return changed, on_form(changed.error, changed.index, changed.built)
    assert changed.qset is not None
    return changed, list(changed.built.problems) or Checked(changed.qset, changed.yaml_text)


async def in_worker(
    uploads: UploadChecker, guild_id: int, filename: str, job: Any, *args: Any
) -> Any:
    """Return ``job(*args)`` run in the upload workers as a server's upload (SetFileError)."""
    try:
        return await uploads.run(guild_id, filename, job, *args)
    except UploadsBusy as busy:
        raise UserFacingError(str(busy)) from None


def on_form(error: SetFileError, index: int, built: Built) -> list[FormProblem]:
    """Return the form's own problems and the validator's errors, by form field."""
    problems = list(built.problems)
    reported = {problem.field for problem in problems if problem.line is None}
    for found in error.errors:
        problem = _on_form(found.where, found.message, index, built)
        if problem.message == _(EMPTY) and problem.field in reported:
            continue  # the form already said why this field holds nothing
        problems.append(problem)
    if error.more:
        problems.append(
            FormProblem(
                "question",
                ngettext(
                    "and {n} more problem",
                    "and {n} more problems",
                    error.more,
                    n=format_number(error.more),
                ),
            )
        )
    return problems


def _on_form(where: str, message: str, index: int, built: Built) -> FormProblem:
    """Return a validator error as a problem of the form field that wrote its part."""
    match = _QUESTION_PATH.fullmatch(where)
    if match is None or int(match.group(1)) != index:
        return FormProblem("set", f"{where}: {message}")
    part = match.group(2)
    missing = _MISSING.match(message)
    if not part and missing is not None and missing.group(1) in _FIELD_OF_PART:
        return FormProblem(_FIELD_OF_PART[missing.group(1)], _(EMPTY))
    if not part:
        return FormProblem("question", message)
    found = _PART.match(part)
    name = found.group(1) if found else part
    field = _FIELD_OF_PART.get(name)
    if field is None:  # a part the form does not show (kept as it was, or a choice)
        return FormProblem("question", f"{part}: {message}")
    line = None
    if found is not None and field == "options" and found.group("key"):
        line = built.option_lines.get(found.group("key"))
    elif found is not None and field == "explanation" and found.group("step"):
        line = int(found.group("step")) + 1
    if name == "feedback":  # the text after " | ", not the option's
        message = _("feedback (after ' | '): {problem}", problem=message)
    elif name == "code":  # the fenced block, not the question's words
        message = _("code block: {problem}", problem=message)
    return FormProblem(field, message, line)


def describe(problem: FormProblem) -> str:
    """Return one problem as a line of the error list: the field, the line, what is wrong."""
    label = _(FIELD_LABELS[problem.field])
    if problem.line is not None and problem.field == "explanation":
        where = _("{field}, paragraph {n}", field=label, n=problem.line)
    elif problem.line is not None:
        where = _("{field}, line {n}", field=label, n=problem.line)
    else:
        where = label
    if problem.field in FORM_FIELDS:  # the field's custom id too, the same in every language
        return f"**{where}** (`{problem.field}`): {problem.message}"
    return f"**{where}**: {problem.message}"


def question_of(doc: document.Document, index: int) -> dict[str, Any]:
    """Return the mapping of question ``index``."""
    return document.questions(doc)[index]
