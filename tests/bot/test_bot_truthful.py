"""What the bot shows tells the truth: texts as written, when misses come due, final states."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import discord
import pytest
import simcord

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import MINI_SET, World, moderator
from tests.bot.test_bot_schedule import clock, minutes_ahead
from tests.content.test_markup_rendering import as_written, discord_render

A, B, C = LETTER_EMOJIS[:3]
DUNDER_PROMPT = "A class defines neither __eq__ nor __hash__: what does `a == b` compare?"
DUNDER_STEP = "Without __eq__, object.__eq__ compares identity; type(a).__name__ is still 'P'."
TRUTH_SET = f"""\
id: truth
title: Truth Set
defaults:
  time_limit: 60
  attempts: 2
questions:
  - id: print-a
    prompt: What does this print?
    difficulty: easy
    code:
      language: python
      source: |
        import sys
        print([1, 2][::-1])
    options:
      A: "[2, 1]"
      B: "[1, 2]"
    answer: A
  - id: print-b
    prompt: What does this print?
    difficulty: easy
    code:
      language: python
      source: print(type(3).__name__)
    options:
      A: int
      B: "<class 'int'>"
    answer: A
  - id: dunder
    prompt: "{DUNDER_PROMPT}"
    difficulty: easy
    options:
      A: "Identity: `id(a) == id(b)`"
      B: Every __slots__ attribute
    answer: A
    solution:
      steps:
        - title: The default __eq__
          text: "{DUNDER_STEP}"
"""
CODE_LINES = {"print-a": "print([1, 2][::-1])", "print-b": "print(type(3).__name__)"}


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_SET, encoding="utf-8")
    (folder / "truth.yaml").write_text(TRUTH_SET, encoding="utf-8")
    return folder


def open_question(world: World, channel: simcord.ChannelHandle) -> discord.Message:
    return [m for m in world.messages(channel) if m.embeds and m.reactions][-1]


def question_id_of(message: discord.Message) -> str:
    text = message.embeds[0].description or ""
    if "__eq__" in text or "\\_\\_eq\\_\\_" in text:
        return "dunder"
    return next(qid for qid, line in CODE_LINES.items() if line in text)


def deadline_of(message: discord.Message) -> int:
    found = re.search(r"closes at <t:(\d+):T>", message.embeds[0].description or "")
    assert found, message.embeds[0].description
    return int(found.group(1))


async def due_of(world: World, question_id: str) -> float:
    [(due,)] = await world.rows(
        f"SELECT due FROM cards WHERE member_id = {world.alice.id}"
        f" AND question_id = '{question_id}'"
    )
    return float(due)


async def test_a_tests_misses_say_when_they_come_due_and_which_question_each_is(
    world: World,
) -> None:
    """Wrong and timed-out test questions become cards due 10 minutes later, as shown."""
    await world.alice.slash(world.channel, "test", set="truth")
    thread = world.channel.threads[-1]
    numbers: dict[str, int] = {}
    timed_out_deadline = 0
    for number in (1, 2, 3):
        question = open_question(world, thread)
        assert f"Question {number}/3" in (question.embeds[0].title or "")
        assert "⏱️ 1:00 · closes at <t:" in (question.embeds[0].description or "")
        qid = question_id_of(question)
        numbers[qid] = number
        if qid == "dunder":
            await world.alice.react(question, A)  # right
        elif qid == "print-a":
            await world.alice.react(question, B)  # wrong
        else:  # left to time out
            timed_out_deadline = deadline_of(question)
            await world.env.advance_time(61)
    summary = world.messages(thread)[-1].embeds[0]
    assert "Score: 1/3" in (summary.description or "")
    revisit = next(f for f in summary.fields if (f.name or "").startswith("To revisit"))
    assert revisit.name == "To revisit (2): in /review"
    value = revisit.value or ""
    assert f"Q{numbers['print-a']} · What does this print? · `print([1, 2][::-1])`" in value
    assert f"Q{numbers['print-b']} · What does this print? · `print(type(3).__name__)`" in value
    assert "import sys" not in value
    wrong_due = await due_of(world, "print-a")
    timed_out_due = await due_of(world, "print-b")  # the time-out became a review card
    assert abs(timed_out_due - (timed_out_deadline + 600)) <= 1
    first, last = sorted((wrong_due, timed_out_due))
    assert f"<t:{int(first)}:R>" in value
    assert f"<t:{int(last)}:R>" in value
    # right after the test nothing is due yet, as the summary said
    early = await world.alice.slash(world.channel, "review")
    assert "Nothing is due for review right now" in early.response.content
    assert f"<t:{int(first)}:R>" in early.response.content
    await world.env.advance_time(last - world.env.now().timestamp() + 1)
    await world.alice.slash(world.channel, "review")
    review_thread = world.channel.threads[-1]
    offered = open_question(world, review_thread)
    assert (offered.embeds[0].title or "").startswith("🔁 Review · All your sets · (1/2)")
    await world.alice.react(offered, A)
    second = open_question(world, review_thread)
    await world.alice.react(second, A)
    result = world.messages(review_thread)[-1].embeds[0]
    assert (result.title or "").startswith("🏁 Finished · 🔁 Review · All your sets")
    assert "Practice" not in world.embeds_text(review_thread)


async def test_dunder_names_show_as_written_and_code_stays_code(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="truth")
    thread = world.channel.threads[-1]
    while question_id_of(question := open_question(world, thread)) != "dunder":
        await world.alice.react(question, A)
    description = question.embeds[0].description or ""
    prompt_line = description.split("\n")[1]
    assert discord_render(prompt_line) == [("bold", tuple(as_written(DUNDER_PROMPT)))]
    assert ("code", "`a == b`") in as_written(DUNDER_PROMPT)
    option_b = next(line for line in description.split("\n") if line.startswith(B))
    assert discord_render(option_b[len(B) + 1 :]) == as_written("Every __slots__ attribute")
    await world.alice.react(question, A)
    reveal = next(
        m
        for m in world.messages(thread)
        if "The answer is A" in (m.embeds[0].title or "") and m.embeds[0].fields
    )
    step = reveal.embeds[0].fields[0]
    assert (step.name or "").startswith("1. ")  # the step's number, then its title
    assert discord_render((step.name or "")[3:]) == as_written("The default __eq__")
    assert discord_render(step.value or "") == as_written(DUNDER_STEP)
    answer = reveal.embeds[0].description or ""
    assert discord_render(answer[len(A) + 1 :]) == [
        ("bold", tuple(as_written("Identity: `id(a) == id(b)`")))
    ]


def status_message(world: World) -> discord.Embed:
    return next(
        m.embeds[0] for m in reversed(world.messages()) if "answered" in (m.embeds[0].title or "")
    )


async def test_the_status_line_shows_the_final_state_when_the_question_closes(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    first = open_question(world, world.channel)
    await world.alice.react(first, A)  # wrong: one attempt left
    await world.bob.react(first, B)
    await world.env.advance_time(5)
    live_status = status_message(world)
    assert "1 attempt left" in (live_status.description or "")
    await world.env.advance_time(54)
    await world.carol.react(first, B)  # right in the last second
    await world.env.advance_time(2)
    reveal = next(m for m in world.messages() if "Time's up!" in (m.embeds[0].title or ""))
    got_it = reveal.embeds[0].fields[-1].value or ""
    final = status_message(world)
    assert "Question closed · 3 members answered" in (final.title or "")
    text = final.description or ""
    assert "attempt left" not in text
    assert f"Out of time: {world.alice.mention}" in text
    for member in (world.bob, world.carol):
        assert member.mention in got_it
        assert member.mention in text.split("\n")[0]
    assert world.alice.mention not in got_it


async def test_stop_counts_only_the_questions_played(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    first = open_question(world, world.channel)
    await world.alice.react(first, B)
    await world.env.advance_time(61)
    assert "Question 2/3" in (open_question(world, world.channel).embeds[0].title or "")
    second = open_question(world, world.channel)
    await world.bob.react(second, B)  # wrong: one attempt left when the challenge stops
    await world.env.advance_time(3)
    assert "1 attempt left" in (status_message(world).description or "")
    await world.alice.slash(world.channel, "stop")
    final = status_message(world)
    assert "Question closed" in (final.title or "")
    assert f"Out of time: {world.bob.mention}" in (final.description or "")
    summary = world.messages()[-1].embeds[0]
    text = summary.description or ""
    assert "Stopped after 2 of 3 questions." in text  # the second was answered: played
    assert f"{world.alice.mention}: **" in text
    assert "1/2 right" in text
    assert "0/2 right" in text  # bob
    assert "/3 right" not in text


async def late_by(world: World, seconds: float) -> None:
    """Add a daily run a few minutes ahead, then keep the bot away until it is this late."""
    mod = moderator(world)
    at = clock(world)
    await mod.slash(
        world.channel, "schedule add", set="mini", time=minutes_ahead(world, 2), repeat="daily"
    )
    run_at = at.replace(second=0, microsecond=0) + timedelta(minutes=3)
    await world.env.bot.close()
    await world.env.advance_time((run_at - clock(world)).total_seconds() + seconds)
    await world.restart()


async def test_a_run_nine_and_a_half_minutes_late_still_starts(world: World) -> None:
    await late_by(world, 9.5 * 60)
    assert world.env.bot.sessions.in_channel(world.channel.id) is not None


async def test_a_run_ten_and_a_half_minutes_late_is_skipped_and_said(world: World) -> None:
    await late_by(world, 10.5 * 60)
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert "was skipped: I was away" in world.messages()[-1].content
