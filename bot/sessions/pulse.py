"""The pulse: refresh challenge status lines, pace reaction removals, unstick closed rounds."""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Awaitable, Callable

import discord

from bot import rendering
from bot.languages import in_session_language
from bot.runtime.clock import now
from bot.runtime.live import LiveSession
from bot.runtime.retry import is_transient
from bot.sessions.base import PendingRemoval, SessionsBase, log
from i18n import _

PULSE_CALL_BUDGET = 80
"""REST calls one pulse may make: 40 a second over its 2 seconds, under the bot's 50/s."""
EARLY_STATUS_PER_PULSE = 10
"""Status lines refreshed between pulses (an answer after a quiet spell shows at once); with
``PULSE_CALL_BUDGET`` that keeps the pulse's share at 45 requests a second."""
PULSE_CONCURRENCY = 10
"""Channels served at once by a pulse."""
PULSE_SECONDS = 2.0
"""How often live status lines are refreshed and answer reactions cleaned up."""
REMOVALS_PER_PULSE = 6
"""Reaction removals per channel per pulse: Discord allows about four a second per channel."""
STUCK_PULSES = 2
"""Pulses a closed round may wait before the pulse moves it on itself (about four seconds)."""


class PulsePart(SessionsBase):
    """Work that runs every couple of seconds, whatever happened in between."""

    def keep_pulsing(self) -> None:
        """Make sure the pulse runs while there is anything for it to do."""
        if not self.closing and self.start_pulse is not None and (self.by_id or self.removals):
            self.start_pulse()

    @property
    def idle(self) -> bool:
        """Tell whether the pulse has nothing left to do (no session, no pending removal)."""
        return not self.by_id and not self.removals

    async def pulse(self) -> None:
        """Flush changed status lines, move stuck rounds on and pace reaction removals.

        Channels are served concurrently, within ``PULSE_CALL_BUDGET`` REST calls per pulse
        (under Discord's 50 requests a second for the whole bot); status lines that miss this
        pulse stay dirty and go first in the next, so every channel gets its turn.
        """
        await self.save_dirty_states()
        self.early_status_left = EARLY_STATUS_PER_PULSE
        budget = PULSE_CALL_BUDGET
        jobs: dict[int, list[Callable[[], Awaitable[None]]]] = {}
        dirty: list[LiveSession] = []
        at = now()
        for live in list(self.by_id.values()):
            self._move_on_if_stuck(live)
            # a line refreshed early, moments ago, waits for the next pulse
            shown_lately = at - live.status_shown_at < PULSE_SECONDS / 2
            if live.status_dirty and live.question_message_id is not None and not shown_lately:
                dirty.append(live)
        dirty.sort(key=lambda live: live.status_shown_at)
        for live in dirty[:budget]:
            live.status_dirty = False
            live.status_shown_at = at
            jobs.setdefault(live.channel_id, []).append(lambda live=live: self._flush_guarded(live))
        budget -= min(len(dirty), budget)
        for channel_id, queue in list(self.removals.items()):
            calls = self._plan_removals(channel_id, queue, min(REMOVALS_PER_PULSE, budget))
            budget -= len(calls)
            jobs.setdefault(channel_id, []).extend(calls)
            if not queue:
                del self.removals[channel_id]
        limit = asyncio.Semaphore(PULSE_CONCURRENCY)

        async def serve(calls: list[Callable[[], Awaitable[None]]]) -> None:
            async with limit:  # one channel's calls in order: Discord limits each channel
                for call in calls:
                    await call()

        await asyncio.gather(*(serve(calls) for calls in jobs.values()))

    def show_status_soon(self, live: LiveSession) -> None:
        """Refresh a status line now if it has been quiet for a pulse, else at the next pulse.

        A lone answer shows at once; a burst of answers still makes one edit a pulse per
        channel, and no more than ``EARLY_STATUS_PER_PULSE`` early edits are made bot-wide.
        """
        at = now()
        if (
            live.question_message_id is None
            or self.early_status_left <= 0
            or at - live.status_shown_at < PULSE_SECONDS
        ):
            live.status_dirty = True
            return
        self.early_status_left -= 1
        live.status_dirty = False  # this refresh shows every answer so far
        live.status_shown_at = at
        self.deadlines.schedule_later(("status", live.id), 0, lambda: self._flush_guarded(live))

    async def save_dirty_states(self) -> None:
        """Save, in one group commit, every session that took answers since its last save."""
        dirty = [
            live for live in self.by_id.values() if live.state_dirty and not live.lock.locked()
        ]
        results = await asyncio.gather(
            *(self._save(live) for live in dirty), return_exceptions=True
        )
        for live, result in zip(dirty, results, strict=True):
            if isinstance(result, Exception):
                live.state_dirty = True  # the next pulse tries again
                self._log_once("save", live.channel_id, result)

    async def show_final_status(self, live: LiveSession) -> None:
        """Show a closing group question's final status, so it agrees with the reveal below.

        Done before the reveal, whether or not a refresh was due: members still retrying are
        shown out of time, and answers given since the last refresh are counted.
        """
        if live.session.personal or not live.session.round.closed:
            return
        if live.status_message_id is None and not live.session.round.tries:
            return  # nobody answered: no status line to correct
        self.deadlines.cancel(("status", live.id))
        live.status_dirty = False
        await self._flush_guarded(live)

    async def _flush_guarded(self, live: LiveSession) -> None:
        try:
            async with live.status_lock:
                await self._flush_status(live)
        except Exception:  # the pulse must outlive any one session's failure
            log.exception("status of session %s failed", live.id)

    def _move_on_if_stuck(self, live: LiveSession) -> None:
        """Close out a round that closed but was never moved on (its step failed mid-way)."""
        if not live.session.round.closed or live.lock.locked():
            live.stuck_pulses = 0
            return
        live.stuck_pulses += 1
        if live.stuck_pulses >= STUCK_PULSES:
            live.stuck_pulses = 0
            log.warning("session %s: moving a closed question on from the pulse", live.id)
            self.deadlines.schedule_later(
                ("unstick", live.id), 0, lambda: self._finish_round(live, _("🏁 Question closed."))
            )

    @in_session_language
    async def _flush_status(self, live: LiveSession) -> None:
        round_ = live.session.round
        right: list[int] = []
        out: list[int] = []
        retrying: list[tuple[int, int]] = []
        timed_out: list[int] = []
        for member_id, tried in round_.tries.items():
            if tried.correct:
                right.append(member_id)
            elif tried.attempts_used >= round_.attempts:
                out.append(member_id)
            elif round_.closed and tried.attempts_used:
                timed_out.append(member_id)  # still had attempts when the question closed
            elif tried.attempts_used:
                retrying.append((member_id, round_.attempts - tried.attempts_used))
        answered = len(right) + len(out) + len(retrying) + len(timed_out)
        embed = rendering.status_embed(
            rendering.status_text(right, out, retrying, timed_out), answered, closed=round_.closed
        )
        channel = self._messageable(live)
        try:
            if live.status_message_id is not None:
                await channel.get_partial_message(live.status_message_id).edit(embed=embed)
                return
        except discord.NotFound:
            live.status_message_id = None
        except Exception as error:
            self._status_failed(live, error)
            return
        try:
            message = await channel.send(embed=embed)
        except Exception as error:
            self._status_failed(live, error)
            return
        live.status_message_id = message.id

    def _status_failed(self, live: LiveSession, error: Exception) -> None:
        self._log_once("status", live.channel_id, error)
        if is_transient(error):
            live.status_dirty = True  # the next pulse tries again

    def _plan_removals(
        self, channel_id: int, queue: deque[PendingRemoval], calls: int
    ) -> list[Callable[[], Awaitable[None]]]:
        """Take from ``queue`` the removals this pulse makes in one channel, at most ``calls``.

        A few pending reactions go one by one. More than one pulse can remove (a large group)
        go a letter at a time: one call clears that letter's reactions, one more puts the bot's
        own back, so a question is cleaned up in a few calls whether 10 or 1,000 answered.
        Every answer was taken when its reaction arrived; clearing loses none.
        """
        if calls <= 0:
            return []
        if len(queue) <= REMOVALS_PER_PULSE:
            taken = [queue.popleft() for _ in range(min(calls, len(queue)))]
            return [lambda r=r: self._remove_reaction(channel_id, r) for r in taken]
        pending = Counter((r.message_id, r.emoji) for r in queue)
        letters = [key for key, _ in pending.most_common(calls // 2)]
        kept = [r for r in queue if (r.message_id, r.emoji) not in letters]
        queue.clear()
        queue.extend(kept)
        return [lambda m=m, e=e: self._clear_letter(channel_id, m, e) for m, e in letters]

    def _manageable(self, channel_id: int, message_id: int) -> discord.PartialMessage | None:
        """Return the open question ``message_id`` if the bot may manage messages there."""
        live = self.by_message.get(message_id)
        if live is None:
            return None
        channel = self.client.get_channel(channel_id)
        guild = self.client.get_guild(live.guild_id)
        if guild is None or not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
            return None
        if not channel.permissions_for(guild.me).manage_messages:
            return None
        return self._messageable(live).get_partial_message(message_id)

    async def _remove_reaction(self, channel_id: int, removal: PendingRemoval) -> None:
        message = self._manageable(channel_id, removal.message_id)
        if message is None:
            return
        try:
            await message.remove_reaction(removal.emoji, discord.Object(removal.member_id))
        except Exception as error:
            self._log_once("remove_reaction", channel_id, error)

    async def _clear_letter(self, channel_id: int, message_id: int, emoji: str) -> None:
        message = self._manageable(channel_id, message_id)
        if message is None:
            return
        try:
            await message.clear_reaction(emoji)
            await message.add_reaction(emoji)
        except Exception as error:
            self._log_once("clear_reaction", channel_id, error)
