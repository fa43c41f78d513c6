"""Contract §8: the preview's menus, running sessions on their version, limits, autocomplete."""

from __future__ import annotations

import pytest

from tests.bot.conftest import World, moderator, reply_of
from tests.contract_form.helpers import custom_ids, filled, preview, save, sum_question
from tests.contract_sessions.helpers import RIGHT, open_question, prompt_of


def menu_id(message: object, name: str) -> str:
    return next(c for c in custom_ids(message) if c.startswith(f"qform:{name}:"))


async def test_the_preview_menus_set_difficulty_time_and_attempts(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="timed")
    shown = await mod.slash(world.channel, "questions add", set="timed")
    message = await preview(mod, shown, sum_question(2))
    assert "(medium, 1:00 to answer, 2 attempts)" in message.content  # the set's defaults
    await mod.select(message, ["hard"], custom_id=menu_id(message, "difficulty"))
    await mod.select(message, ["30"], custom_id=menu_id(message, "time_limit"))
    result = await mod.select(message, ["1"], custom_id=menu_id(message, "attempts"))
    assert "(hard, 0:30 to answer, 1 attempt)" in reply_of(result).content
    assert "version 2" in await save(mod, reply_of(result))
    question = world.env.bot.catalog.get(world.guild.id, "timed").questions[-1]  # type: ignore[union-attr]
    assert (question.difficulty.value, question.time_limit, question.attempts) == ("hard", 30, 1)
    # an edit keeps the question's own time unless the menu changes it; "default" gives it back
    shown = await mod.slash(world.channel, "questions edit", set="timed", question=question.id)
    message = await preview(mod, shown, filled(shown) | {"hint": "Double it."})
    assert "(hard, 0:30 to answer, 1 attempt)" in message.content
    result = await mod.select(message, ["default"], custom_id=menu_id(message, "time_limit"))
    assert "(hard, 1:00 to answer, 1 attempt)" in reply_of(result).content
    await save(mod, reply_of(result))
    source = await world.env.bot.set_source(world.guild.id, "timed")
    assert source is not None
    assert "time_limit: 30" not in source


async def test_running_sessions_finish_on_the_version_they_started_with(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="live")
    await world.alice.slash(world.channel, "practice", set="live")
    [thread] = world.channel.threads
    for question_id in ("first", "second", "third"):
        shown = await mod.slash(world.channel, "questions edit", set="live", question=question_id)
        changed = filled(shown) | {"prompt": f"Changed {question_id}?"}
        said = await save(mod, await preview(mod, shown, changed))
        assert "1 running session finishes with the previous version" in said
    for _ in range(3):
        question = open_question(world, thread)
        await world.alice.react(question, RIGHT[prompt_of(question)])  # the old prompts
    assert "Changed" not in world.embeds_text(thread)
    assert [bool(right) for (right,) in await world.rows("SELECT correct FROM answers")] == [
        True
    ] * 3


async def test_the_questions_limit_applies_when_the_form_is_checked(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="full")
    monkeypatch.setattr("bot.cogs.sets.MAX_QUESTIONS_PER_SERVER", 4)
    shown = await mod.slash(world.channel, "questions add", set="full")
    assert "version 2" in await save(mod, await preview(mod, shown, sum_question(2)))
    shown = await mod.slash(world.channel, "questions add", set="full")
    result = await mod.submit_modal(shown, sum_question(3))
    assert "at most 4" in reply_of(result).content
    assert len(world.env.bot.catalog.get(world.guild.id, "full").questions) == 4  # type: ignore[union-attr]


async def test_the_question_option_autocompletes_from_the_chosen_set(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="mine")
    choices = await mod.autocomplete(
        world.channel, "questions edit", "question", "colour", set="mine"
    )
    assert [c["value"] for c in choices] == ["second"]
