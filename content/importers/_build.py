"""Turn drafted questions into a YAML set, validate it, and point its errors at the source.

Each importer drafts questions with the source position of every part it read. The YAML set
is then checked by the same validator as any set file; its errors name YAML paths such as
``questions[3].options.B``, which are translated back to the line and column of that option
in the source file. A question the reader could not read is left out of the set and stands
for itself with the reader's error, so the file's reader and validation errors are reported
together, in position order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from string import ascii_uppercase
from typing import Any

import yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from content.budget import budget_clock
from content.errors import FILE_LEVEL, ErrorList, SetError, SetFileError
from content.importers._source import Position, slug
from content.limits import ID_MAX, MAX_FILE_BYTES, SET_TITLE_MAX
from content.loader import load_set_text
from content.model import QuestionSet
from i18n import _, format_number

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
_INDEX = re.compile(r"questions\[(\d+)\](.*)")
_OTHER_QUESTION = re.compile(r"questions\[(\d+)\] on line \d+")
_LAST_SEGMENT = re.compile(r"(\.[^.\[]*|\[\d+\])$")


class Text(str):
    """A text the YAML must keep exactly: always quoted, or a literal block when multi-line."""


class Word(str):
    """An id, letter or name: written plain when YAML would read it back as the same text."""


class Number(str):
    """The digits of a whole number, written plain so YAML reads them back as a number."""


@dataclass
class Draft:
    """One question read from a source file, with where each of its parts was written."""

    at: Position
    prompt: str
    options: list[str]
    answer: str
    """The letter of the right option, as the source gave it."""
    name: str | None = None
    """A title to derive the question's id from (GIFT ``::name::``)."""
    id: str | None = None
    """An id the source gave explicitly (a CSV ``id`` column)."""
    hint: str | None = None
    difficulty: str | None = None
    time_limit: str | None = None
    attempts: str | None = None
    feedback: dict[str, str] = field(default_factory=dict)
    steps: list[tuple[str, str]] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)
    """Source positions by YAML sub-path: "prompt", "options.B", "solution.steps[0]"..."""


@dataclass
class DraftSet:
    """A whole converted file before it is written as YAML."""

    id: str
    title: str
    questions: list[Draft]
    positions: dict[str, Position] = field(default_factory=dict)
    """Source positions of the set's own keys: "id", "title"."""
    reader_errors: list[SetError] = field(default_factory=list)
    """What the reader could not read; ``questions`` holds only the questions it could."""


def set_names(filename: str, category: str | None) -> tuple[str, str]:
    """Return the set's id and title from a category name, else from the file name."""
    # a file name is no text of the author's: one too long for a title is shortened
    stem = re.split(r"[\\/]", filename)[-1].rsplit(".", 1)[0][:SET_TITLE_MAX].strip()
    for title in (category, stem):
        if title and slug(title):
            return slug(title), title if title is category else _file_title(title)
    return "imported-set", stem or "Imported set"


def _file_title(stem: str) -> str:
    """Return a title from a file name: an all lower-case one reads as words, capitalised.

    "python_basics" becomes "Python basics"; a name with capitals is the author's spelling.
    """
    if stem != stem.lower():
        return stem
    words = " ".join(re.split(r"[-_\s]+", stem)).strip() or stem
    return words[0].upper() + words[1:]


def assign_ids(drafts: list[Draft]) -> list[str]:
    """Return each question's id: its own, a slug of its name, else q1, q2..., all distinct."""
    taken = {draft.id for draft in drafts if draft.id}
    ids: list[str] = []
    for number, draft in enumerate(drafts, start=1):
        if draft.id:
            ids.append(draft.id)
            continue
        base = (slug(draft.name, ID_MAX - 4) if draft.name else "") or f"q{number}"
        candidate, suffix = base, 2
        while candidate in taken:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(candidate)
        ids.append(candidate)
    return ids


def question_mapping(draft: Draft, question_id: str) -> dict[str, Any]:
    """Return one question as the mapping its YAML is written from."""
    question: dict[str, Any] = {"id": Word(question_id), "prompt": Text(draft.prompt)}
    if draft.difficulty is not None:
        question["difficulty"] = Word(draft.difficulty)
    if draft.time_limit is not None:
        seconds = draft.time_limit.strip()
        question["time_limit"] = int(seconds) if re.fullmatch(r"[0-9]+", seconds) else Word(seconds)
    if draft.attempts is not None:
        attempts = draft.attempts
        # digits are written as a YAML number, never int()-ed here: Python refuses texts of
        # over 4,300 digits, and the validator names a number that long in a sentence
        question["attempts"] = Number(attempts) if re.fullmatch(r"[0-9]+", attempts) else attempts
    question["options"] = {
        letter: Text(text) for letter, text in zip(ascii_uppercase, draft.options, strict=False)
    }
    question["answer"] = Word(draft.answer)
    if draft.hint is not None:
        question["hint"] = Text(draft.hint)
    if draft.steps:
        question["solution"] = {
            "steps": [{"title": Text(title), "text": Text(text)} for title, text in draft.steps]
        }
    if draft.feedback:
        question["feedback"] = {letter: Text(text) for letter, text in draft.feedback.items()}
    return question


_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _SetDumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """PyYAML's dumper (libyaml's emitter when installed) with quoting of every text."""


def _represent_text(dumper: yaml.SafeDumper, text: Text) -> ScalarNode:
    style = "|" if "\n" in text else "'"
    return dumper.represent_scalar(_STR_TAG, str(text), style=style)


def _represent_word(dumper: yaml.SafeDumper, word: Word) -> ScalarNode:
    plain = _RESOLVER.resolve(ScalarNode, str(word), (True, False)) == _STR_TAG
    return dumper.represent_scalar(_STR_TAG, str(word), style=None if plain else "'")


def _represent_number(dumper: yaml.SafeDumper, number: Number) -> ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:int", str(number), style=None)


_SetDumper.add_representer(Text, _represent_text)
_SetDumper.add_representer(Number, _represent_number)
_SetDumper.add_representer(Word, _represent_word)


def to_yaml(draft_set: DraftSet) -> str:
    """Return the set as YAML text in the set-file format, every text quoted."""
    ids = assign_ids(draft_set.questions)
    document = {
        "id": Word(draft_set.id),
        "title": Text(draft_set.title),
        "questions": [
            question_mapping(draft, question_id)
            for draft, question_id in zip(draft_set.questions, ids, strict=True)
        ],
    }
    return yaml.dump(
        document,
        Dumper=_SetDumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )


def build(
    draft_set: DraftSet,
    filename: str,
    *,
    deadline: float | None = None,
    clock: Callable[[], float] = budget_clock,
) -> tuple[str, QuestionSet]:
    """Return the YAML of ``draft_set`` and the set it loads as.

    Raise SetFileError with the reader's errors and the validation errors of the questions
    that were read, all at the source positions, sorted, and capped like any set file's.
    """
    reader_errors = draft_set.reader_errors
    if not draft_set.questions:
        raise _merged(filename, reader_errors)
    yaml_text = to_yaml(draft_set)
    size = len(yaml_text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        too_big = SetError(
            filename,
            1,
            1,
            FILE_LEVEL,
            _(
                "converted to YAML the set takes {size} bytes, over the limit of 1 MiB "
                "({limit} bytes) for one set; split the file into several",
                size=format_number(size),
                limit=format_number(MAX_FILE_BYTES),
            ),
        )
        raise _merged(filename, [*reader_errors, too_big])
    try:
        question_set = load_set_text(yaml_text, filename, deadline=deadline, clock=clock)
    except SetFileError as error:
        translated = [_at_source(found, draft_set) for found in error.errors]
        raise _merged(filename, [*reader_errors, *translated], error.more) from None
    if reader_errors:
        raise _merged(filename, reader_errors)
    return yaml_text, question_set


def _merged(filename: str, errors: list[SetError], unlisted: int = 0) -> SetFileError:
    """Return one SetFileError of ``errors`` sorted by position, listing at most the first
    hundred, plus ``unlisted`` validation errors the validator had only counted."""
    collected = ErrorList(filename)
    for error in errors:
        collected.add(error.line, error.column, error.where, error.message)
    failure = collected.failure()
    return SetFileError(failure.errors, failure.more + unlisted)


def _at_source(error: SetError, draft_set: DraftSet) -> SetError:
    """Return a validator error about the YAML, pointed at the source part it came from."""
    drafts = draft_set.questions
    at = Position(1, 1)
    match = _INDEX.fullmatch(error.where)
    if match is not None and int(match.group(1)) < len(drafts):
        draft = drafts[int(match.group(1))]
        at = _position(draft.positions, match.group(2).lstrip("."), draft.at)
    elif error.where in draft_set.positions:
        at = draft_set.positions[error.where]

    def source_line(found: re.Match[str]) -> str:
        index = int(found.group(1))
        if index >= len(drafts):
            return found.group(0)
        return f"questions[{index}] on line {drafts[index].at.line}"

    message = _OTHER_QUESTION.sub(source_line, error.message)
    return SetError(error.file, at.line, at.column, error.where, message)


def _position(positions: dict[str, Position], path: str, default: Position) -> Position:
    """Return the position of ``path`` or of the nearest part that contains it."""
    while path:
        if path in positions:
            return positions[path]
        shorter = _LAST_SEGMENT.sub("", path)
        if shorter == path:
            break
        path = shorter
    return default
