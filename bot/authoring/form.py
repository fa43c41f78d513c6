"""The question form's five texts, turned into a question of a set file and back.

The form is only another way to write the YAML of one question: what it builds is validated
by the set-file validator, whose errors are then pointed back at the form's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from bot.authoring.document import Plain, Text, Word
from content._questions import QUESTION_KEYS
from content.importers._source import slug
from content.limits import (
    CODE_LANGUAGE_MAX,
    CODE_SOURCE_MAX,
    HINT_MAX,
    ID_MAX,
    PROMPT_MAX,
    STEP_TITLE_MAX,
)
from content.model import OPTION_LETTERS, Question
from i18n import _

TEXT_INPUT_MAX = 4000
"""The longest text Discord lets a member type into one field of a form."""
FENCE = "```"
CODE_OVERHEAD = len("\n\n") + 2 * len(FENCE) + len("\n\n")
FIELD_MAX = {
    "prompt": PROMPT_MAX + CODE_OVERHEAD + CODE_LANGUAGE_MAX + CODE_SOURCE_MAX,
    "options": TEXT_INPUT_MAX,
    "answer": 3,
    "hint": HINT_MAX,
    "explanation": TEXT_INPUT_MAX,
}
"""Each field's length limit: the validator's limit for what the field holds (prompt and code
together for ``prompt``); the options and explanation hold up to ten and eight texts, more
than one field of a form takes, so Discord's own limit applies and the validator's per text."""
FEEDBACK_SEPARATOR = " | "
DEFAULT_CODE_LANGUAGE = "text"

_LABEL = re.compile(r"([A-Ja-j])\s*[).:](?:\s+|$)")
_TIGHT_LABEL = re.compile(r"([A-J])[).:]")
"""A label with no space after it (``A)3``): taken as one only with the line's own letter."""
_FENCE_LINE = re.compile(r"^[ \t]*```[ \t]*([^\s`]*)[ \t]*$", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


@dataclass(frozen=True, slots=True)
class FormText:
    """What the five fields of the form hold."""

    prompt: str = ""
    options: str = ""
    answer: str = ""
    hint: str = ""
    explanation: str = ""

    @classmethod
    def from_values(cls, values: dict[str, str]) -> FormText:
        """Return the form as submitted, with Discord's line ends made '\\n'."""
        return cls(**{f.name: _tidy(values.get(f.name, "")) for f in fields(cls)})

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _tidy(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True, slots=True)
class FormProblem:
    """A problem of one field of the form: ``line`` is the line (or paragraph) it names."""

    field: str
    message: str
    line: int | None = None


@dataclass
class Built:
    """A question mapping built from the form, and where each part came from in it."""

    mapping: dict[str, Any]
    problems: list[FormProblem]
    option_lines: dict[str, int]
    """The form line of each option letter."""


def question_id(prompt: str, taken: set[str]) -> str:
    """Return an id made from the prompt, unique among ``taken``: ``why-asgi``, ``why-asgi-2``."""
    base = slug(prompt.split("\n", 1)[0], ID_MAX - 4) or "question"
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


def build(typed: FormText, *, original: dict[str, Any] | None, shown: FormText | None) -> Built:
    """Return the question the form describes, keeping ``original``'s parts where unchanged.

    ``original`` is the question being edited (its mapping as stored) and ``shown`` what the
    form showed of it: a field left as shown keeps the stored parts it stands for exactly.
    """
    mapping: dict[str, Any] = dict(original or {})
    problems: list[FormProblem] = []
    option_lines: dict[str, int] = {}

    def changed(name: str) -> bool:
        return shown is None or getattr(typed, name) != getattr(shown, name)

    if changed("prompt"):
        prompt, code = _prompt_and_code(typed.prompt, problems)
        _put(mapping, "prompt", Text(prompt) if prompt else None, before="context")
        _put(mapping, "code", code, before="options")
    if changed("options"):
        options, feedback, option_lines = _options(typed.options, problems)
        _put(mapping, "options", options or None, before="answer")
        _put(mapping, "feedback", feedback or None)
    else:
        option_lines = {letter: n for n, letter in enumerate(OPTION_LETTERS, start=1)}
    if changed("answer"):
        answer = typed.answer.strip().rstrip(").:").strip()
        answer = answer.upper() if len(answer) == 1 else answer
        _put(mapping, "answer", Word(answer) if answer else None, before="hint")
    if changed("hint"):
        _put(mapping, "hint", Text(typed.hint) if typed.hint else None, before="solution")
    if changed("explanation"):
        _solution(mapping, typed.explanation)
    return Built(mapping, problems, option_lines)


ORDER = QUESTION_KEYS.names
"""A question's keys in the file format's order (the validator's list)."""


def _put(mapping: dict[str, Any], key: str, value: Any, before: str | None = None) -> None:
    """Set (or, with None, remove) ``key``; a new key goes in the file format's order."""
    if value is None:
        mapping.pop(key, None)
        return
    mapping[key] = value
    ordered = sorted(mapping, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
    items = [(k, mapping[k]) for k in ordered]
    mapping.clear()
    mapping.update(items)


def _prompt_and_code(text: str, problems: list[FormProblem]) -> tuple[str, dict[str, Any] | None]:
    """Split the prompt field into the prompt and the code of its fenced block, if any."""
    fences = list(_FENCE_LINE.finditer(text))
    if not fences:
        return text, None
    if len(fences) % 2:
        line = text.count("\n", 0, fences[-1].start()) + 1
        problems.append(
            FormProblem(
                "prompt",
                _("the code block opened here is never closed: end it with a line of ```"),
                line,
            )
        )
        return text, None
    if len(fences) > 2:
        line = text.count("\n", 0, fences[2].start()) + 1
        problems.append(
            FormProblem("prompt", _("a question holds one code block; this is a second"), line)
        )
        return text, None
    opening, closing = fences
    fence = closing.group(0)  # the opening one may have lost its indentation to strip()
    indent = fence[: len(fence) - len(fence.lstrip())]
    source = "\n".join(  # lines indented as the fence is lose that indentation, no more
        line.removeprefix(indent) for line in text[opening.end() + 1 : closing.start()].split("\n")
    ).rstrip()
    prompt = (text[: opening.start()].strip() + "\n" + text[closing.end() :].strip()).strip()
    language = opening.group(1).lower() or DEFAULT_CODE_LANGUAGE
    code = {"language": Word(language), "source": Text(source)} if source.strip() else None
    if not prompt and code is not None:
        problems.append(
            FormProblem("prompt", _("holds only a code block: write the question above it"))
        )
    return prompt, code


def _options(
    text: str, problems: list[FormProblem]
) -> tuple[dict[str, Text], dict[str, Text], dict[str, int]]:
    """Return the options and their feedback by letter, and the form line of each letter."""
    options: dict[str, Text] = {}
    feedback: dict[str, Text] = {}
    lines: dict[str, int] = {}
    written = [(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1)]
    for number, raw in [(n, line) for n, line in written if line]:
        line = raw
        index = len(options)
        letter = OPTION_LETTERS[index] if index < len(OPTION_LETTERS) else f"#{index + 1}"
        label = _LABEL.match(line)
        tight = _TIGHT_LABEL.match(line)
        if label is None and tight is not None and tight.group(1) == letter:
            line = line[tight.end() :]
        elif label is not None:
            if label.group(1).upper() != letter:
                problems.append(
                    FormProblem(
                        "options",
                        _(
                            "this line is labelled {label} but it is option {letter}: options "
                            "go A, B, C... one a line, in order",
                            label=label.group(1).upper(),
                            letter=letter,
                        ),
                        number,
                    )
                )
            line = line[label.end() :]
        why = None
        line = " " + line  # a line may start with its feedback: "A) | why"
        if line.endswith(FEEDBACK_SEPARATOR.rstrip()):
            line = line[: -len(FEEDBACK_SEPARATOR.rstrip())].rstrip()  # a ' |' ending: no feedback
        elif FEEDBACK_SEPARATOR in line:
            line, why = line.rsplit(FEEDBACK_SEPARATOR, 1)
        key = Word(letter)
        options[key] = Text(line.strip())
        lines[key] = number
        if why and why.strip():
            feedback[key] = Text(why.strip())
    return options, feedback, lines


def _solution(mapping: dict[str, Any], explanation: str) -> None:
    """Make each paragraph of the explanation a step of the solution."""
    solution = dict(mapping.get("solution") or {})
    steps = []
    for paragraph in _PARAGRAPH_BREAK.split(explanation.strip()) if explanation.strip() else ():
        title, _newline, rest = paragraph.strip().partition("\n")
        if rest.strip() and len(title.strip()) <= STEP_TITLE_MAX:
            steps.append({"title": Text(title.strip()), "text": Text(rest.strip())})
        else:
            steps.append({"title": Text(_("Explanation")), "text": Text(paragraph.strip())})
    if steps:
        solution["steps"] = steps
    else:
        solution.pop("steps", None)
    if solution:
        solution = {k: solution[k] for k in ("steps", "quick_check") if k in solution} | solution
        _put(mapping, "solution", solution, before="takeaway")
    else:
        mapping.pop("solution", None)


PICKED = ("difficulty", "time_limit", "attempts")
"""What the preview's menus set; "default" leaves it to the set."""


def apply_picks(mapping: dict[str, Any], picked: dict[str, str]) -> None:
    """Write what the preview's menus chose into the question."""
    for key in PICKED:
        value = picked.get(key)
        if value is not None:
            _put(mapping, key, None if value == "default" else Plain(value))


def shown_form(question: Question) -> FormText:
    """Return the form filled with a question as it stands."""
    prompt = question.prompt
    if question.code is not None:
        language = question.code.language
        prompt += f"\n{FENCE}{language}\n{question.code.source}\n{FENCE}"
    lines = []
    for index, text in enumerate(question.options):
        line = f"{question.letters[index]}) {text}"
        why = question.feedback_for(index)
        if why:
            line += f"{FEEDBACK_SEPARATOR}{why}"
        elif FEEDBACK_SEPARATOR in text:
            line += FEEDBACK_SEPARATOR.rstrip()
        lines.append(line)
    steps = question.solution.steps if question.solution else ()
    explanation = "\n\n".join(
        step.text
        if step.title == _("Explanation") and "\n" not in step.text
        else f"{step.title}\n{step.text}"
        for step in steps
    )
    shown = FormText(
        prompt=_tidy(prompt),
        options=_tidy("\n".join(lines)),
        answer=question.answer_letter,
        hint=_tidy(question.hint or ""),
        explanation=_tidy(explanation),
    )
    # a field holds at most its limit: what is cut off stays as stored while the field is unchanged
    return FormText(**{k: v[: FIELD_MAX[k]].strip() for k, v in shown.as_dict().items()})


def with_text(form: FormText, **changes: str) -> FormText:
    """Return ``form`` with some fields changed."""
    return replace(form, **changes)
