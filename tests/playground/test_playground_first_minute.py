"""A command typed as a plain message in the page runs anyway, with a sentence showing the way."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from bot.playground.app import banner
from bot.playground.typed import parse
from bot.playground.world import Playground, PlaygroundOptions, open_playground
from tests.playground.preview_client import PreviewClient


def _bot_lines(playground: Playground) -> list[str]:
    bot = playground.bot.user
    assert bot is not None
    return [m.content for m in playground.channel.history() if m.author.id == bot.id]


async def test_the_banners_command_typed_and_sent_starts_the_challenge(
    offline_options: PlaygroundOptions,
) -> None:
    async with open_playground(offline_options) as playground:
        client = PreviewClient(playground.url)
        await client.open_page()
        receipt = await client.send_message("/challenge set:quick")
        assert not receipt["rejected"]

        live = playground.bot.sessions.in_channel(playground.channel.id)
        assert live is not None
        assert live.qset.id == "quick"
        titles = [t for m in playground.channel.history() for t in embed_titles_of(m)]
        assert any("Question 1/2" in title for title in titles)
        assert any(
            "I ran **/challenge** for you" in line and "type / in the box below" in line
            for line in _bot_lines(playground)
        )


async def test_a_message_that_names_no_command_gets_the_way_and_is_not_repeated(
    offline_options: PlaygroundOptions,
) -> None:
    async with open_playground(offline_options) as playground:
        client = PreviewClient(playground.url)
        await client.open_page()
        await client.send_message("/chalenge @everyone set:quick")
        await client.send_message("hello everyone")

        assert playground.bot.sessions.in_channel(playground.channel.id) is None
        lines = _bot_lines(playground)
        assert len(lines) == 1  # the plain "hello" gets no answer
        assert "type / in the box below and pick a command" in lines[0]
        assert "chalenge" not in lines[0]
        assert "@everyone" not in lines[0]


async def test_the_command_runs_as_whoever_the_page_shows(tmp_path: Path) -> None:
    options = PlaygroundOptions(database=tmp_path / "p.db", classmates=1, realtime=False)
    async with open_playground(options) as playground:
        client = PreviewClient(playground.url)
        await client.open_page()
        classmate = playground.classmates.members[0]
        await client.view_as(classmate.id)
        await client.send_message("/challenge set:python-asyncio")

        live = playground.bot.sessions.in_channel(playground.channel.id)
        assert live is not None
        assert live.session.starter_id == classmate.id


async def test_options_the_command_does_not_take_get_the_way_instead_of_an_error(
    offline_options: PlaygroundOptions,
) -> None:
    async with open_playground(offline_options) as playground:
        client = PreviewClient(playground.url)
        await client.open_page()
        await client.send_message("/challenge colour:blue")

        assert playground.bot.sessions.in_channel(playground.channel.id) is None
        assert "pick a command" in _bot_lines(playground)[-1]


def test_a_typed_command_is_read_with_its_subcommand_and_options() -> None:
    known = ("challenge", "sets list", "sets new")
    assert parse("/challenge set:python-asyncio", known) == ("challenge", {"set": "python-asyncio"})
    assert parse("/Sets new  set: my set ", known) == ("sets new", {"set": "my set"})
    assert parse("/sets list", known) == ("sets list", {})
    assert parse("/sets", known) is None
    assert parse("challenge set:x", known) is None


def embed_titles_of(message: object) -> list[str]:
    return [embed.title or "" for embed in getattr(message, "embeds", [])]


async def test_a_kept_database_says_in_one_line_what_became_of_the_running_sessions(
    offline_options: PlaygroundOptions, caplog: pytest.LogCaptureFixture
) -> None:
    async with open_playground(offline_options) as playground:
        await playground.you.slash(playground.channel, "challenge", set="quick")
        assert playground.bot.sessions.in_channel(playground.channel.id) is not None

    caplog.clear()
    async with open_playground(offline_options) as playground:
        await playground.tick(playground.clock.wall_start + 1)
        assert playground.ended_at_start == 1
        assert await playground.bot.storage.open_sessions() == []
        shown = banner(playground, offline_options, None, kept=True)
    assert (
        "1 session was still running when the playground last stopped: it has ended, its "
        "answers are kept" in shown
    )
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [], [r.getMessage() for r in warnings]


async def test_the_banner_names_the_language_the_page_speaks(
    offline_options: PlaygroundOptions,
) -> None:
    french = dataclasses.replace(offline_options, locale="fr")
    async with open_playground(french) as playground:
        shown = banner(playground, french, None, kept=False)
        english = banner(playground, offline_options, None, kept=False)
    assert "Language: fr, yours and the server's" in shown
    assert "Language:" not in english
