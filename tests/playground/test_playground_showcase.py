"""What the bot can show in the playground: a chart attachment, a scheduled challenge."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from bot.playground.world import Playground, PlaygroundOptions, open_playground
from tests.playground.preview_client import PreviewClient, messages

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _options(tmp_path: Path, content: Path) -> PlaygroundOptions:
    return PlaygroundOptions(
        database=tmp_path / "playground.db", content_dir=content, classmates=0, realtime=False
    )


def _minutes_ahead(playground: Playground, minutes: int) -> str:
    """Return the HH:MM (UTC, the server's default zone) ``minutes`` after the next minute."""
    at = playground.env.now().astimezone(UTC)
    total = at.hour * 60 + at.minute + minutes + 1
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


async def test_the_progress_chart_is_served_to_the_page_as_an_image(
    tmp_path: Path, quick_content: Path
) -> None:
    async with open_playground(_options(tmp_path, quick_content)) as playground:
        client = PreviewClient(playground.url)
        await client.open_page()
        receipt = await client.run_command("progress")
        assert receipt["settlement"] == "settled"
        assert not receipt["rejected"], receipt["diagnostics"]

        shown = messages(await client.state())
        reply = next(
            m for m in shown if any(a["filename"] == "progress.png" for a in m["attachments"])
        )
        chart = next(a for a in reply["attachments"] if a["filename"] == "progress.png")
        assert chart["available"]
        # The embed shows the attachment as its image, as Discord does with attachment://.
        assert reply["embeds"][0]["image"]["asset_id"] == chart["asset_id"]

        status, headers, body = await client.get_asset(chart["asset_id"])
        assert status == 200
        assert headers["Content-Type"] == "image/png"
        assert headers["Content-Disposition"].startswith("inline")
        assert body.startswith(PNG_SIGNATURE)


async def test_a_scheduled_challenge_starts_on_the_playground_clock(
    tmp_path: Path, quick_content: Path
) -> None:
    async with open_playground(_options(tmp_path, quick_content)) as playground:
        client = PreviewClient(playground.url)
        await client.open_page()
        start = playground.clock.wall_start
        time = _minutes_ahead(playground, 2)  # between two and three minutes from now
        receipt = await client.run_command("schedule add", set="quick", time=time)
        assert receipt["settlement"] == "settled"
        assert not receipt["rejected"], receipt["diagnostics"]

        await playground.tick(start + 110)  # not yet: time follows the playground's clock
        assert playground.bot.sessions.in_channel(playground.channel.id) is None

        await playground.tick(start + 200)
        live = playground.bot.sessions.in_channel(playground.channel.id)
        assert live is not None
        assert live.session.set_id == "quick"
        shown = [m["content"] for m in messages(await client.state())]
        assert any("Scheduled challenge" in text and "starts now" in text for text in shown)
