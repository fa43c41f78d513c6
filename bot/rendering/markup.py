"""Markup shared by every message: Discord's limits, safe text, emojis, mentions, times."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

import discord

from content.markup import code_block, code_span, inline, strong
from i18n import ngettext

__all__ = [
    "code_block",
    "code_span",
    "inline",
    "strong",
]  # written where the validator measures them too

LETTER_EMOJIS = tuple(chr(0x1F1E6 + i) for i in range(10))
HINT_EMOJI = "💡"
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
MESSAGE_LIMIT = 2000
EMBED_TOTAL_LIMIT = 6000

COLOUR_QUESTION = discord.Colour.blurple()
COLOUR_RIGHT = discord.Colour.green()
COLOUR_INFO = discord.Colour.dark_teal()
COLOUR_RESULT = discord.Colour.gold()
COLOUR_STOPPED = discord.Colour.dark_grey()


def clip(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def inline_clip(text: str, limit: int) -> str:
    """Escape ``text`` with ``inline``, shortened first so the escaped text fits in ``limit``.

    The text is cut before it is escaped, so a cut never splits an escape or a code span.
    """
    shown = inline(text)
    kept = len(text)
    while len(shown) > limit and kept > 1:
        kept = max(1, kept - (len(shown) - limit))
        shown = inline(clip(text, kept))
    return shown


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Shorten the longest field values until the embed is within Discord's 6,000 characters."""
    while len(embed) > EMBED_TOTAL_LIMIT and embed.fields:
        over = len(embed) - EMBED_TOTAL_LIMIT
        index, field = max(enumerate(embed.fields), key=lambda item: len(item[1].value or ""))
        value = field.value or ""
        if len(value) <= 1:
            embed.remove_field(index)
            continue
        embed.set_field_at(
            index,
            name=field.name,
            value=clip(value, max(1, len(value) - over)),
            inline=field.inline,
        )
    if len(embed) > EMBED_TOTAL_LIMIT and embed.description:
        over = len(embed) - EMBED_TOTAL_LIMIT
        embed.description = clip(embed.description, max(1, len(embed.description) - over))
    return embed


def option_emoji(index: int) -> str:
    """Return the regional-indicator emoji for option ``index`` (0 is A)."""
    return LETTER_EMOJIS[index]


def option_index(emoji: str) -> int | None:
    """Return the option index of a letter emoji, or None for any other emoji."""
    try:
        return LETTER_EMOJIS.index(emoji)
    except ValueError:
        return None


def timestamp(unix: float, style: str = "R") -> str:
    """Return Discord's live timestamp markup for ``unix`` seconds."""
    return discord.utils.format_dt(datetime.fromtimestamp(unix, tz=UTC), style)  # type: ignore[arg-type]


def member_mention(member_id: int) -> str:
    """Return the mention of member ``member_id``."""
    return f"<@{member_id}>"


def channel_mention(channel_id: int) -> str:
    """Return the mention of channel ``channel_id``."""
    return f"<#{channel_id}>"


def role_mention(role_id: int) -> str:
    """Return the mention of role ``role_id``."""
    return f"<@&{role_id}>"


def mentions(member_ids: Iterable[int], limit: int = FIELD_LIMIT) -> str:
    """Join member mentions, summarising the rest when they would not fit in ``limit``."""
    return bounded_lines(
        [f"<@{member_id}>" for member_id in member_ids], limit, and_more_members, ", "
    )


def and_more(count: int) -> str:
    """Say that ``count`` more lines were left out of a list."""
    return ngettext("… and {n} more", "… and {n} more", count)


def and_more_members(count: int) -> str:
    """Say that ``count`` more members were left out of a list of mentions."""
    # Translators: ends a comma-separated list of members, like "@a, @b, and 3 more".
    return ngettext("and {n} more", "and {n} more", count)


def bounded_lines(
    lines: Sequence[str],
    limit: int,
    more: Callable[[int], str] = and_more,
    separator: str = "\n",
) -> str:
    """Join ``lines`` within ``limit`` characters, ending with how many were left out.

    ``more`` says how many were left out (it is given the count).
    """
    shown: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        left_after = len(lines) - index - 1
        reserve = len(more(left_after)) + len(separator) if left_after else 0
        if used + len(line) + reserve > limit:
            shown.append(more(len(lines) - index))
            break
        shown.append(line)
        used += len(line) + len(separator)
    return separator.join(shown)
