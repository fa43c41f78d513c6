"""Races: things that happen at the same simulated instant resolve to one clear outcome."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.commands.errors import UserFacingError
from bot.rendering import LETTER_EMOJIS
from content.model import Mode
from tests.bot.conftest import World, moderator
from tests.contract_hostile.helpers import OWN_SET, own_set_count, upload

A, B, C = LETTER_EMOJIS[:3]


async def test_two_challenges_at_the_same_instant_start_exactly_one(world: World) -> None:
    sessions = world.env.bot.sessions
    http = world.env.bot.http
    original_request = http.request
    captured: list[Any] = []
    second: list[BaseException] = []
    original_start = sessions.start

    async def start(interaction: Any, qset: Any, mode: Any, **kwargs: Any) -> None:
        captured.append((interaction, qset))
        await original_start(interaction, qset, mode, **kwargs)

    async def request(route: Any, **kwargs: Any) -> Any:
        if route.method == "POST" and route.path.endswith("/messages") and captured and not second:
            interaction, qset = captured[0]
            try:  # a second /challenge arrives while the first's question is on its way
                await original_start(interaction, qset, Mode.CHALLENGE)
            except UserFacingError as error:
                second.append(error)
        return await original_request(route, **kwargs)

    sessions.start = start  # type: ignore[method-assign]
    http.request = request  # type: ignore[method-assign]
    await world.alice.slash(world.channel, "challenge", set="mini")
    assert len(second) == 1
    assert "already running here" in str(second[0])
    assert await world.rows("SELECT COUNT(*) FROM sessions") == [(1,)]
    questions = [m for m in world.messages() if m.reactions]
    assert len(questions) == 1


async def test_stop_while_the_first_question_is_posted_ends_it_whole(world: World) -> None:
    sessions = world.env.bot.sessions
    http = world.env.bot.http
    original_request = http.request
    stopping: list[asyncio.Task[None]] = []

    async def request(route: Any, **kwargs: Any) -> Any:
        live = sessions.in_channel(world.channel.id)
        if route.method == "POST" and route.path.endswith("/messages") and live and not stopping:
            stopping.append(asyncio.ensure_future(sessions.stop(live, world.alice.id)))
        return await original_request(route, **kwargs)

    http.request = request  # type: ignore[method-assign]
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.env.advance_time(1)
    assert stopping
    assert stopping[0].done()
    assert sessions.in_channel(world.channel.id) is None
    assert not sessions.by_message
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    posted = len(world.messages())
    await world.env.advance_time(300)
    assert len(world.messages()) == posted
    again = await world.bob.slash(world.channel, "challenge", set="mini")
    assert not again.ephemeral


async def test_a_reaction_exactly_at_the_deadline_is_either_counted_and_shown_or_ignored(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.env.advance_time(60)  # the first question's time limit, to the instant
    await world.bob.react(question, B)
    rows = await world.rows("SELECT question_id, attempt FROM answers")
    assert rows == []  # time ran out at 60 s: the reaction costs nothing and counts nothing
    assert world.env.bot.sessions.in_channel(world.channel.id) is not None
    assert "Bravo" in world.embeds_text()  # the reveal of question 1 is out


async def test_a_reaction_just_before_the_deadline_counts_and_is_in_the_reveal(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.env.advance_time(59.999)
    await world.bob.react(question, B)
    await world.env.advance_time(1)
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]
    assert world.bob.name in world.embeds_text() or f"<@{world.bob.id}>" in world.embeds_text()


async def test_two_letters_at_the_same_instant_use_attempts_once_each(world: World) -> None:
    sessions = world.env.bot.sessions
    original = sessions.on_reaction
    doubled: list[str] = []

    async def on_reaction(payload: discord.RawReactionActionEvent) -> None:
        if not doubled and payload.user_id == world.bob.id:
            doubled.append(str(payload.emoji))
            same = copy.copy(payload)
            other = copy.copy(payload)
            other.emoji = discord.PartialEmoji(name=C)
            await asyncio.gather(original(payload), original(same), original(other))
            return
        await original(payload)

    sessions.on_reaction = on_reaction  # type: ignore[method-assign]
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, A)  # arrives three times at once: A, A again, and C
    await world.bob.react(question, B)  # two attempts (A, C) are used up: refused
    rows = await world.rows("SELECT attempt, chosen FROM answers ORDER BY attempt")
    assert rows == [(1, "A"), (2, "C")]


async def test_an_answer_in_another_server_counts_while_a_csv_is_converted(
    world: World,
) -> None:
    other = world.env.create_guild("Other Group")
    other_channel = other.create_text_channel("study")
    dave = other.add_member(world.env.create_user("dave"))
    await dave.slash(other_channel, "challenge", set="mini")
    question = other_channel.history()[-1]
    uploads = world.env.bot.uploads

    async def stuck(server: int, data: bytes, filename: str, **_: Any) -> Any:
        # a worker that overruns: it sleeps until the pool is closed under it
        return await uploads._check(server, filename, time.sleep, 60)

    uploads.seconds = 60
    uploads.convert = stuck  # type: ignore[method-assign]
    mod = moderator(world)
    load = asyncio.ensure_future(
        world.env.bot.cogs["SetsCog"].load.callback(  # type: ignore[union-attr]
            world.env.bot.cogs["SetsCog"], *fake_load(world, mod.id)
        )
    )
    for _ in range(1_000_000):  # the worker starts in a waiting thread: look, briefly
        if uploads.pool.pids() or load.done():
            break
        await asyncio.sleep(0)
    assert uploads.pool.pids(), (
        f"the check never started: {load.exception() if load.done() else 'still waiting'}"
    )
    await dave.react(question, B)
    assert await world.rows("SELECT member_id, correct FROM answers") == [(dave.id, 1)]
    assert not load.done()
    await uploads.close()  # the stuck worker is killed: the upload is refused, not lost
    await load
    assert await own_set_count(world) == 0


def fake_load(world: World, user_id: int) -> tuple[Any, Any]:
    """A /sets load interaction and its attachment, for a call the test drives itself."""

    class Response:
        def is_done(self) -> bool:
            return True

        async def defer(self, **_: Any) -> None:
            return None

        async def send_message(self, *_: Any, **__: Any) -> None:
            return None

    class Followup:
        async def send(self, *_: Any, **__: Any) -> None:
            return None

    class Interaction:
        guild_id = world.guild.id
        user = discord.Object(user_id)
        permissions = discord.Permissions(manage_guild=True)
        response = Response()
        followup = Followup()

    class Attachment:
        filename = "week.csv"
        size = 60

        async def read(self, **_: Any) -> bytes:
            return b"prompt,A,B,answer\nWhich is first?,one,two,A\n"

    return Interaction(), Attachment()


async def test_removing_a_set_mid_practice_ends_it_and_keeps_its_answers(world: World) -> None:
    mod = moderator(world)
    await upload(mod, world, "own.yaml", OWN_SET.encode())
    await world.alice.slash(world.channel, "practice", set="own-set")
    thread = world.channel.threads[0]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    await world.alice.react(question, B)
    asked = await mod.slash(world.channel, "sets remove", set="own-set")
    assert "1 running session of it will end now" in asked.response.content
    await mod.click(asked.response, label="Remove")
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None
    assert "a moderator removed this question set" in world.embeds_text(thread)
    later = [m for m in world.messages(thread) if m.reactions][-1]
    await world.alice.react(later, A)
    assert await world.rows("SELECT question_id, correct FROM answers") == [("first", 1)]
    again = await world.alice.slash(world.channel, "practice", set="mini")
    assert "already have" not in (again.response.content or "")


def numbered_set(number: int, questions: int = 3) -> bytes:
    """A set ``own-<number>`` of ``questions`` small questions, as a moderator uploads it."""
    lines = [f"id: own-{number}", f"title: Own {number}", "questions:"]
    for n in range(questions):
        lines += [f"  - id: q{n}", f"    prompt: Question {n}?", "    options:"]
        lines += ["      A: right", "      B: wrong", "    answer: A"]
    return ("\n".join(lines) + "\n").encode()


Write = Callable[..., Awaitable[Any]]


def others_first(world: World, method: str, others: Callable[[Write, Any], list[Any]]) -> None:
    """Commit other commands' writes between the bot's check and its own write.

    SimCord runs one command at a time, so this is the race: the other commands passed the same
    check at the same instant, and their writes (``others(original, first argument)``, run
    together) commit just before this one's.
    """
    storage = world.env.bot.storage
    original = getattr(storage, method)
    done: list[bool] = []

    async def racing(first: Any, *args: Any, **kwargs: Any) -> Any:
        if not done:
            done.append(True)
            await asyncio.gather(*others(original, first))
        return await original(first, *args, **kwargs)

    setattr(storage, method, racing)


async def test_a_load_racing_fifty_others_is_refused_with_a_sentence(world: World) -> None:
    mod = moderator(world)
    others_first(
        world,
        "put_guild_set",
        lambda put, guild: [
            put(guild, f"other-{n}", f"id: other-{n}\n", 1, 0.0) for n in range(50)
        ],
    )
    _, text = await upload(mod, world, "mine.yaml", numbered_set(1))
    assert "already has 50 sets of its own, the most it can have" in text
    assert await world.rows("SELECT COUNT(*) FROM guild_sets") == [(50,)]
    assert world.env.bot.catalog.server_set(world.guild.id, "own-1") is None


async def test_a_big_load_racing_another_keeps_the_question_limit(world: World) -> None:
    mod = moderator(world)
    others_first(
        world,
        "put_guild_set",
        lambda put, guild: [put(guild, "other", "id: other\n", 1, 0.0, questions=4_000)],
    )
    _, text = await upload(mod, world, "mine.yaml", numbered_set(1, 4_000))
    assert "would hold 8,000 questions; a server may have at most 5,000" in text
    assert await world.rows("SELECT set_id, questions FROM guild_sets") == [("other", 4_000)]


async def test_a_schedule_racing_twenty_five_others_is_refused_with_a_sentence(
    world: World,
) -> None:
    mod = moderator(world)
    others_first(world, "add_schedule", lambda add, record: [add(record) for _ in range(25)])
    result = await mod.slash(world.channel, "schedule add", set="mini", time="10:00")
    assert "already has 25 schedules, the most it can have" in result.response.content
    assert await world.rows("SELECT COUNT(*) FROM schedules") == [(25,)]


async def test_a_set_stored_before_its_count_was_kept_is_counted_at_start(world: World) -> None:
    text = numbered_set(1, 7).decode()
    await world.env.bot.storage.put_guild_set(world.guild.id, "own-1", text, 1, 0.0)
    assert await world.rows("SELECT questions FROM guild_sets") == [(None,)]  # as before 0006
    await world.restart()
    assert await world.rows("SELECT questions FROM guild_sets") == [(7,)]
