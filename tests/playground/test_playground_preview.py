"""The playground started headless: /challenge run through the preview's own HTTP interface."""

from __future__ import annotations

from pathlib import Path

from bot.playground.world import PlaygroundOptions, open_playground
from bot.rendering import HINT_EMOJI, option_emoji
from tests.playground.preview_client import PreviewClient, embed_titles, messages


async def test_challenge_from_the_page_shows_the_question_with_its_reactions(
    tmp_path: Path,
) -> None:
    options = PlaygroundOptions(database=tmp_path / "playground.db", classmates=0)
    async with open_playground(options) as playground:
        assert playground.url.startswith("http://127.0.0.1:")
        client = PreviewClient(playground.url)
        assert "<html" in (await client.get_text("/")).lower()
        first = await client.open_page()
        assert first["channel"]["name"] == "study"

        async with playground.turn:  # the page moves on while it is being read
            await playground.preview.refresh()
        receipt = await client.run_command(
            "challenge", revision=first["publishedRevision"], set="python-asyncio"
        )
        assert receipt["settlement"] == "settled"
        assert not receipt["rejected"]

        live = playground.bot.sessions.in_channel(playground.channel.id)
        assert live is not None
        question = live.question
        shown = messages(await client.state())
        posted = next(m for m in shown if any("Question 1/" in t for t in embed_titles(m)))
        assert question.prompt in posted["embeds"][0]["description"]
        letters = [option_emoji(i) for i in range(len(question.options))]
        hint = [HINT_EMOJI] if question.hint else []
        assert [r["emoji"]["name"] for r in posted["reactions"]] == letters + hint
