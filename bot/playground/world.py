"""The playground's world: the real bot in SimCord, a study channel, classmates and a preview."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import discord
import simcord
from simcord.preview import Preview

from bot.app import QuizBot
from bot.factory import create_bot
from bot.playground.adapt import (
    SummaryCount,
    Turns,
    browser_pages_only,
    embed_mentions,
    is_open,
    open_pages_at,
    remembered_markdown,
    simulated_timers_only,
    summaries_when_read,
    take_turns,
)
from bot.playground.classmates import NAMES, Classmates
from bot.playground.clock import SimulatedClock, wall_clock
from bot.playground.speaking import speaking
from bot.playground.typed import run_typed
from bot.runtime.clock import now

log = logging.getLogger(__name__)

TICK_SECONDS = 0.5
SERVER_NAME = "Study Group"
CHANNEL_NAME = "study"
BOT_NAME = "Quiz Tutor"
CHANNEL_TOPIC = (
    "Try /challenge, /practice or /test (type a letter in set: to list the sets), "
    "then react with a letter to answer."
)


@dataclass(frozen=True, slots=True)
class PlaygroundOptions:
    """How to start a playground."""

    database: Path
    content_dir: Path | None = None
    classmates: int = 3
    accuracy: float = 0.7
    port: int = 0
    realtime: bool = True
    """Advance simulated time with the wall clock; tests turn it off and call ``tick`` instead."""
    seed: int | None = None
    locale: str | None = None
    """The Discord language of the person and of the server (None: SimCord's en-US)."""


class Playground:
    """A running playground: the person, the classmates, the preview and the clock."""

    def __init__(  # noqa: PLR0917
        self,
        env: simcord.Env,
        channel: simcord.ChannelHandle,
        you: simcord.MemberActor,
        classmates: list[simcord.MemberActor],
        preview: Preview,
        options: PlaygroundOptions,
    ) -> None:
        self.env = env
        self.bot = cast(QuizBot, env.bot)
        self.channel = channel
        self.you = you
        self.preview = preview
        self.turn = Turns()
        """Held by every step that changes the world, browser actions included."""
        self.clock = SimulatedClock(env, wall_clock())
        self.classmates = Classmates(
            classmates,
            self.bot,
            channel,
            accuracy=options.accuracy,
            rng=random.Random(options.seed),
        )
        self._requests_seen = len(env.http_requests)
        self._second_shown = int(self.clock.now())
        self._newest_shown: int | None = None
        self._reacted = 0
        self.index_summaries = SummaryCount()
        """How many summaries the message index asked for and worked out (see adapt)."""
        self.ended_at_start = 0
        """Sessions a kept database had running from the last playground, ended at start."""

    @property
    def url(self) -> str:
        """Return the preview's address; it carries the key that lets a browser in."""
        return self.preview.url

    async def tick(self, wall: float) -> None:
        """Bring the world up to the wall-clock reading ``wall`` and show what changed.

        Advancing and showing are separate turns, so a click made meanwhile goes first; a
        click republishes the page itself, so the clock's own republish is then left out.
        """
        async with self.turn:
            if not is_open(self.preview):
                return
            self._reacted += await self._play_until(self.clock.target(wall))
        if self.turn.actions_waiting:
            return
        async with self.turn:
            if is_open(self.preview):
                await self._show(changed=self._reacted > 0)
                self._reacted = 0

    async def run_clock(self) -> None:
        """Tick with the wall clock until cancelled; a step that fails is skipped, not fatal."""
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                await self.tick(wall_clock())
            except TimeoutError:
                # The next step advances from where this one stopped, so no time is lost.
                log.warning("the bot was still busy at a clock step; it catches up at the next")
            except Exception:  # one failed step must not stop time
                log.exception("the playground's clock step failed")

    async def _play_until(self, target: float) -> int:
        """Advance to ``target``, stopping at each classmate's reaction; return how many."""
        reacted = 0
        while True:
            self.classmates.watch()
            due = self.classmates.next_due()
            if due is None or due > target:
                break
            await self.clock.advance_to(due)
            reacted += await self.classmates.react_due(due)
        await self.clock.advance_to(target)
        self.classmates.watch()
        return reacted

    async def _show(self, *, changed: bool) -> None:
        """Republish the page when the bot did something, and each second of a session.

        The page renders Discord's relative times ("in 42 seconds") against the time it was
        published at, so a countdown only moves when the page is republished.
        """
        requests = len(self.env.http_requests)
        second = int(self.clock.now())
        playing = self.bot.sessions.in_channel(self.channel.id) is not None
        if changed or requests != self._requests_seen or (playing and second != self._second_shown):
            self._focus_newest()
            await self.preview.refresh()
            self._requests_seen = len(self.env.http_requests)
            self._second_shown = second

    def _focus_newest(self) -> None:
        """Make a page opened from now on start at the newest message, as Discord does."""
        newest = self.channel.last_message
        if newest is not None and newest.id != self._newest_shown:
            open_pages_at(self.preview, newest.id)
            self._newest_shown = newest.id


@contextlib.asynccontextmanager
async def open_playground(options: PlaygroundOptions) -> AsyncIterator[Playground]:
    """Start the bot in a simulated Discord with its preview; close the bot on exit."""
    bot = create_bot(database=options.database, content_dir=options.content_dir)
    ended: list[int] = []

    async def end_previous_sessions() -> None:
        ended.append(await _end_previous_sessions(bot))

    bot.after_setup = end_previous_sessions
    async with contextlib.AsyncExitStack() as stack:
        stack.enter_context(embed_mentions())
        stack.enter_context(remembered_markdown())
        index_summaries = stack.enter_context(summaries_when_read())
        stack.enter_context(simulated_timers_only())
        stack.enter_context(speaking(options.locale))
        env = await stack.enter_async_context(simcord.run(bot, check_errors=False))
        stack.push_async_callback(bot.close)  # flushes storage; SimCord only detaches the bot
        channel, you, classmates = await _populate(env, bot, options.classmates, options.locale)
        preview = await stack.enter_async_context(
            env.preview(channel, viewers=[you, *classmates], layout="channel", port=options.port)
        )
        playground = Playground(env, channel, you, classmates, preview, options)
        playground.index_summaries = index_summaries
        playground.ended_at_start = sum(ended)
        take_turns(
            preview,
            playground.turn,
            lambda text, viewer: run_typed(text, viewer, playground.channel, bot),
        )
        browser_pages_only(preview)
        await stack.enter_async_context(_clock(playground, running=options.realtime))
        yield playground


async def _end_previous_sessions(bot: QuizBot) -> int:
    """End the sessions a kept database still has running; return how many.

    Every playground is a new simulated Discord: the channels and messages of the last one are
    gone, so its running sessions cannot resume. Ending them here, before the bot looks for
    sessions to resume, keeps every answer and says it in one line of the banner instead of
    the warnings a real restart gives about messages Discord no longer has.
    """
    running = await bot.storage.open_sessions()
    for record in running:
        await bot.storage.end_session(record.id, "stopped", now())
    return len(running)


async def _populate(
    env: simcord.Env, bot: QuizBot, classmates: int, locale: str | None = None
) -> tuple[simcord.ChannelHandle, simcord.MemberActor, list[simcord.MemberActor]]:
    """Create the server, its study channel, the person and the classmates; sync commands."""
    person = env.create_user("you", global_name="You")
    # The owner may use /sets and /stop; the server's own language is the playground's.
    guild = env.create_guild(SERVER_NAME, owner=person, preferred_locale=locale)
    assert bot.user is not None
    await bot.user.edit(username=BOT_NAME)
    # The preview shows one channel, so practice and tests must not move into threads.
    no_threads = discord.PermissionOverwrite(create_public_threads=False)
    channel = guild.create_text_channel(
        CHANNEL_NAME, topic=CHANNEL_TOPIC, overwrites={bot.user: no_threads}
    )
    you = guild.add_member(person)
    _close_dms(env, person)
    mates = [
        guild.add_member(env.create_user(name, global_name=name.title()))
        for name in NAMES[:classmates]
    ]
    await bot.tree.sync()
    return channel, you, mates


def _close_dms(env: simcord.Env, user: simcord.UserHandle) -> None:
    """Refuse the bot's DMs to ``user``, as Discord does when a member closes them.

    The page shows #study only, so the bot then posts in the channel what it would have sent
    by DM (a hint asked for with 💡 during a challenge).
    """
    env.inject_error(
        "POST",
        f"/channels/{user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )


@contextlib.asynccontextmanager
async def _clock(playground: Playground, *, running: bool) -> AsyncIterator[None]:
    """Run the playground's clock in the background while the block runs."""
    if not running:
        yield
        return
    task = asyncio.create_task(playground.run_clock(), name="playground-clock")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
