"""Contract §4, answering by reaction: what counts as an attempt and what never does."""

from __future__ import annotations

from typing import Any

from tests.bot.conftest import MINI_SET, World
from tests.contract_sessions.helpers import (
    HINT,
    RIGHT,
    WRONG,
    A,
    B,
    C,
    D,
    E,
    attempts_of,
    open_question,
    prompt_of,
    reactions_of,
)

NO_HINT_SET = MINI_SET.replace("id: mini", "id: bare").replace(
    "    hint: It sounds like a cheer.\n", ""
)


async def test_practice_same_letter_again_after_removing_it_costs_no_second_attempt(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    [thread] = world.channel.threads
    question = open_question(world, thread)
    await world.alice.react(question, A)  # wrong: one of two attempts used
    assert attempts_of(world, thread.id, world.alice.id) == 1
    await world.alice.unreact(question, A)  # removing a reaction takes nothing back
    assert attempts_of(world, thread.id, world.alice.id) == 1
    await world.alice.react(question, A)  # the same letter again: no second attempt
    assert attempts_of(world, thread.id, world.alice.id) == 1
    assert "Out of attempts" not in world.embeds_text(thread)
    await world.alice.react(question, B)
    text = world.embeds_text(thread)
    assert "Correct! The answer is B" in text
    assert await world.rows("SELECT attempt, chosen, correct FROM answers ORDER BY attempt") == [
        (1, "A", 0),
        (2, "B", 1),
    ]


async def test_practice_letters_beyond_the_options_and_other_emojis_cost_nothing(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    [thread] = world.channel.threads
    question = open_question(world, thread)  # options A-C
    before = len(world.messages(thread))
    for emoji in (D, E, "🎉", "👍"):
        await world.alice.react(question, emoji)
    assert attempts_of(world, thread.id, world.alice.id) == 0
    assert len(world.messages(thread)) == before  # nothing said, nothing counted
    assert await world.rows("SELECT COUNT(*) FROM answers") == [(0,)]


async def test_reactions_on_a_closed_practice_question_are_ignored(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    [thread] = world.channel.threads
    first = open_question(world, thread)
    await world.alice.react(first, B)
    second = open_question(world, thread)
    assert second.id != first.id
    await world.alice.react(first, A)  # A is right for the second question
    await world.alice.react(first, C)
    assert attempts_of(world, thread.id, world.alice.id) == 0
    assert await world.rows("SELECT COUNT(*) FROM answers") == [(1,)]


async def test_other_members_and_bots_cannot_answer_or_hint_in_a_test(world: World) -> None:
    robot = world.guild.add_member(world.env.create_user("robot", bot=True))
    await world.alice.slash(world.channel, "test", set="mini")
    [thread] = world.channel.threads
    question = open_question(world, thread)
    before = len(world.messages(thread))
    await world.bob.react(question, WRONG[prompt_of(question)])
    await robot.react(question, RIGHT[prompt_of(question)])
    await world.bob.react(question, HINT)
    assert attempts_of(world, thread.id, world.alice.id) == 0
    assert attempts_of(world, thread.id, world.bob.id) == 0
    assert len(world.messages(thread)) == before
    assert await world.rows("SELECT COUNT(*) FROM answers") == [(0,)]
    await world.alice.react(question, RIGHT[prompt_of(question)])
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.alice.id, 1)]


async def test_a_bot_reaction_in_practice_is_ignored(world: World) -> None:
    robot = world.guild.add_member(world.env.create_user("robot", bot=True))
    await world.alice.slash(world.channel, "practice", set="mini")
    [thread] = world.channel.threads
    question = open_question(world, thread)
    await robot.react(question, A)
    await robot.react(question, B)
    assert attempts_of(world, thread.id, world.alice.id) == 0
    assert attempts_of(world, thread.id, robot.id) == 0
    assert await world.rows("SELECT COUNT(*) FROM answers") == [(0,)]


async def test_a_test_takes_one_attempt_and_shows_the_worked_solution(world: World) -> None:
    await world.alice.slash(world.channel, "test", set="mini")
    [thread] = world.channel.threads
    question = open_question(world, thread)
    prompt = prompt_of(question)
    await world.alice.react(question, WRONG[prompt])  # one attempt: the question closes
    text = world.embeds_text(thread)
    letter = {A: "A", B: "B"}[RIGHT[prompt]]
    assert f"The answer is {letter}" in text
    solutions = {
        "Which letter comes second?": ("Bravo", "A is first, B is second."),
        "Which word is a colour?": ("Red", "Red is a colour"),
        "What is 2 + 2?": ("4", "2 + 2 is 4."),
    }
    option_text, solution = solutions[prompt]
    assert option_text in text.split(f"The answer is {letter}")[1]
    assert solution in text
    assert open_question(world, thread).id != question.id
    await world.alice.react(question, RIGHT[prompt])  # closed: a second try never counts
    assert await world.rows("SELECT attempt, correct FROM answers") == [(1, 0)]


async def test_the_hint_reaction_is_added_only_where_a_hint_exists(world: World) -> None:
    (world.content / "bare.yaml").write_text(NO_HINT_SET, encoding="utf-8")
    await world.restart()
    await world.alice.slash(world.channel, "challenge", set="bare")
    first = open_question(world)
    assert reactions_of(first) == [A, B, C]  # the first question has no hint here
    hint = await world.bob.slash(world.channel, "hint")
    assert hint.ephemeral
    assert "no hint" in hint.response.content
    await world.bob.react(first, HINT)  # a 💡 anyway: nothing, and no attempt
    assert attempts_of(world, world.channel.id, world.bob.id) == 0
    assert world.bob.user.dm_channel is None or world.bob.user.dm_channel.last_message is None
    await world.env.advance_time(61)
    second = open_question(world)
    assert reactions_of(second) == [A, B, C, D, HINT]


async def test_a_challenge_reveal_counts_each_option_even_when_nobody_answered(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.env.advance_time(61)  # nobody answers the first question
    reveal = next(
        m for m in world.messages() if m.embeds and "The answer is B" in (m.embeds[0].title or "")
    )
    text = "\n".join(f"{f.name}\n{f.value}" for f in reveal.embeds[0].fields)
    assert "🇦 0 · 🇧 0 ✅ · 🇨 0" in text


async def test_a_challenge_reveal_counts_a_member_once_per_option(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    await world.alice.react(question, A)
    await world.env.advance_time(3)  # the bot removes answer reactions; A again is free
    await world.alice.react(question, A)
    await world.alice.react(question, B)
    await world.bob.react(question, C)
    assert attempts_of(world, world.channel.id, world.alice.id) == 2
    await world.env.advance_time(61)
    text = world.embeds_text()
    assert "🇦 1 · 🇧 1 ✅ · 🇨 1" in text
    assert "Bravo" in text
    assert "A is first, B is second." in text


async def test_an_answer_given_before_the_bot_finished_adding_reactions_counts(
    world: World,
) -> None:
    http = world.env.bot.http
    original = http.request
    backend = world.env.backend
    early: list[int] = []

    async def request(route: Any, **kwargs: Any) -> Any:
        if route.method == "PUT" and "/reactions/" in route.path and not early:
            # Alice answers B while the bot is still adding its first reaction.
            message_id = int(route.url.split("/messages/")[1].split("/")[0])
            early.append(message_id)
            backend.set_reaction(route.channel_id, message_id, B, world.alice.id, True)
        return await original(route, **kwargs)

    http.request = request  # type: ignore[method-assign]
    await world.alice.slash(world.channel, "practice", set="mini")
    await world.env.advance_time(1)
    [thread] = world.channel.threads
    assert early
    assert "Correct! The answer is B" in world.embeds_text(thread)
    assert await world.rows("SELECT attempt, chosen, correct FROM answers") == [(1, "B", 1)]
    assert "(2/3)" in open_question(world, thread).embeds[0].title


TEN_OPTIONS = """\
id: wide
title: Wide Set
questions:
  - id: ten
    prompt: Which is the tenth letter?
    options: {A: a, B: b, C: c, D: d, E: e, F: f, G: g, H: h, I: i, J: j}
    answer: J
    hint: After I.
  - id: practice-only
    prompt: Only in practice
    modes: [practice]
    options: {A: yes, B: no}
    answer: A
"""


async def test_ten_options_carry_ten_letters_and_the_tenth_counts(world: World) -> None:
    from bot.rendering import LETTER_EMOJIS

    (world.content / "wide.yaml").write_text(TEN_OPTIONS, encoding="utf-8")
    await world.restart()
    await world.alice.slash(world.channel, "challenge", set="wide")
    question = open_question(world)
    assert reactions_of(question) == [*LETTER_EMOJIS[:10], HINT]
    await world.bob.react(question, LETTER_EMOJIS[9])
    assert await world.rows("SELECT chosen, correct FROM answers") == [("J", 1)]


async def test_a_set_without_questions_for_a_mode_says_so(world: World) -> None:
    only_practice = TEN_OPTIONS.replace(
        "    hint: After I.\n", "    hint: After I.\n    modes: [practice]\n"
    )
    (world.content / "wide.yaml").write_text(only_practice, encoding="utf-8")
    await world.restart()
    for command in ("challenge", "test"):
        result = await world.alice.slash(world.channel, command, set="wide")
        assert result.ephemeral
        assert "no questions for" in result.response.content
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert world.channel.threads == []


async def test_reactions_on_the_intro_status_and_reveal_messages_are_ignored(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    await world.alice.react(question, B)
    await world.env.advance_time(61)
    later = open_question(world)
    for message in world.messages():
        if message.id != later.id:
            await world.bob.react(message, A)  # A is right for the open question
    assert attempts_of(world, world.channel.id, world.bob.id) == 0
    assert await world.rows("SELECT member_id FROM answers") == [(world.alice.id,)]
