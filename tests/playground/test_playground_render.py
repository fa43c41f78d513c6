"""The page is rendered from remembered text, and only the pages a browser reads are redrawn."""

from __future__ import annotations

from simcord.preview import _markdown, _messages

from bot.playground.adapt import MarkdownMemo
from bot.playground.world import PlaygroundOptions, open_playground
from tests.playground.preview_client import PreviewClient, embed_titles, messages

MENTIONS = {"users": {"42": "Ada"}, "roles": {}, "channels": {}, "emojis": {}}


def test_a_text_is_parsed_once_and_each_caller_gets_its_own_copy() -> None:
    memo = MarkdownMemo(_markdown.markdown_tokens)
    text = "**Bold** and <@42>, see https://example.com"
    first = memo(text, "message", context=MENTIONS)
    assert first == _markdown.markdown_tokens(text, "message", context=MENTIONS)
    first[0]["children"].clear()  # SimCord decorates the tokens it gets in place
    again = memo(text, "message", context=MENTIONS)
    assert again == _markdown.markdown_tokens(text, "message", context=MENTIONS)
    assert memo.parsed == 1


def test_the_names_a_text_mentions_and_its_field_are_part_of_what_is_remembered() -> None:
    memo = MarkdownMemo(_markdown.markdown_tokens)
    text = "hello <@42>"
    as_ada = memo(text, "message", context=MENTIONS)
    as_nobody = memo(text, "message", context={})
    as_title = memo(text, "embed_title", context=MENTIONS)
    assert as_ada != as_nobody
    assert as_title == _markdown.markdown_tokens(text, "embed_title", context=MENTIONS)
    assert memo.parsed == 3


def test_the_oldest_texts_are_forgotten_beyond_the_limit() -> None:
    memo = MarkdownMemo(_markdown.markdown_tokens, size=2)
    for text in ("one", "two", "three", "one"):
        memo(text)
    assert memo.parsed == 4  # "one" was forgotten when "three" came
    assert len(memo.tokens) == 2


async def test_clicks_redraw_the_browser_page_and_python_reads_stay_current(
    offline_options: PlaygroundOptions,
) -> None:
    async with open_playground(offline_options) as playground:
        preview = playground.preview
        python_page = preview._python
        assert python_page is not None
        client = PreviewClient(playground.url)
        await client.open_page()
        python_revision = python_page.revision
        assert isinstance(_messages.markdown_tokens, MarkdownMemo)  # the page reads remembered text

        receipt = await client.run_command("challenge", set="quick")
        assert receipt["settlement"] == "settled"
        await playground.tick(playground.clock.wall_start + 1)
        page = await client.state()
        assert any("Question 1/" in t for m in messages(page) for t in embed_titles(m))
        assert python_page.revision == python_revision  # nobody read it: not redrawn

        snapshot = await preview.snapshot()  # a read from Python redraws it first
        assert any("Question 1/" in t for m in messages(snapshot) for t in embed_titles(m))

        newest = playground.channel.last_message
        assert newest is not None
        later = PreviewClient(playground.url)
        opened = await later.open_page()  # a page opened now starts at the newest message
        assert opened["timeline"][-1] == str(newest.id)
        assert not opened["history"]["hasAfter"]
    assert _messages.markdown_tokens is _markdown.markdown_tokens  # SimCord as it was, after
