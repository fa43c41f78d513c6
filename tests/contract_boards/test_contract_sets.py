"""Contract: /sets list, info, load (YAML, GIFT, Aiken, CSV), export, stats, remove."""

from __future__ import annotations

import simcord

from tests.bot.conftest import MINI_SET, World, moderator, reply_of
from tests.contract_boards.helpers import (
    ANSWERS,
    WRONG,
    A,
    B,
    open_question,
    prompt_of,
    sent_messages,
    wait_for_next_question,
)


def own(set_id: str, title: str) -> bytes:
    return (
        MINI_SET.replace("id: mini", f"id: {set_id}")
        .replace("title: Mini Set", f"title: {title}")
        .encode()
    )


async def load(mod: simcord.MemberActor, world: World, name: str, data: bytes) -> str:
    result = await mod.slash(world.channel, "sets load", file=(name, data))
    assert result.ephemeral
    return reply_of(result).content


AIKEN = """\
Which HTTP method is idempotent?
A. POST
B) PUT
C. PATCH
ANSWER: B

Which status code means Not Found?
A. 200
B. 404
ANSWER: B
"""


async def test_aiken_txt_loads_plays_and_exports_as_yaml_that_reloads_unchanged(
    world: World,
) -> None:
    mod = moderator(world)
    summary = await load(mod, world, "http-basics.txt", AIKEN.encode())
    assert "`http-basics`" in summary
    assert "converted 2 questions" in summary
    await world.alice.slash(world.channel, "practice", set="http-basics")
    thread = world.channel.threads[-1]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    assert (
        "idempotent" in question.embeds[0].description
        or "Not Found" in question.embeds[0].description
    )
    exported = await mod.slash(world.channel, "sets export", set="http-basics")
    assert exported.ephemeral
    attachment = exported.response.attachments[0]
    assert attachment.filename == "http-basics.yaml"
    text = (await attachment.read()).decode()
    again = await load(mod, world, "http-basics.yaml", text.encode())
    assert "version 2" in again
    assert "Changes: none" in again


GIFT_WITH_SKIPS = """\
$CATEGORY: $course$/top/Mixed bag

::Pick one:: Which is a prime? {=7 ~8 ~9}

::Essay:: Write about primes. {}

::Match:: Match them. {=a -> 1 =b -> 2 =c -> 3}

::TF:: Seven is prime. {T}
"""


async def test_gift_lists_skipped_question_types_with_their_line(world: World) -> None:
    mod = moderator(world)
    summary = await load(mod, world, "mixed.gift", GIFT_WITH_SKIPS.encode())
    assert "`mixed-bag`" in summary
    assert "converted 2 questions" in summary
    assert "line 5" in summary, summary
    assert "line 7" in summary, summary


CSV_FULL = (
    "id,prompt,A,B,C,answer,hint,explanation,difficulty,time_limit,attempts\r\n"
    "q-one,Which is even?,3,4,5,B,Divide by two,4 = 2 x 2,easy,45,1\r\n"
    "q-two,Which is odd?,2,4,7,C,,,hard,1:30,2\r\n"
)


async def test_csv_without_bom_and_every_optional_column_loads(world: World) -> None:
    mod = moderator(world)
    summary = await load(mod, world, "numbers.csv", CSV_FULL.encode())
    assert "`numbers`" in summary
    assert "converted 2 questions" in summary
    exported = await mod.slash(world.channel, "sets export", set="numbers")
    text = (await exported.response.attachments[0].read()).decode()
    assert "q-one" in text
    assert "q-two" in text
    assert "Divide by two" in text
    assert "4 = 2 x 2" in text


async def test_unknown_ids_get_an_ephemeral_sentence_everywhere(world: World) -> None:
    mod = moderator(world)
    for actor, command in (
        (world.alice, "sets info"),
        (mod, "sets export"),
        (mod, "sets stats"),
        (mod, "sets remove"),
    ):
        result = await actor.slash(world.channel, command, set="no-such-set")
        assert result.ephemeral, command
        text = reply_of(result).content
        assert "no-such-set" in text, (command, text)
        assert "Something went wrong" not in text
        assert not reply_of(result).attachments


async def test_stats_of_a_set_nobody_answered(world: World) -> None:
    mod = moderator(world)
    result = await mod.slash(world.channel, "sets stats", set="mini")
    assert result.ephemeral
    reply = reply_of(result)
    embed = reply.embeds[0]
    assert len(embed) <= 6000
    table = (await reply.attachments[0].read()).decode("utf-8-sig").splitlines()
    assert len(table) == 4  # a header and every question, answered or not


async def test_stats_flag_too_easy_too_hard_and_mis_keyed(world: World) -> None:
    mod = moderator(world)
    members = [world.guild.add_member(world.env.create_user(f"s{n}")) for n in range(6)]
    strong = members[:2]
    # first: the strong two pick A (wrong), the rest pick B (right): mis-keyed?
    # second: only the strong two are right. third: only the strong two are right.
    await mod.slash(world.channel, "challenge", set="mini")
    for _ in range(3):
        question = [m for m in world.messages() if m.embeds and m.reactions][-1]
        prompt = prompt_of(question)
        for member in members:
            if prompt == "Which letter comes second?":
                await member.react(question, A if member in strong else B)
            else:
                pick = ANSWERS[prompt] if member in strong else WRONG[prompt]
                await member.react(question, pick)
        await wait_for_next_question(world, question)
    result = await mod.slash(world.channel, "sets stats", set="mini")
    description = reply_of(result).embeds[0].description or ""
    first = next(line for line in description.splitlines() if "`first`" in line)
    assert "6 answers" in first
    assert "first try 67%" in first
    assert "mis-keyed" in first, first

    easy_hard = own("easy-hard", "Easy Hard")
    await load(mod, world, "easy-hard.yaml", easy_hard)
    world.channel = world.guild.create_text_channel("second-room")
    await mod.slash(world.channel, "challenge", set="easy-hard")
    for _ in range(3):
        question = [m for m in world.messages() if m.embeds and m.reactions][-1]
        prompt = prompt_of(question)
        for member in members:
            pick = ANSWERS[prompt] if prompt == "Which letter comes second?" else WRONG[prompt]
            await member.react(question, pick)
        await wait_for_next_question(world, question)
    result = await mod.slash(world.channel, "sets stats", set="easy-hard")
    lines = (reply_of(result).embeds[0].description or "").splitlines()
    assert "too easy" in next(line for line in lines if "`first`" in line)
    assert "too hard" in next(line for line in lines if "`second`" in line)
    assert "most chosen wrong: B (100%)" in next(line for line in lines if "`second`" in line)


async def test_a_title_with_everyone_pings_nobody_anywhere(world: World) -> None:
    mod = moderator(world)
    role = world.guild.create_role("Learners", mentionable=True)
    title = f"@everyone @here {world.alice.mention} {role.mention} week"
    loud = MINI_SET.replace("id: mini", "id: loud").replace("title: Mini Set", f'title: "{title}"')
    loud = loud.replace("Which letter comes second?", "Which letter comes second? @everyone")
    summary = await load(mod, world, "loud.yaml", loud.encode())
    assert "version 1" in summary
    await world.alice.slash(world.channel, "sets list")
    await world.alice.slash(world.channel, "sets info", set="loud")
    await world.bob.slash(world.channel, "challenge", set="loud")
    question = [m for m in world.messages() if m.embeds and m.reactions][-1]
    await world.alice.react(question, B)
    await world.env.advance_time(400)
    await world.carol.slash(world.channel, "leaderboard", set="loud")
    await mod.slash(world.channel, "sets stats", set="loud")
    await mod.slash(world.channel, "sets load", file=("loud.yaml", loud.encode()))
    messages = sent_messages(world)
    assert any("@everyone" in (m.content or "") for m in messages)  # type: ignore[attr-defined]
    for message in messages:
        assert not message.mention_everyone, message.content  # type: ignore[attr-defined]
        assert not message.ping_role_ids, message.content  # type: ignore[attr-defined]
        assert not message.ping_user_ids, message.content  # type: ignore[attr-defined]


async def test_the_bot_could_ping_everyone_if_it_let_itself(world: World) -> None:
    """Guards the test above: the bot's role may mention @everyone, so no ping is a choice."""
    me = world.guild.me  # type: ignore[attr-defined]
    assert me.guild_permissions.mention_everyone


async def test_autocomplete_offers_at_most_25_choices_of_at_most_100_characters(
    world: World,
) -> None:
    mod = moderator(world)
    long_title = "A very long title about asynchronous Python programming " * 3
    for number in range(30):
        await load(mod, world, f"{number}.yaml", own(f"set-{number}", long_title[:190]))
    for command in (
        "practice",
        "challenge",
        "test",
        "review",
        "leaderboard",
        "sets info",
        "sets export",
        "sets stats",
        "sets remove",
        "schedule add",
    ):
        for typed in ("", "set", "a"):
            choices = await mod.autocomplete(world.channel, command, "set", typed)
            assert 0 < len(choices) <= 25, (command, typed, len(choices))
            assert all(len(c["name"]) <= 100 for c in choices)
            assert all(len(c["value"]) <= 100 for c in choices)


async def test_removing_a_shipped_or_unknown_set_is_refused_and_history_stays(
    world: World,
) -> None:
    mod = moderator(world)
    refused = await mod.slash(world.channel, "sets remove", set="mini")
    assert refused.ephemeral
    assert "ships with the bot" in refused.response.content
    assert not refused.response.components


async def test_replacing_a_set_keeps_members_history_by_question_id(world: World) -> None:
    mod = moderator(world)
    await load(mod, world, "keep.yaml", own("keep", "Keep"))
    await world.alice.slash(world.channel, "test", set="keep")
    thread = world.channel.threads[-1]
    for _ in range(3):
        question = open_question(world, thread)
        await world.alice.react(question, ANSWERS[prompt_of(question)])
    edited = own("keep", "Keep v2").decode().replace("What is 2 + 2?", "What is 3 + 1?")
    await load(mod, world, "keep.yaml", edited.encode())
    progress = reply_of(await world.alice.slash(world.channel, "progress"))
    assert "3/3 questions right" in progress.embeds[0].fields[0].value
    assert "Keep v2" in progress.embeds[0].fields[0].name
    board = await world.bob.slash(world.channel, "leaderboard", set="keep")
    assert "**300** pts" in (board.response.embeds[0].description or "")


async def test_upper_case_suffixes_and_yml_load(world: World) -> None:
    mod = moderator(world)
    assert "version 1" in await load(mod, world, "Upper.YAML", own("upper", "Upper"))
    assert "version 1" in await load(mod, world, "short.yml", own("short", "Short"))
    summary = await load(mod, world, "HTTP-Basics.TXT", AIKEN.encode())
    assert "converted 2 questions" in summary, summary
    summary = await load(mod, world, "Numbers.CSV", CSV_FULL.encode())
    assert "converted 2 questions" in summary, summary


async def test_a_txt_that_is_neither_gift_nor_aiken_reports_a_line(world: World) -> None:
    mod = moderator(world)
    summary = await load(mod, world, "notes.txt", b"just some notes\nwith no questions\n")
    assert "was not loaded" in summary
    assert "notes.txt:" in summary
    assert "Something went wrong" not in summary


async def test_an_import_whose_id_is_a_shipped_set_is_refused(world: World) -> None:
    mod = moderator(world)
    summary = await load(mod, world, "mini.csv", CSV_FULL.encode())
    assert "`mini` is the id of a set shipped with the bot" in summary
    info = await world.alice.slash(world.channel, "sets info", set="mini")
    assert "Mini Set" in (info.response.embeds[0].title or "")
