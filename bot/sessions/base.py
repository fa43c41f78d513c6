"""What every part of the session manager shares: the registries, storage and the plumbing
that moves messages to Discord and sessions to storage."""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import discord
from discord.ext import commands

from bot import engine
from bot.engine import review
from bot.library import review_sets
from bot.library.cards import card_record, review_card_of
from bot.library.catalog import Catalog
from bot.runtime.clock import now
from bot.runtime.leases import SessionLeases
from bot.runtime.live import LiveSession
from bot.runtime.retry import retrying
from bot.scheduling.scheduler import Scheduler
from content.model import Mode, QuestionSet
from storage import CardRecord, SessionRecord, Storage

log = logging.getLogger("bot.sessions")


@dataclass(frozen=True, slots=True)
class PendingRemoval:
    message_id: int
    emoji: str
    member_id: int


class SessionsBase:
    """The state of every running session and the calls the other parts build on."""

    storage: Storage
    catalog: Catalog

    def __init__(self, client: commands.Bot) -> None:
        self.client = client
        self.by_id: dict[str, LiveSession] = {}
        self.by_channel: dict[int, LiveSession] = {}
        self.by_message: dict[int, LiveSession] = {}
        self.personal: dict[tuple[int, int], LiveSession] = {}
        """(guild id, member id) → the member's running practice or test there."""
        self.starting_personal: set[tuple[int, int]] = set()
        self.deadlines = Scheduler("deadline")
        self.removals: dict[int, deque[PendingRemoval]] = {}
        self._failures_logged: set[tuple[str, int]] = set()
        self.closing = False
        self.early_status_left = 0
        """Status lines that may still be refreshed before the next pulse (see the pulse)."""
        self.start_pulse: Callable[[], None] | None = None
        """Set by the cog that runs the pulse: starts it when a session begins."""
        self.leases = SessionLeases(self)
        """This process's claims on the sessions it runs (one process per session)."""

    def attach(self, storage: Storage, catalog: Catalog) -> None:
        """Give the manager the storage and catalog the bot opened in its setup hook."""
        self.storage = storage
        self.catalog = catalog

    # ------------------------------------------------------------------ lookups

    def in_channel(self, channel_id: int | None) -> LiveSession | None:
        """Return the session played in this channel or thread, if any."""
        return self.by_channel.get(channel_id) if channel_id is not None else None

    def personal_of(self, guild_id: int, member_id: int) -> LiveSession | None:
        """Return the member's running practice or test in this server, if any."""
        return self.personal.get((guild_id, member_id))

    def is_live(self, live: LiveSession) -> bool:
        """Tell whether ``live`` is still a registered, running session."""
        return self.by_id.get(live.id) is live

    def playing(self, guild_id: int, set_id: str) -> list[LiveSession]:
        """Return the sessions of a server playing ``set_id``."""
        return [
            live
            for live in self.by_id.values()
            if live.guild_id == guild_id and live.qset.id == set_id
        ]

    # ------------------------------------------------------------------ registry

    def _register(  # noqa: PLR0917
        self,
        session: engine.Session,
        qset: QuestionSet,
        guild_id: int,
        channel_id: int,
        thread_id: int | None,
        at: float,
        *,
        review: bool = False,
    ) -> LiveSession:
        live = LiveSession(session, qset, guild_id, channel_id, thread_id, at, review=review)
        localize = review_sets.localized if review else Catalog.localized
        live.localize = partial(localize, self.catalog, guild_id)
        entry = None if review else self.catalog.server_set(guild_id, qset.id)
        if entry is not None and entry.qset is qset:
            live.set_version = entry.version  # a server set: resumes on this very version
        self.by_id[live.id] = live
        self.by_channel[channel_id] = live
        if session.personal:
            self.personal[(guild_id, session.starter_id)] = live
        self.keep_pulsing()
        return live

    def _unregister(self, live: LiveSession) -> None:
        self.by_id.pop(live.id, None)
        if self.by_channel.get(live.channel_id) is live:
            del self.by_channel[live.channel_id]
        key = (live.guild_id, live.session.starter_id)
        if self.personal.get(key) is live:
            del self.personal[key]
        self._forget_question_message(live)
        self.deadlines.cancel(live.id)
        self.deadlines.cancel(("idle", live.id))
        self.leases.forget(live.id)

    def stop_running_here(self, live: LiveSession) -> None:
        """Let go of a session another process runs now: no timers, no answers, nothing saved."""
        self._unregister(live)

    def _forget_question_message(self, live: LiveSession) -> None:
        if live.question_message_id is not None:
            self.by_message.pop(live.question_message_id, None)
            queue = self.removals.get(live.channel_id)
            if queue:
                kept = [r for r in queue if r.message_id != live.question_message_id]
                self.removals[live.channel_id] = deque(kept)

    # ------------------------------------------------------------------ plumbing

    def _messageable(self, live: LiveSession) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(live.channel_id, guild_id=live.guild_id)

    async def _send(
        self, live: LiveSession, content: str | None = None, *, embed: discord.Embed | None = None
    ) -> bool:
        """Post in the session's channel; return whether Discord took the message."""
        channel = self._messageable(live)
        try:
            await retrying(
                lambda: channel.send(
                    content, embed=embed, allowed_mentions=discord.AllowedMentions.none()
                )
            )
        except Exception as error:
            self._log_once("send", live.channel_id, error)
            return False
        return True

    async def _dm(self, member_id: int, text: str, channel_id: int) -> bool:
        """Send ``text`` to a member privately; return whether Discord took it."""
        try:
            user = self.client.get_user(member_id) or await self.client.fetch_user(member_id)
            await user.send(text, allowed_mentions=discord.AllowedMentions.none())
        except Exception as error:
            self._log_once("dm", channel_id, error)
            return False
        return True

    async def tell_member(self, member_id: int, text: str) -> bool:
        """Send ``text`` to a member by direct message; return whether Discord took it."""
        return await self._dm(member_id, text, 0)

    async def _save(self, live: LiveSession) -> None:
        """Save the session's whole state; a session that already ended is not written again."""
        if not self.is_live(live):
            return
        if not await self.leases.hold(live.id):
            log.warning("session %s is run by another process: not saved here", live.id)
            self.stop_running_here(live)
            return
        session = live.session
        live.state_dirty = False  # answers from here on are in the next save
        state = {"engine": engine.to_snapshot(session), "discord": live.extras()}
        status = "running" if session.running else session.status.value
        record = SessionRecord(
            id=session.id,
            guild_id=live.guild_id,
            channel_id=live.channel_id,
            thread_id=live.thread_id,
            mode=session.mode.value,
            set_id=session.set_id,
            starter_id=session.starter_id,
            status=status,
            question_id=session.round.question_id,
            deadline=session.round.deadline,
            message_id=live.question_message_id,
            state=json.dumps(state, separators=(",", ":")),
            created_at=live.created_at,
            updated_at=now(),
        )
        await retrying(lambda: self.storage.save_session(record))

    async def _next_card(  # noqa: PLR0917
        self,
        guild_id: int,
        member_id: int,
        set_id: str,
        question_id: str,
        rating: review.ReviewRating,
        at: float,
    ) -> CardRecord:
        """Return the member's review card for a question once rated ``rating`` at ``at``.

        A card that can't be read is started afresh rather than holding up the answer.
        """
        try:
            stored = await retrying(
                lambda: self.storage.card(guild_id, member_id, set_id, question_id)
            )
        except Exception as error:
            self._log_once("card", 0, error)
            stored = None
        if stored is not None:
            card = review_card_of(stored)
        else:
            card = review.new_card(
                member_id=member_id,
                guild_id=guild_id,
                set_id=set_id,
                question_id=question_id,
                now=at,
            )
        card = review.review_card(card, rating, at)
        return card_record(card)

    def _log_once(self, what: str, channel_id: int, error: BaseException) -> None:
        key = (what, channel_id)
        if key not in self._failures_logged:
            self._failures_logged.add(key)
            log.warning("%s failed in channel %s: %s", what, channel_id, error)

    # ------------------------------------------------------------------ shared steps
    # Defined by the parts that own them; declared here so each part can call the others.

    async def _post_question(self, live: LiveSession) -> None:
        raise NotImplementedError

    async def _finish_round(
        self, live: LiveSession, reason: str, *, expected: str | None = None
    ) -> None:
        raise NotImplementedError

    async def _abandon(self, live: LiveSession, why: str, *, tell_channel: bool = True) -> None:
        raise NotImplementedError

    async def _finish_session(
        self, live: LiveSession, stopped_by: int | None = None, stop_reason: str | None = None
    ) -> None:
        raise NotImplementedError

    async def answer(
        self, live: LiveSession, member_id: int, option: int, emoji: str, *, away: bool = False
    ) -> bool:
        raise NotImplementedError

    def _arm_idle(self, live: LiveSession) -> None:
        raise NotImplementedError

    def keep_pulsing(self) -> None:
        raise NotImplementedError

    def show_status_soon(self, live: LiveSession) -> None:
        raise NotImplementedError

    async def show_final_status(self, live: LiveSession) -> None:
        raise NotImplementedError

    async def start(
        self,
        interaction: discord.Interaction,
        qset: QuestionSet,
        mode: Mode,
        *,
        review: bool = False,
    ) -> None:
        raise NotImplementedError

    def review_set_of(self, guild_id: int, question_ids: tuple[str, ...]) -> QuestionSet | None:
        raise NotImplementedError
