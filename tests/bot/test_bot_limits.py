"""Limits hold at any size, imports play like sets, and start-up failures end in a sentence."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import discord
import pytest

from bot import rendering
from bot.cogs import sets as sets_cog
from bot.commands.errors import UserFacingError
from bot.engine import Streak
from bot.rendering import LETTER_EMOJIS
from content.model import Mode
from storage import SetProgress
from tests.bot.conftest import MINI_SET, World, moderator, reply_of

A, B, C = LETTER_EMOJIS[:3]
ROOT = Path(__file__).resolve().parents[2]


def own_set(number: int, title: str = "Own Set") -> bytes:
    return (
        MINI_SET.replace("id: mini", f"id: own-{number}")
        .replace("title: Mini Set", f"title: {title} {number}")
        .encode()
    )


async def test_sets_per_server_are_limited_with_a_sentence(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sets_cog, "MAX_SETS_PER_SERVER", 2)
    mod = moderator(world)
    for number in (1, 2):
        loaded = await mod.slash(
            world.channel, "sets load", file=(f"{number}.yaml", own_set(number))
        )
        assert "version 1" in reply_of(loaded).content
    refused = await mod.slash(world.channel, "sets load", file=("3.yaml", own_set(3)))
    assert "the most it can have" in reply_of(refused).content
    replaced = await mod.slash(world.channel, "sets load", file=("2.yaml", own_set(2)))
    assert "version 2" in reply_of(replaced).content  # replacing never counts as one more
    monkeypatch.setattr(sets_cog, "MAX_QUESTIONS_PER_SERVER", 5)
    refused = await mod.slash(world.channel, "sets load", file=("1.yaml", own_set(1, "Again")))
    refusal = reply_of(refused).content
    assert "would hold 6 questions; a server may have at most 5" in refusal


def test_long_lists_say_how_many_more_and_fit() -> None:
    from content.loader import load_set_text

    long_title = "A very long title about Django " * 5
    sets = [load_set_text(own_set(n, long_title[:190]).decode(), f"{n}.yaml") for n in range(60)]
    embed = rendering.sets_embed(sets[:5], sets)
    own = embed.fields[1].value
    assert len(own) <= rendering.FIELD_LIMIT
    assert "more: type in any `set` option" in own
    assert len(embed) <= rendering.EMBED_TOTAL_LIMIT
    progress = [SetProgress(f"own-{n}", 3, 2, 5, 3, 240, (2, 3), (1, 3), 0.0) for n in range(40)]
    titles = {f"own-{n}": long_title[:190] for n in range(40)}
    member = discord.Object(1)
    member.display_name = "Ada"  # type: ignore[attr-defined]
    embed = rendering.progress_embed(member, titles, progress, [], Streak(3, 5))  # type: ignore[arg-type]
    assert len(embed) <= rendering.EMBED_TOTAL_LIMIT
    assert len(embed.fields) <= 25
    assert any("more sets" in field.name for field in embed.fields)


async def test_a_wrong_pick_in_practice_shows_its_feedback(world: World) -> None:
    with_feedback = MINI_SET.replace(
        "    hint: It sounds like a cheer.",
        "    hint: It sounds like a cheer.\n    feedback:\n      A: Alpha comes first, not second.",
    )
    (world.content / "mini.yaml").write_text(with_feedback, encoding="utf-8")
    await world.restart()
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    await world.alice.react(question, A)
    last = world.messages(thread)[-1].content
    assert "1 attempt left" in last
    assert "Alpha comes first, not second." in last


GIFT = """\
// a week of Django, as Moodle writes it
$CATEGORY: $course$/top/Django week

::Async view::Which server interface can hold a WebSocket open? {
    =ASGI
    ~WSGI#WSGI answers one request and is done.
    ~CGI
}
"""

CSV = (
    "\ufeffprompt,A,B,C,answer,hint\n"
    '"Which ORM call runs the query, ""eagerly""?",filter(),list(),exclude(),B,It evaluates\n'
)


@pytest.mark.parametrize(
    ("name", "data", "set_id", "right"),
    [("week.gift", GIFT, "django-week", A), ("quiz.csv", CSV, "quiz", B)],
)
async def test_moderators_load_gift_and_csv_and_members_play_them(
    world: World, name: str, data: str, set_id: str, right: str
) -> None:
    mod = moderator(world)
    loaded = await mod.slash(world.channel, "sets load", file=(name, data.encode()))
    summary = reply_of(loaded).content
    assert f"`{set_id}`" in summary
    assert "converted 1 question" in summary
    await world.alice.slash(world.channel, "challenge", set=set_id)
    question = world.messages()[-1]
    await world.bob.react(question, right)
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]
    exported = await mod.slash(world.channel, "sets export", set=set_id)
    yaml_text = (await exported.response.attachments[0].read()).decode()
    assert f"id: {set_id}" in yaml_text


async def test_two_practices_at_once_start_one_session(world: World) -> None:
    sessions = world.env.bot.sessions
    original_start = sessions.start
    http = world.env.bot.http
    original_request = http.request
    started: list[Any] = []
    second: list[BaseException] = []

    async def start(interaction: Any, qset: Any, mode: Any, **kwargs: Any) -> None:
        started.append((interaction, qset, mode))
        await original_start(interaction, qset, mode, **kwargs)

    async def request(route: Any, **kwargs: Any) -> Any:
        if route.path.endswith("/threads") and started and not second:
            # A second /practice by the same member arrives while the first makes its thread.
            interaction, qset, _ = started[0]
            try:
                await original_start(interaction, qset, Mode.PRACTICE)
            except UserFacingError as error:
                second.append(error)
        return await original_request(route, **kwargs)

    sessions.start = start  # type: ignore[method-assign]
    http.request = request  # type: ignore[method-assign]
    await world.alice.slash(world.channel, "practice", set="mini")
    assert len(second) == 1
    assert "starting right now" in str(second[0])
    assert len(world.channel.threads) == 1
    assert await world.rows("SELECT COUNT(*) FROM sessions") == [(1,)]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


RUN_UNREACHABLE = """
import sys
import discord.http
discord.http.Route.BASE = sys.argv[1]
from bot.runner import run
sys.exit(run())
"""


def test_run_when_discord_cannot_be_reached_exits_2_with_a_sentence(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        DISCORD_TOKEN="not.a.real-token",
        QUIZ_TUTOR_DATABASE=str(tmp_path / "quiz.db"),
    )
    done = subprocess.run(
        [sys.executable, "-c", RUN_UNREACHABLE, f"http://127.0.0.1:{closed_port()}/api/v10"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "could not reach Discord" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "PyNaCl" not in done.stderr + done.stdout  # a text-only bot: no voice warning
    # The one paragraph is all it prints: no library log line (voice, "logging in") first.
    assert done.stderr.startswith("quiz-tutor could not reach Discord ("), done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stdout == ""
