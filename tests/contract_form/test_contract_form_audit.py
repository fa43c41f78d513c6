"""Contract §8, as an outside tester drives it: option labels, stale previews, late clicks."""

from __future__ import annotations

from tests.bot.conftest import World, moderator, reply_of
from tests.contract_form.helpers import embed_text, filled, preview, save, sum_question


async def test_option_labels_need_no_space_and_every_option_needs_a_text(world: World) -> None:
    mod = moderator(world)
    tight = {
        "prompt": "  ```python\n  numbers = [3, 4, 5]\n  ```\nWhich is even?",
        "options": "A)3 | odd\r\n\r\nB.4\r\nC:5 | odd too",
        "answer": "b)",
    }
    shown = await mod.slash(world.channel, "sets new", id="tight", title="Tight")
    message = await preview(mod, shown, tight)
    assert "A)" not in embed_text(message)
    assert "B." not in embed_text(message)
    assert "version 1" in await save(mod, message)
    question = world.env.bot.catalog.get(world.guild.id, "tight").questions[0]  # type: ignore[union-attr]
    assert (question.options, question.answer_letter) == (("3", "4", "5"), "B")
    assert question.id == "which-is-even"  # made from the prompt's words, not its code
    assert question.code is not None
    assert question.code.source == "numbers = [3, 4, 5]"
    assert question.feedback[0] == "odd"
    assert question.feedback[2] == "odd too"
    for values, field, said in (
        # feedback but no option text: the option is empty, never the text "| why"
        ({"options": "A) | why\nB) x", "answer": "B"}, "**Options, line 1** (`options`)", "empty"),
        ({"options": "A)\nB) x", "answer": "B"}, "**Options, line 1** (`options`)", "empty"),
        # a code block alone: the question still needs its words
        ({"prompt": "```python\nprint(1)\n```"}, "**Question** (`prompt`)", "only a code block"),
        # each error names its field, its line or paragraph, and the part of the line
        (
            {"explanation": "Fine\n\n" + "e" * 1000},
            "**Explanation, paragraph 2** (`explanation`)",
            "over the limit",
        ),
        (
            {"options": "A) 1 | " + "f" * 400 + "\nB) 4", "answer": "B"},
            "**Options, line 1** (`options`)",
            "feedback (after ' | '): is 400",
        ),
    ):
        shown = await mod.slash(world.channel, "questions add", set="tight")
        text = (await preview(mod, shown, sum_question(2) | values)).content
        assert "not saved" in text
        assert f"{field}: " in text, text
        assert said in text, text
        assert text.count("•") == 1, text  # one problem, said once
    assert len(world.env.bot.catalog.get(world.guild.id, "tight").questions) == 1  # type: ignore[union-attr]


async def test_save_on_an_older_preview_never_stores_what_it_does_not_show(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="mine")
    shown = await mod.slash(world.channel, "questions edit", set="mine", question="first")
    older = await preview(mod, shown, filled(shown) | {"hint": "Shown in the older preview"})
    reopened = await mod.click(older, label="Edit")
    assert filled(reopened)["hint"] == "Shown in the older preview"
    latest = await preview(mod, reopened, filled(reopened) | {"hint": "Shown in the latest"})
    refused = reply_of(await mod.click(older, label="Save"))
    assert "out of date" in refused.content
    question = world.env.bot.catalog.get(world.guild.id, "mine").questions[0]  # type: ignore[union-attr]
    assert question.hint == "It sounds like a cheer."  # nothing stored
    assert "version 2" in await save(mod, latest)
    question = world.env.bot.catalog.get(world.guild.id, "mine").questions[0]  # type: ignore[union-attr]
    assert question.hint == "Shown in the latest"


async def test_a_form_that_can_no_longer_be_saved_hands_back_what_was_typed(world: World) -> None:
    mod, other = moderator(world), moderator(world)
    await mod.slash(world.channel, "sets copy", set="mini", id="shared")
    shown = await mod.slash(world.channel, "questions edit", set="shared", question="third")
    asked = reply_of(
        await other.slash(world.channel, "questions remove", set="shared", question="third")
    )
    await other.click(asked, label="Remove")
    conflict = reply_of(await mod.submit_modal(shown, filled(shown) | {"hint": "Typed by hand"}))
    reopened = await mod.click(conflict, label="Reopen on the current version")
    gone = reply_of(await mod.submit_modal(reopened, filled(reopened)))
    assert "no longer in `shared`" in gone.content
    assert "Typed by hand" in (await gone.attachments[0].read()).decode()
    # the whole set removed while a preview is open
    shown = await mod.slash(world.channel, "questions add", set="shared")
    message = await preview(mod, shown, sum_question(7))
    asked = reply_of(await other.slash(world.channel, "sets remove", set="shared"))
    await other.click(asked, label="Remove")
    refused = reply_of(await mod.click(message, label="Save"))
    assert "was removed" in refused.content
    assert "What is 7 + 7?" in (await refused.attachments[0].read()).decode()
    assert world.env.bot.catalog.server_set(world.guild.id, "shared") is None
