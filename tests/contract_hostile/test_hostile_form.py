"""The question form with hostile field contents: a preview or a sentence, nothing breaks out."""

from __future__ import annotations

import pytest
from simcord.backend.errors import SetupError

from bot.authoring.form import FIELD_MAX
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_form.helpers import embed_text, filled, preview, save, sum_question
from tests.contract_hostile.helpers import assert_no_traceback
from tests.contract_scale.recorder import limit_problems, pings

BIDI = "\u202e\u2066\u200b\u200f"
HOSTILE_FIELDS = {
    "bidi and zero-width prompt": {"prompt": f"{BIDI}What is 2 + 2?{BIDI}"},
    "rtl prompt": {"prompt": "ما هو ٢ + ٢؟ מה זה"},
    "4,000 pipes in options": {"options": "A) 4\nB) " + "|" * (FIELD_MAX["options"] - 8)},
    "4,000 newlines in options": {"options": "A) 4\n" + "\n" * 3_000 + "B) 5"},
    "1,500-backtick fence": {"prompt": "`" * 1_500 + "\nx\n" + "`" * 500},
    "breaking out of the preview": {
        "prompt": "**bold** <@&1> [link](https://e.x) ||spoiler|| > quote\n# heading",
        "hint": "````` ``` @here",
    },
    "longest fields": {name: "x" * FIELD_MAX[name] for name in ("prompt", "hint", "explanation")},
}

REFUSED = {
    "4,000 pipes in options": "3,692 over the limit of 300",
    "1,500-backtick fence": "1,503 over the limit of 500",
    "longest fields": "1,530 over the limit of 500",
}


@pytest.mark.parametrize("case", list(HOSTILE_FIELDS))
async def test_a_hostile_form_gets_a_preview_or_a_sentence_and_pings_nobody(
    world: World, case: str
) -> None:
    mod = moderator(world)
    shown = await mod.slash(world.channel, "sets new", id="hostile", title="Hostile")
    values = sum_question(2) | HOSTILE_FIELDS[case]
    message = await preview(mod, shown, values)
    text = embed_text(message)
    assert_no_traceback(text)
    if case in REFUSED:
        assert "The question was not saved: " in text
        assert REFUSED[case] in text
        assert "Save" not in str(message.components)
    else:
        assert "Nothing is saved until you press **Save**." in text
        assert "Saved `" in await save(mod, message)
    assert pings(world) == []
    assert limit_problems(world) == []


async def test_save_clicked_twice_stores_one_version(world: World) -> None:
    # SimCord refuses two clicks at once ("operation overlaps") and a click on a button a
    # message no longer shows: the first Save takes the preview's buttons away
    mod = moderator(world)
    shown = await mod.slash(world.channel, "sets new", id="twice", title="Twice")
    message = await preview(mod, shown, sum_question(2))
    assert "Saved `" in reply_of(await mod.click(message, label="Save")).content
    with pytest.raises(SetupError, match="No matching component"):
        await mod.click(message, label="Save")
    record = await world.env.bot.storage.guild_set(world.guild.id, "twice")
    assert record is not None
    assert record.version == 1


def five_thousand_questions() -> bytes:
    body = "".join(
        f"  - id: q{n}\n    prompt: Question {n}?\n    options:\n      A: a{n}\n      B: b{n}\n"
        "    answer: B\n"
        for n in range(5_000)
    )
    return ("id: big\ntitle: Big\nquestions:\n" + body).encode()


async def test_editing_a_question_of_a_five_thousand_question_set_saves(world: World) -> None:
    # the form checks the whole set again, in the upload workers under the upload budget
    mod = moderator(world)
    loaded = await mod.slash(
        world.channel, "sets load", file=("big.yaml", five_thousand_questions())
    )
    assert "version 1" in reply_of(loaded).content
    shown = await mod.slash(world.channel, "questions edit", set="big", question="q4999")
    message = await preview(mod, shown, filled(shown) | {"prompt": "Edited last question?"})
    assert "Nothing is saved until you press **Save**." in embed_text(message)
    said = await save(mod, message)
    assert "version 2" in said
    assert "edited: `q4999`" in said
    kept = world.env.bot.catalog.get(world.guild.id, "big")
    assert kept is not None
    assert len(kept.questions) == 5_000
    assert kept.questions[-1].prompt == "Edited last question?"

    # past the upload budget the form is refused with a sentence and nothing is stored
    world.env.bot.uploads.seconds = 0.001
    shown = await mod.slash(world.channel, "questions edit", set="big", question="q0")
    message = await preview(mod, shown, filled(shown) | {"prompt": "Too slow?"})
    refused = embed_text(message)
    assert_no_traceback(refused)
    assert "The question was not saved: 1 problem. Nothing you typed is lost." in refused
    assert "to check; split it into smaller sets" in refused
    assert "Save" not in str(message.components)
    record = await world.env.bot.storage.guild_set(world.guild.id, "big")
    assert record is not None
    assert record.version == 2
