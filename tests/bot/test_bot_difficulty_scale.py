"""One difficulty scale: easy < medium < hard < expert, whichever of the six words a file uses.

"intermediate" shows as medium and "advanced" as hard: in a question's label, in /sets info's
"By difficulty" and in a test's "By difficulty" lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import World

A = LETTER_EMOJIS[0]

WORDS = ("easy", "intermediate", "medium", "advanced", "expert")

SCALE_SET = "id: scale\ntitle: Scale Set\nquestions:\n" + "".join(
    f"  - id: q-{word}\n"
    f"    prompt: Question marked {word}?\n"
    f"    difficulty: {word}\n"
    "    options:\n      A: Right\n      B: Wrong\n"
    "    answer: A\n"
    for word in WORDS
)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "scale.yaml").write_text(SCALE_SET, encoding="utf-8")
    return folder


async def test_sets_info_counts_by_the_one_scale(world: World) -> None:
    info = await world.alice.slash(world.channel, "sets info", set="scale")
    fields = {field.name: field.value for field in info.response.embeds[0].fields}
    assert fields["By difficulty"] == "easy 1 · medium 2 · hard 1 · expert 1"


async def test_a_test_labels_and_scores_by_the_one_scale(world: World) -> None:
    await world.alice.slash(world.channel, "test", set="scale")
    [thread] = world.channel.threads
    labels = []
    for _ in WORDS:
        question = next(
            message
            for message in reversed(world.messages(thread))
            if message.embeds and "Question marked" in (message.embeds[0].description or "")
        )
        labels.append(question.embeds[0].description.split("\n")[0])
        await world.alice.react(question, A)
    assert labels == ["*easy*", "*medium*", "*medium*", "*hard*", "*expert*"]
    summary = world.messages(thread)[-1].embeds[0]
    fields = {field.name: field.value for field in summary.fields}
    assert fields["By difficulty"] == "easy: 1/1\nmedium: 2/2\nhard: 1/1\nexpert: 1/1"
