"""Moodle GIFT: single-answer multiple choice and true/false become questions, the rest is skipped.

The grammar follows Moodle's own reader (question/format/gift/format.php): questions are
separated by blank lines, lines starting with ``//`` are comments, every line is trimmed,
``\\~ \\= \\# \\{ \\} \\: \\\\`` are escapes and ``\\n`` a line break. The first ``{`` and
``}`` delimit the answers; text after the ``}`` makes a missing-word question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from string import ascii_uppercase

from content.importers._build import Draft, DraftSet, set_names
from content.importers._gift_scan import Run, Token, blocks, find, plain, scan, strip
from content.importers._gift_text import _convert, _format_tag, _text, _Unreadable
from content.importers._source import Position, ReadLimits, SourceErrors, tidy
from i18n import N_, _

BLANK = r"\_\_\_\_\_"
"""Moodle's "_____" for the missing word, escaped so Discord does not read it as underlining."""
MAX_QUESTION_CHARS = 128 * 1024
"""The longest question block read: far beyond what a valid question holds, even in HTML."""
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}

_HOLE = "\ue000"
_WEIGHT = re.compile(r"%(-?[0-9]+(?:\.[0-9]*)?)%")
_AIKEN_ANSWER = re.compile(r"(?im)^[^\S\n]*ANSWER[^\S\n]*:")
_CATEGORY_ROOTS = re.compile(r"\$(?:course|cat[0-9]*|system|module)\$|top", re.IGNORECASE)

# Translated where shown (the braces are GIFT's own, not placeholders).
SKIP_REASONS = {
    # Translators: why a GIFT question was skipped; braces and symbols are GIFT syntax.
    "description": N_("text without an answer block is a Moodle description, not a question"),
    "essay": N_("an essay question ({}) is answered in free text"),
    "numerical": N_("a numerical question ({#...}) is answered with a number"),
    "matching": N_("a matching question (=item -> match) pairs items with answers"),
    "short answer": N_("a short-answer question (only = answers) is answered by typing"),
    "partial credit": N_(
        "an answer with partial credit (~%50%) has no place in a question with one right option"
    ),
    "multiple answers": N_(
        "a question with several right answers needs more than one option picked"
    ),
    "several right": N_(
        "more than one answer is marked right (=); a quiz-tutor question has exactly one"
    ),
}
SHORT_ANSWER_TRUE_FALSE = N_(
    "a short-answer question (only = answers) is answered by typing; "
    "true/false is written {T}, {TRUE}, {F} or {FALSE} in capitals"
)
_KIND_NAMES = {"several right": "multiple answers"}
# Translators: the kinds of GIFT questions that are skipped, as a report names them.
SKIPPED_KINDS = (
    N_("description"),
    N_("essay"),
    N_("numerical"),
    N_("matching"),
    N_("short answer"),
    N_("partial credit"),
    N_("multiple answers"),
)


@dataclass(frozen=True, slots=True)
class SkippedQuestion:
    line: int
    kind: str
    reason: str


@dataclass
class GiftFile:
    """What a GIFT file holds: its category, its questions, and what was skipped."""

    category: str | None
    category_at: Position | None
    drafts: list[Draft]
    skipped: list[SkippedQuestion]
    errors: SourceErrors
    """The questions that could not be read; they are neither drafted nor skipped."""


def looks_like_gift(text: str) -> bool:
    """Tell whether a .txt file is GIFT: an answer block in braces, and no Aiken ANSWER line."""
    lines = [line for line in text.split("\n") if not line.lstrip().startswith("//")]
    body = re.sub(r"\\.", "", "\n".join(lines))
    has_block = re.search(r"\{[^{}]*\}", body) is not None
    # [^\S\n]: blanks that stay on one line, so no line's search runs over the rest
    return has_block and _AIKEN_ANSWER.search(body) is None


def read_gift(text: str, filename: str, *, limits: ReadLimits | None = None) -> GiftFile:
    """Read every question of a GIFT file; a broken one is an error, not a draft."""
    result = GiftFile(None, None, [], [], SourceErrors(filename))
    for block in blocks(text):
        if limits is not None and limits.reached(len(result.drafts)):
            break
        size = sum(len(line) + 1 for _, line in block)
        if size > MAX_QUESTION_CHARS:  # the scanner keeps a token per character: bound it
            result.errors.add(
                Position(block[0][0], 1),
                "question",
                f"this question is {size:,} characters long; a question with its answers and "
                f"feedback may be at most {MAX_QUESTION_CHARS:,} (a blank line ends a question)",
            )
            continue
        tokens = strip(scan(block))
        if tokens:
            try:
                _read_block(tokens, result, result.errors)
            except _Unreadable as unreadable:
                result.errors.add(unreadable.at, "html", str(unreadable))
    return result


def gift_set(gift: GiftFile, filename: str) -> DraftSet:
    """Return the draft set of a read GIFT file."""
    category = _category_title(gift.category) if gift.category else None
    set_id, title = set_names(filename, category)
    positions = {"id": gift.category_at, "title": gift.category_at} if gift.category_at else {}
    return DraftSet(set_id, title, gift.drafts, positions, gift.errors.found)


def _category_title(path: str) -> str | None:
    """Return the last meaningful part of a Moodle category path like $course$/top/Maths."""
    parts = [part.replace("\0", "/").strip() for part in path.replace("//", "\0").split("/")]
    meaningful = [part for part in parts if part and not _CATEGORY_ROOTS.fullmatch(part)]
    return meaningful[-1] if meaningful else None


def _read_block(tokens: Run, result: GiftFile, errors: SourceErrors) -> None:
    """Read one blank-line-separated block: a category, a question, or a skipped question."""
    start = tokens[0].at
    if plain(tokens[:10]) == "$CATEGORY:":
        first_line = [token for token in tokens if token.at.line == start.line]
        rest = tokens[len(first_line) :]
        if strip(rest):
            errors.add(
                strip(rest)[0].at,
                "category",
                _(
                    "a question starts right after $CATEGORY; leave a blank line after the "
                    "$CATEGORY line"
                ),
            )
        if result.category is None:
            result.category = plain(strip(first_line[10:]))
            result.category_at = start
        return
    name, name_at, body = _name(tokens, errors)
    if body is None:
        return
    opening, closing = find(body, "{"), find(body, "}")
    if opening < 0 and closing < 0:
        result.skipped.append(
            SkippedQuestion(start.line, "description", SKIP_REASONS["description"])
        )
        return
    if not _braces_are_sound(body, opening, closing, errors):
        return
    before, answers, after = (
        body[:opening],
        body[opening + 1 : closing],
        body[closing + 1 :],
    )
    answers, general, general_at = _general_feedback(answers)
    question_format, prompt = _prompt(before, after)
    draft = Draft(at=start, prompt=prompt, options=[], answer="", name=name)
    draft.positions.update(
        id=name_at or start,
        prompt=(strip(before) or body)[0].at,
        options=body[opening].at,
        answer=body[opening].at,
    )
    kind = _kind(answers)
    if kind == "multiple choice":
        kind = _multiple_choice(answers, body[opening].at, draft, question_format, errors)
    elif kind == "true/false":
        _true_false(answers, draft, question_format)
    if kind not in ("multiple choice", "true/false"):
        if kind is not None:
            reason = SKIP_REASONS[kind]
            if kind == "short answer" and plain(strip(answers)).upper() in TRUE_FALSE:
                reason = SHORT_ANSWER_TRUE_FALSE
            result.skipped.append(SkippedQuestion(start.line, _KIND_NAMES.get(kind, kind), reason))
        return
    if general:
        draft.positions.setdefault("solution", general_at)
        draft.positions[f"solution.steps[{len(draft.steps)}]"] = general_at
        draft.steps.append(("Explanation", _text(general, question_format)))
    result.drafts.append(draft)


def _name(tokens: Run, errors: SourceErrors) -> tuple[str | None, Position | None, Run | None]:
    """Return a ``::name::`` title, where it starts, and the rest of the question."""
    if len(tokens) < 2 or not all(token.control and token.char == ":" for token in tokens[:2]):
        return None, None, tokens
    index = 2
    while index + 1 < len(tokens):
        if all(token.control and token.char == ":" for token in tokens[index : index + 2]):
            return tidy(plain(tokens[2:index])), tokens[0].at, strip(tokens[index + 2 :])
        index += 1
    errors.add(tokens[0].at, "name", _("the question name has no closing '::'"))
    return None, None, None


def _braces_are_sound(body: Run, opening: int, closing: int, errors: SourceErrors) -> bool:
    """Tell whether the question has exactly one answer block; record why not."""
    if closing < 0:
        errors.add(
            body[opening].at,
            "answers",
            _(
                "this '{' has no closing '}' before the question ends (a blank line ends a "
                "question; write \\{ for a literal brace)"
            ),
        )
        return False
    if opening < 0 or closing < opening:
        errors.add(
            body[closing].at,
            "answers",
            _("this '}' closes no '{' (write \\} for a literal brace)"),
        )
        return False
    inner = find(body, "{", opening + 1)
    if inner >= 0:
        errors.add(
            body[inner].at,
            "answers",
            _(
                "a second '{' inside the answer block; a question has one answer block "
                "(write \\{ for a literal brace)"
            )
            if inner < closing
            else _(
                "a second '{' after the answer block; a question has one answer block "
                "(write \\{ for a literal brace)"
            ),
        )
        return False
    return True


def _general_feedback(answers: Run) -> tuple[Run, Run, Position | None]:
    """Split the answers from the general feedback after the last ``####``."""
    for index in range(len(answers) - 4, -1, -1):
        if all(token.control and token.char == "#" for token in answers[index : index + 4]):
            return strip(answers[:index]), strip(answers[index + 4 :]), answers[index].at
    return strip(answers), [], None


def _prompt(before: Run, after: Run) -> tuple[str, str]:
    """Return the question's text format and its prompt, with a blank where the answers were."""
    question = plain(before) + _HOLE + plain(after) if strip(after) else plain(before)
    question_format, question = _format_tag(question.strip(), "moodle")
    source = strip(before) or before or after
    at = source[0].at if source else None
    return question_format, _convert(question, question_format, at).replace(_HOLE, BLANK)


def _kind(answers: Run) -> str | None:
    """Return the question type as Moodle decides it from the answer block."""
    if not answers:
        return "essay"
    if answers[0].control and answers[0].char == "#":
        return "numerical"
    if find(answers, "~") >= 0:
        return "multiple choice"
    if find(answers, "=") >= 0 and "->" in plain(answers):
        return "matching"
    hash_at = find(answers, "#")
    value = plain(strip(answers[:hash_at] if hash_at > 0 else answers))
    return "true/false" if value in TRUE_FALSE else "short answer"


def _multiple_choice(
    answers: Run, block_at: Position, draft: Draft, question_format: str, errors: SourceErrors
) -> str | None:
    """Fill ``draft`` from ``~``/``=`` answers; return the kind it turned out to be."""
    pieces: list[tuple[Token, Run]] = []
    lead: Run = []
    for token in answers:
        if token.control and token.char in "~=":
            pieces.append((token, []))
        elif pieces:
            pieces[-1][1].append(token)
        else:
            lead.append(token)
    if strip(lead):
        errors.add(
            strip(lead)[0].at,
            "answers",
            _("text before the first answer; start every answer with ~ (wrong) or = (right)"),
        )
        return None
    weights: list[float] = []
    for index, (marker, piece) in enumerate(pieces):
        body = strip(piece)
        weight = _WEIGHT.match(plain(body))
        if weight is not None:
            body = strip(body[weight.end() :])
        weights.append(float(weight.group(1)) if weight else (100.0 if marker.char == "=" else 0.0))
        letter = ascii_uppercase[index] if index < len(ascii_uppercase) else None
        hash_at = find(body, "#")
        text_run, feedback = (body, []) if hash_at < 0 else (body[:hash_at], body[hash_at + 1 :])
        draft.options.append(_text(text_run, question_format))
        if letter is None:
            continue
        draft.positions[f"options.{letter}"] = marker.at
        if weight is None or weights[-1] in (0.0, 100.0):
            if weights[-1] == 100.0:
                draft.answer = letter
                draft.positions["answer"] = marker.at
            if strip(feedback):
                draft.positions[f"feedback.{letter}"] = body[hash_at].at
                _add_feedback(
                    draft,
                    letter,
                    weights[-1] == 100.0,
                    _text(feedback, question_format),
                    body[hash_at].at,
                )
    rights = weights.count(100.0)
    if not any(marker.char == "=" for marker, _ in pieces) and any(w > 0 for w in weights):
        return "multiple answers"
    if any(weight not in (0.0, 100.0) for weight in weights):
        return "partial credit"
    if rights > 1:
        return "several right"
    if rights == 0:
        errors.add(block_at, "answers", _("no answer is marked right; mark the right one with ="))
        return None
    return "multiple choice"


def _add_feedback(draft: Draft, letter: str, right: bool, text: str, at: Position) -> None:
    """Keep feedback on a wrong option; fold the right option's feedback into the solution."""
    if not text:
        return
    if right:
        draft.positions.setdefault("solution", at)
        draft.positions[f"solution.steps[{len(draft.steps)}]"] = at
        draft.steps.insert(0, ("The right answer", text))
    else:
        draft.feedback[letter] = text


def _true_false(answers: Run, draft: Draft, question_format: str) -> None:
    """Fill ``draft`` from ``{T}``/``{FALSE#wrong feedback#right feedback}``."""
    parts: list[Run] = [[]]
    hashes: list[Position] = []
    for token in answers:
        if token.control and token.char == "#" and len(parts) < 3:
            parts.append([])
            hashes.append(token.at)
        else:
            parts[-1].append(token)
    value = TRUE_FALSE[plain(strip(parts[0]))]
    draft.options = ["True", "False"]
    draft.answer = "A" if value else "B"
    wrong = "B" if value else "A"
    draft.positions.update({"options.A": answers[0].at, "options.B": answers[0].at})
    if len(parts) > 1 and strip(parts[1]):
        draft.positions[f"feedback.{wrong}"] = hashes[0]
        _add_feedback(draft, wrong, False, _text(parts[1], question_format), hashes[0])
    if len(parts) > 2 and strip(parts[2]):
        _add_feedback(draft, draft.answer, True, _text(parts[2], question_format), hashes[1])
