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
from i18n import N_, _
from i18n.locales import SPOKEN
from i18n.locales import match as match_locale

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
            _(
                "'{value}' is not a valid id; use lowercase letters, digits and '-', "
                "starting with a letter or digit",
                value=shown(text),
            )
        )
    if len(text) > ID_MAX:
        raise ValueError(
            # Translators: follows "where:" in a report, like "id: is 70 characters long, ...".
            _(
                "is {length} characters long, {over} over the limit of {limit}",
                length=len(text),
                over=len(text) - ID_MAX,
                limit=ID_MAX,
            )
        )
    return text


def time_limit(text: str) -> int:
    """Return the seconds of a time limit written as seconds ("90") or minutes ("1:30")."""
    if _SECONDS.fullmatch(text):
        seconds = _whole(text)
        shown_limit = (
            _("{seconds} seconds", seconds=seconds)
            if abs(seconds) < _HUGE
            else _("'{value}'", value=shown(text))
        )
    else:
        match = _MINUTES_SECONDS.fullmatch(text)
        if match is None:
            raise ValueError(
                _(
                    "'{value}' is not a time limit; write seconds as a number (90) "
                    'or minutes and seconds as "M:SS" ("1:30")',
                    value=shown(text),
                )
            )
        minutes, secs = match.groups()
        if len(secs) != 2:
            raise ValueError(
                _(
                    "'{value}' is not a valid time; write the seconds with two digits",
                    value=shown(text),
                )
            )
        if int(secs) > 59:
            raise ValueError(
                _(
                    "'{value}' is not a valid time; the seconds must be 00 to 59",
                    value=shown(text),
                )
            )
        seconds = _whole(minutes) * 60 + int(secs)
        shown_limit = (
            _("'{value}' ({seconds} seconds)", value=shown(text), seconds=seconds)
            if seconds < _HUGE
            else _("'{value}'", value=shown(text))
        )
    if seconds <= 0:
        raise ValueError(_("must be more than 0 seconds, not {value}", value=shown(text)))
    if seconds > MAX_TIME_LIMIT:
        raise ValueError(
            # Translators: {limit} is like "900 seconds" or "'15:01' (901 seconds)".
            _(
                "{limit} is over the maximum of {maximum} seconds ({duration})",
                limit=shown_limit,
                maximum=MAX_TIME_LIMIT,
                duration=format_duration(MAX_TIME_LIMIT),
            )
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
        raise ValueError(
            _(
                "must be a whole number from 1 to {maximum}, not {count}",
                maximum=MAX_ATTEMPTS,
                count=count,
            )
        )
    return count


def estimated_minutes(count: int) -> int:
    """Return a number of minutes from 1 to ESTIMATED_MINUTES_MAX."""
    if count <= 0:
        raise ValueError(_("must be a whole number of minutes above 0, not {count}", count=count))
    if count > ESTIMATED_MINUTES_MAX:
        raise ValueError(
            _(
                "must be at most {maximum} minutes ({hours} hours), not {count}",
                maximum=ESTIMATED_MINUTES_MAX,
                hours=ESTIMATED_MINUTES_MAX // 60,
                count=count,
            )
        )
    return count


def difficulty(text: str) -> Difficulty:
    """Return the difficulty named ``text``."""
    try:
        return _DIFFICULTIES[text]
    except KeyError:
        raise ValueError(
            _not_one_of(text, NOT_A_DIFFICULTY, DIFFICULTY_NAMES, ", ".join(DIFFICULTY_NAMES))
        ) from None


def mode(text: str) -> Mode:
    """Return the mode named ``text``."""
    try:
        return _MODES[text]
    except KeyError:
        # Translators: the mode names stay as they are, the names a set file uses.
        listed = _("`practice`, `challenge` or `test`")
        raise ValueError(_not_one_of(text, NOT_A_MODE, MODE_NAMES, listed)) from None


# Translators: {names} lists the names a set file may use (they stay in English).
NOT_A_DIFFICULTY = (
    N_("'{value}' is not a difficulty (did you mean '{close}'?); use {names}"),
    N_("'{value}' is not a difficulty; use {names}"),
)
NOT_A_MODE = (
    N_("'{value}' is not a mode (did you mean '{close}'?); use {names}"),
    N_("'{value}' is not a mode; use {names}"),
)


def _not_one_of(text: str, messages: tuple[str, str], names: tuple[str, ...], listed: str) -> str:
    close = suggestion(text, names)
    with_hint, without = messages
    if close is not None:
        return _(with_hint, value=shown(text), close=close, names=listed)
    return _(without, value=shown(text), names=listed)


def kind(text: str) -> str:
    """Return a question kind label such as 'conceptual' or 'state_output'."""
    if not KIND_PATTERN.fullmatch(text):
        raise ValueError(
            _(
                "'{value}' is not a valid kind; use letters, digits, '_', '-' and spaces, "
                "like 'conceptual' or 'state_output'",
                value=shown(text),
            )
        )
    return text


def code_language(text: str) -> str:
    """Return a code block language such as 'python' or 'c++'."""
    if not CODE_LANGUAGE_PATTERN.fullmatch(text):
        raise ValueError(
            _(
                "'{value}' is not a valid code language; use lowercase letters, digits and "
                "'+', '#', '.', '-', like 'python' or 'c++'",
                value=shown(text),
            )
        )
    return text


def emoji(text: str) -> str:
    """Return a badge emoji: one emoji or a short sequence, without blanks."""
    if _WHITESPACE.search(text):
        raise ValueError(_("'{value}' must be a single emoji, without spaces", value=shown(text)))
    return text


def option_range(letters: str) -> str:
    """Return how to name the option letters in a sentence: 'A-D', or 'A' alone."""
    return letters if len(letters) < 2 else f"{letters[0]}-{letters[-1]}"


def locale(text: str) -> str:
    """Return the Discord locale a set is written in, one the bot speaks ('es-ES', 'ja')."""
    found = match_locale(text)
    if found is None:
        raise ValueError(
            _(
                "'{value}' is not a language the bot speaks; use a Discord locale code: {codes}",
                value=shown(text),
                codes=", ".join(SPOKEN),
            )
        )
    return found
