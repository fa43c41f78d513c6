"""The tutor: spaced review of missed questions, choices in reveals, progress charts, stats,
and leaderboards that never add up repeats."""

from __future__ import annotations

import discord
import simcord

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import World, moderator, reply_of

A, B, C = LETTER_EMOJIS[:3]
ANSWERS = {"Which letter comes second?": B, "Which word is a colour?": A, "What is 2 + 2?": B}
WRONG = {"Which letter comes second?": A, "Which word is a colour?": B, "What is 2 + 2?": A}
DAY = 24 * 3600


def prompt_of(message: discord.Message) -> str:
    return next(p for p in ANSWERS if p in (message.embeds[0].description or ""))


def open_question(world: World, channel: simcord.ChannelHandle) -> discord.Message:
    return [m for m in world.messages(channel) if m.embeds and m.reactions][-1]


async def take_test(world: World, member: simcord.MemberActor, right: set[str]) -> str:
    """Take a test of the mini set, answering right exactly the prompts in ``right``."""
    await member.slash(world.channel, "test", set="mini")
    thread = world.channel.threads[-1]
    for _ in range(3):
        question = open_question(world, thread)
        prompt = prompt_of(question)
        await member.react(question, ANSWERS[prompt] if prompt in right else WRONG[prompt])
    return world.embeds_text(thread)


async def play_review(world: World, member: simcord.MemberActor) -> list[str]:
    """Run /review, answer every question right; return the prompts it offered."""
    result = await member.slash(world.channel, "review")
    reply = reply_of(result)
    assert "ready in" in reply.content, reply.content
    thread = world.channel.threads[-1]
    offered: list[str] = []
    while True:
        question = open_question(world, thread)
        prompt = prompt_of(question)
        if offered and prompt == offered[-1]:
            break
        offered.append(prompt)
        await member.react(question, ANSWERS[prompt])
        if "Finished" in world.embeds_text(thread):
            break
    return offered


async def test_missed_test_questions_come_back_in_review_and_then_move_days_ahead(
    world: World,
) -> None:
    text = await take_test(world, world.alice, right={"Which letter comes second?"})
    assert "Score: 1/3" in text
    assert "To revisit (2): in /review" in text
    assert "Which word is a colour?" in text.split("To revisit")[1]
    await world.env.advance_time(11 * 60)  # past the 10-minute learning step
    offered = await play_review(world, world.alice)
    assert sorted(offered) == ["What is 2 + 2?", "Which word is a colour?"]
    cards = await world.rows(
        f"SELECT question_id, due FROM cards WHERE member_id = {world.alice.id}"
        " ORDER BY question_id"
    )
    now = world.env.now().timestamp()
    by_question = dict(cards)
    assert by_question["first"] > now + DAY  # right on the first try: days ahead
    assert by_question["second"] >= now + DAY  # missed, then right in review: a day or more
    assert by_question["third"] >= now + DAY
    again = await world.alice.slash(world.channel, "review")
    assert "Nothing is due for review right now" in again.response.content
    assert "3 questions scheduled" in again.response.content
    assert "<t:" in again.response.content


async def test_a_review_resumes_after_a_restart(world: World) -> None:
    await take_test(world, world.alice, right=set())
    await world.env.advance_time(11 * 60)
    await world.alice.slash(world.channel, "review")
    thread = world.channel.threads[-1]
    first = open_question(world, thread)
    await world.alice.react(first, ANSWERS[prompt_of(first)])
    await world.restart()
    second = open_question(world, thread)
    assert second.id != first.id
    await world.alice.react(second, ANSWERS[prompt_of(second)])
    third = open_question(world, thread)
    await world.alice.react(third, ANSWERS[prompt_of(third)])
    assert "Finished" in world.embeds_text(thread)
    due = await world.rows(f"SELECT due FROM cards WHERE member_id = {world.alice.id}")
    assert len(due) == 3
    assert min(d for (d,) in due) > world.env.now().timestamp() + 12 * 3600


async def test_the_challenge_reveal_counts_each_option(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.alice.react(question, B)
    await world.bob.react(question, A)
    await world.carol.react(question, A)
    await world.carol.react(question, C)
    await world.env.advance_time(61)
    text = world.embeds_text()
    assert "🇦 2 · 🇧 1 ✅ · 🇨 1" in text


async def test_progress_shows_reviews_due_and_a_chart(world: World) -> None:
    await take_test(world, world.alice, right={"What is 2 + 2?"})
    await world.env.advance_time(11 * 60)
    result = await world.alice.slash(world.channel, "progress")
    reply = reply_of(result)
    assert result.ephemeral
    embed = reply.embeds[0]
    assert "**2** due now" in (embed.description or "")
    [attachment] = reply.attachments
    assert attachment.filename == "progress.png"
    assert (await attachment.read()).startswith(b"\x89PNG\r\n\x1a\n")
    assert embed.image.url == "attachment://progress.png"


async def test_set_stats_for_moderators_only(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.alice.react(question, B)
    await world.bob.react(question, A)
    await world.carol.react(question, B)
    await world.env.advance_time(61)
    refused = await world.alice.slash(world.channel, "sets stats", set="mini")
    assert "Manage Server" in refused.response.content
    mod = moderator(world)
    result = await mod.slash(world.channel, "sets stats", set="mini")
    reply = reply_of(result)
    description = reply.embeds[0].description or ""
    line = next(line for line in description.splitlines() if "`first`" in line)
    assert "3 answers" in line
    assert "first try 67%" in line
    assert "most chosen wrong: A (33%)" in line
    table = (await reply.attachments[0].read()).decode("utf-8-sig")
    assert table.splitlines()[0].startswith("question_id,prompt,answered")
    assert len(table.splitlines()) == 4


async def test_retaking_a_test_with_the_revealed_answers_adds_no_points(world: World) -> None:
    everything = set(ANSWERS)
    await take_test(world, world.alice, right=everything)
    board = await world.alice.slash(world.channel, "leaderboard")
    before = board.response.embeds[0].description
    assert "**300** pts" in before
    await take_test(world, world.alice, right=everything)
    board = await world.alice.slash(world.channel, "leaderboard")
    assert board.response.embeds[0].description == before
    week = await world.alice.slash(world.channel, "leaderboard", period="week")
    assert "**300** pts" in week.response.embeds[0].description
