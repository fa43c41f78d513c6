"""Rules for single values of a set file, as pure functions of their text.

Each function returns the value or raises ``ValueError`` whose message is the sentence to show.
"""

from __future__ import annotations

import re

from content._nodes import MAX_NUMBER_DIGITS, suggestion
from content.errors import shown
from content.limits import (
    CODE_LANGUAGE_PATTERN,
    ESTIMATED_MINUTES_MAX,
    ID_MAX,
    ID_PATTERN,
    KIND_PATTERN,
)
from content.model import MAX_ATTEMPTS, MAX_TIME_LIMIT, Difficulty, Mode, format_duration

_SECONDS = re.compile(r"[+-]?[0-9]+")
_MINUTES_SECONDS = re.compile(r"([0-9]+):([0-9]+)")
_WHITESPACE = re.compile(r"\s")
_HUGE = 10**MAX_NUMBER_DIGITS
"""Stands for a number too long to convert: above every limit."""

DIFFICULTY_NAMES = ("easy", "medium", "hard", "intermediate", "advanced", "expert")
MODE_NAMES = tuple(mode.value for mode in Mode)
_DIFFICULTIES = {name: Difficulty(name) for name in DIFFICULTY_NAMES}
_MODES = {mode.value: mode for mode in Mode}


def identifier(text: str) -> str:
    """Return a set or question id: lowercase letters, digits and '-', at most 64 characters."""
    if not ID_PATTERN.fullmatch(text):
        raise ValueError(
            f"'{shown(text)}' is not a valid id; use lowercase letters, digits and '-', "
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
        seconds = _whole(text)
        shown_limit = f"{seconds} seconds" if abs(seconds) < _HUGE else f"'{shown(text)}'"
    else:
        match = _MINUTES_SECONDS.fullmatch(text)
        if match is None:
            raise ValueError(
                f"'{shown(text)}' is not a time limit; write seconds as a number (90) "
                'or minutes and seconds as "M:SS" ("1:30")'
            )
        minutes, secs = match.groups()
        if len(secs) != 2:
            raise ValueError(
                f"'{shown(text)}' is not a valid time; write the seconds with two digits"
            )
        if int(secs) > 59:
            raise ValueError(f"'{shown(text)}' is not a valid time; the seconds must be 00 to 59")
        seconds = _whole(minutes) * 60 + int(secs)
        shown_limit = f"'{shown(text)}'"
        if seconds < _HUGE:
            shown_limit += f" ({seconds} seconds)"
    if seconds <= 0:
        raise ValueError(f"must be more than 0 seconds, not {shown(text)}")
    if seconds > MAX_TIME_LIMIT:
        raise ValueError(
            f"{shown_limit} is over the maximum of {MAX_TIME_LIMIT} seconds "
            f"({format_duration(MAX_TIME_LIMIT)})"
        )
    return seconds


def _whole(text: str) -> int:
    """Return the whole number ``text`` writes, of any length: one too long to convert is
    returned as a number above every limit, since Python refuses texts over 4,300 digits."""
    digits = text.lstrip("+-").lstrip("0") or "0"
    number = _HUGE if len(digits) > MAX_NUMBER_DIGITS else int(digits)
    return -number if text.startswith("-") else number


def attempts(count: int) -> int:
    """Return a number of attempts from 1 to 10."""
    if not 1 <= count <= MAX_ATTEMPTS:
        raise ValueError(f"must be a whole number from 1 to {MAX_ATTEMPTS}, not {count}")
    return count


def estimated_minutes(count: int) -> int:
    """Return a number of minutes from 1 to ESTIMATED_MINUTES_MAX."""
    if count <= 0:
        raise ValueError(f"must be a whole number of minutes above 0, not {count}")
    if count > ESTIMATED_MINUTES_MAX:
        raise ValueError(
            f"must be at most {ESTIMATED_MINUTES_MAX} minutes ({ESTIMATED_MINUTES_MAX // 60} "
            f"hours), not {count}"
        )
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
    return f"'{shown(text)}' is not {what}{hint}; use {listed}"


def kind(text: str) -> str:
    """Return a question kind label such as 'conceptual' or 'state_output'."""
    if not KIND_PATTERN.fullmatch(text):
        raise ValueError(
            f"'{shown(text)}' is not a valid kind; use letters, digits, '_', '-' and spaces, "
            "like 'conceptual' or 'state_output'"
        )
    return text


def code_language(text: str) -> str:
    """Return a code block language such as 'python' or 'c++'."""
    if not CODE_LANGUAGE_PATTERN.fullmatch(text):
        raise ValueError(
            f"'{shown(text)}' is not a valid code language; use lowercase letters, digits and "
            "'+', '#', '.', '-', like 'python' or 'c++'"
        )
    return text


def emoji(text: str) -> str:
    """Return a badge emoji: one emoji or a short sequence, without blanks."""
    if _WHITESPACE.search(text):
        raise ValueError(f"'{shown(text)}' must be a single emoji, without spaces")
    return text


def option_range(letters: str) -> str:
    """Return how to name the option letters in a sentence: 'A-D', or 'A' alone."""
    return letters if len(letters) < 2 else f"{letters[0]}-{letters[-1]}"
