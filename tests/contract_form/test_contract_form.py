"""Contract §8: the question form, from a new set to edits, copies, removals and conflicts."""

from __future__ import annotations

import re

import discord
import pytest

from bot.authoring.drafts import FORM_SECONDS
from bot.authoring.views import inert_view
from content.limits import HINT_MAX
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_form.helpers import (
    CODE_QUESTION,
    FIELDS,
    add_question,
    custom_ids,
    embed_text,
    filled,
    modal_fields,
    preview,
    save,
    sum_question,
)
from tests.contract_sessions.helpers import everything_sent

B = "🇧"


async def stored_version(world: World, set_id: str) -> int | None:
    record = await world.env.bot.storage.guild_set(world.guild.id, set_id)
    return record.version if record is not None else None


async def test_a_moderator_builds_a_ten_question_set_from_nothing_and_members_play_it(
    world: World,
) -> None:
    mod = moderator(world)
    shown = await mod.slash(world.channel, "sets new", id="sums", title="Sums")
    inputs = modal_fields(shown)
    assert list(inputs) == list(FIELDS)
    assert inputs["hint"]["max_length"] == HINT_MAX
    message = await preview(mod, shown, CODE_QUESTION)
    text = embed_text(message)
    assert "What does this print?" in text
    assert "print(1 + 1)" in text
    assert "Numbers add up; only texts join" in text  # the feedback, shown in the preview
    assert await stored_version(world, "sums") is None  # nothing before Save
    said = await save(mod, message)
    assert "version 1" in said
    assert "1 question" in said
    for n in range(2, 11):
        said = await add_question(mod, world, "sums", sum_question(n))
        assert f"version {n}" in said, said
        assert "added" in said
    qset = world.env.bot.catalog.get(world.guild.id, "sums")
    assert qset is not None
    assert len(qset.questions) == 10
    assert [q.id for q in qset.questions][:3] == [
        "what-does-this-print",
        "what-is-2-2",
        "what-is-3-3",
    ]
    await world.alice.slash(world.channel, "practice", set="sums")
    thread = world.channel.threads[-1]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    await world.alice.react(question, B)
    assert "Correct" in world.embeds_text(thread)


async def test_an_invalid_form_lists_each_error_by_field_and_reopens_as_typed(
    world: World,
) -> None:
    mod = moderator(world)
    typed = {
        "prompt": "Which one?\n```python\nx = 1",
        "options": "A) same\nC) same | why",
        "answer": "E",
        "hint": "",
        "explanation": "\n\n".join(f"Step {n}" for n in range(9)),
    }
    shown = await mod.slash(world.channel, "sets new", id="broken", title="Broken")
    message = await preview(mod, shown, typed)
    text = message.content
    assert "not saved" in text
    assert "Nothing you typed is lost" in text
    assert "**Question, line 2** (`prompt`)" in text  # the code block is never closed
    assert "**Options, line 2** (`options`): this line is labelled C" in text
    assert "**Options, line 2** (`options`): is the same text as option A" in text
    assert "**Right answer** (`answer`): 'E' is not one of the options A-B" in text
    assert "**Explanation** (`explanation`): has 9 steps" in text
    assert await stored_version(world, "broken") is None
    reopened = await mod.click(message, label="Fix the form")
    assert filled(reopened) == typed | {"hint": ""}
    one_option = {"prompt": "Only one?", "options": "A) yes", "answer": "A"}
    text = (await preview(mod, reopened, one_option)).content
    assert "**Options** (`options`): has only 1 option" in text
    feedback_on_answer = {"prompt": "Two?", "options": "A) yes | no\nB) no", "answer": "A"}
    shown = await mod.slash(world.channel, "sets new", id="broken", title="Broken")
    text = (await preview(mod, shown, feedback_on_answer)).content
    assert (
        "**Options, line 1** (`options`): feedback (after ' | '): 'A' is the correct answer" in text
    )
    code = "\n".join("x = 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13" for _ in range(24))
    too_big = {
        "prompt": "Long? " + "y" * 490 + f"\n```python\n{code}\n```",
        "options": "\n".join(f"{'o' * 290} {n}" for n in range(10)),
        "answer": "A",
    }
    shown = await mod.slash(world.channel, "sets new", id="broken", title="Broken")
    text = (await preview(mod, shown, too_big)).content
    assert "**The whole question**: the question is too long for one Discord message" in text
    assert await stored_version(world, "broken") is None


async def test_edit_keeps_the_id_and_what_the_form_cannot_show(world: World) -> None:
    mod = moderator(world)
    result = await mod.slash(world.channel, "sets copy", set="mini", id="my-mini")
    said = reply_of(result).content
    assert result.ephemeral
    assert "`my-mini`" in said, said
    assert "version 1" in said
    shown = await mod.slash(world.channel, "questions edit", set="my-mini", question="first")
    form = filled(shown)
    assert form["prompt"] == "Which letter comes second?"
    assert form["options"] == "A) Alpha\nB) Bravo\nC) Charlie"
    assert form["answer"] == "B"
    assert form["explanation"] == "Count\nA is first, B is second."
    message = await preview(mod, shown, form | {"hint": "It cheers.", "prompt": "Second letter?"})
    said = await save(mod, message)
    assert "version 2" in said
    assert "edited: `first`" in said
    before = world.env.bot.catalog.shipped["mini"].questions[0]
    after = world.env.bot.catalog.get(world.guild.id, "my-mini").questions[0]  # type: ignore[union-attr]
    assert after.id == "first"
    assert (after.prompt, after.hint) == ("Second letter?", "It cheers.")
    assert after.common_mistakes == before.common_mistakes
    assert after.common_mistakes
    assert after.takeaway == before.takeaway
    assert after.solution == before.solution
    assert (after.kind, after.difficulty, after.time_limit) == (
        before.kind,
        before.difficulty,
        before.time_limit,
    )


async def test_discard_and_a_stale_preview_change_nothing(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="my-mini")
    shown = await mod.slash(world.channel, "questions add", set="my-mini")
    message = await preview(mod, shown, sum_question(4))
    result = await mod.click(message, label="Discard")
    assert "nothing was saved" in reply_of(result).content
    assert not custom_ids(reply_of(result))
    assert await stored_version(world, "my-mini") == 1
    assert len(world.env.bot.catalog.get(world.guild.id, "my-mini").questions) == 3  # type: ignore[union-attr]


async def test_shipped_sets_and_unknown_ids_are_refused_with_a_sentence(world: World) -> None:
    mod = moderator(world)
    for command, options in (
        ("questions add", {"set": "mini"}),
        ("questions edit", {"set": "mini", "question": "first"}),
        ("questions remove", {"set": "mini", "question": "first"}),
    ):
        result = await mod.slash(world.channel, command, **options)
        assert result.modal is None
        assert "ships with the bot" in reply_of(result).content
        assert "/sets copy" in reply_of(result).content
    for set_id in ("mini", "Bad Id!"):
        result = await mod.slash(world.channel, "sets new", id=set_id, title="T")
        assert result.modal is None
        assert reply_of(result).ephemeral
    result = await mod.slash(world.channel, "questions add", set="elsewhere")
    assert "no set `elsewhere` of its own" in reply_of(result).content
    await mod.slash(world.channel, "sets copy", set="mini", id="mine")
    result = await mod.slash(world.channel, "sets copy", set="mini", id="mine")
    assert "already has a set `mine`" in reply_of(result).content
    result = await mod.slash(world.channel, "questions edit", set="mine", question="nope")
    assert "has no question `nope`" in reply_of(result).content


async def test_a_member_without_manage_server_is_refused(world: World) -> None:
    for command, options in (
        ("sets new", {"id": "x", "title": "X"}),
        ("sets copy", {"set": "mini", "id": "x"}),
        ("questions add", {"set": "mini"}),
        ("questions edit", {"set": "mini", "question": "first"}),
        ("questions remove", {"set": "mini", "question": "first"}),
    ):
        result = await world.alice.slash(world.channel, command, **options)
        assert result.modal is None, command
        assert "Manage Server" in reply_of(result).content, command
    assert world.env.bot.catalog.server_sets(world.guild.id) == []


async def test_remove_asks_first_and_never_removes_the_last_question(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="my-mini")
    asked = reply_of(
        await mod.slash(world.channel, "questions remove", set="my-mini", question="third")
    )
    assert "Remove `third`" in asked.content
    kept = reply_of(await mod.click(asked, label="Keep it"))
    assert "nothing changed" in kept.content
    for question in ("third", "second"):
        asked = reply_of(
            await mod.slash(world.channel, "questions remove", set="my-mini", question=question)
        )
        done = reply_of(await mod.click(asked, label="Remove"))
        assert f"Removed `{question}`" in done.content
        assert f"removed: `{question}`" in done.content
    assert await stored_version(world, "my-mini") == 3
    result = await mod.slash(world.channel, "questions remove", set="my-mini", question="first")
    assert "only question" in reply_of(result).content
    assert not custom_ids(reply_of(result))


async def test_two_moderators_saving_one_set_never_overwrite_each_other(world: World) -> None:
    first, second = moderator(world), moderator(world)
    await first.slash(world.channel, "sets copy", set="mini", id="shared")
    mine = await first.slash(world.channel, "questions edit", set="shared", question="first")
    theirs = await second.slash(world.channel, "questions edit", set="shared", question="first")
    mine_preview = await preview(first, mine, filled(mine) | {"hint": "Cheer!"})
    their_preview = await preview(second, theirs, filled(theirs) | {"prompt": "Letter two?"})
    assert "version 2" in await save(first, mine_preview)
    refused = await save(second, their_preview)
    assert "Not saved" in refused
    assert "version 2" in refused
    assert "never overwritten" in refused
    assert await stored_version(world, "shared") == 2
    message = next(
        m
        for m in everything_sent(world)
        if "never overwritten" in (m.content or "")  # type: ignore[attr-defined]
    )
    assert any("reopen" in c for c in str(message.components).split("'"))  # type: ignore[attr-defined]
    result = await second.click(their_preview, label="Reopen on the current version")
    assert filled(result)["prompt"] == "Letter two?"  # what they typed is kept
    said = await save(second, await preview(second, result, filled(result)))
    assert "version 3" in said
    question = world.env.bot.catalog.get(world.guild.id, "shared").questions[0]  # type: ignore[union-attr]
    assert (question.prompt, question.hint) == ("Letter two?", "Cheer!")  # both changes stand


async def test_an_expired_form_or_preview_gets_a_sentence_and_saves_nothing(world: World) -> None:
    mod = moderator(world)
    shown = await mod.slash(world.channel, "sets new", id="late", title="Late")
    await world.env.advance_time(FORM_SECONDS + 60)
    result = await mod.submit_modal(shown, sum_question(2))
    reply = reply_of(result)
    assert "open too long" in reply.content
    assert "What is 2 + 2?" in (await reply.attachments[0].read()).decode()
    shown = await mod.slash(world.channel, "sets new", id="late", title="Late")
    message = await preview(mod, shown, sum_question(3))
    await world.env.advance_time(2 * 60 * 60)
    closed = reply_of(await mod.click(message, label="Save"))
    assert "This form is closed" in closed.content
    assert "nothing was saved" in closed.content
    assert "What is 3 + 3?" in (await closed.attachments[0].read()).decode()
    # an invalid form left for too long: "Fix the form" hands back what was typed
    shown = await mod.slash(world.channel, "sets new", id="late", title="Late")
    errors = await preview(mod, shown, sum_question(4) | {"answer": "K"})
    await world.env.advance_time(2 * 60 * 60)
    closed = reply_of(await mod.click(errors, label="Fix the form"))
    assert "This form is closed" in closed.content
    typed = (await closed.attachments[0].read()).decode()
    assert "What is 4 + 4?" in typed
    assert "K" in typed
    assert await stored_version(world, "late") is None


async def test_buttons_answer_only_their_moderator_in_their_server(world: World) -> None:
    user, manage = world.env.create_user("twin"), discord.Permissions(manage_guild=True)
    mod = world.guild.add_member(
        user, roles=[world.guild.create_role("Editors", permissions=manage)]
    )
    other = moderator(world)
    shown = await mod.slash(world.channel, "sets new", id="guarded", title="Guarded")
    message = await preview(mod, shown, sum_question(2))
    key = custom_ids(message)[-1].split(":")[-1]
    # a public copy of the Save button, as a replayed custom id would be
    channel = world.env.bot.get_channel(world.channel.id)
    view = inert_view(("Save", "save", discord.ButtonStyle.success, key))
    await channel.send("copy", view=view)  # type: ignore[union-attr]
    await world.env.settle()
    copy = world.messages()[-1]
    result = await other.click(copy, label="Save")
    assert "Only the moderator who opened this form" in reply_of(result).content
    # the same moderator, in another server
    elsewhere = world.env.create_guild("Elsewhere")
    their_channel = elsewhere.create_text_channel("general")
    await world.env.bot.get_channel(their_channel.id).send("copy", view=view)  # type: ignore[union-attr]
    await world.env.settle()
    same_user = elsewhere.add_member(user, roles=[elsewhere.create_role("M", permissions=manage)])
    result = await same_user.click(their_channel.history()[-1], label="Save")
    assert "Only the moderator who opened this form" in reply_of(result).content
    assert await stored_version(world, "guarded") is None


async def test_text_typed_in_the_form_pings_nobody(world: World) -> None:
    mod = moderator(world)
    hostile = f"@everyone <@{world.bob.id}> @here"
    values = sum_question(2) | {"prompt": f"Who? {hostile}", "hint": hostile}
    shown = await mod.slash(world.channel, "sets new", id="pings", title=hostile)
    await save(mod, await preview(mod, shown, values))
    await world.alice.slash(world.channel, "practice", set="pings")
    thread = world.channel.threads[-1]
    # Shown as written: the markdown escapes in front of @ and < are what Discord hides.
    assert hostile in re.sub(r"\\(.)", r"\1", world.embeds_text(thread))
    for sent in everything_sent(world):
        assert not sent.ping_user_ids
        assert not sent.ping_role_ids
        assert not sent.mention_everyone  # type: ignore[attr-defined]


async def test_server_limits_apply_to_the_form(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="one")
    monkeypatch.setattr("bot.cogs.sets.MAX_SETS_PER_SERVER", 1)
    shown = await mod.slash(world.channel, "sets new", id="two", title="Two")
    result = await mod.submit_modal(shown, sum_question(2))
    assert "the most it can have" in reply_of(result).content
    result = await mod.slash(world.channel, "sets copy", set="mini", id="three")
    assert "the most it can have" in reply_of(result).content
    assert [s.qset.id for s in world.env.bot.catalog.server_sets(world.guild.id)] == ["one"]


async def test_code_and_feedback_round_trip_through_export_and_load(world: World) -> None:
    mod = moderator(world)
    shown = await mod.slash(world.channel, "sets new", id="trip", title="Round trip")
    await save(mod, await preview(mod, shown, CODE_QUESTION))
    exported = await mod.slash(world.channel, "sets export", set="trip")
    text = (await exported.response.attachments[0].read()).decode()
    assert "print(1 + 1)" in text
    assert "Numbers add up; only texts join" in text
    loaded = await mod.slash(world.channel, "sets load", file=("trip.yaml", text.encode()))
    said = reply_of(loaded).content
    assert "version 2" in said
    assert "Changes: none" in said
    shown = await mod.slash(
        world.channel, "questions edit", set="trip", question="what-does-this-print"
    )
    assert filled(shown) == CODE_QUESTION
