"""Contract: lists of members and questions at large sizes (status line, 150-question set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import rendering
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_scale import recorder
from tests.contract_scale.sets import long_set

MEMBER = 10**18


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """SQLite only: the 150-question practice plays 150 rounds (about 20 s a backend)."""
    return tmp_path / "quiz.db"


def test_the_status_of_300_members_on_ten_attempts_keeps_every_group() -> None:
    ids = iter(range(MEMBER, MEMBER + 300))
    right = [next(ids) for _ in range(30)]
    out = [next(ids) for _ in range(30)]
    retrying = [(next(ids), left) for left in range(1, 10) for _ in range(26)]
    text = rendering.status_text(right, out, retrying)
    embed = rendering.status_embed(text, 300)
    assert recorder.embed_problems(embed.to_dict()) == []
    assert not recorder.HALF_MENTION.search(text), text[-80:]
    for left in range(1, 10):
        assert f"{left} attempt{'s' if left != 1 else ''} left" in text
    assert "❌ Out of attempts" in text


async def test_a_150_question_set_in_progress_info_and_stats(world: World) -> None:
    mod = moderator(world)
    loaded = await mod.slash(world.channel, "sets load", file=("l.yaml", long_set(150).encode()))
    assert "version 1" in reply_of(loaded).content, reply_of(loaded).content
    await world.alice.slash(world.channel, "practice", set="long")
    thread = world.channel.threads[-1]
    for _ in range(150):
        question = [m for m in world.messages(thread) if m.embeds and m.reactions][-1]
        await world.alice.react(question, "🇦")
    assert "Finished" in world.embeds_text(thread)
    for actor, command, options in (
        (world.alice, "progress", {}),
        (world.alice, "sets info", {"set": "long"}),
        (mod, "sets stats", {"set": "long"}),
        (world.alice, "review", {"set": "long"}),
    ):
        reply = reply_of(await actor.slash(world.channel, command, **options))
        for embed in reply.embeds:
            assert recorder.embed_problems(embed.to_dict()) == [], command
    assert recorder.limit_problems(world) == []
    progress = reply_of(await world.alice.slash(world.channel, "progress"))
    assert "150/150 questions right" in str([f.value for f in progress.embeds[0].fields])
