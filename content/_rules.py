"""Rules for single values of a set file, as pure functions of their text.

Each function returns the value or raises ``ValueError`` whose message is the sentence to show.
"""

from __future__ import annotations

import re

from content._nodes import suggestion
from content.limits import (
    CODE_LANGUAGE_PATTERN,
    ID_MAX,
    ID_PATTERN,
    KIND_PATTERN,
)
from content.model import MAX_ATTEMPTS, MAX_TIME_LIMIT, Difficulty, Mode, format_duration

_SECONDS = re.compile(r"[+-]?[0-9]+")
_MINUTES_SECONDS = re.compile(r"([0-9]+):([0-9]+)")
_WHITESPACE = re.compile(r"\s")

DIFFICULTY_NAMES = ("easy", "medium", "hard", "intermediate", "advanced", "expert")
MODE_NAMES = tuple(mode.value for mode in Mode)
_DIFFICULTIES = {name: Difficulty(name) for name in DIFFICULTY_NAMES}
_MODES = {mode.value: mode for mode in Mode}


def identifier(text: str) -> str:
    """Return a set or question id: lowercase letters, digits and '-', at most 64 characters."""
    if not ID_PATTERN.fullmatch(text):
        raise ValueError(
            f"'{text}' is not a valid id; use lowercase letters, digits and '-', "
            "starting with a letter or digit"
        )
    if len(text) > ID_MAX:
        raise ValueError(
            f"is {len(text)} characters long, {len(text) - ID_MAX} over the limit of {ID_MAX}"
        )
    return text


def time_limit(text: str) -> int:
    """Return the seconds of a time limit written as seconds ("90") or minutes ("1:30")."""
    if _SECONDS.fullmatch(text):
        seconds = int(text)
        shown = f"{seconds} seconds"
    else:
        match = _MINUTES_SECONDS.fullmatch(text)
        if match is None:
            raise ValueError(
                f"'{text}' is not a time limit; write seconds as a number (90) "
                'or minutes and seconds as "M:SS" ("1:30")'
            )
        minutes, secs = match.groups()
        if len(secs) != 2:
            raise ValueError(f"'{text}' is not a valid time; write the seconds with two digits")
        if int(secs) > 59:
            raise ValueError(f"'{text}' is not a valid time; the seconds must be 00 to 59")
        seconds = int(minutes) * 60 + int(secs)
        shown = f"'{text}' ({seconds} seconds)"
    if seconds <= 0:
        raise ValueError(f"must be more than 0 seconds, not {text}")
    if seconds > MAX_TIME_LIMIT:
        raise ValueError(
            f"{shown} is over the maximum of {MAX_TIME_LIMIT} seconds "
            f"({format_duration(MAX_TIME_LIMIT)})"
        )
    return seconds


def attempts(count: int) -> int:
    """Return a number of attempts from 1 to 10."""
    if not 1 <= count <= MAX_ATTEMPTS:
        raise ValueError(f"must be a whole number from 1 to {MAX_ATTEMPTS}, not {count}")
    return count


def estimated_minutes(count: int) -> int:
    """Return a positive number of minutes."""
    if count <= 0:
        raise ValueError(f"must be a whole number of minutes above 0, not {count}")
    return count


def difficulty(text: str) -> Difficulty:
    """Return the difficulty named ``text``."""
    try:
        return _DIFFICULTIES[text]
    except KeyError:
        raise ValueError(
            _not_one_of(text, "a difficulty", DIFFICULTY_NAMES, ", ".join(DIFFICULTY_NAMES))
        ) from None


def mode(text: str) -> Mode:
    """Return the mode named ``text``."""
    try:
        return _MODES[text]
    except KeyError:
        raise ValueError(
            _not_one_of(text, "a mode", MODE_NAMES, "practice, challenge or test")
        ) from None


def _not_one_of(text: str, what: str, names: tuple[str, ...], listed: str) -> str:
    close = suggestion(text, names)
    hint = f" (did you mean '{close}'?)" if close is not None else ""
    return f"'{text}' is not {what}{hint}; use {listed}"


def kind(text: str) -> str:
    """Return a question kind label such as 'conceptual' or 'state_output'."""
    if not KIND_PATTERN.fullmatch(text):
        raise ValueError(
            f"'{text}' is not a valid kind; use letters, digits, '_', '-' and spaces, "
            "like 'conceptual' or 'state_output'"
        )
    return text


def code_language(text: str) -> str:
    """Return a code block language such as 'python' or 'c++'."""
    if not CODE_LANGUAGE_PATTERN.fullmatch(text):
        raise ValueError(
            f"'{text}' is not a valid code language; use lowercase letters, digits and "
            "'+', '#', '.', '-', like 'python' or 'c++'"
        )
    return text


def emoji(text: str) -> str:
    """Return a badge emoji: one emoji or a short sequence, without blanks."""
    if _WHITESPACE.search(text):
        raise ValueError(f"'{text}' must be a single emoji, without spaces")
    return text


def option_range(letters: str) -> str:
    """Return how to name the option letters in a sentence: 'A-D', or 'A' alone."""
    return letters if len(letters) < 2 else f"{letters[0]}-{letters[-1]}"
