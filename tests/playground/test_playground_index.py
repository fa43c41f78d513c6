"""The message index works out only the summaries it shows, each of the message as it is now."""

from __future__ import annotations

from typing import Any

from simcord.preview import _queries

from bot.playground.adapt import SummaryWhenRead
from bot.playground.world import PlaygroundOptions, open_playground
from tests.playground.preview_client import PreviewClient, messages

INDEX_PAGE = 50
"""Summaries on one page of SimCord's message index."""
SIMCORD_SUMMARY = _queries._message_summary_parts


def index_excerpts(snapshot: dict[str, Any]) -> dict[str, str]:
    return {row["id"]: row["excerpt"] for row in snapshot["messageIndex"]}


def reaction_counts(snapshot: dict[str, Any], message_id: int) -> dict[str, int]:
    shown = next(m for m in messages(snapshot) if m["id"] == str(message_id))
    return {r["emoji"]["name"]: r["count"] for r in shown.get("reactions", [])}


async def test_an_edited_message_shows_its_new_text_in_the_index_even_within_one_instant(
    offline_options: PlaygroundOptions,
) -> None:
    async with open_playground(offline_options) as playground:
        client = PreviewClient(playground.url)
        await client.open_page()
        sent = await playground.you.send(playground.channel, "first draft")
        await playground.preview.refresh()
        assert index_excerpts(await client.state())[str(sent.id)] == "first draft"

        # Two edits at the same simulated instant keep one edited_timestamp: a summary
        # remembered by (message, edited time) would still show "second draft".
        await playground.you.edit(sent, "second draft")
        await playground.preview.refresh()
        assert index_excerpts(await client.state())[str(sent.id)] == "second draft"
        await playground.you.edit(sent, "third draft")
        await playground.preview.refresh()
        page = await client.state()
        assert index_excerpts(page)[str(sent.id)] == "third draft"
        assert reaction_counts(page, sent.id) == {}

        await playground.you.react(sent, "👍")
        await playground.preview.refresh()
        assert reaction_counts(await client.state(), sent.id) == {"👍": 1}


async def test_the_index_works_out_only_the_summaries_it_shows_and_a_search_reads_all(
    offline_options: PlaygroundOptions,
) -> None:
    async with open_playground(offline_options) as playground:
        assert _queries._message_summary_parts is not SIMCORD_SUMMARY  # the playground's own
        sent = [
            await playground.you.send(playground.channel, f"note {number}")
            for number in range(INDEX_PAGE + 20)
        ]
        await playground.you.send(playground.channel, "the needle")
        count = playground.index_summaries
        asked, worked_out = count.asked, count.worked_out
        snapshot = await playground.preview.snapshot()

        assert count.asked - asked > INDEX_PAGE + 20  # one per message in the channel
        assert count.worked_out - worked_out == INDEX_PAGE  # only those the index shows
        excerpts = index_excerpts(snapshot)
        assert list(excerpts) == [str(m.id) for m in sent[:INDEX_PAGE]]  # the oldest 50
        assert excerpts[str(sent[7].id)] == "note 7"

        page = playground.preview._python
        assert page is not None
        page.navigation_query = "needle"  # a search matches against every summary
        found = await playground.preview.snapshot()
        assert list(index_excerpts(found).values()) == ["the needle"]
        assert count.worked_out - worked_out >= 2 * INDEX_PAGE + 21
    assert _queries._message_summary_parts is SIMCORD_SUMMARY  # SimCord as it was, after


def test_a_summary_is_worked_out_once_on_its_first_read() -> None:
    calls: list[int] = []

    def work_out() -> dict[str, Any]:
        calls.append(1)
        return {"excerpt": "hello", "contentKinds": ["text"]}

    summary = SummaryWhenRead(work_out)
    assert calls == []
    assert summary["excerpt"] == "hello"
    assert dict(summary) == {"excerpt": "hello", "contentKinds": ["text"]}
    assert len(summary) == 2
    assert calls == [1]
