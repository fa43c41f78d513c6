"""Running the bot: no token, command sync only on change, reaction cleanup, restarts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import discord
import pytest

from bot.commands.sync import sync_commands_if_changed
from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import World

A, B, C = LETTER_EMOJIS[:3]
ROOT = Path(__file__).resolve().parents[2]


def test_run_without_token_exits_2_with_an_explanation(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "DISCORD_TOKEN is not set" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


async def test_commands_sync_only_when_the_tree_changed(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # with PostgreSQL the marker is kept in the working folder
    bot = world.env.bot
    assert await sync_commands_if_changed(bot, None)
    assert not await sync_commands_if_changed(bot, None)
    assert await sync_commands_if_changed(bot, world.guild.id)  # another target syncs

    @discord.app_commands.command(name="extra", description="A new command")
    async def extra(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("hi")

    bot.tree.add_command(extra)
    assert await sync_commands_if_changed(bot, None)


async def test_answer_reactions_are_removed_when_the_bot_may_manage_messages(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, B)
    await world.env.advance_time(2)
    reaction = next(r for r in world.messages()[-2].reactions if str(r.emoji) == B)
    assert reaction.count == 1  # only the bot's own


async def test_without_manage_messages_reactions_stay_and_answers_count(world: World) -> None:
    deny = discord.PermissionOverwrite(manage_messages=False)
    channel = world.guild.create_text_channel("quiet", overwrites={world.guild.me: deny})
    await world.alice.slash(channel, "challenge", set="mini")
    question = world.messages(channel)[-1]
    await world.bob.react(question, B)
    await world.env.advance_time(2)
    reaction = next(r for r in world.messages(channel)[-2].reactions if str(r.emoji) == B)
    assert reaction.count == 2
    assert "1 member has answered" in world.messages(channel)[-1].embeds[0].title


async def test_challenge_resumes_after_a_restart(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, B)
    await world.carol.react(question, A)
    await world.env.advance_time(20)
    await world.restart()

    await world.carol.react(question, B)  # her second attempt, after the restart
    await world.env.advance_time(39)
    assert "The answer is" not in world.embeds_text()  # 60 s limit: 1 s left
    await world.env.advance_time(1)
    reveal = next(m for m in world.messages() if "The answer is B" in (m.embeds[0].title or ""))
    right = reveal.embeds[0].fields[-1].value
    assert world.bob.mention in right
    assert world.carol.mention in right
    assert "Question 2/3" in world.messages()[-1].embeds[0].title


async def test_a_large_group_is_cleaned_up_a_letter_at_a_time(world: World) -> None:
    """More reactions than a pulse may remove one by one: each letter is cleared in one call
    and the bot's own put back, so the question is clean after one pulse, every answer kept."""
    members = [world.guild.add_member(world.env.create_user(f"big{n}")) for n in range(9)]
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    for member in members:
        await member.react(question, B)
    await world.alice.react(question, A)
    calls_before = len(world.env.http_requests)
    await world.env.advance_time(2)
    reactions = {str(r.emoji): r.count for r in world.messages()[-2].reactions}
    assert reactions[A] == 1
    assert reactions[B] == 1
    removal_calls = [r for r in world.env.http_requests[calls_before:] if "/reactions/" in str(r)]
    assert len(removal_calls) == 4  # two letters: clear, then the bot's own back, each
    answered = await world.rows("SELECT member_id FROM answers")
    assert len(answered) == 10


async def test_a_lone_answer_shows_at_once_and_a_burst_once_a_pulse(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, B)  # the status line has been quiet: it shows at once
    status = world.messages()[-1]
    assert "1 member has answered" in status.embeds[0].title
    assert world.bob.mention in status.embeds[0].description
    await world.carol.react(question, A)  # within the same pulse: one edit for the burst
    assert "1 member has answered" in world.messages()[-1].embeds[0].title
    await world.env.advance_time(2)
    assert world.messages()[-1].id == status.id  # the same line, edited
    assert "2 members have answered" in world.messages()[-1].embeds[0].title
