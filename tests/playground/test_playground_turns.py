"""Clicks made while the playground's clock is stepping are all applied, in order."""

from __future__ import annotations

import asyncio

from bot.playground.world import PlaygroundOptions, open_playground
from bot.rendering import option_emoji
from tests.playground.preview_client import PreviewClient


async def test_no_reaction_is_lost_while_the_clock_steps(
    offline_options: PlaygroundOptions,
) -> None:
    async with open_playground(offline_options) as playground:
        client = PreviewClient(playground.url)
        await client.open_page()
        start = playground.clock.wall_start
        receipt = await client.run_command("practice", set="quick")
        assert receipt["settlement"] == "settled"
        live = playground.bot.sessions.in_channel(playground.channel.id)
        assert live is not None
        answered = 0
        for step, letter in enumerate([0, 1, 1]):  # wrong, right; then question 2 right
            message_id = live.question_message_id
            revision = (await client.state())["publishedRevision"]
            tick = asyncio.create_task(playground.tick(start + step + 1))
            receipt = await client._act(
                "set_reaction",
                revision,
                target_id=str(message_id),
                emoji=option_emoji(letter),
                reacted=True,
            )
            await tick
            assert not receipt["rejected"], receipt["diagnostics"]
            assert receipt["settlement"] == "settled"
            answered += 1
        text = "\n".join(m.content for m in playground.channel.history())
        assert "**A** isn't it" in text  # the first click counted as a wrong attempt
        assert answered == 3
        # Both questions were answered right, so the practice has ended by itself.
        assert playground.bot.sessions.in_channel(playground.channel.id) is None
