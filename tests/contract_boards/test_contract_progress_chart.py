"""Contract: the /progress chart for a member whose Discord speaks Japanese, of a set titled
in Japanese and Russian, still comes as a PNG with the title drawn as written."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import simcord.interactions as sim_interactions
from PIL import Image

from bot.fonts import MISSING, FontChain
from tests.bot.conftest import MINI_SET, World, reply_of
from tests.contract_boards.helpers import take_test

TITLE = "ミニ問題 · Ёжик"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """The mini set, titled in Japanese and Russian."""
    folder = tmp_path / "content"
    folder.mkdir()
    shown = MINI_SET.replace("title: Mini Set", f'title: "{TITLE}"')
    assert shown != MINI_SET
    (folder / "mini.yaml").write_text(shown, encoding="utf-8")
    return folder


@pytest.fixture
def japanese_member(monkeypatch: pytest.MonkeyPatch, world: World) -> None:
    """Send bob's interactions with Discord locale ``ja`` (SimCord sends en-US for everyone)."""
    build = sim_interactions.base_payload

    def base_payload(*args: Any, **kwargs: Any) -> Any:
        record, payload = build(*args, **kwargs)
        if kwargs.get("user_id") == world.bob.id:
            payload["locale"] = "ja"
        return record, payload

    monkeypatch.setattr(sim_interactions, "base_payload", base_payload)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the chart's texts as drawn (missing characters replaced), still drawing them."""
    texts: list[str] = []
    draw = FontChain.draw

    def recording(self: FontChain, *args: Any, **kwargs: Any) -> None:
        texts.append(self.shown(str(args[2])))
        draw(self, *args, **kwargs)

    monkeypatch.setattr(FontChain, "draw", recording)
    return texts


@pytest.mark.usefixtures("japanese_member")
async def test_progress_chart_in_japanese_shows_the_set_title_as_written(
    world: World, drawn: list[str]
) -> None:
    await take_test(world, world.bob, {"What is 2 + 2?"})
    result = await world.bob.slash(world.channel, "progress")
    assert result.ephemeral
    reply = reply_of(result)
    [attachment] = reply.attachments
    assert attachment.filename == "progress.png"
    image = Image.open(io.BytesIO(await attachment.read()))
    assert (image.format, image.size) == ("PNG", (800, 450))
    assert reply.embeds[0].image.url == "attachment://progress.png"
    assert TITLE in drawn  # the legend: the set's title, every character a glyph
    assert not any(MISSING in text for text in drawn)
    assert not world.env.errors
