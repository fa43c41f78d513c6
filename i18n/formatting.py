"""Numbers, percentages and dates written the way the current language writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as babel_date
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_percent

from .locales import BABEL_NAMES, DEFAULT_LOCALE


def babel_locale(code: str | None = None) -> str:
    """Return the Babel locale of ``code`` (the current locale by default)."""
    if code is None:
        from . import current_locale  # noqa: PLC0415  (the context variable lives there)

        code = current_locale()
    return BABEL_NAMES.get(code, BABEL_NAMES[DEFAULT_LOCALE])


def format_number(value: float | Decimal, *, digits: int | None = None) -> str:
    """Return ``value`` with the language's separators (1,234.5 · 1 234,5 · 1.234,5).

    ``digits`` fixes the number of decimals shown.
    """
    if digits is not None:
        pattern_digits = "0" * digits
        fmt = f"#,##0.{pattern_digits}" if digits else "#,##0"
        return format_decimal(value, format=fmt, locale=babel_locale())
    return format_decimal(value, locale=babel_locale())


def format_percent(ratio: float, *, digits: int = 0) -> str:
    """Return ``ratio`` (0.75) as the language writes a percentage (75 % · 75%)."""
    rounded = round(Decimal(str(ratio)) * 100, digits) / 100
    return babel_percent(rounded, locale=babel_locale(), decimal_quantization=digits == 0)


def format_date(day: dt.date | dt.datetime, *, style: str = "medium") -> str:
    """Return a calendar date as the language writes it (Dec 7, 2026 · 7 déc. 2026)."""
    return babel_date(day, format=style, locale=babel_locale())


def discord_timestamp(unix: float, style: str = "R") -> str:
    """Return Discord's ``<t:UNIX:style>`` markup: each reader's app shows it in their language.

    Prefer it to a formatted time: "R" (in 5 minutes), "t" (16:20), "f" (full date and time).
    """
    return f"<t:{int(unix)}:{style}>"
