"""Contract §7: members and servers see no English, whatever the bot shows them.

One scenario plays every kind of exchange (a challenge with its reactions, hints and end, a
practice, a test and a review in threads, the boards, /sets, refusals, schedules and their
announcement, /settings language, the question form and a removal's buttons) with a server and
members speaking the test pseudo-locale: every text the bot shows must have gone through the
catalogs. The same scenario in real languages shows the catalog's translation.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest
import simcord

from bot.authoring.service import FormService
from i18n import NATIVE_NAMES, gettext_in, ngettext, use_locale
from i18n.locales import PSEUDO_LOCALE
from i18n.pseudo import untranslated
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_languages.helpers import Forms, bot_messages, everything_shown, over_limits
from tests.contract_sessions.helpers import HINT, RIGHT, WRONG, A, open_question, prompt_of
from tests.i18n.english import set_texts
from tests.i18n.shim import member_locales

FORM_QUESTION = {
    "prompt": "How many sides has a triangle?",
    "options": "A) Two | Count the corners\nB) Three\nC) Four",
    "answer": "B",
    "hint": "Draw one.",
    "explanation": "Count\nA triangle has three corners.",
}
BAD_QUESTION = {"prompt": "Pick one", "options": "A) Only one", "answer": "Z"}


def ngettext_in(code: str, singular: str, plural: str, n: int) -> str:
    with use_locale(code):
        return ngettext(singular, plural, n)


def minutes_ahead(world: World, minutes: int) -> str:
    at = world.env.now().astimezone(UTC)
    total = at.hour * 60 + at.minute + minutes + 1
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


async def answer_all(world: World, member: simcord.MemberActor, thread: Any, right: bool) -> None:
    """Answer every question left in ``thread`` (all right, or all wrong once)."""
    answered: set[int] = set()
    for _ in range(4):
        question = open_question(world, thread)
        if question.id in answered:
            return
        answered.add(question.id)
        answers = RIGHT if right else WRONG
        await member.react(question, answers[prompt_of(question)])


async def play_everything(
    world: World, monkeypatch: pytest.MonkeyPatch, code: str, forms: Forms
) -> dict[str, Any]:
    """Play every exchange with a server set to ``code`` and members speaking ``code``."""
    mod = moderator(world)
    alice, bob = world.alice, world.bob
    said: dict[str, Any] = {"moderator": mod.name}
    locales = {mod.id: code, alice.id: code, bob.id: code, world.carol.id: code}
    with member_locales(monkeypatch, locales):
        await mod.slash(world.channel, "settings language", language=code)
        said["settings"] = (await mod.slash(world.channel, "settings language")).response
        said["bad language"] = (
            await mod.slash(world.channel, "settings language", language="xx")
        ).response

        # a challenge in the channel: wrong answer, hint by reaction (a DM), /hint, /stop refused
        await alice.slash(world.channel, "challenge", set="mini")
        question = open_question(world)
        await bob.react(question, WRONG[prompt_of(question)])
        await bob.react(question, HINT)
        said["hint"] = reply_of(await bob.slash(world.channel, "hint"))
        said["stop refused"] = reply_of(await bob.slash(world.channel, "stop"))
        said["busy"] = reply_of(await bob.slash(world.channel, "challenge", set="mini"))
        await alice.react(question, RIGHT[prompt_of(question)])
        await world.env.advance_time(400)  # the rest of the questions time out: the results
        said["nothing to stop"] = reply_of(await alice.slash(world.channel, "stop"))
        said["unknown set"] = reply_of(await alice.slash(world.channel, "challenge", set="nope"))

        # personal sessions in threads: a practice, a test, then a review of what went wrong
        carol = world.carol
        await carol.slash(world.channel, "practice", set="mini")
        thread = world.channel.threads[-1]
        await carol.react(open_question(world, thread), A)  # wrong or right: then right
        await answer_all(world, carol, thread, right=True)
        await bob.slash(world.channel, "test", set="mini")
        await answer_all(world, bob, world.channel.threads[-1], right=False)
        said["nothing due"] = reply_of(await alice.slash(world.channel, "review"))
        await world.env.advance_time(11 * 60)
        said["review"] = reply_of(await bob.slash(world.channel, "review"))
        await answer_all(world, bob, world.channel.threads[-1], right=True)

        # boards and sets
        for name, options in (
            ("progress", {}),
            ("leaderboard", {}),
            ("badges", {}),
            ("sets list", {}),
            ("sets info", {"set": "mini"}),
        ):
            said[name] = reply_of(await alice.slash(world.channel, name, **options))

        # a schedule, its list and its announcement
        said["schedule add"] = reply_of(
            await mod.slash(world.channel, "schedule add", set="mini", time=minutes_ahead(world, 2))
        )
        said["schedule list"] = reply_of(await mod.slash(world.channel, "schedule list"))
        await world.env.advance_time(4 * 60)
        await mod.slash(world.channel, "stop")

        # a practice left idle ends by itself; a challenge goes on across a crash
        await alice.slash(world.channel, "practice", set="mini")
        await world.env.advance_time(31 * 60)
        await alice.slash(world.channel, "challenge", set="mini")
        await world.crash_and_restart()
        await world.env.advance_time(70)
        await alice.slash(world.channel, "stop")

        # the question form: a bad question's errors, then a good one's preview and Save
        shown = forms.keep(await mod.slash(world.channel, "sets new", id="shapes", title="Shapes"))
        errors = forms.snapshot(world, reply_of(await mod.submit_modal(shown, BAD_QUESTION)))
        said["form errors"] = errors
        forms.keep(await mod.click(errors, label=gettext_in(code, "Fix the form")))
        shown = forms.keep(await mod.slash(world.channel, "sets new", id="shapes", title="Shapes"))
        preview = forms.snapshot(world, reply_of(await mod.submit_modal(shown, FORM_QUESTION)))
        said["preview"] = preview
        save = gettext_in(code, "Save")
        said["saved"] = reply_of(await mod.click(preview, label=save))

        # more of the form and of /sets: copy, stats, load (a broken file too), remove a question
        said["copy"] = reply_of(await mod.slash(world.channel, "sets copy", set="mini", id="mine"))
        said["stats"] = reply_of(await mod.slash(world.channel, "sets stats", set="mini"))
        broken = ("broken.yaml", b"id: Broken Id\nquestions:\n  - prompt: 3\n")
        said["broken"] = reply_of(await mod.slash(world.channel, "sets load", file=broken))
        forms.keep(await mod.slash(world.channel, "questions edit", set="mine", question="first"))
        asked = reply_of(
            await mod.slash(world.channel, "questions remove", set="mine", question="first")
        )
        forms.snapshot(world, asked)
        await mod.click(asked, label=gettext_in(code, "Remove"))
        said["schedule remove"] = reply_of(await mod.slash(world.channel, "schedule remove", id=1))
        said["refused"] = reply_of(await alice.slash(world.channel, "sets remove", set="mine"))

        # removal, confirmed with its button; a schedule of the removed set is skipped
        at = minutes_ahead(world, 2)
        await mod.slash(world.channel, "schedule add", set="shapes", time=at)
        asked = await mod.slash(world.channel, "sets remove", set="shapes")
        said["remove"] = forms.snapshot(world, asked.response)
        said["removed"] = reply_of(
            await mod.click(asked.response, label=gettext_in(code, "Remove"))
        )
        await world.env.advance_time(4 * 60)
        said["skipped"] = world.messages()[-1]
        said["timezone"] = reply_of(
            await mod.slash(world.channel, "schedule timezone", zone="Europe/Berlin")
        )
    return said


def _labels(message: Any) -> list[str]:
    """The labels of a reply's buttons (SimCord gives raw components)."""
    labels = []
    for row in message.components:
        items = row.get("components", [row]) if isinstance(row, dict) else row.children
        for item in items:
            label = item.get("label") if isinstance(item, dict) else item.label
            labels.append(label or "")
    return labels


def others_texts(world: World, mod_names: list[str]) -> list[str]:
    """What members, moderators and the set wrote (never translated)."""
    qset = world.env.bot.catalog.get(world.guild.id, "mini")
    assert qset is not None
    texts = [*set_texts(qset), world.guild.name, world.channel.name, *mod_names]
    texts += [m.name for m in (world.alice, world.bob, world.carol)]
    texts += [*FORM_QUESTION.values(), *BAD_QUESTION.values(), "Shapes", "shapes", "mine"]
    texts += ["Broken Id", "broken.yaml", "Europe/Berlin", "how-many-sides-has-a-triangle"]
    # codes and names shown as they are: languages by their own names, time zones, the
    # `default` choice, set-file words for a level, a code typed by the moderator
    texts += [*NATIVE_NAMES.values(), PSEUDO_LOCALE, "UTC", "default", "xx"]
    texts += ["intermediate", "advanced"]
    texts += ["Two", "Three", "Four", "Count the corners", "A triangle has three corners."]
    return [*texts, "A", "B", "C", "D"]


async def test_a_server_and_members_in_the_pseudo_locale_see_no_english(
    world: World, monkeypatch: pytest.MonkeyPatch, pseudo_locale: str
) -> None:
    forms = Forms()
    said = await play_everything(world, monkeypatch, pseudo_locale, forms)
    ignore = tuple(others_texts(world, [said["moderator"]]))
    shown = everything_shown(world, forms)
    left = [
        f"{s.where}: {words} in {s.text!r}"
        for s in shown
        if (words := untranslated(s.text, ignore=ignore))
    ]
    assert left == [], "\n".join(left)
    assert over_limits(shown, bot_messages(world)) == []
    assert len(world.channel.threads) == 4  # practices, a test and a review
    assert gettext_in(pseudo_locale, "Review") in world.channel.threads[2].name
    assert said["unknown set"].content.startswith("⟦")
    assert said["skipped"].content.startswith("⟦")  # the skipped schedule's notice
    assert over_limits(shown, bot_messages(world)) == []


UNKNOWN_SET = (
    "There is no question set {shown} in this server. "
    "Type a few letters in the `set` option to pick one of the sets you can play."
)
NO_LANGUAGE = (
    "I don't speak {code}. Choose one of: {choices}; or `{default}` to follow this "
    "server's preferred locale."
)


@pytest.mark.parametrize("code", ["de", "ja", "ru"])
async def test_a_server_in_its_preferred_locale_and_members_in_theirs_see_the_catalog(
    world: World, monkeypatch: pytest.MonkeyPatch, pseudo_locale: str, code: str
) -> None:
    guild = world.env.create_guild("Gruppe", preferred_locale=code)
    channel = guild.create_text_channel("lernen")
    alice, bob, carol, dave = (
        guild.add_member(world.env.create_user(f"{name}-{code}"))
        for name in ("alice", "bob", "carol", "dave")
    )
    mod = moderator(world, guild)
    # alice's Discord language is one the bot does not speak, bob's is empty, carol's missing,
    # dave's the pseudo-locale (a refusal is his even while a challenge speaks the server's)
    locales = {alice.id: "xx", bob.id: "", carol.id: None, dave.id: pseudo_locale, mod.id: "zz"}
    with member_locales(monkeypatch, locales):
        started = await alice.slash(channel, "challenge", set="mini")
        intro = started.response.embeds[0]
        assert intro.title.startswith(gettext_in(code, "Challenge"))
        question = open_question(world, channel)
        footer = "React with a letter to answer · {emoji} or /hint for a hint"
        assert question.embeds[0].footer.text == gettext_in(code, footer, emoji=HINT)
        busy = reply_of(await dave.slash(channel, "challenge", set="mini"))
        assert busy.ephemeral
        assert busy.content.startswith("⟦")  # dave's language, not the challenge's
        await dave.react(question, HINT)  # a hint by DM: dave's language, from his last command
        await alice.react(question, HINT)  # alice's Discord language is unknown: the server's
        dave_hint = dave.user.dm_channel.history()[-1].content
        assert dave_hint.startswith("⟦💡 **Hint:**")
        alice_hint = alice.user.dm_channel.history()[-1].content
        assert alice_hint.startswith(gettext_in(code, "💡 **Hint:** {hint}", hint="")), alice_hint
        unknown = reply_of(await bob.slash(channel, "challenge", set="nope"))
        assert unknown.content == gettext_in(code, UNKNOWN_SET, shown="`nope`")
        stop = reply_of(await carol.slash(channel, "stop"))
        assert stop.content == gettext_in(
            code,
            "Only {starter}, who started this challenge, or a moderator can stop it.",
            starter=alice.mention,
        )
        refused = reply_of(await mod.slash(channel, "settings language", language="xx"))
        sentence = gettext_in(code, NO_LANGUAGE, code="`xx`", choices="", default="default")
        assert refused.content.startswith(sentence.split("`xx`")[0] + "`xx`")
        assert "I don't speak" not in refused.content
        await mod.slash(channel, "stop")
        # the question form's submit, a component of its own: the server's language too
        shown = await mod.slash(channel, "sets new", id="shapes", title="Shapes")
        errors = reply_of(await mod.submit_modal(shown, BAD_QUESTION))
        assert errors.content.startswith(
            ngettext_in(
                code,
                "The question was not saved: {n} problem. Nothing you typed is lost.",
                "The question was not saved: {n} problems. Nothing you typed is lost.",
                2,
            )
        )

    # an unknown or missing language in an English server: English, quietly
    with member_locales(monkeypatch, {world.bob.id: None, world.carol.id: "xx"}):
        for member in (world.bob, world.carol):
            unknown = reply_of(await member.slash(world.channel, "challenge", set="nope"))
            assert unknown.content == UNKNOWN_SET.format(shown="`nope`")

    # a member with a Discord language in an English server: their practice speaks it
    with member_locales(monkeypatch, {world.alice.id: code}):
        ready = reply_of(await world.alice.slash(world.channel, "practice", set="mini"))
    thread = world.channel.threads[-1]
    assert ready.content == gettext_in(
        code,
        "Your practice of **{title}** is ready in {thread}.",
        title="Mini Set",
        thread=thread.mention,
    )
    assert thread.name.startswith(gettext_in(code, "Practice"))
    assert open_question(world, thread).embeds[0].footer.text == gettext_in(
        code, footer, emoji=HINT
    )


async def test_a_failing_form_says_so_in_the_moderators_language(
    world: World, monkeypatch: pytest.MonkeyPatch, pseudo_locale: str
) -> None:
    mod = moderator(world)

    async def broken(*args: Any) -> None:
        raise RuntimeError("the form's storage broke")

    with member_locales(monkeypatch, {mod.id: pseudo_locale}):
        shown = await mod.slash(world.channel, "sets new", id="shapes", title="Shapes")
        monkeypatch.setattr(FormService, "_handle", broken)
        said = reply_of(await mod.submit_modal(shown, FORM_QUESTION))
    assert said.ephemeral
    assert said.content.startswith("⟦Something went wrong on my side")
    assert untranslated(said.content) == []
