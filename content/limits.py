"""Size limits of set-file texts, shared by the validator and the renderer.

Each limit keeps a text small enough that a question, and its reveal, fit in a Discord
embed once rendered. The two ``*_text_length`` functions mirror how the renderer lays a
question out, so the validator can refuse what would not fit.
"""

from __future__ import annotations

import re
from typing import Final

from content.markup import code_block, inline
from content.model import Question

MAX_FILE_BYTES: Final = 1024 * 1024

ID_MAX: Final = 64
ID_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9-]*")

SET_TITLE_MAX: Final = 200
SET_TOPIC_MAX: Final = 100
SET_DESCRIPTION_MAX: Final = 1000
ESTIMATED_MINUTES_MAX: Final = 600
"""Ten hours: a bound so every number shown stays small."""

BADGE_NAME_MAX: Final = 80
BADGE_DESCRIPTION_MAX: Final = 200
BADGE_EMOJI_MAX: Final = 16

PROMPT_MAX: Final = 500
CONTEXT_MAX: Final = 1000
KIND_MAX: Final = 40
KIND_PATTERN: Final = re.compile(r"[a-z0-9_ -]+", re.IGNORECASE)
CODE_LANGUAGE_MAX: Final = 20
CODE_LANGUAGE_PATTERN: Final = re.compile(r"[a-z0-9+#.-]+")
CODE_SOURCE_MAX: Final = 1500
CODE_SOURCE_MAX_LINES: Final = 40
OPTION_MAX: Final = 300
HINT_MAX: Final = 500

SOLUTION_STEPS_MAX: Final = 8
STEP_TITLE_MAX: Final = 100
STEP_TEXT_MAX: Final = 900
QUICK_CHECK_MAX: Final = 300
TAKEAWAY_MAX: Final = 300
COMMON_MISTAKES_MAX: Final = 8
COMMON_MISTAKE_MAX: Final = 200
FEEDBACK_MAX: Final = 300

QUESTION_TEXT_MAX: Final = 3800
"""Prompt, context, code and options together; an embed description holds 4096."""
REVEAL_TEXT_MAX: Final = 5000
"""Answer, solution, quick check, takeaway and mistakes together; an embed holds 6000."""

CODE_BLOCK_OVERHEAD: Final = 10
"""The fences and newlines around a code block: three backticks, language, newline..."""
OPTION_OVERHEAD: Final = 8
"""The letter emoji, separator and newline around each option."""
STEP_OVERHEAD: Final = 10
"""The number, bold markers and newlines around each solution step."""
MISTAKE_BULLET: Final = 3
"""The bullet, its space and the newline before each common mistake in its field."""
MISTAKE_OVERHEAD: Final = 4
"""The bullet and newline around each common mistake."""
FEEDBACK_OVERHEAD: Final = 40
"""The sentence naming the most chosen wrong option around its feedback."""
FIELD_TEXT_MAX: Final = 1024
"""A text shown alone in an embed field (a step, the quick check, the takeaway, a feedback, the
common mistakes together), escapes included: Discord's limit for a field's value."""


def question_text_length(question: Question) -> int:
    """Return how many characters the question takes once rendered (escapes included)."""
    length = len(inline(question.prompt)) + len(inline(question.context or ""))
    if question.code is not None:
        fenced = code_block(question.code.language, question.code.source)
        length += len(fenced) - len(code_block("", "")) + CODE_BLOCK_OVERHEAD  # fences counted once
    return length + sum(len(inline(option)) + OPTION_OVERHEAD for option in question.options)


def reveal_text_length(question: Question) -> int:
    """Return how many characters the answer reveal takes once rendered (escapes included)."""
    length = len(inline(question.options[question.answer]))
    solution = question.solution
    if solution is not None:
        length += sum(
            len(inline(step.title)) + len(inline(step.text)) + STEP_OVERHEAD
            for step in solution.steps
        )
        length += len(inline(solution.quick_check or ""))
    length += len(inline(question.takeaway or ""))
    length += max(
        (len(inline(text)) + FEEDBACK_OVERHEAD for text in question.feedback if text), default=0
    )
    return length + sum(
        len(inline(mistake)) + MISTAKE_OVERHEAD for mistake in question.common_mistakes
    )


def field_text_lengths(question: Question) -> list[tuple[str, int]]:
    """Return each text the reveal shows in a field of its own, and its rendered length.

    Escapes make a text longer than written (``__eq__`` takes 10 characters), so a text within
    its written limit can still be too long for its field once rendered.
    """
    texts: list[tuple[str, int]] = []
    solution = question.solution
    if solution is not None:
        texts.extend(
            (f"solution.steps[{index}].text", len(inline(step.text)))
            for index, step in enumerate(solution.steps)
        )
        texts.append(("solution.quick_check", len(inline(solution.quick_check or ""))))
    texts.append(("takeaway", len(inline(question.takeaway or ""))))
    texts.extend(
        (f"feedback.{letter}", len(inline(text)))
        for letter, text in zip(question.letters, question.feedback, strict=False)
        if text
    )
    if question.common_mistakes:
        bullets = sum(len(inline(m)) + MISTAKE_BULLET for m in question.common_mistakes)
        texts.append(("common_mistakes", bullets - 1))
    return texts
