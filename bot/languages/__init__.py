"""Which language where (contract §7): a server's language, a member's, a session's.

- A **server's language** (channel messages: challenges, schedule announcements) is the one
  set with ``/settings language``, else the server's preferred locale when the bot speaks it,
  else English.
- An **interaction** is handled in the member's Discord language when the bot speaks it,
  else in the server's (set once per interaction by the command tree's and the views' checks).
- A **session** keeps the language it started in (``LiveSession.locale``, saved in its state):
  a challenge the server's, a practice, test or review the member's.
"""

from __future__ import annotations

import functools
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, TypeVar

import discord

from i18n import DEFAULT_LOCALE, current_locale, enter_locale, resolve, speaks, use_locale

if TYPE_CHECKING:
    from storage import Storage

log = logging.getLogger(__name__)

Source = Literal["set", "server", "default"]
"""Where a server's language comes from: /settings language, its preferred locale, English."""

MEMBERS_REMEMBERED = 10_000
"""Members whose last interaction's language is remembered (for direct messages)."""

CACHE_SECONDS = 30.0
"""How long a server's stored language is trusted before it is read again (another process
may have changed it)."""

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")


class ServerLanguages:
    """The language of each server's channel messages, read from storage and cached."""

    def __init__(self, client: discord.Client, storage: Storage) -> None:
        self.client = client
        self.storage = storage
        self._stored: dict[int, tuple[float, str | None]] = {}
        self._members: OrderedDict[int, str] = OrderedDict()

    def member(self, member_id: int) -> str | None:
        """Return the spoken language of a member's last interaction (None: not seen)."""
        return self._members.get(member_id)

    def saw(self, member_id: int, locale: object) -> None:
        """Remember the language of a member's interaction, when the bot speaks it."""
        if speaks(locale):
            self._members[member_id] = resolve(locale)
            self._members.move_to_end(member_id)
            while len(self._members) > MEMBERS_REMEMBERED:
                self._members.popitem(last=False)

    async def stored(self, guild_id: int) -> str | None:
        """Return the language set with /settings language (None: none set)."""
        cached = self._stored.get(guild_id)
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        code = await self.storage.guild_language(guild_id)
        self._stored[guild_id] = (time.monotonic(), code)
        return code

    async def set(self, guild_id: int, code: str | None) -> None:
        """Store a server's language (None: back to its preferred locale or English)."""
        await self.storage.set_guild_language(guild_id, code)
        self._stored[guild_id] = (time.monotonic(), code)

    def preferred(self, guild_id: int) -> str | None:
        """Return the server's own preferred locale (Server Settings → Community)."""
        guild = self.client.get_guild(guild_id)
        return str(guild.preferred_locale.value) if guild is not None else None

    async def source(self, guild_id: int) -> tuple[str, Source]:
        """Return a server's language and where it comes from."""
        stored = await self.stored(guild_id)
        if speaks(stored):
            return resolve(stored), "set"
        preferred = self.preferred(guild_id)
        if speaks(preferred):
            return resolve(preferred), "server"
        return DEFAULT_LOCALE, "default"

    async def of(self, guild_id: int | None) -> str:
        """Return the language of a server's channel messages (English outside servers)."""
        if guild_id is None:
            return DEFAULT_LOCALE
        try:
            return (await self.source(guild_id))[0]
        except Exception as error:  # never let a failed read hold up a message
            log.warning("could not read the language of server %s: %s", guild_id, error)
            return resolve(self.preferred(guild_id))

    async def for_interaction(self, interaction: discord.Interaction) -> str:
        """Return the language of a personal reply: the member's, else the server's."""
        locale = getattr(interaction, "locale", None)
        if speaks(locale):
            return resolve(locale)
        return await self.of(interaction.guild_id)


def languages_of(client: discord.Client) -> ServerLanguages | None:
    """Return the bot's ServerLanguages (None before its setup hook ran)."""
    return getattr(client, "languages", None)


async def interaction_language(interaction: discord.Interaction) -> str:
    """Return the language of a reply to ``interaction``: the member's Discord language when
    the bot speaks it, else the server's, else English (an unknown or missing locale is
    skipped quietly). The member's language is remembered for direct messages."""
    languages = languages_of(interaction.client)
    locale = getattr(interaction, "locale", None)
    if languages is None:
        return resolve(locale)
    languages.saw(interaction.user.id, locale)
    return await languages.for_interaction(interaction)


async def enter_interaction_locale(interaction: discord.Interaction) -> str:
    """Handle the rest of ``interaction`` in the member's (else the server's) language."""
    return enter_locale(await interaction_language(interaction))


def in_session_language(
    method: Callable[Concatenate[S, Any, P], Awaitable[R]],
) -> Callable[Concatenate[S, Any, P], Awaitable[R]]:
    """Run a session method ``(self, live, ...)`` in the language the session started in."""

    @functools.wraps(method)
    async def speaking(self: S, live: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with use_locale(live.locale):
            return await method(self, live, *args, **kwargs)

    return speaking


def saved_locale(state: str) -> str:
    """Return the language a saved session state was played in (English if none or unreadable)."""
    try:
        extras = json.loads(state).get("discord", {})
        return resolve(extras.get("locale") if isinstance(extras, dict) else None)
    except (ValueError, AttributeError):
        return DEFAULT_LOCALE


def in_saved_language(
    method: Callable[Concatenate[S, Any, P], Awaitable[R]],
) -> Callable[Concatenate[S, Any, P], Awaitable[R]]:
    """Run ``(self, record, ...)`` of a saved session in the language it was played in."""

    @functools.wraps(method)
    async def speaking(self: S, record: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with use_locale(saved_locale(record.state)):
            return await method(self, record, *args, **kwargs)

    return speaking


def in_member_language(
    method: Callable[Concatenate[S, Any, int, P], Awaitable[R]],
) -> Callable[Concatenate[S, Any, int, P], Awaitable[R]]:
    """Run ``(self, live, member_id, ...)`` in the member's language (a direct message): the
    language of their last interaction, else the session's (a reaction carries none)."""

    @functools.wraps(method)
    async def speaking(
        self: S, live: Any, member_id: int, /, *args: P.args, **kwargs: P.kwargs
    ) -> R:
        languages = languages_of(self.client)  # type: ignore[attr-defined]
        known = languages.member(member_id) if languages is not None else None
        with use_locale(known or live.locale):
            return await method(self, live, member_id, *args, **kwargs)

    return speaking


async def session_language(interaction: discord.Interaction, mode: object) -> str:
    """Return the language a session starts in: a challenge the server's, a personal session
    the member's (the interaction's, set already). Refusals before it starts stay the member's."""
    languages = languages_of(interaction.client)
    if getattr(mode, "value", mode) == "challenge" and languages is not None:
        return await languages.of(interaction.guild_id)
    return current_locale()


def in_server_language(
    method: Callable[Concatenate[S, int, P], Awaitable[R]],
) -> Callable[Concatenate[S, int, P], Awaitable[R]]:
    """Run a method ``(self, guild_id, ...)`` of an object with ``client`` in the server's
    language (a schedule's run: its announcement, its challenge, a skipped run's notice)."""

    @functools.wraps(method)
    async def speaking(self: S, guild_id: int, /, *args: P.args, **kwargs: P.kwargs) -> R:
        languages = languages_of(self.client)  # type: ignore[attr-defined]
        code = await languages.of(guild_id) if languages is not None else DEFAULT_LOCALE
        with use_locale(code):
            return await method(self, guild_id, *args, **kwargs)

    return speaking
