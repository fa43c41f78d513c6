"""Aiken: a question's text, its options ``A.`` or ``A)``, then ``ANSWER: X``.

As in Moodle, options are one line each (a capital letter, ``.`` or ``)``, a space, the text)
and blank lines are ignored; unlike Moodle the question text may span several lines, and
every line that fits nowhere is an error at that line rather than the start of a new question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from string import ascii_uppercase

from content.importers._build import Draft, DraftSet, set_names
from content.importers._source import Position, ReadLimits, SourceErrors, tidy
from i18n import _

_OPTION = re.compile(r"([A-Z])[.)](?:[ \t]+(.*))?")
_ANSWER = re.compile(r"ANSWER[ \t]*:[ \t]*(.*)", re.IGNORECASE)


@dataclass
class _Question:
    """The lines of the question being read."""

    at: Position
    prompt: list[str] = field(default_factory=list)
    options: list[tuple[str, Position]] = field(default_factory=list)
    broken: bool = False
    """An option was out of order: the question is reported, not drafted."""


def read_aiken(text: str, filename: str, *, limits: ReadLimits | None = None) -> DraftSet:
    """Read every question of an Aiken file; a broken one is an error, not a draft."""
    errors = SourceErrors(filename)
    drafts: list[Draft] = []
    current: _Question | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if limits is not None and limits.reached(len(drafts)):
            break
        stripped = line.strip()
        if not stripped:
            continue
        at = Position(number, len(line) - len(line.lstrip()) + 1)
        option = _OPTION.fullmatch(stripped)
        answer = _ANSWER.fullmatch(stripped)
        if answer is not None:
            if current is None or not current.options:
                errors.add(
                    at, "answer", _("an ANSWER line before any option ('A. ...' or 'A) ...')")
                )
            else:
                column = at.column + answer.start(1)
                draft = _draft(current, answer.group(1), Position(number, column), errors)
                if draft is not None:
                    drafts.append(draft)
            current = None
        elif option is not None:
            if current is None or not current.prompt:
                errors.add(at, "option", _("an option before any question text"))
                current = None
                continue
            expected = ascii_uppercase[min(len(current.options), len(ascii_uppercase) - 1)]
            if option.group(1) != expected:
                errors.add(
                    at,
                    "option",
                    _(
                        "expected option '{expected}' here, not '{found}'",
                        expected=expected,
                        found=option.group(1),
                    ),
                )
                current.broken = True
            current.options.append((option.group(2) or "", at))
        elif current is not None and current.options:
            letter = ascii_uppercase[min(len(current.options), len(ascii_uppercase) - 1)]
            errors.add(
                at,
                "answer",
                _(
                    "expected option '{letter}. ...' or the 'ANSWER: X' line of the question on "
                    "line {line}",
                    letter=letter,
                    line=current.at.line,
                ),
            )
            current = _Question(at, [stripped])
        else:
            if current is None:
                current = _Question(at)
            current.prompt.append(stripped)
    if current is not None:
        errors.add(current.at, "answer", _("this question has no 'ANSWER: X' line"))
    set_id, title = set_names(filename, None)
    return DraftSet(set_id, title, drafts, reader_errors=errors.found)


def _draft(
    question: _Question, answer: str, answer_at: Position, errors: SourceErrors
) -> Draft | None:
    """Return the draft of a question whose ANSWER line was just read, or None if broken."""
    letter = answer.strip().upper()
    if not re.fullmatch(r"[A-Z]", letter):
        errors.add(answer_at, "answer", _("ANSWER must name one option letter, like 'ANSWER: B'"))
        return None
    if question.broken:
        return None
    draft = Draft(
        at=question.at,
        prompt=tidy("\n".join(question.prompt)),
        options=[tidy(text) for text, _ in question.options],
        answer=letter,
    )
    draft.positions.update(
        prompt=question.at, options=question.options[0][1], answer=answer_at, id=question.at
    )
    for letter_key, (_option, at) in zip(ascii_uppercase, question.options, strict=False):
        draft.positions[f"options.{letter_key}"] = at
    return draft
