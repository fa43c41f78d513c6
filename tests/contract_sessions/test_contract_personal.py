"""Contract §3: /practice progress, /test's spread, score and verdict, /review's answers."""

from __future__ import annotations

import re

from tests.bot.conftest import World, reply_of
from tests.contract_sessions.helpers import RIGHT, WRONG, A, B, open_question, prompt_of

TIERS = ("easy", "medium", "hard")


def big_set(per_tier: int) -> str:
    """A set of ``per_tier`` questions in each of three difficulties; A is always right."""
    lines = ["id: big", "title: Big Set", "defaults:", "  time_limit: 30", "questions:"]
    for tier in TIERS:
        for number in range(per_tier):
            lines += [
                f"  - id: {tier}-{number}",
                f"    prompt: '{tier} question {number}'",
                f"    difficulty: {tier}",
                "    options:",
                "      A: right",
                "      B: wrong",
                "    answer: A",
                "    hint: pick A",
                "    solution:",
                "      steps:",
                "        - title: Why",
                f"          text: Because {tier} {number}.",
            ]
    return "\n".join(lines) + "\n"


async def test_a_test_has_ten_questions_spread_over_difficulties_and_a_score(
    world: World,
) -> None:
    (world.content / "big.yaml").write_text(big_set(5), encoding="utf-8")
    await world.restart()
    result = await world.alice.slash(world.channel, "test", set="big")
    assert result.ephemeral
    thread = world.channel.threads[-1]
    tiers: list[str] = []
    for number in range(1, 11):
        question = open_question(world, thread)
        embed = question.embeds[0]
        assert f"Question {number}/10" in embed.title
        assert "💡" not in [str(r.emoji) for r in question.reactions]
        tiers.append(re.search(r"(easy|medium|hard) question", embed.description or "")[1])
        await world.alice.react(question, A if number <= 7 else B)
    assert all(tiers.count(tier) >= 3 for tier in TIERS), tiers
    assert tiers == sorted(tiers, key=TIERS.index)  # easy to hard
    summary = world.messages(thread)[-1].embeds[0]
    assert "Score: 7/10" in (summary.description or "")
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None
    correct = [bool(c) for (c,) in await world.rows("SELECT correct FROM answers")]
    assert (len(correct), sum(correct)) == (10, 7)


async def test_a_test_of_a_small_set_plays_every_question_once(world: World) -> None:
    await world.alice.slash(world.channel, "test", set="mini")
    thread = world.channel.threads[-1]
    seen = []
    for _ in range(3):
        question = open_question(world, thread)
        seen.append(prompt_of(question))
        await world.alice.react(question, WRONG[prompt_of(question)])
    assert sorted(seen) == sorted(RIGHT)
    summary = world.messages(thread)[-1].embeds[0]
    assert "Score: 0/3" in (summary.description or "")
    verdict = (summary.description or "").split("Score: 0/3")[1]
    assert verdict.strip()  # a verdict follows the score


async def test_practice_counts_progress_over_every_question(world: World) -> None:
    (world.content / "big.yaml").write_text(big_set(2), encoding="utf-8")
    await world.restart()
    await world.alice.slash(world.channel, "practice", set="big")
    thread = world.channel.threads[-1]
    for number in range(1, 7):
        question = open_question(world, thread)
        assert f"({number}/6)" in question.embeds[0].title
        await world.alice.react(question, A)
        assert "Because" in world.embeds_text(thread).split(f"({number}/6)")[-1]
    assert "Finished" in world.messages(thread)[-1].embeds[0].title


async def test_review_with_nothing_ever_answered_says_so_privately(world: World) -> None:
    result = await world.alice.slash(world.channel, "review")
    assert result.ephemeral
    text = reply_of(result).content
    assert "no questions to review" in text or "0 questions" in text
    assert world.channel.threads == []


async def test_review_with_nothing_due_says_how_many_and_when_per_set(world: World) -> None:
    (world.content / "big.yaml").write_text(big_set(1), encoding="utf-8")
    await world.restart()
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[-1]
    for _ in range(3):
        question = open_question(world, thread)
        await world.alice.react(question, RIGHT[prompt_of(question)])
    everything = await world.alice.slash(world.channel, "review")
    assert everything.ephemeral
    text = reply_of(everything).content
    assert "Nothing is due" in text
    assert "3 questions scheduled" in text
    assert re.search(r"<t:\d+:R>", text)
    one_set = await world.alice.slash(world.channel, "review", set="mini")
    assert "3 questions scheduled" in reply_of(one_set).content
    other = await world.alice.slash(world.channel, "review", set="big")
    assert other.ephemeral
    assert "3 questions" not in reply_of(other).content
    assert len(world.channel.threads) == 1  # no review started


async def test_review_plays_only_the_due_questions_of_the_chosen_set(world: World) -> None:
    (world.content / "big.yaml").write_text(big_set(1), encoding="utf-8")
    await world.restart()
    await world.alice.slash(world.channel, "test", set="big")
    thread = world.channel.threads[-1]
    for _ in range(3):
        await world.alice.react(open_question(world, thread), B)  # all wrong
    await world.alice.slash(world.channel, "test", set="mini")
    thread = world.channel.threads[-1]
    for _ in range(3):
        question = open_question(world, thread)
        await world.alice.react(question, WRONG[prompt_of(question)])
    await world.env.advance_time(11 * 60)
    result = await world.alice.slash(world.channel, "review", set="big")
    assert result.ephemeral
    assert "ready in" in reply_of(result).content
    thread = world.channel.threads[-1]
    prompts = []
    for _ in range(3):
        question = open_question(world, thread)
        prompts.append(question.embeds[0].description or "")
        assert "(" in question.embeds[0].title  # progress like practice
        await world.alice.react(question, A)
    assert all("question 0" in p for p in prompts)
    assert not any(p2 in "".join(prompts) for p2 in RIGHT)
    assert "Finished" in world.messages(thread)[-1].embeds[0].title


async def test_two_members_practise_side_by_side_in_their_own_threads(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    await world.bob.slash(world.channel, "practice", set="mini")
    alices, bobs = world.channel.threads
    await world.bob.react(open_question(world, alices), B)  # bob's letter in alice's thread
    await world.alice.react(open_question(world, bobs), B)
    assert await world.rows("SELECT COUNT(*) FROM answers") == [(0,)]
    await world.alice.react(open_question(world, alices), B)
    await world.bob.react(open_question(world, bobs), A)
    rows = await world.rows("SELECT member_id, chosen FROM answers ORDER BY chosen")
    assert rows == [(world.bob.id, "A"), (world.alice.id, "B")]
    assert "(2/3)" in open_question(world, alices).embeds[0].title
    assert "(1/3)" in open_question(world, bobs).embeds[0].title


async def test_a_stopped_practice_keeps_its_answers_and_takes_no_more(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[-1]
    await world.alice.react(open_question(world, thread), B)
    second = open_question(world, thread)
    await world.alice.react(second, B)  # wrong, one attempt left
    await world.alice.slash(thread, "stop")
    await world.alice.react(second, A)  # the session is over: ignored
    rows = await world.rows("SELECT question_id, attempt, chosen FROM answers ORDER BY 1, 2")
    assert rows == [("first", 1, "B"), ("second", 1, "B")]
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
