"""Contract: /leaderboard periods (week, month, all), repeats, set filters and mentions."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.bot.conftest import MINI_SET, World, moderator, reply_of
from tests.contract_boards.helpers import (
    ANSWERS,
    advance_to,
    backend_message,
    board_text,
    open_question,
    prompt_of,
    take_test,
    wait_for_next_question,
)

EVERYTHING = set(ANSWERS)
ONE = {"Which letter comes second?"}


async def board(world: World, period: str | None = None, set_id: str | None = None) -> str:
    options = {k: v for k, v in (("period", period), ("set", set_id)) if v is not None}
    result = await world.carol.slash(world.channel, "leaderboard", **options)
    assert not world.env.errors
    return board_text(result)


def points_of(text: str, member_mention: str) -> int | None:
    for line in text.splitlines():
        if member_mention in line and "pts" in line:
            return int(line.split("**")[-2])
    return None


async def test_week_starts_on_monday_utc_and_repeats_never_add_up(world: World) -> None:
    # SimCord's calendar starts on Thursday 1 January 2026; the ISO week turns on Monday 5th.
    await take_test(world, world.alice, EVERYTHING)  # Thursday: 300

    await advance_to(world, datetime(2026, 1, 4, 23, 0, tzinfo=UTC))  # Sunday, same week
    await take_test(world, world.alice, EVERYTHING)
    assert points_of(await board(world, "week"), world.alice.mention) == 300
    await advance_to(world, datetime(2026, 1, 5, 0, 30, tzinfo=UTC))  # Monday: a new week
    week = await board(world, "week")
    assert points_of(week, world.alice.mention) is None
    assert "Nobody has scored yet" in week
    assert points_of(await board(world, "month"), world.alice.mention) == 300
    await take_test(world, world.alice, ONE)
    await take_test(world, world.bob, ONE)
    await take_test(world, world.bob, ONE)
    week = await board(world, "week")
    assert points_of(week, world.alice.mention) == 100
    assert points_of(week, world.bob.mention) == 100
    assert points_of(await board(world, "all"), world.alice.mention) == 300
    assert points_of(await board(world), world.alice.mention) == 300  # all is the default
    assert points_of(await board(world), world.bob.mention) == 100


async def test_month_turns_on_the_first_utc_and_week_spans_it(world: World) -> None:

    await advance_to(world, datetime(2026, 1, 31, 23, 30, tzinfo=UTC))  # Saturday
    await take_test(world, world.alice, EVERYTHING)
    await advance_to(world, datetime(2026, 2, 1, 0, 30, tzinfo=UTC))  # Sunday, same ISO week
    month = await board(world, "month")
    assert points_of(month, world.alice.mention) is None
    assert points_of(await board(world, "week"), world.alice.mention) == 300
    await take_test(world, world.alice, ONE)
    assert points_of(await board(world, "month"), world.alice.mention) == 100
    assert points_of(await board(world, "week"), world.alice.mention) == 300
    assert points_of(await board(world, "all"), world.alice.mention) == 300


async def test_a_set_nobody_answered_gives_an_empty_board_not_an_error(world: World) -> None:
    mod = moderator(world)
    own = MINI_SET.replace("id: mini", "id: quiet").replace("title: Mini Set", "title: Quiet")
    await mod.slash(world.channel, "sets load", file=("quiet.yaml", own.encode()))
    await take_test(world, world.alice, EVERYTHING)  # points in `mini` only
    for period in ("week", "month", "all"):
        text = await board(world, period, "quiet")
        assert "Nobody has scored yet" in text
        assert world.alice.mention not in text
    assert points_of(await board(world, None, "mini"), world.alice.mention) == 300


async def test_an_unknown_set_is_an_ephemeral_sentence(world: World) -> None:
    result = await world.alice.slash(world.channel, "leaderboard", set="nope-nope")
    assert result.ephemeral
    assert "no question set `nope-nope`" in reply_of(result).content


async def test_points_of_a_removed_set_stay_on_the_all_sets_board(world: World) -> None:
    mod = moderator(world)
    own = MINI_SET.replace("id: mini", "id: gone").replace("title: Mini Set", "title: Gone")
    await mod.slash(world.channel, "sets load", file=("gone.yaml", own.encode()))
    await world.alice.slash(world.channel, "test", set="gone")
    thread = world.channel.threads[-1]

    for _ in range(3):
        question = open_question(world, thread)
        await world.alice.react(question, ANSWERS[prompt_of(question)])
    asked = await mod.slash(world.channel, "sets remove", set="gone")
    await mod.click(asked.response, label="Remove")
    assert points_of(await board(world), world.alice.mention) == 300  # history stays
    progress = reply_of(await world.alice.slash(world.channel, "progress"))
    assert "3/3 questions right" in progress.embeds[0].fields[0].value


async def test_the_board_mentions_members_but_pings_nobody(world: World) -> None:
    await take_test(world, world.alice, EVERYTHING)
    result = await world.bob.slash(world.channel, "leaderboard")
    assert not result.ephemeral
    text = board_text(result)
    assert world.alice.mention in text
    assert "You: **2.** with 0 pts" not in text  # bob never answered: he has no rank
    sent = backend_message(world, result.response.id)
    assert not sent.ping_user_ids  # type: ignore[attr-defined]
    assert not sent.ping_role_ids  # type: ignore[attr-defined]
    assert not sent.mention_everyone  # type: ignore[attr-defined]


async def test_the_asker_outside_the_top_ten_sees_their_rank(world: World) -> None:
    members = [world.guild.add_member(world.env.create_user(f"m{n}")) for n in range(11)]
    for member in members:
        await take_test(world, member, EVERYTHING)
    await take_test(world, world.alice, ONE)
    result = await world.alice.slash(world.channel, "leaderboard", period="week")
    text = board_text(result)
    assert world.alice.mention not in text.split("\n\nYou")[0]
    assert "You: **12.** with 100 pts" in text
    assert len(result.response.embeds[0]) <= 6000


async def play_challenge_right_at_once(world: World) -> None:
    await world.bob.slash(world.channel, "challenge", set="mini")
    for _ in range(3):
        question = [m for m in world.messages() if m.embeds and m.reactions][-1]
        await world.alice.react(question, ANSWERS[prompt_of(question)])
        await wait_for_next_question(world, question)


async def test_a_challenge_best_with_speed_bonus_is_kept_over_later_lower_scores(
    world: World,
) -> None:
    await play_challenge_right_at_once(world)
    first = points_of(await board(world), world.alice.mention)
    assert first is not None
    assert 300 < first <= 450  # three first tries with a speed bonus each
    await take_test(world, world.alice, EVERYTHING)  # 100 a question: lower than the bests
    await play_challenge_right_at_once(world)
    assert points_of(await board(world), world.alice.mention) == first
    assert points_of(await board(world, "week"), world.alice.mention) == first
    await advance_to(world, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    await take_test(world, world.alice, EVERYTHING)
    assert points_of(await board(world, "week"), world.alice.mention) == 300
    assert points_of(await board(world, "all"), world.alice.mention) == first
