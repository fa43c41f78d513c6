"""Moderators list, load, replace, export and remove their server's own sets."""

from __future__ import annotations

import simcord

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import MINI_SET, World, moderator, reply_of

A, B = LETTER_EMOJIS[:2]
OWN_SET = MINI_SET.replace("id: mini", "id: own-set").replace("title: Mini Set", "title: Own Set")


async def load(mod: simcord.MemberActor, world: World, text: str, name: str = "own.yaml") -> str:
    result = await mod.slash(world.channel, "sets load", file=(name, text.encode()))
    assert result.ephemeral
    return reply_of(result).content


async def info_text(mod: simcord.MemberActor, channel: simcord.ChannelHandle, set_id: str) -> str:
    embed = (await mod.slash(channel, "sets info", set=set_id)).response.embeds[0]
    return "\n".join([embed.title or "", *(f"{f.name}: {f.value}" for f in embed.fields)])


async def test_list_and_info_show_shipped_and_own_sets(world: World) -> None:
    mod = moderator(world)
    await load(mod, world, OWN_SET)
    listing = await mod.slash(world.channel, "sets list")
    assert listing.ephemeral
    fields = listing.response.embeds[0].fields
    assert "`mini`" in fields[0].value
    assert "`own-set`" in fields[1].value
    info = await info_text(mod, world.channel, "own-set")
    assert "Own Set" in info
    assert "challenge 3" in info
    assert "version 1" in info
    assert f"<@{mod.id}>" in info


async def test_load_replace_and_remove_a_server_set(world: World) -> None:
    mod = moderator(world)
    assert "version 1" in await load(mod, world, OWN_SET)
    choices = await world.alice.autocomplete(world.channel, "challenge", "set", "own")
    assert [c["value"] for c in choices] == ["own-set"]

    await world.bob.slash(world.channel, "challenge", set="own-set")
    edited = OWN_SET.replace("Which letter comes second?", "Which letter is second?")
    edited = edited.replace("  - id: third", "  - id: fourth")
    summary = await load(mod, world, edited)
    assert "version 2" in summary
    assert "added: `fourth`; removed: `third`; edited: `first`" in summary
    assert "1 running session finishes with the previous version" in summary
    await world.env.advance_time(60)
    assert "Which letter comes second?" in world.embeds_text()  # the running one plays on
    await world.env.advance_time(90)
    assert "What is 2 + 2?" in world.embeds_text()

    await world.restart()  # it resumes on version 1, where its question `third` still is
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert live is not None
    assert live.set_version == 1
    assert live.session.round.question_id == "third"
    await world.bob.react(world.messages()[-1], B)
    assert await world.rows("SELECT question_id, correct FROM answers") == [("third", 1)]
    await world.env.advance_time(61)
    assert "Finished" in world.embeds_text()
    assert "version 2" in await info_text(mod, world.channel, "own-set")

    asked = await mod.slash(world.channel, "sets remove", set="own-set")
    assert asked.ephemeral
    assert "Remove **Own Set** (`own-set`, version 2)" in asked.response.content
    done = await mod.click(asked.response, label="Remove")
    assert "Removed **Own Set**" in done.response.content
    assert done.response.components == []
    gone = await world.alice.slash(world.channel, "practice", set="own-set")
    assert "no question set `own-set`" in gone.response.content
    await world.restart()
    gone = await world.alice.slash(world.channel, "practice", set="own-set")
    assert "no question set `own-set`" in gone.response.content


async def test_removal_can_be_cancelled_or_left_to_expire(world: World) -> None:
    mod = moderator(world)
    await load(mod, world, OWN_SET)
    asked = await mod.slash(world.channel, "sets remove", set="own-set")
    kept = await mod.click(asked.response, label="Keep it")
    assert "nothing changed" in kept.response.content

    asked = await mod.slash(world.channel, "sets remove", set="own-set")
    await world.env.advance_time(61)
    assert "Nothing removed" in asked.response.content
    assert asked.response.components == []
    assert "version 1" in await info_text(mod, world.channel, "own-set")


async def test_removing_during_a_challenge_ends_it_and_keeps_answers(world: World) -> None:
    mod = moderator(world)
    await load(mod, world, OWN_SET)
    await world.alice.slash(world.channel, "challenge", set="own-set")
    question = world.messages()[-1]
    await world.bob.react(question, B)

    asked = await mod.slash(world.channel, "sets remove", set="own-set")
    assert "1 running session of it will end now" in asked.response.content
    await mod.click(asked.response, label="Remove")
    assert "a moderator removed this question set" in world.embeds_text()
    posted = len(world.messages())
    await world.carol.react(question, B)
    await world.env.advance_time(120)
    assert len(world.messages()) == posted

    progress = await world.bob.slash(world.channel, "progress")
    assert "1/1 questions right" in progress.response.embeds[0].fields[0].value
    again = await world.alice.slash(world.channel, "challenge", set="mini")
    assert not again.ephemeral
    await world.restart()
    assert "Mini Set" in world.messages()[-1].embeds[0].title


async def test_members_browse_sets_but_cannot_load_export_or_remove(world: World) -> None:
    mod = moderator(world)
    await load(mod, world, OWN_SET)
    listing = await world.alice.slash(world.channel, "sets list")
    assert "`own-set`" in listing.response.embeds[0].fields[1].value
    assert "Own Set" in await info_text(world.alice, world.channel, "own-set")
    refused = await world.alice.slash(
        world.channel, "sets load", file=("x.yaml", OWN_SET.replace("own-set", "x").encode())
    )
    assert refused.ephemeral
    assert "Manage Server" in refused.response.content
    for command in ("sets remove", "sets export"):
        refused = await world.alice.slash(world.channel, command, set="own-set")
        assert refused.ephemeral
        assert "Manage Server" in refused.response.content
        assert not refused.response.attachments
    listing = await mod.slash(world.channel, "sets list")
    assert "`x`" not in listing.response.embeds[0].fields[1].value
    assert "`own-set`" in listing.response.embeds[0].fields[1].value


async def test_broken_upload_reports_every_error_and_keeps_the_previous_version(
    world: World,
) -> None:
    mod = moderator(world)
    await load(mod, world, OWN_SET)
    broken = OWN_SET.replace("answer: B", "answer: E").replace("attempts: 2", "attempts: 0")
    report = await load(mod, world, broken)
    assert "was not loaded (3 errors); nothing changed" in report
    assert "own.yaml:10:13: defaults.attempts:" in report
    assert "questions[0].answer: 'E' is not one of the options A-C" in report
    assert "version 1" in await info_text(mod, world.channel, "own-set")


async def test_long_error_reports_come_as_a_file(world: World) -> None:
    mod = moderator(world)
    broken = OWN_SET.replace("answer: B", "answer: Q").replace("answer: A", "answer: Q")
    broken += "".join(f"unknown_{n}: 1\n" for n in range(40))
    result = await mod.slash(world.channel, "sets load", file=("own.yaml", broken.encode()))
    reply = reply_of(result)
    assert "was not loaded (43 errors)" in reply.content
    report = (await reply.attachments[0].read()).decode()
    assert report.count("own.yaml:") == 43


async def test_non_yaml_and_oversized_attachments_are_refused(world: World) -> None:
    mod = moderator(world)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    result = await mod.slash(world.channel, "sets load", file=("photo.png", png))
    report = reply_of(result).content
    assert "`photo.png` was not loaded (1 error)" in report
    assert "Question sets are YAML files (.yaml or .yml)" in report
    assert "photo.png:1:1: (file): the file is not UTF-8 text" in report
    big = await mod.slash(world.channel, "sets load", file=("big.yaml", b"#" * (5 * 1024 * 1024)))
    assert "5.0 MiB; a question set may be at most 1 MiB" in big.response.content
    listing = await mod.slash(world.channel, "sets list")
    assert "None yet" in listing.response.embeds[0].fields[1].value


async def test_shipped_ids_are_refused(world: World) -> None:
    mod = moderator(world)
    report = await load(mod, world, MINI_SET)
    assert "`mini` is the id of a set shipped with the bot" in report
    assert await world.rows("SELECT COUNT(*) FROM guild_sets") == [(0,)]
    await world.restart()
    assert "Mini Set" in await info_text(mod, world.channel, "mini")
    assert (
        "Shipped"
        in (await mod.slash(world.channel, "sets info", set="mini")).response.embeds[0].footer.text
    )
    refused = await mod.slash(world.channel, "sets remove", set="mini")
    assert "ships with the bot and can't be removed" in refused.response.content


async def test_two_servers_keep_their_own_set_with_the_same_id(world: World) -> None:
    other_guild = world.env.create_guild("Other Group")
    other_channel = other_guild.create_text_channel("study")
    mod = moderator(world)
    other_mod = moderator(world, other_guild)
    await load(mod, world, OWN_SET)
    theirs = OWN_SET.replace("title: Own Set", "title: Their Set")
    result = await other_mod.slash(
        other_channel, "sets load", file=("theirs.yaml", theirs.encode())
    )
    assert "version 1" in reply_of(result).content
    assert "Own Set" in await info_text(mod, world.channel, "own-set")
    assert "Their Set" in await info_text(other_mod, other_channel, "own-set")

    asked = await mod.slash(world.channel, "sets remove", set="own-set")
    await mod.click(asked.response, label="Remove")
    assert "Their Set" in await info_text(other_mod, other_channel, "own-set")
    choices = await world.alice.autocomplete(world.channel, "challenge", "set", "own")
    assert choices == []


async def test_export_then_reload_is_unchanged(world: World) -> None:
    mod = moderator(world)
    await load(mod, world, OWN_SET)
    exported = await mod.slash(world.channel, "sets export", set="own-set")
    assert exported.ephemeral
    attachment = exported.response.attachments[0]
    assert attachment.filename == "own-set.yaml"
    text = (await attachment.read()).decode()
    assert text == OWN_SET
    summary = await load(mod, world, text, name="own-set.yaml")
    assert "version 2" in summary
    assert "Changes: none" in summary

    shipped = await mod.slash(world.channel, "sets export", set="mini")
    assert (await shipped.response.attachments[0].read()).decode() == MINI_SET
