"""Nothing stalls: non-HTTP failures, stuck rounds, closed questions, bots and late reactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from bot import engine
from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from bot.runtime.clock import now
from tests.bot.conftest import MINI_SET, World

A, B, C = LETTER_EMOJIS[:3]


def fail_requests(
    world: World, matches: Callable[[Any], bool], error: Callable[[], Exception], times: int
) -> list[str]:
    """Make the bot's next ``times`` matching REST calls fail with ``error`` before sending."""
    http = world.env.bot.http
    original = http.request
    failed: list[str] = []

    async def request(route: Any, **kwargs: Any) -> Any:
        if len(failed) < times and matches(route):
            failed.append(f"{route.method} {route.path}")
            raise error()
        return await original(route, **kwargs)

    http.request = request  # type: ignore[method-assign]
    return failed


def posts_message(route: Any) -> bool:
    return route.method == "POST" and route.path.endswith("/messages")


async def test_a_dropped_connection_while_posting_is_retried(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    first = world.messages()[-1]
    failed = fail_requests(
        world, posts_message, lambda: aiohttp.ServerDisconnectedError("reset"), times=2
    )
    await world.env.advance_time(65)  # the deadline at 60 s, then retries 0.5 s and 1.5 s later
    assert len(failed) == 2
    assert "Time's up! The answer is B" in world.embeds_text()
    question = world.messages()[-1]
    assert question.id != first.id
    assert "Which word is a colour?" in question.embeds[0].description
    assert world.env.bot.sessions.in_channel(world.channel.id) is not None


async def test_a_connection_that_stays_down_ends_the_session_with_a_sentence(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(world.messages()[-1], B)
    study = world.channel.id
    failed = fail_requests(
        world,
        lambda route: posts_message(route) and route.channel_id == study,
        lambda: ConnectionResetError("reset"),
        times=1000,
    )
    await world.env.advance_time(70)
    assert failed
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    dm = world.alice.user.dm_channel.last_message.content
    assert "had to end: I couldn't post the next question" in dm
    assert "connection to Discord" in dm
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]


async def test_a_database_error_on_an_answer_is_retried(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    storage = world.env.bot.storage
    original = storage.record_answer
    calls: list[int] = []

    async def record_answer(record: Any, card: Any = None) -> None:
        calls.append(record.member_id)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        await original(record, card)

    storage.record_answer = record_answer  # type: ignore[method-assign]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    await world.alice.react(question, B)
    assert len(calls) == 2
    assert await world.rows("SELECT attempt, correct FROM answers") == [(1, 1)]
    assert "couldn't save" not in world.embeds_text(thread)


async def test_an_answer_that_cannot_be_saved_is_never_lost_silently(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    storage = world.env.bot.storage

    async def record_answer(record: Any, card: Any = None) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    storage.record_answer = record_answer  # type: ignore[method-assign]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    await world.alice.react(question, B)
    assert "couldn't save" in world.embeds_text(thread)
    assert "answer to question 1" in world.embeds_text(thread)


async def test_a_closed_round_that_never_moved_on_is_moved_on_by_the_pulse(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    live = world.env.bot.sessions.in_channel(world.channel.id)
    live.session = engine.close_round(live.session, now())  # closed, and nothing moves it on
    world.env.bot.sessions.deadlines.cancel(live.id)
    await world.env.advance_time(7)
    assert "Question closed. The answer is B" in world.embeds_text()
    assert "Which word is a colour?" in world.messages()[-1].embeds[0].description


async def test_a_reaction_on_a_closed_question_never_counts_for_the_next(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    first = world.messages()[-1]
    await world.env.advance_time(61)
    second = world.messages()[-1]
    assert second.id != first.id
    await world.bob.react(first, A)  # A is right for the second question
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert world.bob.id not in dict(live.session.round.tries)
    await world.restart()
    await world.bob.react(first, B)
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert world.bob.id not in dict(live.session.round.tries)
    assert await world.rows("SELECT COUNT(*) FROM answers") == [(0,)]


async def test_bot_reactions_read_back_after_a_restart_never_count(world: World) -> None:
    robot = world.guild.add_member(world.env.create_user("robot", bot=True))
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.env.bot.close()
    await robot.react(question, B)
    await world.carol.react(question, A)
    await world.restart()
    answered = await world.rows("SELECT member_id, chosen FROM answers")
    assert answered == [(world.carol.id, "A")]


async def test_reactions_read_back_after_the_deadline_count_as_given_in_time(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.env.bot.close()
    await world.bob.react(question, B)
    await world.env.advance_time(120)  # past the 60 s deadline while the bot is away
    await world.restart()
    assert await world.rows("SELECT member_id, correct, points > 0 FROM answers") == [
        (world.bob.id, 1, 1)
    ]
    assert "Time's up! The answer is B" in world.embeds_text()


async def test_a_hint_is_kept_across_a_restart_and_costs_a_quarter(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    await world.alice.react(question, HINT_EMOJI)
    await world.restart()
    await world.alice.react(question, B)
    assert await world.rows("SELECT attempt, correct, points FROM answers") == [(1, 1, 75)]


async def test_stop_while_the_first_question_is_posted_leaves_nothing_running(
    world: World,
) -> None:
    sessions = world.env.bot.sessions
    http = world.env.bot.http
    original = http.request
    stops: list[asyncio.Task[None]] = []

    async def request(route: Any, **kwargs: Any) -> Any:
        live = sessions.in_channel(world.channel.id)
        if not stops and live is not None and route.path.endswith("/messages"):
            # A /stop arrives while the first question is on its way.
            stops.append(asyncio.create_task(sessions.stop(live, world.alice.id)))
            await asyncio.sleep(0)
        return await original(route, **kwargs)

    http.request = request  # type: ignore[method-assign]
    await world.alice.slash(world.channel, "challenge", set="mini")
    await stops[0]
    await world.env.advance_time(120)
    assert sessions.in_channel(world.channel.id) is None
    assert not sessions.by_message
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert "Stopped by" in world.embeds_text()


PINGING_SET = (
    MINI_SET.replace("id: mini", "id: pings")
    .replace("title: Mini Set", "title: '@everyone Pings'")
    .replace("prompt: Which letter comes second?", "prompt: '@here <@&123> which letter?'")
    .replace("A: Alpha", "A: '<@999> @everyone'")
    .replace("hint: It sounds like a cheer.", "hint: '@everyone <@999> cheer'")
)


@pytest.mark.parametrize("dms_open", [True, False])
async def test_texts_written_by_moderators_ping_nobody(world: World, dms_open: bool) -> None:
    import discord

    mods = world.guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    mod = world.guild.add_member(world.env.create_user("mod"), roles=[mods])
    loaded = await mod.slash(world.channel, "sets load", file=("p.yaml", PINGING_SET.encode()))
    assert "Loaded" in (loaded.followups[-1] if loaded.followups else loaded.response).content
    await world.alice.slash(world.channel, "challenge", set="pings")
    question = world.messages()[-1]
    await world.bob.react(question, HINT_EMOJI)
    await world.bob.react(question, A)
    await world.env.advance_time(200)
    backend = world.env.backend
    sent = [m for channel in backend.messages.values() for m in channel.values()]
    assert any("@everyone" in str(m.embeds) or "@everyone" in m.content for m in sent)
    for message in sent:
        assert not message.ping_user_ids, message.content
        assert not message.ping_role_ids, message.content
        assert not message.mention_everyone, message.content


async def test_a_quiet_practice_ends_by_itself_and_frees_the_member(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    await world.env.advance_time(20 * 60)
    await world.alice.react(question, A)  # a wrong answer restarts the quiet period
    await world.env.advance_time(20 * 60)
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is not None
    await world.env.advance_time(11 * 60)
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None
    assert "nobody answered for 30 minutes" in world.embeds_text(thread)
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert await world.rows("SELECT attempt, chosen FROM answers") == [(1, "A")]


async def test_refused_answer_reactions_are_removed_too(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, B)
    await world.env.advance_time(3)
    await world.bob.react(question, B)  # already right: refused, and removed all the same
    await world.bob.react(question, C)
    await world.env.advance_time(3)
    shown = next(m for m in world.messages() if m.id == question.id)
    counts = {str(r.emoji): r.count for r in shown.reactions}
    assert counts[B] == 1  # only the bot's own
    assert counts[C] == 1
    assert await world.rows("SELECT COUNT(*) FROM answers") == [(1,)]


async def test_an_answer_counts_while_a_large_upload_is_being_checked(world: World) -> None:
    import threading
    import time

    from content.errors import SetFileError
    from content.loader import load_set_bytes

    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    hostile = "".join(f"unknown_{n}: x\n" for n in range(60_000)).encode()  # ~1 MiB of keys
    release = threading.Event()

    def held_clock() -> float:
        release.wait()  # the check cannot finish before the answer below is in
        return time.monotonic()

    checking = asyncio.create_task(
        asyncio.to_thread(load_set_bytes, hostile, "big.yaml", deadline=1e18, clock=held_clock)
    )
    await world.bob.react(question, B)
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]
    assert not checking.done()
    release.set()
    with pytest.raises(SetFileError) as refused:
        await checking
    assert refused.value.total > 100
    assert len(refused.value.errors) == 100
