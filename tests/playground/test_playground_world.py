"""Time and classmates in the playground, driven tick by tick instead of by the wall clock."""

from __future__ import annotations

from pathlib import Path

from bot.playground.world import Playground, PlaygroundOptions, open_playground
from bot.rendering import HINT_EMOJI


def _texts(playground: Playground) -> str:
    parts: list[str] = []
    for message in playground.channel.history():
        parts.append(message.content)
        for embed in message.embeds:
            parts.extend([embed.title or "", embed.description or ""])
            parts.extend(f"{field.name} {field.value}" for field in embed.fields)
    return "\n".join(parts)


async def test_classmates_answer_and_questions_close_by_themselves(
    tmp_path: Path, quick_content: Path
) -> None:
    options = PlaygroundOptions(
        database=tmp_path / "playground.db",
        content_dir=quick_content,
        classmates=3,
        accuracy=1.0,
        realtime=False,
        seed=7,
    )
    async with open_playground(options) as playground:
        start = playground.clock.wall_start
        await playground.you.slash(playground.channel, "challenge", set="quick")
        live = playground.bot.sessions.in_channel(playground.channel.id)
        assert live is not None

        await playground.tick(start + 12)  # classmates answer within the first third
        classmates = {member.id for member in playground.classmates.members}
        tries = live.session.round.tries
        assert set(tries) == classmates
        assert all(tries[member].correct for member in classmates)
        assert "The answer is" not in _texts(playground)

        question = next(m for m in playground.channel.history() if m.id == live.question_message_id)
        await playground.you.react(question, HINT_EMOJI)  # DMs are closed: the hint comes here
        assert "It sounds like a cheer." in _texts(playground)

        await playground.tick(start + 31)  # the first question runs its full 30 seconds
        text = _texts(playground)
        assert "Time's up! The answer is B" in text
        assert "Question 2/2" in text
        assert all(f"<@{member}>" in text for member in classmates)
