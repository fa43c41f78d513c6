"""The question form with hostile field contents: a preview or a sentence, nothing breaks out."""

from __future__ import annotations

import pytest
from simcord.backend.errors import SetupError

from bot.authoring.form import FIELD_MAX
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_form.helpers import embed_text, preview, save, sum_question
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
