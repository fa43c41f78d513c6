"""Contract §7: every message kind, with the longest texts a set may hold and many members,
keeps Discord's limits in every language the bot speaks (German runs about 30 % longer than
English; a few languages use longer words still).

Per language (SQLite only: the rendering does not depend on the backend): a challenge of the
widest question the validator allows answered by a dozen members (question, status, reveal,
results), a test, /progress, /leaderboard, /badges, /sets list, /sets info, /sets stats,
/schedule list with long titles, /settings language, and the question form (its labels and
placeholders, the preview of a longest question and a list of every problem).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from i18n import NATIVE_NAMES, SPOKEN, gettext_in
from i18n.locales import PSEUDO_LOCALE
from i18n.pseudo import untranslated
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_languages.helpers import Forms, bot_messages, everything_shown, over_limits
from tests.contract_scale.sets import long_set, wide_set
from tests.contract_sessions.helpers import A, B, open_question
from tests.i18n.english import set_texts
from tests.i18n.shim import member_locales

LONGEST_QUESTION = {
    "prompt": "p" * 500 + "\n```python\n" + "\n".join(["x = 1" * 7] * 40)[:1500] + "\n```",
    "options": "\n".join(
        f"{letter}) {letter * 140}" + ("" if letter == "A" else f" | {'f' * 200}")
        for letter in "ABCDEFGHIJ"
    ),
    "answer": "A",
    "hint": "h" * 500,
    "explanation": "\n\n".join(f"{'T' * 90}\n{'s' * 380}" for _ in range(8)),
}
EVERYTHING_WRONG = {
    "prompt": "?",
    "options": "\n".join(f"K) {'o' * 320}" for _ in range(12)),
    "answer": "Z",
    "hint": "h" * 500,
    "explanation": "\n\n".join(f"{'T' * 120}\n{'s' * 300}" for _ in range(9)),
}


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """SQLite only: what is drawn does not depend on the database."""
    return tmp_path / "quiz.db"


@pytest.mark.parametrize("code", [*SPOKEN, PSEUDO_LOCALE])
async def test_every_message_kind_with_the_longest_texts_fits_discord(
    world: World, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, code: str
) -> None:
    if code == PSEUDO_LOCALE:  # the longest texts also show no English
        request.getfixturevalue("pseudo_locale")
    mod = moderator(world)
    forms = Forms()
    members = [
        world.guild.add_member(world.env.create_user(f"{'m' * 28}{n:04d}")) for n in range(12)
    ]
    locales = {member.id: code for member in [mod, world.alice, *members]}
    with member_locales(monkeypatch, locales):
        for name, text in (("wide.yaml", wide_set()), ("long.yaml", long_set(60))):
            loaded = await mod.slash(world.channel, "sets load", file=(name, text.encode()))
            assert "1" in reply_of(loaded).content, reply_of(loaded).content
        await mod.slash(world.channel, "settings language", language=code)
        await mod.slash(world.channel, "settings language")
        await world.alice.slash(world.channel, "challenge", set="wide")
        question = open_question(world)
        for number, member in enumerate(members):
            await member.react(question, B if number % 3 else A)
        await world.env.advance_time(10 * 60)
        await world.alice.slash(world.channel, "test", set="long")
        thread = world.channel.threads[-1]
        for _ in range(10):
            await world.alice.react(open_question(world, thread), B)
        for name, options in (
            ("progress", {}),
            ("leaderboard", {}),
            ("badges", {}),
            ("sets list", {}),
            ("sets info", {"set": "wide"}),
            ("sets info", {"set": "long"}),
        ):
            await world.alice.slash(world.channel, name, **options)
        await mod.slash(world.channel, "sets stats", set="long")
        for hour in range(10, 22):
            await mod.slash(world.channel, "schedule add", set="wide", time=f"{hour}:45")
        await mod.slash(world.channel, "schedule list")
        offered = await mod.autocomplete(world.channel, "challenge", "set", "wid")
        offered += await mod.autocomplete(
            world.channel, "questions edit", "question", "", set="wide"
        )

        new_id, title = "s" * 64, "T" * 100
        shown = forms.keep(await mod.slash(world.channel, "sets new", id=new_id, title=title))
        forms.snapshot(world, reply_of(await mod.submit_modal(shown, EVERYTHING_WRONG)))
        shown = forms.keep(await mod.slash(world.channel, "sets new", id=new_id, title=title))
        preview = reply_of(await mod.submit_modal(shown, LONGEST_QUESTION))
        forms.snapshot(world, preview)
        assert gettext_in(code, "Save") in str(preview.components), preview.content
        await mod.click(preview, label=gettext_in(code, "Save"))
        edit = await mod.slash(world.channel, "questions edit", set=new_id, question="p" * 40)
        forms.keep(edit)

    texts = everything_shown(world, forms)
    assert len(forms.seen) >= 2
    assert offered
    assert all(len(choice["name"]) <= 100 for choice in offered)
    assert any(choice["name"].endswith("…") for choice in offered)  # clipped, never silently
    assert over_limits(texts, bot_messages(world) + forms.messages) == []
    if code == PSEUDO_LOCALE:
        own = [*members_texts(world, members, mod), new_id, title]
        own += [t for form in (LONGEST_QUESTION, EVERYTHING_WRONG) for t in form.values()]
        left = [
            f"{s.where}: {words} in {s.text[:300]!r}"
            for s in texts
            if (words := [w for w in untranslated(s.text, ignore=tuple(own)) if not filler(w)])
        ]
        assert left == [], "\n".join(left)


def filler(word: str) -> bool:
    """Tell a word of the long sets' texts (one letter repeated, maybe clipped) from English."""
    return len(word) >= 5 and len(set(word)) == 1


def members_texts(world: World, members: list[Any], mod: Any) -> list[str]:
    """What the sets, members and moderators wrote, and codes shown as they are."""
    texts = [member.name for member in [*members, mod, world.alice]]
    for set_id in ("wide", "long", "mini"):
        qset = world.env.bot.catalog.get(world.guild.id, set_id)
        assert qset is not None
        texts += set_texts(qset)
    texts += ["intermediate", "advanced"]  # set-file words for a level, kept as written
    return [*texts, *NATIVE_NAMES.values(), PSEUDO_LOCALE, "UTC", world.guild.name]
