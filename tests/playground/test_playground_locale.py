"""`quiz-tutor playground --locale`: the person and the server speak one language."""

from __future__ import annotations

import dataclasses

import pytest

from bot.cli import build_parser
from bot.playground.world import PlaygroundOptions, open_playground
from i18n import gettext_in


def _texts(messages: list) -> str:
    parts: list[str] = []
    for message in messages:
        parts.append(message.content)
        for embed in message.embeds:
            parts.extend([embed.title or "", embed.description or ""])
            parts.extend(f"{field.name} {field.value}" for field in embed.fields)
    return "\n".join(parts)


async def test_the_playground_shows_the_channel_and_the_replies_in_its_locale(
    offline_options: PlaygroundOptions,
) -> None:
    options = dataclasses.replace(offline_options, locale="fr")
    async with open_playground(options) as playground:
        guild = playground.bot.get_guild(playground.channel.guild.id)
        assert guild is not None
        assert str(guild.preferred_locale) == "fr"
        await playground.you.slash(playground.channel, "challenge", set="quick")
        shown = _texts(playground.channel.history())
        attempts = gettext_in("fr", "Attempts: **{attempts}**", attempts=2)
        assert attempts != "Attempts: **2**"  # the French catalog has it
        assert attempts in shown
        refused = await playground.you.slash(playground.channel, "challenge", set="nope")
        sentence = (
            "There is no question set {shown} in this server. "
            "Type a few letters in the `set` option to pick one of the sets you can play."
        )
        assert refused.response is not None
        assert refused.response.content == gettext_in("fr", sentence, shown="`nope`")
        assert "There is no question set" not in refused.response.content


@pytest.mark.parametrize(("typed", "code"), [("fr", "fr"), ("es-419", "es-ES"), ("pt_br", "pt-BR")])
def test_locale_takes_the_codes_the_bot_speaks(typed: str, code: str) -> None:
    args = build_parser().parse_args(["playground", "--locale", typed])
    assert args.locale == code


def test_an_unknown_locale_is_refused_with_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        build_parser().parse_args(["playground", "--locale", "xx-YY"])
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert "does not speak 'xx-YY'" in err
    assert "ja" in err
