"""Small helpers for driving the real bot through SimCord in the contract tests."""

from __future__ import annotations

from datetime import UTC, datetime

import discord
import simcord

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import World

A, B, C, D = LETTER_EMOJIS[:4]
ANSWERS = {"Which letter comes second?": B, "Which word is a colour?": A, "What is 2 + 2?": B}
WRONG = {"Which letter comes second?": A, "Which word is a colour?": B, "What is 2 + 2?": A}


def prompt_of(message: discord.Message) -> str:
    return next(p for p in ANSWERS if p in (message.embeds[0].description or ""))


def open_question(world: World, channel: simcord.ChannelHandle) -> discord.Message:
    return [m for m in world.messages(channel) if m.embeds and m.reactions][-1]


async def take_test(world: World, member: simcord.MemberActor, right: set[str]) -> None:
    """Take a /test of the mini set, answering right exactly the prompts in ``right``."""
    result = await member.slash(world.channel, "test", set="mini")
    assert not (result.response and "Something went wrong" in result.response.content)
    thread = world.channel.threads[-1]
    for _ in range(3):
        question = open_question(world, thread)
        prompt = prompt_of(question)
        await member.react(question, ANSWERS[prompt] if prompt in right else WRONG[prompt])
    assert "🏁" in world.embeds_text(thread)  # the result, in whatever language the member reads


async def advance_to(world: World, moment: datetime) -> None:
    """Move SimCord's clock forward to ``moment`` (UTC)."""
    seconds = (moment - world.env.now().astimezone(UTC)).total_seconds()
    assert seconds >= 0, f"the clock is already past {moment}"
    await world.env.advance_time(seconds)


def sent_messages(world: World) -> list[object]:
    """Every message the backend holds, in any channel (with its ping fields)."""
    return [m for channel in world.env.backend.messages.values() for m in channel.values()]


def backend_message(world: World, message_id: int) -> object:
    return next(m for m in sent_messages(world) if m.id == message_id)  # type: ignore[attr-defined]


def board_text(result: simcord.InteractionResult) -> str:
    reply = result.followups[-1] if result.followups else result.response
    assert reply is not None
    return reply.embeds[0].description or ""


async def wait_for_next_question(world: World, current: discord.Message) -> None:
    for _ in range(60):
        await world.env.advance_time(5)
        latest = [m for m in world.messages() if m.embeds and m.reactions]
        if latest and latest[-1].id != current.id:
            return
        if "Finished" in world.embeds_text():
            return
    raise AssertionError("the next question never came")
